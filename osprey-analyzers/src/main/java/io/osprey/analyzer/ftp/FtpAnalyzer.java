package io.osprey.analyzer.ftp;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.HandOver;
import io.osprey.engine.analyzer.Probe;
import io.osprey.files.Files;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The FTP analyzer of one control connection (Zeek's {@code FTP_Analyzer}, src/analyzer/protocol/ftp/FTP.cc): lines
 * ({@link FtpLines}) become requests (command word, uppercased, and argument) and replies (code, text, whether the
 * line continues a multi-line reply, RFC 959 §4.2), handed to {@link FtpSession} (Zeek's scripts). Created by the
 * framework per connection, by port (21, 2811) or by payload detection; used on the worker thread that owns it.
 *
 * <p>Confirms on the first well-formed command; a reply line that does not start with a 3-digit code of at least
 * 100 (outside a multi-line reply) is a violation. After "AUTH TLS" answered by 234 the rest of the connection is
 * TLS: as Zeek does, it goes to an SSL child analyzer (when one is given), and FTP analysis stops there.
 */
public final class FtpAnalyzer extends Analyzer implements FtpLines.Sink {
    /** Zeek's {@code FTP::ports} (base/protocols/ftp/main.zeek). */
    static final int[] PORTS = {21, 2811};

    private final FtpOptions options;
    private final FtpLines origLines = new FtpLines(this, true);
    private final FtpLines respLines = new FtpLines(this, false);
    private final FtpDataChannels channels;
    private final AnalyzerSpec dataSpec;
    private FtpSession session;
    /** The code of the multi-line reply in progress, or 0. */
    private int pendingReply;
    private String authRequested;
    /** AUTH TLS accepted: the rest of the connection goes to the SSL child (Zeek's StartTLS). */
    private final HandOver tls;
    private boolean finished;
    /** An "AUTH GSSAPI" exchange answered by 334 is under way (Zeek's FTP_ADAT analyzer under an SSL one). */
    private boolean adat;
    private boolean adatFirstToken = true;
    private boolean flaggedNul;
    private boolean flaggedCr;

    private FtpAnalyzer(AnalyzerContext ctx, FtpOptions options, FtpDataChannels channels, AnalyzerSpec dataSpec,
                        AnalyzerSpec tlsSpec) {
        super(ctx);
        this.tls = new HandOver(ctx, tlsSpec);
        this.options = options;
        this.channels = channels;
        this.dataSpec = dataSpec;
    }

    /**
     * The FTP declaration: name "FTP", service "ftp", Zeek's FTP ports and the signatures of Zeek's
     * base/protocols/ftp/dpd.sig (USER from the originator and a 120/220 greeting followed by 230/331 from the
     * responder, both required). Its data connections get FTP_DATA (files to {@code files}).
     *
     * @param files   where data connections' files go; null for none
     * @param options settings (Zeek's FTP options)
     */
    public static AnalyzerSpec spec(Files files, FtpOptions options) {
        return spec(files, options, null);
    }

    /**
     * The FTP declaration with the analyzer "AUTH TLS" hands the rest of the connection to (Zeek's FTP analyzer adds
     * an SSL child analyzer on a 234 reply).
     *
     * @param tlsSpec the SSL analyzer, or null to stop analysing after AUTH TLS
     */
    public static AnalyzerSpec spec(Files files, FtpOptions options, AnalyzerSpec tlsSpec) {
        FtpDataChannels channels = new FtpDataChannels();
        AnalyzerSpec data = FtpDataAnalyzer.spec(files, channels);
        return new AnalyzerSpec("FTP", "ftp", AnalyzerSpec.TCP, PORTS, FtpAnalyzer::probeClient,
                FtpAnalyzer::probeServer, ctx -> new FtpAnalyzer(ctx, options, channels, data, tlsSpec));
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (finished || tls.started()) {
            tls.deliverStream(orig, data, offset, len);
            return;
        }
        (orig ? origLines : respLines).deliver(data, offset, len);
    }

    @Override
    public void gap(boolean orig, long seq, long len) {
        tls.gap(orig, seq, len);
    }

    @Override
    public void endOfData(boolean orig) {
        if (tls.started()) {
            tls.endOfData(orig);
        } else if (!finished) {
            (orig ? origLines : respLines).endOfData();
        }
    }

    @Override
    public void done() {
        tls.done();
        if (finished) {
            return;
        }
        finished = true;
        if (session != null) {
            session.finish();
        }
    }

    private FtpSession session() {
        if (session == null) {
            session = new FtpSession(ctx, options, channels, dataSpec);
        }
        return session;
    }

    // ------------------------------------------------------------------------------------------------ lines

    @Override
    public void lineWeird(String name, String addl) {
        if (name.equals("NUL_in_line")) {
            if (flaggedNul) {
                return;
            }
            flaggedNul = true;
        } else if (name.equals("line_terminated_with_single_CR")) {
            if (flaggedCr) {
                return;
            }
            flaggedCr = true;
        }
        ctx.env().weird(ctx.conn(), name, addl, "NVT");
    }

    @Override
    public void line(boolean orig, byte[] buf, int len) {
        if (tls.started() || finished || len == 0) {
            return;
        }
        if (orig) {
            request(buf, len);
        } else {
            reply(buf, len);
        }
    }

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= 9 && c <= 13);
    }

    private static int skipBlanks(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private void request(byte[] b, int len) {
        int i = skipBlanks(b, 0, len);
        int cmdStart = i;
        while (i < len && b[i] != 0 && !isSpace(b[i] & 0xFF)) {
            i++;
        }
        int cmdLen = i - cmdStart;
        int argStart = skipBlanks(b, i, len);
        boolean valid = cmdLen >= 3;
        for (int k = cmdStart; valid && k < i; k++) {
            int c = b[k] & 0xFF;
            valid = c > ' ' && c < 0x7F;
        }
        if (!valid) {
            if (ctx.confirmed()) {
                ctx.weird("FTP_invalid_command", null);
            }
            return;
        }
        if (options.maxCommandLength > 0 && cmdLen > options.maxCommandLength) {
            if (ctx.confirmed()) {
                ctx.weird("FTP_max_command_length_exceeded", cmdLen + " > " + options.maxCommandLength);
                ctx.limitReached();
            }
            return;
        }
        char[] cmd = new char[cmdLen];
        for (int k = 0; k < cmdLen; k++) {
            int c = b[cmdStart + k];
            cmd[k] = (char) (c >= 'a' && c <= 'z' ? c - 32 : c);
        }
        String command = new String(cmd);
        String arg = new String(b, argStart, len - argStart, StandardCharsets.ISO_8859_1);
        ctx.confirm();
        // FTP.cc compares the command's own length of "AUTH": "AUT" counts as well.
        if ("AUTH".startsWith(command)) {
            authRequested = arg;
        }
        session().request(command, arg);
        if (adat) {
            adatLine(true, b, len);
        }
    }

    private void reply(byte[] b, int len) {
        int code = len >= 3 && isDigit(b[0]) && isDigit(b[1]) && isDigit(b[2])
                ? (b[0] - '0') * 100 + (b[1] - '0') * 10 + (b[2] - '0') : 0;
        boolean cont;
        int msgStart;
        if (pendingReply != 0) {
            if (code == pendingReply && len > 3 && b[3] == ' ') {
                msgStart = skipBlanks(b, 3, len); // the end of the multi-line reply
                pendingReply = 0;
                cont = false;
            } else {
                cont = true;
                code = 0; // an intermediate line
                msgStart = 0;
            }
        } else {
            cont = false;
            if (code == 0) {
                ctx.violation("non-numeric reply code", text(b, 0, len));
                return;
            } else if (code < 100) {
                ctx.violation("invalid reply code", text(b, 0, len));
                return;
            } else if (len > 3 && b[3] == '-') {
                pendingReply = code;
                msgStart = skipBlanks(b, 4, len);
                cont = true;
            } else if (len > 3 && b[3] != ' ') {
                ctx.violation("invalid reply line", text(b, 0, len));
                return;
            } else {
                msgStart = len > 3 ? skipBlanks(b, 3, len) : len;
            }
        }
        boolean startTls = code == 234 && "TLS".equals(authRequested);
        if (code == 334 && "GSSAPI".equals(authRequested)) {
            adat = true; // the reply itself is the first line the ADAT analyzer sees
        }
        session().reply(code, text(b, msgStart, len - msgStart), cont);
        if (startTls) {
            // Zeek attaches an SSL child analyzer here and stops reading lines; the rest of the current delivery is
            // lost to the lines, as in Zeek.
            tls.start();
        } else if (adat) {
            adatLine(false, b, len);
        }
    }

    // ------------------------------------------------------------------------------------------------ ADAT

    /**
     * Zeek's {@code FTP_ADAT_Analyzer} (RFC 2228 security data exchange, as GSI's GSSAPI uses it): decodes the
     * base64 ADAT tokens (Zeek's base64 weirds) and checks that the first one starts a TLS handshake, until the
     * exchange ends. The decoded TLS records would go to an SSL analyzer (Zeek's child under the ADAT support
     * analyzers); not handed over yet.
     */
    private void adatLine(boolean orig, byte[] b, int len) {
        boolean done = false;
        if (orig) {
            int i = skipBlanks(b, 0, len);
            int w = i;
            while (w < len && b[w] != 0 && !isSpace(b[w] & 0xFF)) {
                w++;
            }
            if (isPrefixOf(b, i, w - i, "ADAT")) {
                int arg = skipBlanks(b, w, len);
                byte[] token = decodeBase64(b, arg, len);
                if (adatFirstToken) {
                    if (token == null) {
                        ctx.env().weird(ctx.conn(), "ftp_adat_bad_first_token_encoding", null, "FTP_ADAT");
                    }
                    // A TLS handshake record: content type 22 and a length that matches the token.
                    if (token == null || token.length < 5 || token[0] != 0x16
                            || token.length - 5 != (((token[3] & 0xFF) << 8) | (token[4] & 0xFF))) {
                        done = true;
                    }
                }
                adatFirstToken = false;
            } else if (isPrefixOf(b, i, w - i, "AUTH")) {
                done = true; // a new AUTH resets the security state
            }
        } else {
            int code = len >= 3 && isDigit(b[0]) && isDigit(b[1]) && isDigit(b[2])
                    ? (b[0] - '0') * 100 + (b[1] - '0') * 10 + (b[2] - '0') : 0;
            switch (code) {
                case 232, 234 -> done = true;
                case 235, 334, 335 -> {
                    done = code == 235;
                    int i = 3;
                    if (len > 3 && b[3] == '-') {
                        i++;
                    }
                    i = skipBlanks(b, i, len);
                    if (len - i >= 5 && b[i] == 'A' && b[i + 1] == 'D' && b[i + 2] == 'A' && b[i + 3] == 'T'
                            && b[i + 4] == '=') {
                        decodeBase64(b, i + 5, len);
                    }
                }
                case 421, 431, 500, 501, 503, 535, 631, 632, 633 -> done = true;
                default -> {
                }
            }
        }
        if (done) {
            adat = false;
            adatFirstToken = true;
        }
    }

    /** {@code strncmp(word, s, wordLen) == 0}: the word is a prefix of {@code s} (or equal). */
    private static boolean isPrefixOf(byte[] b, int off, int n, String s) {
        if (n > s.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[off + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Zeek's {@code decode_base64} with the connection: null on an illegal character (reported as a weird). */
    private byte[] decodeBase64(byte[] b, int from, int to) {
        return io.osprey.analyzer.mime.MimeBase64.decodeAll(b, from, to, new io.osprey.analyzer.mime.MimeBase64.Sink() {
            @Override
            public void octets(byte[] o, int off, int n) {
            }

            @Override
            public void illegalEncoding(String msg) {
                ctx.env().weird(ctx.conn(), "base64_illegal_encoding", msg, null);
            }
        });
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------------------------------------ probes

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** dpd_ftp_client: {@code /(|.*[\n\r]) *[uU][sS][eE][rR] /} (at the start or after a line end). */
    static int probeClient(byte[] p, int len) {
        for (int start = 0; start < len; start++) {
            if (start > 0 && p[start - 1] != '\n' && p[start - 1] != '\r') {
                continue;
            }
            int i = start;
            while (i < len && p[i] == ' ') {
                i++;
            }
            if (i + 5 <= len && lower(p[i]) == 'u' && lower(p[i + 1]) == 's' && lower(p[i + 2]) == 'e'
                    && lower(p[i + 3]) == 'r' && p[i + 4] == ' ') {
                return Probe.MATCH;
            }
        }
        return Probe.MORE;
    }

    /**
     * dpd_ftp_server: {@code /[\n\r ]*(120|220)[^0-9].*[\n\r] *(230|331)[^0-9]/}, anchored at the start, '.' not
     * matching a newline.
     */
    static int probeServer(byte[] p, int len) {
        int i = 0;
        while (i < len && (p[i] == '\n' || p[i] == '\r' || p[i] == ' ')) {
            i++;
        }
        int r = code(p, len, i, "120", "220");
        if (r != Probe.MATCH) {
            return r;
        }
        boolean more = false;
        for (int m = i + 4; m < len; m++) {
            if (p[m] == '\n' || p[m] == '\r') {
                int k = m + 1;
                while (k < len && p[k] == ' ') {
                    k++;
                }
                int s = code(p, len, k, "230", "331");
                if (s == Probe.MATCH) {
                    return Probe.MATCH;
                }
                more |= s == Probe.MORE;
            }
            if (p[m] == '\n') {
                return more ? Probe.MORE : Probe.NO_MATCH;
            }
        }
        return Probe.MORE;
    }

    /** One of two 3-digit codes at {@code i} followed by a non-digit. */
    private static int code(byte[] p, int len, int i, String a, String b) {
        for (int k = 0; k < 4; k++) {
            if (i + k >= len) {
                return Probe.MORE;
            }
            int c = p[i + k];
            if (k == 3) {
                return c >= '0' && c <= '9' ? Probe.NO_MATCH : Probe.MATCH;
            }
            if (c != a.charAt(k) && c != b.charAt(k)) {
                return Probe.NO_MATCH;
            }
            if (k > 0 && !(prefixOf(p, i, k + 1, a) || prefixOf(p, i, k + 1, b))) {
                return Probe.NO_MATCH;
            }
        }
        return Probe.NO_MATCH;
    }

    private static boolean prefixOf(byte[] p, int i, int n, String s) {
        for (int k = 0; k < n; k++) {
            if (p[i + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
