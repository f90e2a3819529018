package io.osprey.analyzer.smtp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Splits one direction of an SMTP connection into lines, or passes a given number of bytes through unchanged (BDAT
 * chunks, RFC 3030): a port of the behaviour of Zeek's {@code ContentLine_Analyzer} as SMTP configures it (CR, LF
 * and CRLF all end a line, a CRLF split over two deliveries counting once; NUL-sensitive: the first NUL of the
 * connection is dropped with the {@code NUL_in_line} weird). Owned by one {@link SmtpParser}; the line buffer is
 * allocated once and doubles up to {@link #MAX_LINE_LENGTH}.
 */
final class SmtpLines {
    /**
     * Longest line kept, in bytes (Zeek allows 16 MiB). RFC 5321 §4.5.3.1.6 limits a text line to 1000 octets
     * including CRLF; 64 KiB is 64 times that while bounding a connection's two line buffers to 128 KiB. Longer lines
     * are cut with Zeek's {@code contentline_size_exceeded} weird.
     */
    static final int MAX_LINE_LENGTH = 64 * 1024;

    private final SmtpParser parser;
    private final boolean orig;
    private byte[] buf = new byte[128];
    private MemorySegment bufSeg = MemorySegment.ofArray(buf);
    private int offset;
    private int lastChar;
    private boolean flagNuls = true;
    private long plainLength;

    SmtpLines(SmtpParser parser, boolean orig) {
        this.parser = parser;
        this.orig = orig;
    }

    /** Passes the next {@code length} bytes through unsplit (Zeek's SetPlainDelivery); 0 ends plain delivery. */
    void setPlainDelivery(long length) {
        if (length >= 0) {
            plainLength = length;
        }
    }

    /** In-order stream bytes. */
    void deliver(MemorySegment data, long off, int len) {
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
                parser.plain(orig, data, off, n);
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
    void endOfData() {
        if (offset > 0) {
            byte[] lf = {'\n'};
            deliver(MemorySegment.ofArray(lf), 0, 1);
        }
    }

    private int deliverOnce(MemorySegment data, long start, int len) {
        long p = start;
        for (; len > 0; len--, p++) {
            int c = data.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
            if (offset >= buf.length) {
                if (buf.length >= MAX_LINE_LENGTH) {
                    parser.contentLineWeird("contentline_size_exceeded");
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
                case 0 -> {
                    if (flagNuls) {
                        parser.flagWeird(SmtpParser.FLAG_NUL, "NUL_in_line", "CONTENTLINE");
                        flagNuls = false;
                    } else {
                        buf[offset++] = 0;
                    }
                }
                default -> buf[offset++] = (byte) c;
            }
            if (lastChar == '\r') {
                parser.flagWeird(SmtpParser.FLAG_SINGULAR_CR, "line_terminated_with_single_CR", "CONTENTLINE");
            }
            lastChar = c;
        }
        return (int) (p - start);
    }

    private int emit(int c, long start, long p) {
        lastChar = c;
        int n = offset;
        offset = 0;
        parser.line(orig, buf, bufSeg, n);
        return (int) (p + 1 - start);
    }
}
