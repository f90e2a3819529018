package io.osprey.engine.conn;

import io.osprey.common.bytes.Bytes;
import io.osprey.packet.Packet;

import java.lang.foreign.MemorySegment;

/** Transport checksum verification with the IPv4/IPv6 pseudo-header (RFC 768, RFC 793, RFC 8200 §8.1). */
final class L4Checksums {
    private L4Checksums() {
    }

    /** True when the {@code len}-byte transport segment of {@code p} (protocol {@code proto}) sums to 0xFFFF. */
    static boolean valid(Packet p, int proto, int len) {
        long sum = 0;
        if (proto != Connection.ICMP) {
            if (p.ipVersion == 4) {
                sum += ((p.srcLo >>> 16) & 0xFFFF) + (p.srcLo & 0xFFFF) + ((p.dstLo >>> 16) & 0xFFFF) + (p.dstLo & 0xFFFF);
            } else {
                sum += words(p.srcHi) + words(p.srcLo) + words(p.dstHi) + words(p.dstLo);
            }
            sum += proto + len;
        }
        sum += sumBytes(p.seg, p.l4Offset, len);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum == 0xFFFF;
    }

    private static long words(long v) {
        return ((v >>> 48) & 0xFFFF) + ((v >>> 32) & 0xFFFF) + ((v >>> 16) & 0xFFFF) + (v & 0xFFFF);
    }

    private static long sumBytes(MemorySegment s, long off, int len) {
        long sum = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            sum += words(Bytes.i64(s, off + i));
        }
        for (; i + 2 <= len; i += 2) {
            sum += Bytes.u16(s, off + i);
        }
        if (i < len) {
            sum += Bytes.u8(s, off + i) << 8;
        }
        return sum;
    }
}
