package io.osprey.analyzer.pop3;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Splits one direction of a POP3 connection into lines: Zeek's {@code ContentLine_Analyzer} with the settings POP3
 * gives it (CR, LF and CRLF each end a line, a CRLF split over two deliveries counting once; NULs are kept in the
 * line). Owned by one {@link Pop3Analyzer}; the line buffer is allocated once and doubles up to
 * {@link #MAX_LINE_LENGTH}, so steady state allocates nothing.
 */
final class Pop3Lines {
    /**
     * Longest line kept, in bytes (Zeek allows 16 MiB). RFC 1939 §3 limits replies to 512 octets and mail lines are
     * at most 1000 (RFC 5322 §2.1.1); 64 KiB is far beyond both while bounding a connection's two buffers to 128 KiB.
     * A longer line is cut with Zeek's {@code contentline_size_exceeded} weird.
     */
    static final int MAX_LINE_LENGTH = 64 * 1024;

    /** Receives the lines and the line splitter's weirds. */
    interface Sink {
        /** One line without its terminator: {@code len} bytes at 0 of {@code buf} (also {@code seg}), valid during the call. */
        void line(boolean orig, byte[] buf, MemorySegment seg, int len);

        /** A weird of Zeek's CONTENTLINE analyzer ({@code line_terminated_with_single_CR} once per direction). */
        void contentLineWeird(String name);
    }

    private final Sink sink;
    private final boolean orig;
    private byte[] buf = new byte[128];
    private MemorySegment bufSeg = MemorySegment.ofArray(buf);
    private int offset;
    private int lastChar;
    private boolean singleCrFlagged;

    Pop3Lines(Sink sink, boolean orig) {
        this.sink = sink;
        this.orig = orig;
    }

    /** In-order stream bytes. */
    void deliver(MemorySegment data, long off, int len) {
        while (len > 0) {
            if (lastChar == '\r' && data.get(ValueLayout.JAVA_BYTE, off) == '\n') {
                // The CR already ended the line: a CRLF split across deliveries counts once.
                lastChar = '\n';
                len--;
                off++;
                if (len == 0) {
                    break;
                }
            }
            int n = deliverOnce(data, off, len);
            len -= n;
            off += n;
        }
    }

    /** The direction ended: a partial line is delivered as if an LF followed (Zeek's EndpointEOF). */
    void endOfData() {
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
                if (buf.length >= MAX_LINE_LENGTH) {
                    sink.contentLineWeird("contentline_size_exceeded");
                    offset = buf.length - 1;
                    return emit(c, start, p);
                }
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE_LENGTH));
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
                default -> buf[offset++] = (byte) c;
            }
            if (lastChar == '\r' && !singleCrFlagged) {
                // Zeek flags it once per connection (Conn()->FlagEvent(SINGULAR_CR)); see Pop3Analyzer.
                singleCrFlagged = true;
                sink.contentLineWeird("line_terminated_with_single_CR");
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
