package io.osprey.analyzer.imap;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.HandOver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * IMAP recognition (Zeek's IMAP analyzer, {@code src/analyzer/protocol/imap}): follows the commands and responses up
 * to STARTTLS and hands the rest of the connection to an SSL child analyzer when the server accepts it.
 *
 * <p>Zeek's binpac flow for IMAP is a <em>datagram</em> flow (imap.pac): every TCP delivery is parsed on its own as a
 * sequence of tokens {@code TAG SP+ COMMAND SP* rest-of-line NEWLINE} (imap-protocol.pac), and a line cut by a
 * segment boundary fails to parse. This class does the same, directly over the delivered bytes: nothing is buffered
 * between deliveries, so there is no line buffer to bound. Only the tag of the client's STARTTLS is kept, cut to
 * {@link #MAX_TAG} bytes.
 *
 * <p>Per token, as Zeek's {@code proc_imap_token} decides: a server {@code * OK} (any case) or a client
 * {@code capability} (lower case only: Zeek compares the raw bytes) or {@code STARTTLS} (any case) confirms; the
 * lower-case commands {@code authenticate login examine create list fetch} confirm and make the analyzer skip every
 * later delivery; a client STARTTLS records its tag (a second one is the weird "IMAP: client sent duplicate
 * StartTLS"); the server's answer with that tag starts TLS when its command is OK, else is the weird "IMAP: server
 * refused StartTLS". A token that does not parse is a violation with binpac's text; the tokens before it in the same
 * delivery count, the ones after it are not looked at. Partial connections are ignored, and after a content gap
 * nothing more is parsed (the SSL child, once there, still gets everything).
 *
 * <p>Called by the engine's connection analyzers on one worker thread; nothing is allocated per delivery except a
 * violation's message.
 */
public final class ImapAnalyzer extends Analyzer {
    /** Zeek's base/protocols/imap {@code IMAP::ports}; Zeek's DPD signatures do not cover IMAP. */
    static final int[] PORTS = {143};

    /**
     * Bytes of the client's STARTTLS tag kept to match the server's answer. A tag is attacker-controlled and as long
     * as the delivery; real clients use a few characters. Two tags longer than this are taken as equal when their
     * lengths and first {@code MAX_TAG} bytes are.
     */
    static final int MAX_TAG = 256;

    /** Where binpac's mismatch messages say the grammar is (the reference Zeek build's source path). */
    private static final String PAC = "/opt/src/zeek/src/analyzer/protocol/imap/imap-protocol.pac:";
    private static final String TAG_RE = "[[:alnum:][:punct:]]+";
    /** imap-protocol.pac lines of the fields that can fail: ImapToken's tag, spacing, command; Capability's cap; the
     * NEWLINE after UnknownCommand's content. */
    private static final int LINE_TAG = 18;
    private static final int LINE_SPACING = 19;
    private static final int LINE_COMMAND = 20;
    private static final int LINE_CAP = 36;
    private static final int LINE_NEWLINE = 47;

    private static final byte[] OK = bytes("ok");
    private static final byte[] STARTTLS = bytes("starttls");
    private static final byte[] CAPABILITY = bytes("capability");
    /** Zeek compares these to the raw command, so only lower case matches. */
    private static final byte[][] SKIP_COMMANDS = {bytes("authenticate"), bytes("login"), bytes("examine"),
            bytes("create"), bytes("list"), bytes("fetch")};

    /** Zeek's StartTLS: the rest of the connection goes to the SSL child. */
    private final HandOver tls;
    private boolean hadGap;
    /** Zeek's SetSkip(true): no more deliveries are parsed. */
    private boolean skip;

    /** The client's STARTTLS tag (Zeek's client_starttls_id); {@code starttlsLen} 0 when none was seen. */
    private final byte[] starttlsTag = new byte[MAX_TAG];
    private int starttlsLen;

    private ImapAnalyzer(AnalyzerContext ctx, AnalyzerSpec tlsSpec) {
        super(ctx);
        this.tls = new HandOver(ctx, tlsSpec);
    }

    /**
     * The declaration; BuiltinAnalyzers registers it.
     *
     * @param tlsSpec the SSL analyzer an accepted STARTTLS hands the connection to, or null to stop there
     */
    public static AnalyzerSpec spec(AnalyzerSpec tlsSpec) {
        return new AnalyzerSpec("IMAP", "imap", AnalyzerSpec.TCP, PORTS, null, null,
                ctx -> new ImapAnalyzer(ctx, tlsSpec));
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        if (tls.started()) {
            tls.deliverStream(isOrig, data, offset, len);
            return;
        }
        if (skip || hadGap || ctx.conn().partial()) {
            return;
        }
        long end = offset + len;
        long p = offset;
        // Zeek's IMAP_PDU: tokens until the delivery is used up.
        while (p < end) {
            p = token(isOrig, data, p, end);
            if (p < 0) {
                return;
            }
        }
    }

    /** One ImapToken at {@code p}; returns the position after it, or -1 after reporting a violation. */
    private long token(boolean isOrig, MemorySegment d, long p, long end) {
        long tag = p;
        p = tagChars(d, p, end);
        if (p == tag) {
            return mismatch(LINE_TAG, TAG_RE, d, p, end);
        }
        long tagEnd = p;
        long q = spaces(d, p, end);
        if (q == p) {
            return mismatch(LINE_SPACING, "[ ]+", d, p, end);
        }
        long cmd = q;
        p = tagChars(d, q, end);
        if (p == cmd) {
            return mismatch(LINE_COMMAND, TAG_RE, d, p, end);
        }
        long cmdEnd = p;
        p = spaces(d, p, end);
        boolean capabilities = !isOrig && tagEnd - tag == 1 && d.get(ValueLayout.JAVA_BYTE, tag) == '*'
                && equals(d, cmd, cmdEnd, CAPABILITY, true);
        if (capabilities) {
            // ServerCapability: Capability[] until one ends in a newline, or the delivery ends (binpac stops an
            // array of open length at the end of a datagram).
            while (p < end) {
                long cap = p;
                p = tagChars(d, p, end);
                if (p == cap) {
                    return mismatch(LINE_CAP, TAG_RE, d, p, end);
                }
                p = spaces(d, p, end);
                long nl = p;
                p = newlines(d, p, end);
                if (p > nl) {
                    break;
                }
            }
        } else {
            // UnknownCommand: CONTENT ([^\r\n]*), then NEWLINE ([\r\n]+).
            while (p < end && !isNewline(d.get(ValueLayout.JAVA_BYTE, p))) {
                p++;
            }
            long nl = p;
            p = newlines(d, p, end);
            if (p == nl) {
                return mismatch(LINE_NEWLINE, "[\\r\\n]+", d, p, end);
            }
        }
        process(isOrig, d, tag, tagEnd, cmd, cmdEnd);
        return p;
    }

    /** Zeek's proc_imap_token, run once a token parsed completely. */
    private void process(boolean isOrig, MemorySegment d, long tag, long tagEnd, long cmd, long cmdEnd) {
        boolean starttls = equals(d, cmd, cmdEnd, STARTTLS, true);
        if (!isOrig && tagEnd - tag == 1 && d.get(ValueLayout.JAVA_BYTE, tag) == '*' && equals(d, cmd, cmdEnd, OK,
                true)) {
            ctx.confirm();
        }
        if (isOrig && (starttls || equals(d, cmd, cmdEnd, CAPABILITY, false))) {
            ctx.confirm();
        }
        for (byte[] c : SKIP_COMMANDS) {
            if (equals(d, cmd, cmdEnd, c, false)) {
                // Past the point where STARTTLS could come: Zeek skips the rest of the connection.
                ctx.confirm();
                skip = true;
                return;
            }
        }
        if (isOrig && starttls) {
            if (starttlsLen > 0) {
                ctx.weird("IMAP: client sent duplicate StartTLS", null);
            }
            long n = tagEnd - tag;
            MemorySegment.copy(d, ValueLayout.JAVA_BYTE, tag, starttlsTag, 0, (int) Math.min(n, MAX_TAG));
            // Lengths over MAX_TAG are kept as they are so that only equally long tags match.
            starttlsLen = (int) Math.min(n, Integer.MAX_VALUE);
        }
        if (!isOrig && starttlsLen > 0 && sameTag(d, tag, tagEnd)) {
            if (equals(d, cmd, cmdEnd, OK, true)) {
                tls.start();
            } else {
                ctx.weird("IMAP: server refused StartTLS", null);
            }
        }
    }

    private boolean sameTag(MemorySegment d, long tag, long tagEnd) {
        if (tagEnd - tag != starttlsLen) {
            return false;
        }
        int n = Math.min(starttlsLen, MAX_TAG);
        for (int i = 0; i < n; i++) {
            if (d.get(ValueLayout.JAVA_BYTE, tag + i) != starttlsTag[i]) {
                return false;
            }
        }
        return true;
    }


    // ------------------------------------------------------------------------------------------------ primitives

    /** The end of a run of TAG characters ({@code [[:alnum:][:punct:]]}: printable ASCII but space). */
    private static long tagChars(MemorySegment d, long p, long end) {
        while (p < end) {
            byte b = d.get(ValueLayout.JAVA_BYTE, p);
            if (b < 0x21 || b > 0x7e) {
                break;
            }
            p++;
        }
        return p;
    }

    private static long spaces(MemorySegment d, long p, long end) {
        while (p < end && d.get(ValueLayout.JAVA_BYTE, p) == ' ') {
            p++;
        }
        return p;
    }

    private static long newlines(MemorySegment d, long p, long end) {
        while (p < end && isNewline(d.get(ValueLayout.JAVA_BYTE, p))) {
            p++;
        }
        return p;
    }

    private static boolean isNewline(byte b) {
        return b == '\r' || b == '\n';
    }

    /** [from, to) equals the lower-case ASCII word {@code w}, ignoring ASCII case when asked (C's tolower). */
    private static boolean equals(MemorySegment d, long from, long to, byte[] w, boolean ignoreCase) {
        if (to - from != w.length) {
            return false;
        }
        for (int i = 0; i < w.length; i++) {
            int b = d.get(ValueLayout.JAVA_BYTE, from + i);
            if (ignoreCase && b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != w[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * binpac's ExceptionStringMismatch as IMAP.cc reports it. The actual data is the rest of the delivery, cut at its
     * first NUL (binpac passes it as a C string).
     */
    private long mismatch(int line, String pattern, MemorySegment d, long p, long end) {
        long stop = p;
        while (stop < end && d.get(ValueLayout.JAVA_BYTE, stop) != 0) {
            stop++;
        }
        byte[] rest = new byte[(int) (stop - p)];
        MemorySegment.copy(d, ValueLayout.JAVA_BYTE, p, rest, 0, rest.length);
        ctx.violation("Binpac exception: binpac exception: string mismatch at " + PAC + line
                + ": \nexpected pattern: \"" + pattern + "\"\nactual data: \""
                + new String(rest, StandardCharsets.ISO_8859_1) + "\"", null);
        return -1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------------------------------------ stream end

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        tls.gap(isOrig, seq, len);
        // Zeek's IMAP analyzer parses nothing more after a content gap in either direction.
        hadGap = true;
    }

    @Override
    public void endOfData(boolean isOrig) {
        tls.endOfData(isOrig);
    }

    @Override
    public void done() {
        tls.done();
    }
}
