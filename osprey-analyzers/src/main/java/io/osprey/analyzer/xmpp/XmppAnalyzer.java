package io.osprey.analyzer.xmpp;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.HandOver;
import io.osprey.engine.analyzer.Probe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * XMPP recognition (Zeek's XMPP analyzer, src/analyzer/protocol/xmpp: XMPP.cc, xmpp-protocol.pac,
 * xmpp-analyzer.pac): follows the XML tags of the stream up to STARTTLS and hands the rest of the connection to an
 * SSL child once the server answers {@code <proceed>}.
 *
 * <p>Zeek's binpac flow for XMPP is a <em>datagram</em> flow: every TCP delivery is parsed on its own as a sequence
 * of tokens {@code SPACING "<" NAME REST ">" CONTENT} ({@code [ \r\n]*}, {@code /?[?:[:alnum:]]+}, {@code [^<>]*},
 * {@code [^<>]*}) until the delivery is used up; a token cut by the delivery's end fails to parse. This class does the
 * same directly over the delivered bytes, keeping nothing between deliveries but two flags.
 *
 * <p>Per token, as Zeek's {@code proc_xmpp_token} decides: the client's {@code stream:stream} confirms;
 * {@code success}, {@code message}, {@code db:result}, {@code db:verify} and {@code presence} (either side) end the
 * parsing of the connection (Zeek's SetSkip); the client's {@code starttls} (with any namespace prefix) is recorded,
 * and the server's {@code proceed} after it starts TLS, while a server {@code proceed} without it is the weird
 * "XMPP: proceed without starttls". A token that does not parse is a violation with binpac's text; the tokens before
 * it in the same delivery count. Partial connections are ignored, and after a content gap nothing more is parsed (the
 * SSL child, once there, still gets everything).
 *
 * <p>Called by the engine's connection analyzers on one worker thread; nothing is allocated per delivery except a
 * violation's message. The DPD probe (Zeek's dpd.sig) is a scan of the first bytes without allocation.
 */
public final class XmppAnalyzer extends Analyzer {
    /** Zeek's base/protocols/xmpp {@code XMPP::ports}. */
    static final int[] PORTS = {5222, 5269};
    /** Where binpac's mismatch messages say the grammar is (the reference Zeek build's source path). */
    private static final String PAC = "/opt/src/zeek/src/analyzer/protocol/xmpp/xmpp-protocol.pac:";
    static final String BINPAC = "Binpac exception: binpac exception: ";

    private static final byte[] STREAM = bytes("stream:stream");
    private static final byte[] STARTTLS = bytes("starttls");
    private static final byte[] PROCEED = bytes("proceed");
    /** Tokens after which STARTTLS cannot come any more: Zeek skips the rest of the connection. */
    private static final byte[][] SKIP_TOKENS = {bytes("success"), bytes("message"), bytes("db:result"),
            bytes("db:verify"), bytes("presence")};

    /** dpd.sig's {@code /^(<\?xml[^?>]*\?>)?[\n\r ]*<stream:stream [^>]*xmlns='jabber:/}, on either side. */
    static final Probe PROBE = XmppAnalyzer::probe;

    private final HandOver tls;
    private boolean clientStartTls;
    private boolean hadGap;
    private boolean skip;

    private XmppAnalyzer(AnalyzerContext ctx, AnalyzerSpec tlsSpec) {
        super(ctx);
        this.tls = new HandOver(ctx, tlsSpec);
    }

    /**
     * The declaration; BuiltinAnalyzers registers it.
     *
     * @param tlsSpec the SSL analyzer an accepted STARTTLS hands the connection to, or null to stop there
     */
    public static AnalyzerSpec spec(AnalyzerSpec tlsSpec) {
        return new AnalyzerSpec("XMPP", "xmpp", AnalyzerSpec.TCP, PORTS, PROBE, PROBE,
                ctx -> new XmppAnalyzer(ctx, tlsSpec), true);
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
        // XMPP_PDU: tokens until the delivery is used up. binpac goes on to the end of the delivery after a token
        // that starts TLS or makes Zeek skip the connection: those take effect with the next delivery.
        while (p < end) {
            p = token(isOrig, data, p, end);
            if (p < 0) {
                return;
            }
        }
    }

    /** One XMPP_TOKEN at {@code p}; the position after it, or -1 after reporting a violation. */
    private long token(boolean isOrig, MemorySegment d, long p, long end) {
        while (p < end && isSpacing(d.get(ValueLayout.JAVA_BYTE, p))) {
            p++;
        }
        if (p == end || d.get(ValueLayout.JAVA_BYTE, p) != '<') {
            return mismatch(12, "<", d, p, end);
        }
        p++;
        long name = p;
        if (p < end && d.get(ValueLayout.JAVA_BYTE, p) == '/') {
            p++;
        }
        long chars = p;
        while (p < end && isNameChar(d.get(ValueLayout.JAVA_BYTE, p))) {
            p++;
        }
        if (p == chars) {
            // "/?" alone does not match: the regex needs one name character.
            return mismatch(13, "/?[?:[:alnum:]]+", d, name, end);
        }
        long nameEnd = p;
        while (p < end && !isAngle(d.get(ValueLayout.JAVA_BYTE, p))) {
            p++;
        }
        if (p == end || d.get(ValueLayout.JAVA_BYTE, p) != '>') {
            return mismatch(15, ">", d, p, end);
        }
        p++;
        while (p < end && !isAngle(d.get(ValueLayout.JAVA_BYTE, p))) {
            p++;
        }
        process(isOrig, d, name, nameEnd);
        return p;
    }

    /** Zeek's proc_xmpp_token. */
    private void process(boolean isOrig, MemorySegment d, long name, long nameEnd) {
        // token_no_ns: the part after the first ':' when something follows it.
        long local = name;
        for (long i = name; i < nameEnd; i++) {
            if (d.get(ValueLayout.JAVA_BYTE, i) == ':') {
                if (i + 1 < nameEnd) {
                    local = i + 1;
                }
                break;
            }
        }
        if (isOrig && equals(d, name, nameEnd, STREAM)) {
            ctx.confirm();
        }
        for (byte[] t : SKIP_TOKENS) {
            if (equals(d, name, nameEnd, t)) {
                skip = true;
            }
        }
        if (isOrig && (equals(d, name, nameEnd, STARTTLS) || equals(d, local, nameEnd, STARTTLS))) {
            clientStartTls = true;
        }
        if (!isOrig && (equals(d, name, nameEnd, PROCEED) || equals(d, local, nameEnd, PROCEED)) && clientStartTls) {
            tls.start();
        } else if (!isOrig && equals(d, name, nameEnd, PROCEED)) {
            ctx.weird("XMPP: proceed without starttls", null);
        }
    }

    /**
     * binpac's ExceptionStringMismatch as Zeek reports it. The actual data is the rest of the delivery, cut at its
     * first NUL (binpac passes it as a C string).
     */
    private long mismatch(int line, String pattern, MemorySegment d, long p, long end) {
        long stop = p;
        while (stop < end && d.get(ValueLayout.JAVA_BYTE, stop) != 0) {
            stop++;
        }
        byte[] rest = new byte[(int) (stop - p)];
        MemorySegment.copy(d, ValueLayout.JAVA_BYTE, p, rest, 0, rest.length);
        ctx.violation(BINPAC + "string mismatch at " + PAC + line + ": \nexpected pattern: \"" + pattern
                + "\"\nactual data: \"" + new String(rest, StandardCharsets.ISO_8859_1) + "\"", null);
        return -1;
    }

    // ------------------------------------------------------------------------------------------------ primitives

    private static boolean isSpacing(byte b) {
        return b == ' ' || b == '\r' || b == '\n';
    }

    private static boolean isAngle(byte b) {
        return b == '<' || b == '>';
    }

    /** {@code [?:[:alnum:]]}. */
    private static boolean isNameChar(int b) {
        return b == '?' || b == ':' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static boolean equals(MemorySegment d, long from, long to, byte[] w) {
        if (to - from != w.length) {
            return false;
        }
        for (int i = 0; i < w.length; i++) {
            if (d.get(ValueLayout.JAVA_BYTE, from + i) != w[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] XML_DECL = bytes("<?xml");
    private static final byte[] STREAM_TAG = bytes("<stream:stream ");
    private static final byte[] JABBER = bytes("xmlns='jabber:");

    /** The DPD test: see {@link #PROBE}. */
    static int probe(byte[] b, int len) {
        int p = 0;
        // (<\?xml[^?>]*\?>)?  — taken when the input starts with "<?xml" (the other branch cannot match it then).
        int m = prefix(b, len, 0, XML_DECL);
        if (m == Probe.MORE) {
            // Still the beginning of the declaration (or, for "<", of the stream tag).
            return Probe.MORE;
        }
        if (m == Probe.MATCH) {
            p = XML_DECL.length;
            while (p < len && b[p] != '?' && b[p] != '>') {
                p++;
            }
            if (p == len) {
                return Probe.MORE;
            }
            if (b[p] != '?') {
                return Probe.NO_MATCH;
            }
            if (p + 1 == len) {
                return Probe.MORE;
            }
            if (b[p + 1] != '>') {
                return Probe.NO_MATCH;
            }
            p += 2;
        }
        while (p < len && (b[p] == '\n' || b[p] == '\r' || b[p] == ' ')) {
            p++;
        }
        int s = prefix(b, len, p, STREAM_TAG);
        if (s != Probe.MATCH) {
            return s;
        }
        // [^>]* then xmlns='jabber: (the first such occurrence before a '>').
        for (int q = p + STREAM_TAG.length; q < len; q++) {
            int j = prefix(b, len, q, JABBER);
            if (j != Probe.NO_MATCH) {
                return j;
            }
            if (b[q] == '>') {
                return Probe.NO_MATCH;
            }
        }
        return Probe.MORE;
    }

    /** Whether {@code w} is at {@code at}: MATCH, NO_MATCH, or MORE when the input ends inside it. */
    private static int prefix(byte[] b, int len, int at, byte[] w) {
        for (int i = 0; i < w.length; i++) {
            if (at + i >= len) {
                return Probe.MORE;
            }
            if (b[at + i] != w[i]) {
                return Probe.NO_MATCH;
            }
        }
        return Probe.MATCH;
    }

    // ------------------------------------------------------------------------------------------------ stream end

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        tls.gap(isOrig, seq, len);
        // Zeek's XMPP analyzer parses nothing more after a content gap in either direction.
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
