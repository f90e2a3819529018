package io.osprey.analyzer.mime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Splits one direction of a line protocol's connection (SMTP, POP3, IRC) into lines, or passes a given number of
 * bytes through unchanged (SMTP's BDAT chunks, RFC 3030): a port of the behaviour of Zeek's
 * {@code ContentLine_Analyzer} as those protocols configure it (IRC with a 1000-byte line limit). CR, LF and CRLF
 * all end a line, a CRLF split over two deliveries counting once; when NUL-sensitive (SMTP), the first NUL of the
 * direction is dropped with the {@code NUL_in_line} weird, later ones kept. Owned by one analyzer on the
 * connection's worker thread; the line buffer is allocated once and doubles up to the line limit
 * ({@link #MAX_LINE_LENGTH} unless given), so steady state allocates nothing.
 */
public final class ContentLines {
    /**
     * Longest line kept, in bytes (Zeek allows 16 MiB). RFC 5321 §4.5.3.1.6 limits an SMTP text line to 1000
     * octets including CRLF, RFC 1939 §3 a POP3 reply to 512 and RFC 5322 §2.1.1 a mail line to 1000; 64 KiB is far
     * beyond them while bounding a connection's two line buffers to 128 KiB. Longer lines are cut with Zeek's
     * {@code contentline_size_exceeded} weird.
     */
    public static final int MAX_LINE_LENGTH = 64 * 1024;

    /** Receives the lines, the plain-delivered bytes and the splitter's weirds. */
    public interface Sink {
        /** One line without its terminator: {@code len} bytes at 0 of {@code buf} (also {@code seg}), valid during the call. */
        void line(boolean orig, byte[] buf, MemorySegment seg, int len);

        /**
         * A weird of Zeek's CONTENTLINE analyzer, at every occurrence: {@code contentline_size_exceeded},
         * {@code NUL_in_line}, {@code line_terminated_with_single_CR} (the sink reports it as Zeek does, e.g. once
         * per connection where Zeek uses a connection flag).
         */
        void contentLineWeird(boolean orig, String name);

        /** Bytes passed through by {@link #setPlainDelivery} (valid during the call). */
        default void plain(boolean orig, MemorySegment data, long off, int len) {
        }
    }

    private final Sink sink;
    private final boolean orig;
    private byte[] buf = new byte[128];
    private MemorySegment bufSeg = MemorySegment.ofArray(buf);
    private int offset;
    private int lastChar;
    private boolean flagNuls;
    private long plainLength;
    /** This splitter's line limit (Zeek's {@code max_line_length} constructor argument). */
    private final int maxLineLength;

    /**
     * @param orig     the direction, handed back to the sink
     * @param flagNuls NUL-sensitive (Zeek's {@code SetIsNULSensitive}): the first NUL is dropped with a weird
     */
    public ContentLines(Sink sink, boolean orig, boolean flagNuls) {
        this(sink, orig, flagNuls, MAX_LINE_LENGTH);
    }

    /**
     * A splitter with a smaller line limit, as Zeek's analyzers that pass {@code max_line_length} (IRC: 1000).
     *
     * @param maxLineLength longest line kept, 128 to {@link #MAX_LINE_LENGTH}; longer lines are cut with the
     *                      {@code contentline_size_exceeded} weird
     */
    public ContentLines(Sink sink, boolean orig, boolean flagNuls, int maxLineLength) {
        this.maxLineLength = Math.clamp(maxLineLength, 128, MAX_LINE_LENGTH);
        this.sink = sink;
        this.orig = orig;
        this.flagNuls = flagNuls;
    }

    /** Passes the next {@code length} bytes through unsplit (Zeek's SetPlainDelivery); 0 ends plain delivery. */
    public void setPlainDelivery(long length) {
        if (length >= 0) {
            plainLength = length;
        }
    }

    /** In-order stream bytes. */
    public void deliver(MemorySegment data, long off, int len) {
        while (len > 0) {
            if (lastChar == '\r' && data.get(ValueLayout.JAVA_BYTE, off) == '\n') {
                // The CR already ended the line: a CRLF split across deliveries counts once.
                lastChar = '\n';
                len--;
                off++;
            }
            if (plainLength > 0 && len > 0) {
                int n = (int) Math.min(plainLength, len);
                lastChar = 0;
                plainLength -= n;
                sink.plain(orig, data, off, n);
                off += n;
                len -= n;
            }
            if (len <= 0) {
                break;
            }
            int n = deliverOnce(data, off, len);
            len -= n;
            off += n;
        }
    }

    /** The direction ended: a partial line is delivered as if an LF followed (Zeek's EndpointEOF). */
    public void endOfData() {
        if (offset > 0) {
            deliver(MemorySegment.ofArray(LF), 0, 1);
        }
    }

    private static final byte[] LF = {'\n'};

    private int deliverOnce(MemorySegment data, long start, int len) {
        long p = start;
        for (; len > 0; len--, p++) {
            int c = data.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
            if (offset >= buf.length) {
                if (buf.length >= maxLineLength) {
                    sink.contentLineWeird(orig, "contentline_size_exceeded");
                    offset = buf.length - 1;
                    return emit(c, start, p);
                }
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLineLength));
                bufSeg = MemorySegment.ofArray(buf);
            }
            switch (c) {
                case '\r' -> {
                    if (len > 1 && data.get(ValueLayout.JAVA_BYTE, p + 1) == '\n') {
                        p++;
                        lastChar = '\r';
                        return emit('\n', start, p);
                    }
                    return emit(c, start, p);
                }
                case '\n' -> {
                    if (lastChar == '\r') {
                        if (offset == 0) {
                            lastChar = c;
                            continue;
                        }
                        offset--;
                    }
                    return emit(c, start, p);
                }
                case 0 -> {
                    if (flagNuls) {
                        sink.contentLineWeird(orig, "NUL_in_line");
                        flagNuls = false;
                    } else {
                        buf[offset++] = 0;
                    }
                }
                default -> buf[offset++] = (byte) c;
            }
            if (lastChar == '\r') {
                sink.contentLineWeird(orig, "line_terminated_with_single_CR");
            }
            lastChar = c;
        }
        return (int) (p - start);
    }

    private int emit(int c, long start, long p) {
        lastChar = c;
        int n = offset;
        offset = 0;
        sink.line(orig, buf, bufSeg, n);
        return (int) (p + 1 - start);
    }
}
