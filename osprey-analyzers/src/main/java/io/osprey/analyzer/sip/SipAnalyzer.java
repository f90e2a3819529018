package io.osprey.analyzer.sip;

import io.osprey.common.bytes.Bytes;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * SIP over UDP as Zeek's binpac analyzer reads it. Called by the framework with each datagram; one instance per
 * connection.
 *
 * <p>Direction: a datagram longer than 6 bytes that starts with {@code "SIP/"} is a reply, anything else a request,
 * whichever endpoint sent it (SIP.cc's {@code real_orig}); a 2-byte datagram starting with CR is a keep-alive and
 * ignored. Each of the two directions is one binpac flow whose buffer lives across datagrams: lines end at CR or LF
 * (an LF right after a CR is skipped, even in the next datagram), a message is a start line, header lines up to an
 * empty line, then a body of the flow's current Content-Length (kept from earlier messages when a message has
 * none). A line that does not fit the grammar is a violation with binpac's exception text.
 *
 * <p>Start lines: a request is junk (non-token bytes, reported as {@code sip_junk_before_request}), a method token,
 * blanks, a URI, blanks, {@code SIP/d.d}; a reply is {@code SIP/d.d}, blanks, a 3-digit status, blanks, a reason.
 * A parsed reply confirms. Headers are a name, blanks, ':', blanks, a value; {@code Content-Length} and {@code L}
 * (exact case) set the body length as C's {@code strtol} reads them.
 *
 * <p>The events Zeek's analyzer raises (request, reply, each header, end of message) drive {@code SipScript}, the
 * state of Zeek's script: sip.log rows and the script's weirds ({@code unknown_SIP_method},
 * {@code invalid_SIP_request_body_len} / {@code ..._response_...}, {@code sip_max_request_path_length_exceeded} /
 * {@code ..._response_...}).
 *
 * <p>Memory: one line buffer per direction, grown on demand up to {@link #MAX_LINE}; strings are made only for
 * the fields a log row or a weird needs.
 */
public final class SipAnalyzer extends Analyzer {
    /** Declaration: Zeek's SIP::ports (5060/udp) and the two UDP signatures of its dpd.sig. */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("SIP", "sip", AnalyzerSpec.UDP, new int[] {5060},
            SipAnalyzer::probe, SipAnalyzer::probe, SipAnalyzer::new, true);

    /**
     * Cap on the bytes kept of one line (a line may span datagrams, so the bound is not the datagram size). Zeek
     * has none; a longer line is parsed from its first 64 KiB, which only shortens the values a log row or a weird shows.
     */
    static final int MAX_LINE = 65_536;

    /** The header names main.zeek reads, upper-cased as Zeek's {@code sip_header} event gives them. */
    private static final String[] HEADER_NAMES = {"CONTENT-LENGTH", "L", "FROM", "F", "TO", "T", "VIA", "V",
        "CALL-ID", "CSEQ", "DATE", "REPLY-TO", "SUBJECT", "S", "USER-AGENT", "CONTENT-TYPE", "C", "WARNING"};

    /**
     * Where binpac's generated code says its patterns are: the file Zeek's analyzer was built from, as Zeek 9.1's
     * release build reports it in analyzer.log.
     */
    private static final String SOURCE = "/opt/src/zeek/src/analyzer/protocol/sip/sip-protocol.pac:";

    private static final byte[] NO_BYTES = new byte[0];

    private static final int START_LINE = 0;
    private static final int HEADERS = 1;
    private static final int BODY = 2;

    /** Per flow (index 0: requests, 1: replies). */
    private final int[] phase = new int[2];
    private final long[] bodyLeft = new long[2];
    /** The flow's Content-Length; binpac keeps it across messages. */
    private final int[] contentLength = new int[2];
    /** The last line ended at a CR: an LF first in the next bytes belongs to it. */
    private final boolean[] afterCr = new boolean[2];
    private final byte[][] line = new byte[2][];
    private final int[] lineLen = new int[2];
    private final SipScript script;

    public SipAnalyzer(AnalyzerContext ctx) {
        super(ctx);
        script = new SipScript(ctx);
    }

    @Override
    public void done() {
        script.done();
    }

    @Override
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
        boolean request = !(len > 6 && Bytes.u8(data, offset) == 'S' && Bytes.u8(data, offset + 1) == 'I'
                && Bytes.u8(data, offset + 2) == 'P' && Bytes.u8(data, offset + 3) == '/');
        if (len == 2 && Bytes.u8(data, offset) == '\r') {
            return;
        }
        int f = request ? 0 : 1;
        int p = 0;
        while (p < len) {
            if (afterCr[f]) {
                afterCr[f] = false;
                if (Bytes.u8(data, offset + p) == '\n') {
                    p++;
                    continue;
                }
            }
            if (phase[f] == BODY) {
                long take = Math.min(bodyLeft[f], len - p);
                p += (int) take;
                bodyLeft[f] -= take;
                if (bodyLeft[f] == 0) {
                    phase[f] = START_LINE;
                    script.endEntity(request);
                }
                continue;
            }
            int e = p;
            while (e < len) {
                int c = Bytes.u8(data, offset + e);
                if (c == '\r' || c == '\n') {
                    break;
                }
                e++;
            }
            append(f, data, offset + p, e - p);
            if (e == len) {
                return; // the line goes on in a later datagram
            }
            afterCr[f] = Bytes.u8(data, offset + e) == '\r';
            p = e + 1;
            boolean ok = lineEnded(f, request);
            lineLen[f] = 0;
            if (!ok) {
                reset(f);
                return;
            }
        }
    }

    private void append(int f, MemorySegment data, long from, int n) {
        byte[] b = line[f];
        int have = lineLen[f];
        int keep = Math.min(n, MAX_LINE - have);
        if (keep <= 0) {
            return;
        }
        if (b == null || b.length < have + keep) {
            int size = Math.min(MAX_LINE, Math.max(256, Math.max(have + keep, b == null ? 0 : b.length * 2)));
            byte[] nb = new byte[size];
            if (b != null) {
                System.arraycopy(b, 0, nb, 0, have);
            }
            line[f] = nb;
            b = nb;
        }
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, from, b, have, keep);
        lineLen[f] = have + keep;
    }

    private void reset(int f) {
        phase[f] = START_LINE;
        lineLen[f] = 0;
        afterCr[f] = false;
    }

    /** One complete line of flow f; false after a violation. */
    private boolean lineEnded(int f, boolean request) {
        byte[] b = line[f] == null ? NO_BYTES : line[f];
        int n = lineLen[f];
        switch (phase[f]) {
            case START_LINE -> {
                if (!(request ? requestLine(b, n) : replyLine(b, n))) {
                    return false;
                }
                phase[f] = HEADERS;
                return true;
            }
            case HEADERS -> {
                if (n == 0) {
                    return endOfHeaders(f, request);
                }
                return header(f, request, b, n);
            }
            default -> {
                return true;
            }
        }
    }

    private boolean endOfHeaders(int f, boolean request) {
        int cl = contentLength[f];
        if (cl < 0) {
            ctx.violation("Binpac exception: binpac exception: invalid length string: " + SOURCE + "68: " + cl, null);
            return false;
        }
        if (cl == 0) {
            phase[f] = START_LINE;
            script.endEntity(request);
        } else {
            phase[f] = BODY;
            bodyLeft[f] = cl;
        }
        return true;
    }

    private boolean requestLine(byte[] b, int n) {
        int i = 0;
        while (i < n && !isToken(b[i])) {
            i++;
        }
        int junk = i;
        while (i < n && isToken(b[i])) {
            i++;
        }
        if (i == junk) {
            return mismatch(23, "[a-zA-Z0-9_.!%*+`'~-]+", b, i, n);
        }
        int methodEnd = i;
        i = blanks(b, i, n);
        int uri = i;
        while (i < n && b[i] >= 0x21 && b[i] <= 0x7e) {
            i++;
        }
        if (i == uri) {
            return mismatch(25, "[[:alnum:]@[:punct:]]+", b, i, n);
        }
        i = blanks(b, i, n);
        if (version(b, i, n) < 0) {
            return false;
        }
        if (junk > 0) {
            ctx.weird("sip_junk_before_request", render(b, 0, junk));
        }
        int uriEnd = uri;
        while (uriEnd < n && b[uriEnd] >= 0x21 && b[uriEnd] <= 0x7e) {
            uriEnd++;
        }
        script.request(text(b, junk, methodEnd), text(b, uri, uriEnd));
        return true;
    }

    private boolean replyLine(byte[] b, int n) {
        int i = version(b, 0, n);
        if (i < 0) {
            return false;
        }
        i = blanks(b, i, n);
        if (n - i < 3 || !digit(b[i]) || !digit(b[i + 1]) || !digit(b[i + 2])) {
            return mismatch(39, "[0-9]{3}", b, i, n);
        }
        ctx.confirm();
        int code = (b[i] - '0') * 100 + (b[i + 1] - '0') * 10 + (b[i + 2] - '0');
        int reason = blanks(b, i + 3, n);
        script.reply(code, text(b, reason, n));
        return true;
    }

    /** {@code SIP/} and {@code [0-9]+\.[0-9]+} at i: the index after it, or -1 after a violation. */
    private int version(byte[] b, int i, int n) {
        if (n - i < 4) {
            // binpac checks the constant's length before comparing it (an anonymous field, numbered by binpac).
            ctx.violation("Binpac exception: binpac exception: out_of_bound: SIP_Version:anonymous_field_010: 4 > "
                    + (n - i), null);
            return -1;
        }
        if (b[i] != 'S' || b[i + 1] != 'I' || b[i + 2] != 'P' || b[i + 3] != '/') {
            mismatch(45, "SIP/", b, i, n);
            return -1;
        }
        int j = i + 4;
        int d = j;
        while (j < n && digit(b[j])) {
            j++;
        }
        if (j == d || j == n || b[j] != '.' || j + 1 == n || !digit(b[j + 1])) {
            mismatch(46, "[0-9]+\\.[0-9]+", b, i + 4, n);
            return -1;
        }
        j++;
        while (j < n && digit(b[j])) {
            j++;
        }
        return j;
    }

    private boolean header(int f, boolean request, byte[] b, int n) {
        int i = 0;
        while (i < n && b[i] != ':' && b[i] != ' ' && b[i] != '\t') {
            i++;
        }
        if (i == 0) {
            return mismatch(60, "[^: \\t]+", b, 0, n);
        }
        int nameEnd = i;
        i = blanks(b, i, n);
        if (i == n || b[i] != ':') {
            return mismatch(62, ":", b, i, n);
        }
        i = blanks(b, i + 1, n);
        if (nameEnd == 1 && b[0] == 'L' || equalsAscii(b, nameEnd, "Content-Length", false)) {
            contentLength[f] = strtol(b, i, n);
        }
        String name = scriptName(b, nameEnd);
        if (name != null && SipScript.wanted(request, name)) {
            boolean nul = hasNul(b, i, n);
            Long count = isCount(b, i, n) ? strtoull(b, i, n) : null;
            script.header(request, name, text(b, i, n), count, nul ? "<string-with-NUL>" : text(b, i, n));
        }
        return true;
    }

    /** The upper-cased header name when main.zeek reads it, else null (no allocation either way). */
    private static String scriptName(byte[] b, int len) {
        for (String s : HEADER_NAMES) {
            if (equalsAscii(b, len, s, true)) {
                return s;
            }
        }
        return null;
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** binpac's ExceptionStringMismatch, reported as SIP.cc reports binpac exceptions. */
    private boolean mismatch(int pacLine, String pattern, byte[] b, int from, int n) {
        ctx.violation("Binpac exception: binpac exception: string mismatch at " + SOURCE + pacLine
                + ": \nexpected pattern: \"" + pattern + "\"\nactual data: \""
                + new String(b, from, n - from, StandardCharsets.ISO_8859_1) + "\"", null);
        return false;
    }

    /** The header name [0, len) equals s, exactly or ignoring ASCII case (the script upper-cases names). */
    private static boolean equalsAscii(byte[] b, int len, String s, boolean ignoreCase) {
        if (len != s.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            int c = b[k] & 0xff;
            int x = s.charAt(k);
            if (c != x && !(ignoreCase && c < 0x80 && Character.toLowerCase(c) == Character.toLowerCase(x))) {
                return false;
            }
        }
        return true;
    }

    private static int blanks(byte[] b, int i, int n) {
        while (i < n && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** sip-protocol.pac's SIP_TOKEN characters. */
    static boolean isToken(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '_' || c == '.' || c == '!' || c == '%' || c == '*' || c == '+' || c == '`' || c == '\''
                || c == '~' || c == '-';
    }

    private static boolean space(int c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    /** binpac's bytestring_to_int(value, 10): C strtol up to a NUL, saturated to long, then truncated to int. */
    static int strtol(byte[] b, int i, int n) {
        while (i < n && space(b[i])) {
            i++;
        }
        boolean neg = false;
        if (i < n && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        long v = 0;
        boolean over = false;
        for (; i < n && digit(b[i]); i++) {
            int d = b[i] - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                over = true;
            } else {
                v = v * 10 + d;
            }
        }
        if (over) {
            v = neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        } else if (neg) {
            v = -v;
        }
        return (int) v;
    }

    /**
     * Zeek's {@code value ?as count} (val-convert.cc): C strtoull, and only blanks after the number; an empty
     * string is not a count, nor one with a NUL (Zeek's CheckString gives {@code "<string-with-NUL>"} for it).
     */
    static boolean isCount(byte[] b, int from, int n) {
        int end = n;
        if (end == from || hasNul(b, from, n)) {
            return false;
        }
        int i = from;
        while (i < end && space(b[i])) {
            i++;
        }
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        int digits = i;
        while (i < end && digit(b[i])) {
            i++;
        }
        if (i == digits) {
            i = from; // no conversion: strtoull leaves the end at the start
        }
        for (int k = i; k < end; k++) {
            if (!space(b[k])) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasNul(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] == 0) {
                return true;
            }
        }
        return false;
    }

    /** C strtoull as Zeek's {@code value as count} uses it: unsigned, wrapping a minus sign, saturating. */
    static long strtoull(byte[] b, int i, int n) {
        while (i < n && space(b[i])) {
            i++;
        }
        boolean neg = false;
        if (i < n && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        long v = 0;
        for (; i < n && digit(b[i]); i++) {
            int d = b[i] - '0';
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                return -1L; // ULLONG_MAX
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /** zeek::String::Render's default escaping: non-printable bytes as \xNN, the rest as they are. */
    static String render(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder(4 * (to - from));
        for (int k = from; k < to; k++) {
            int c = b[k] & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                s.append((char) c);
            } else {
                s.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return s.toString();
    }

    /**
     * dpd.sig: {@code /.* SIP\/[0-9]\.[0-9]\x0d\x0a/} (a request line ending anywhere in the prefix) or
     * {@code /^ ?SIP\/[0-9]\.[0-9](\x0d\x0a| [0-9][0-9][0-9] )/} (a reply line at the start).
     */
    static int probe(byte[] p, int len) {
        int s = len > 0 && p[0] == ' ' ? 1 : 0;
        if (sipVersion(p, s, len) && len - s >= 9) {
            int k = s + 7;
            if (p[k] == '\r' && p[k + 1] == '\n') {
                return Probe.MATCH;
            }
            if (len - k >= 5 && p[k] == ' ' && digit(p[k + 1]) && digit(p[k + 2]) && digit(p[k + 3])
                    && p[k + 4] == ' ') {
                return Probe.MATCH;
            }
        }
        for (int i = 0; i + 10 <= len; i++) {
            if (p[i] == ' ' && sipVersion(p, i + 1, len) && p[i + 8] == '\r' && p[i + 9] == '\n') {
                return Probe.MATCH;
            }
        }
        return Probe.MORE;
    }

    private static boolean sipVersion(byte[] p, int i, int len) {
        return len - i >= 7 && p[i] == 'S' && p[i + 1] == 'I' && p[i + 2] == 'P' && p[i + 3] == '/'
                && digit(p[i + 4]) && p[i + 5] == '.' && digit(p[i + 6]);
    }
}
