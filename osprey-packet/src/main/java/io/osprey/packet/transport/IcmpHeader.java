package io.osprey.packet.transport;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443) common header read in place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Identifier (echo) / unused  |   Sequence (echo) / unused    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class IcmpHeader {
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int ID_OFFSET = 4;
    public static final int SEQ_OFFSET = 6;
    /** Zeek's ICMP_MINLEN. */
    public static final int HEADER_LENGTH = 8;

    public static final int V4_ECHO_REPLY = 0;
    public static final int V4_UNREACH = 3;
    public static final int V4_ECHO = 8;
    public static final int V4_TIME_EXCEEDED = 11;
    public static final int V6_UNREACH = 1;
    public static final int V6_PACKET_TOO_BIG = 2;
    public static final int V6_TIME_EXCEEDED = 3;
    public static final int V6_PARAM_PROBLEM = 4;
    public static final int V6_ECHO_REQUEST = 128;
    public static final int V6_ECHO_REPLY = 129;

    private IcmpHeader() {
    }

    public static int type(MemorySegment s, long off) {
        return u8(s, off + TYPE_OFFSET);
    }

    public static int code(MemorySegment s, long off) {
        return u8(s, off + CODE_OFFSET);
    }

    public static int checksum(MemorySegment s, long off) {
        return u16(s, off + CHECKSUM_OFFSET);
    }

    /** Echo identifier. */
    public static int id(MemorySegment s, long off) {
        return u16(s, off + ID_OFFSET);
    }

    /** Echo sequence number. */
    public static int seq(MemorySegment s, long off) {
        return u16(s, off + SEQ_OFFSET);
    }
}
