package io.osprey.packet.transport;

import static io.osprey.common.bytes.Bytes.u16;

import java.lang.foreign.MemorySegment;

/**
 * UDP header (RFC 768) read in place.
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |   Source Port   |    Dest Port    |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * </pre>
 */
public final class UdpHeader {
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;

    private UdpHeader() {
    }

    public static int srcPort(MemorySegment s, long off) {
        return u16(s, off + SRC_PORT_OFFSET);
    }

    public static int dstPort(MemorySegment s, long off) {
        return u16(s, off + DST_PORT_OFFSET);
    }

    /** The length field (header + data). */
    public static int length(MemorySegment s, long off) {
        return u16(s, off + LENGTH_OFFSET);
    }

    /** The checksum field (0 over IPv4 = none). */
    public static int checksum(MemorySegment s, long off) {
        return u16(s, off + CHECKSUM_OFFSET);
    }
}
