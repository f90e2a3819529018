package io.osprey.packet.transport;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.common.bytes.Bytes;
import java.lang.foreign.MemorySegment;

/**
 * TCP header (RFC 9293 §3.1) read in place: static accessors over (segment, offset of the TCP header).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (data offset * 4 - 20)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Callers check that {@link #HEADER_LENGTH} bytes (and {@link #headerLength} for options) were captured.
 */
public final class TcpHeader {
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int SEQ_OFFSET = 4;
    public static final int ACK_OFFSET = 8;
    public static final int DATA_OFFSET_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int WINDOW_OFFSET = 14;
    public static final int CHECKSUM_OFFSET = 16;
    public static final int URGENT_OFFSET = 18;
    /** Minimum header length. */
    public static final int HEADER_LENGTH = 20;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** Option kinds. */
    public static final int OPT_EOL = 0;
    public static final int OPT_NOP = 1;
    public static final int OPT_MSS = 2;
    public static final int OPT_WSCALE = 3;
    public static final int OPT_SACK_PERMITTED = 4;
    public static final int OPT_SACK = 5;
    public static final int OPT_TIMESTAMPS = 8;

    private TcpHeader() {
    }

    public static int srcPort(MemorySegment s, long off) {
        return u16(s, off + SRC_PORT_OFFSET);
    }

    public static int dstPort(MemorySegment s, long off) {
        return u16(s, off + DST_PORT_OFFSET);
    }

    /** Sequence number as an unsigned 32-bit value. */
    public static long seq(MemorySegment s, long off) {
        return Bytes.u32(s, off + SEQ_OFFSET);
    }

    /** Acknowledgment number as an unsigned 32-bit value. */
    public static long ack(MemorySegment s, long off) {
        return Bytes.u32(s, off + ACK_OFFSET);
    }

    /** Data offset in 32-bit words. */
    public static int dataOffset(MemorySegment s, long off) {
        return u8(s, off + DATA_OFFSET_OFFSET) >>> 4;
    }

    /** Header length in bytes (data offset * 4). */
    public static int headerLength(MemorySegment s, long off) {
        return dataOffset(s, off) * 4;
    }

    /** The 8 flag bits (CWR..FIN). */
    public static int flags(MemorySegment s, long off) {
        return u8(s, off + FLAGS_OFFSET);
    }

    public static int window(MemorySegment s, long off) {
        return u16(s, off + WINDOW_OFFSET);
    }

    public static int checksum(MemorySegment s, long off) {
        return u16(s, off + CHECKSUM_OFFSET);
    }

    public static int urgentPointer(MemorySegment s, long off) {
        return u16(s, off + URGENT_OFFSET);
    }

    /**
     * The options a SYN negotiates, packed into a long without allocation (read them with the {@code opt*}
     * accessors). Walks {@code [off+20, off+hdrLen)} bounded by {@code capLen} captured bytes from {@code off};
     * a malformed option (length &lt; 2 or past the end) stops the walk and sets {@link #OPTS_MALFORMED}.
     */
    public static long parseOptions(MemorySegment s, long off, int capLen) {
        int hdr = Math.min(headerLength(s, off), capLen);
        long end = off + hdr;
        long p = off + HEADER_LENGTH;
        long r = 0;
        while (p < end) {
            int kind = u8(s, p);
            if (kind == OPT_EOL) {
                break;
            }
            if (kind == OPT_NOP) {
                p++;
                continue;
            }
            if (p + 1 >= end) {
                return r | OPTS_MALFORMED;
            }
            int len = u8(s, p + 1);
            if (len < 2 || p + len > end) {
                return r | OPTS_MALFORMED;
            }
            switch (kind) {
                case OPT_MSS -> {
                    if (len == 4) {
                        r = (r & ~0xFFFFL) | u16(s, p + 2) | OPTS_HAS_MSS;
                    }
                }
                case OPT_WSCALE -> {
                    if (len == 3) {
                        r = (r & ~(0xFFL << 16)) | ((long) u8(s, p + 2) << 16) | OPTS_HAS_WSCALE;
                    }
                }
                case OPT_SACK_PERMITTED -> r |= OPTS_SACK_PERMITTED;
                case OPT_TIMESTAMPS -> {
                    if (len == 10) {
                        r |= OPTS_HAS_TIMESTAMPS;
                    }
                }
                default -> {
                }
            }
            p += len;
        }
        return r;
    }

    /** Flag in {@link #parseOptions}'s result: an MSS option was present. */
    public static final long OPTS_HAS_MSS = 1L << 32;
    /** A window-scale option was present. */
    public static final long OPTS_HAS_WSCALE = 1L << 33;
    /** SACK-permitted was present. */
    public static final long OPTS_SACK_PERMITTED = 1L << 34;
    /** A timestamps option was present (read it with {@link #timestampOffset}). */
    public static final long OPTS_HAS_TIMESTAMPS = 1L << 35;
    /** The option list was malformed. */
    public static final long OPTS_MALFORMED = 1L << 36;

    /** The MSS from a {@link #parseOptions} result (valid when {@link #OPTS_HAS_MSS}). */
    public static int optMss(long opts) {
        return (int) (opts & 0xFFFF);
    }

    /** The window-scale shift from a {@link #parseOptions} result (valid when {@link #OPTS_HAS_WSCALE}). */
    public static int optWindowScale(long opts) {
        return (int) ((opts >>> 16) & 0xFF);
    }

    /** Offset of the TSval of the timestamps option, or -1 (TSecr is 4 bytes later). */
    public static long timestampOffset(MemorySegment s, long off, int capLen) {
        int hdr = Math.min(headerLength(s, off), capLen);
        long end = off + hdr;
        long p = off + HEADER_LENGTH;
        while (p < end) {
            int kind = u8(s, p);
            if (kind == OPT_EOL) {
                return -1;
            }
            if (kind == OPT_NOP) {
                p++;
                continue;
            }
            if (p + 1 >= end) {
                return -1;
            }
            int len = u8(s, p + 1);
            if (len < 2 || p + len > end) {
                return -1;
            }
            if (kind == OPT_TIMESTAMPS && len == 10) {
                return p + 2;
            }
            p += len;
        }
        return -1;
    }

    /** TSval of the timestamps option, or -1. */
    public static long tsVal(MemorySegment s, long off, int capLen) {
        long t = timestampOffset(s, off, capLen);
        return t < 0 ? -1 : Bytes.u32(s, t);
    }

    /** TSecr of the timestamps option, or -1. */
    public static long tsEcr(MemorySegment s, long off, int capLen) {
        long t = timestampOffset(s, off, capLen);
        return t < 0 ? -1 : Bytes.u32(s, t + 4);
    }
}
