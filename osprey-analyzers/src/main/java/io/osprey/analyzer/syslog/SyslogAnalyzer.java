package io.osprey.analyzer.syslog;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Syslog over UDP (RFC 3164 / RFC 5424 messages, one per datagram) and over TCP (RFC 6587 framing), as Zeek 9's
 * Spicy analyzers {@code Syslog} and {@code Syslog_TCP} parse it (src/analyzer/protocol/syslog/syslog.spicy):
 *
 * <ul>
 *   <li>a message is an optional PRI ({@code "<" digits ">"}, taken when the first byte is {@code <}) and the rest
 *   of the bytes as the message; without PRI facility and severity are {@link #UNSPECIFIED} (999). A {@code <} not
 *   followed by digits and {@code >} is a parse error (violation);</li>
 *   <li>over TCP each direction is a sequence of frames: octet counting ({@code [1-9][0-9]* SP} and that many bytes
 *   of message) or non-transparent framing ({@code PRI [^NUL CR LF]+} and one or more NUL/CR/LF). Any other first
 *   byte of a frame is a parse error. A non-transparent frame ends only when its run of terminators does: its event
 *   comes with the next frame's first byte or the end of the direction, as Spicy's incremental parse delivers it;</li>
 *   <li>every parsed message confirms (Spicy's {@code accept_input}) and raises {@link SyslogMessage}. After a
 *   parse error or a content gap a direction is not parsed any more (a Spicy unit cannot resume); a frame still
 *   open when a direction ends is a parse error.</li>
 * </ul>
 *
 * <p>Called by the engine's connection analyzers on one worker thread. Steady state allocates only the message copy
 * each event carries; a TCP message is collected in a per-direction buffer that grows up to {@link #MAX_MESSAGE}.
 */
public final class SyslogAnalyzer extends Analyzer {
    /** consts.zeek's code for "no PRI part" (the legacy analyzer's default, kept by the Spicy one). */
    public static final int UNSPECIFIED = 999;
    /** Zeek's base/protocols/syslog {@code Syslog::ports}. */
    static final int[] UDP_PORTS = {514};
    /** Zeek's base/protocols/syslog {@code Syslog::tcp_ports}. */
    static final int[] TCP_PORTS = {514};

    /**
     * Bytes of one TCP message kept for the log. The length is attacker-controlled (an octet count, or a line
     * without end); Zeek keeps all of it. rsyslog's default maximum message size is 8 KiB and RFC 5425 asks
     * receivers for 2 KiB, so 64 KiB keeps every real message whole; longer ones are logged cut to this length.
     */
    static final int MAX_MESSAGE = 64 * 1024;

    /** The declaration of the UDP analyzer (Zeek's {@code SYSLOG}); BuiltinAnalyzers registers it. */
    public static final AnalyzerSpec UDP_SPEC = new AnalyzerSpec("SYSLOG", "syslog", AnalyzerSpec.UDP, UDP_PORTS,
            null, null, ctx -> new SyslogAnalyzer(ctx, false));
    /** The declaration of the TCP analyzer (Zeek's {@code SYSLOG_TCP}, service "syslog_tcp"). */
    public static final AnalyzerSpec TCP_SPEC = new AnalyzerSpec("SYSLOG_TCP", "syslog_tcp", AnalyzerSpec.TCP,
            TCP_PORTS, null, null, ctx -> new SyslogAnalyzer(ctx, true));

    // Frame parser states of one TCP direction.
    private static final int FRAME = 0;
    private static final int LENGTH = 1;
    private static final int COUNTED = 2;
    private static final int NT_PRI_FIRST = 3;
    private static final int NT_PRI = 4;
    private static final int NT_MSG = 5;
    private static final int NT_END = 6;
    private static final int FAILED = 7;

    /** Spicy's messages for the parse errors (the reason in analyzer.log). */
    static final String NO_FRAME = "no expected look-ahead token found";
    static final String BAD_REGEX = "failed to match regular expression";
    static final String OVERFLOW = "integer overflow";
    static final String EXPECT_GT = "expected bytes literal \">\"";
    static final String EXPECT_SP = "expected bytes literal \" \"";
    static final String EOD = "end of data";

    private final boolean tcp;
    private final Direction orig;
    private final Direction resp;

    /** The parse state of one TCP direction. */
    private static final class Direction {
        int state = FRAME;
        /** The PRI value, or the octet count, being read (unsigned 64 bits). */
        long value;
        /** Octets of the counted frame still to come. */
        long remaining;
        byte[] buf = new byte[0];
        int len;
        int facility;
        int severity;

        void append(byte b) {
            if (len < MAX_MESSAGE) {
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(MAX_MESSAGE, Math.max(256, len * 2)));
                }
                buf[len] = b;
            }
            len++;
        }
    }

    private SyslogAnalyzer(AnalyzerContext ctx, boolean tcp) {
        super(ctx);
        this.tcp = tcp;
        this.orig = tcp ? new Direction() : null;
        this.resp = tcp ? new Direction() : null;
    }

    // ------------------------------------------------------------------------------------------------------ UDP

    @Override
    public void deliverPacket(boolean isOrig, MemorySegment data, long offset, int len) {
        if (tcp) {
            return;
        }
        // Syslog::Message over the whole datagram.
        long end = offset + len;
        int facility = UNSPECIFIED;
        int severity = UNSPECIFIED;
        long p = offset;
        if (len > 0 && data.get(ValueLayout.JAVA_BYTE, p) == '<') {
            p++;
            long digits = p;
            long value = 0;
            while (p < end && isDigit(data.get(ValueLayout.JAVA_BYTE, p))) {
                value = accumulate(value, data.get(ValueLayout.JAVA_BYTE, p));
                p++;
            }
            if (p == digits) {
                ctx.violation(BAD_REGEX, null);
                return;
            }
            if (overflowed) {
                overflowed = false;
                ctx.violation(OVERFLOW, null);
                return;
            }
            if (p == end || data.get(ValueLayout.JAVA_BYTE, p) != '>') {
                ctx.violation(EXPECT_GT, null);
                return;
            }
            p++;
            facility = facility(value);
            severity = severity(value);
        }
        byte[] msg = new byte[(int) (end - p)];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p, msg, 0, msg.length);
        emit(facility, severity, msg);
    }

    // ------------------------------------------------------------------------------------------------------ TCP

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        if (!tcp) {
            return;
        }
        Direction d = isOrig ? orig : resp;
        long end = offset + len;
        for (long p = offset; p < end && d.state != FAILED; p++) {
            byte b = data.get(ValueLayout.JAVA_BYTE, p);
            switch (d.state) {
                case FRAME -> startFrame(d, b);
                case LENGTH -> {
                    if (isDigit(b)) {
                        d.value = accumulate(d.value, b);
                        if (overflowed) {
                            fail(d, OVERFLOW);
                        }
                    } else if (b == ' ') {
                        d.remaining = d.value;
                        d.len = 0;
                        d.state = COUNTED;
                    } else {
                        fail(d, EXPECT_SP);
                    }
                }
                case COUNTED -> {
                    // The rest of the frame in one step, as far as this delivery goes.
                    long n = Math.min(d.remaining, end - p);
                    for (long i = 0; i < n; i++) {
                        if (d.len >= MAX_MESSAGE) {
                            d.len += (int) Math.min(n - i, Integer.MAX_VALUE - d.len);
                            break;
                        }
                        d.append(data.get(ValueLayout.JAVA_BYTE, p + i));
                    }
                    d.remaining -= n;
                    p += n - 1;
                    if (d.remaining == 0) {
                        countedMessage(d);
                    }
                }
                case NT_PRI_FIRST, NT_PRI -> {
                    if (isDigit(b)) {
                        d.value = accumulate(d.value, b);
                        d.state = NT_PRI;
                        if (overflowed) {
                            fail(d, OVERFLOW);
                        }
                    } else if (d.state == NT_PRI_FIRST) {
                        fail(d, BAD_REGEX);
                    } else if (b == '>') {
                        d.facility = facility(d.value);
                        d.severity = severity(d.value);
                        d.len = 0;
                        d.state = NT_MSG;
                    } else {
                        fail(d, EXPECT_GT);
                    }
                }
                case NT_MSG -> {
                    if (!isTerminator(b)) {
                        d.append(b);
                    } else if (d.len == 0) {
                        fail(d, BAD_REGEX);
                    } else {
                        d.state = NT_END;
                    }
                }
                case NT_END -> {
                    if (!isTerminator(b)) {
                        // The run of terminators ended: the frame is complete, this byte starts the next one.
                        emit(d.facility, d.severity, message(d));
                        d.state = FRAME;
                        startFrame(d, b);
                    }
                }
                default -> {
                }
            }
        }
    }

    /** The first byte of a frame decides its kind (Spicy's look-ahead on the two alternatives). */
    private void startFrame(Direction d, byte b) {
        d.value = 0;
        d.len = 0;
        if (b >= '1' && b <= '9') {
            d.value = b - '0';
            d.state = LENGTH;
        } else if (b == '<') {
            d.state = NT_PRI_FIRST;
        } else {
            fail(d, NO_FRAME);
        }
    }

    /** An octet-counted frame is complete: its bytes are one Syslog::Message. */
    private void countedMessage(Direction d) {
        int kept = Math.min(d.len, MAX_MESSAGE);
        int p = 0;
        int facility = UNSPECIFIED;
        int severity = UNSPECIFIED;
        if (kept > 0 && d.buf[0] == '<') {
            p = 1;
            long value = 0;
            while (p < kept && isDigit(d.buf[p])) {
                value = accumulate(value, d.buf[p]);
                p++;
            }
            if (p == 1) {
                fail(d, BAD_REGEX);
                return;
            }
            if (overflowed) {
                fail(d, OVERFLOW);
                return;
            }
            if (p == kept || d.buf[p] != '>') {
                fail(d, EXPECT_GT);
                return;
            }
            p++;
            facility = facility(value);
            severity = severity(value);
        }
        emit(facility, severity, Arrays.copyOfRange(d.buf, p, kept));
        d.state = FRAME;
    }

    private static byte[] message(Direction d) {
        return Arrays.copyOf(d.buf, Math.min(d.len, MAX_MESSAGE));
    }

    private void fail(Direction d, String reason) {
        overflowed = false;
        d.state = FAILED;
        ctx.violation(reason, null);
    }

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        if (tcp) {
            // Zeek's Spicy TCP analyzers skip the rest of a direction after a content gap; a non-transparent frame
            // whose terminator was seen is complete.
            Direction d = isOrig ? orig : resp;
            finish(d, false);
            d.state = FAILED;
        }
    }

    @Override
    public void endOfData(boolean isOrig) {
        if (tcp) {
            finish(isOrig ? orig : resp, true);
        }
    }

    @Override
    public void done() {
        if (tcp) {
            finish(orig, false);
            finish(resp, false);
        }
    }

    /** The end of a direction's input: a pending non-transparent frame completes; at a FIN an open frame fails. */
    private void finish(Direction d, boolean eof) {
        if (d.state == NT_END) {
            emit(d.facility, d.severity, message(d));
            d.state = FRAME;
        } else if (eof && d.state != FRAME && d.state != FAILED) {
            fail(d, EOD);
        }
        if (eof && d.state == FRAME) {
            // Nothing more comes on this direction.
            d.state = FAILED;
        }
    }

    // ------------------------------------------------------------------------------------------------ primitives

    /** Set when {@link #accumulate} overflowed 64 unsigned bits (Spicy's {@code to_uint} fails). */
    private boolean overflowed;

    /** value * 10 + digit, unsigned; sets {@link #overflowed} past 2^64-1. */
    private long accumulate(long value, byte digit) {
        long d = digit - '0';
        if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0) {
            overflowed = true;
        }
        return value * 10 + d;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isTerminator(byte b) {
        return b == 0 || b == '\n' || b == '\r';
    }

    /** syslog.spicy's Priority: {@code (value & 0x03f8) >> 3}. */
    private static int facility(long value) {
        return (int) ((value & 0x03f8) >>> 3);
    }

    /** syslog.spicy's Priority: {@code value & 0x07}. */
    private static int severity(long value) {
        return (int) (value & 0x07);
    }

    private void emit(int facility, int severity, byte[] msg) {
        ctx.confirm();
        ctx.events().publish(new SyslogMessage(ctx.networkTime(), ctx.conn(), facility, severity, msg));
    }
}
