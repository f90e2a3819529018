package io.osprey.analyzer.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Splits one direction of an HTTP connection into lines, or passes it through unchanged for a given number of bytes
 * ("plain delivery", for bodies): a port of the behaviour of Zeek's {@code ContentLine_Analyzer} as HTTP uses it.
 * CR, LF and CRLF all end a line by default (a CRLF split over two deliveries still counts once); a line longer than
 * {@link #MAX_LINE_LENGTH} is cut with Zeek's {@code contentline_size_exceeded} weird. Owned by one
 * {@link HttpParser}; the line buffer is allocated once and grows (doubling) up to the cap.
 */
final class HttpLines {
    /**
     * Longest line kept, in bytes. Zeek allows 16 MiB; request lines and headers of real servers are limited to
     * 8 KiB (Apache LimitRequestLine 8190, nginx large_client_header_buffers 8k), so 64 KiB is 8 times what any
     * server accepts while bounding a connection's line buffers to 128 KiB.
     */
    static final int MAX_LINE_LENGTH = 64 * 1024;
    /** A CR alone ends a line. */
    static final int CR_AS_EOL = 1;
    /** An LF alone ends a line. */
    static final int LF_AS_EOL = 2;

    private final HttpParser parser;
    final boolean orig;

    private byte[] buf = new byte[128];
    private MemorySegment bufSeg = MemorySegment.ofArray(buf);
    private int offset;
    private int lastChar;
    private int crlfAsEol = CR_AS_EOL | LF_AS_EOL;
    private boolean suppressWeirds;
    /** Stop delivering anything (after a gap outside a body). */
    boolean skipDeliveries;
    /** Bytes still to pass through unsplit. */
    private long plainLength;
    /** Zeek's delivery_length: bytes left of a body whose last line may lack its CRLF, or -1. */
    private long deliveryLength = -1;
    /** Bytes of the current delivery after the line or plain run being handed up. */
    private int remaining;

    HttpLines(HttpParser parser, boolean orig) {
        this.parser = parser;
        this.orig = orig;
    }

    /** Bytes of the current delivery not handed up yet (Zeek's GetDeliverStreamRemainingLength). */
    int remainingInDelivery() {
        return remaining;
    }

    /** Passes the next {@code length} bytes through unsplit. */
    void setPlainDelivery(long length) {
        if (length >= 0) {
            plainLength = length;
        }
    }

    /** Expected size of what follows (-1 to unset): a partial last line is flushed when it is all there. */
    void setDeliverySize(long length) {
        if (length >= -1) {
            deliveryLength = length;
        }
    }

    /** Which terminators end a line ({@link #CR_AS_EOL} | {@link #LF_AS_EOL}, or 0 for CRLF only). */
    void setCrlfAsEol(int mode) {
        crlfAsEol = mode;
    }

    void suppressWeirds(boolean suppress) {
        suppressWeirds = suppress;
    }

    /** True when a line has begun but not ended. */
    boolean hasPartialLine() {
        return offset > 0;
    }

    /** In-order stream bytes (Zeek's DeliverStream). */
    void deliver(MemorySegment data, long off, int len) {
        if (len <= 0 || skipDeliveries) {
            return;
        }
        if (deliveryLength > 0) {
            deliveryLength -= len;
        }
        doDeliver(data, off, len);
        if (deliveryLength == 0) {
            if (hasPartialLine()) {
                parser.contentLineWeird(HttpWeirds.LINE_TERMINATED_WITHOUT_CRLF);
                doDeliver(CRLF, 0, 2);
            }
            deliveryLength = -1;
        }
    }

    private static final MemorySegment CRLF = MemorySegment.ofArray(new byte[] {'\r', '\n'});
    private static final MemorySegment LF = MemorySegment.ofArray(new byte[] {'\n'});

    /** The direction ended: a partial line is delivered as if an LF followed (Zeek's EndpointEOF). */
    void endOfData() {
        if (offset > 0) {
            deliver(LF, 0, 1);
        }
    }

    private void doDeliver(MemorySegment data, long off, int len) {
        while (len > 0 && !skipDeliveries) {
            if ((crlfAsEol & CR_AS_EOL) != 0 && lastChar == '\r' && data.get(ValueLayout.JAVA_BYTE, off) == '\n') {
                // The CR already ended the line: a CRLF split across deliveries counts once.
                lastChar = '\n';
                --len;
                ++off;
            }
            if (plainLength > 0) {
                int n = (int) Math.min(plainLength, len);
                lastChar = 0;
                plainLength -= n;
                remaining = len - n;
                parser.plain(orig, data, off, n);
                off += n;
                len -= n;
                if (len == 0) {
                    return;
                }
            }
            if (len <= 0 || skipDeliveries) {
                break;
            }
            int n = deliverOnce(data, off, len);
            len -= n;
            off += n;
        }
    }

    /** Scans for one line end; returns the bytes consumed. */
    private int deliverOnce(MemorySegment data, long start, int len) {
        long p = start;
        while (len > 0) {
            if (lastChar != '\r' && offset < buf.length) {
                // Bulk: copy a run into the line and look for the first CR or LF in the array.
                int n = Math.min(len, buf.length - offset);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p, buf, offset, n);
                int k = 0;
                while (k < n && buf[offset + k] != '\r' && buf[offset + k] != '\n') {
                    k++;
                }
                if (k > 0) {
                    lastChar = buf[offset + k - 1] & 0xFF;
                    offset += k;
                    p += k;
                    len -= k;
                    if (len == 0) {
                        break;
                    }
                }
            }
            int c = data.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
            if (offset >= buf.length) {
                if (buf.length >= MAX_LINE_LENGTH) {
                    parser.contentLineWeird(HttpWeirds.CONTENTLINE_SIZE_EXCEEDED);
                    // Zeek emits what it has minus the byte under the terminator slot and drops the current one.
                    offset = buf.length - 1;
                    return emit(c, start, p, len);
                }
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE_LENGTH));
                bufSeg = MemorySegment.ofArray(buf);
            }
            switch (c) {
                case '\r' -> {
                    if (len > 1 && data.get(ValueLayout.JAVA_BYTE, p + 1) == '\n') {
                        --len;
                        ++p;
                        lastChar = '\r';
                        return emit('\n', start, p, len);
                    } else if ((crlfAsEol & CR_AS_EOL) != 0) {
                        return emit(c, start, p, len);
                    } else {
                        buf[offset++] = (byte) c;
                    }
                }
                case '\n' -> {
                    if (lastChar == '\r') {
                        if (offset == 0) {
                            // A CR ended the previous delivery while CR was no terminator: swallow the LF.
                            lastChar = c;
                            --len;
                            ++p;
                            continue;
                        }
                        --offset;
                        return emit(c, start, p, len);
                    } else if ((crlfAsEol & LF_AS_EOL) != 0) {
                        return emit(c, start, p, len);
                    } else {
                        if (!suppressWeirds) {
                            parser.flagWeird(HttpParser.FLAG_SINGULAR_LF, HttpWeirds.LINE_TERMINATED_WITH_SINGLE_LF);
                        }
                        buf[offset++] = (byte) c;
                    }
                }
                default -> buf[offset++] = (byte) c;
            }
            if (lastChar == '\r' && !suppressWeirds) {
                parser.flagWeird(HttpParser.FLAG_SINGULAR_CR, HttpWeirds.LINE_TERMINATED_WITH_SINGLE_CR);
            }
            lastChar = c;
            --len;
            ++p;
        }
        return (int) (p - start);
    }

    private int emit(int c, long start, long p, int len) {
        int consumed = (int) (p + 1 - start);
        lastChar = c;
        remaining = len - 1;
        int n = offset;
        offset = 0;
        parser.line(orig, buf, bufSeg, n);
        return consumed;
    }
}
