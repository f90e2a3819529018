package io.osprey.packet.transport;

import io.osprey.common.bytes.Bytes;
import io.osprey.common.net.Addr;
import io.osprey.packet.Packet;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Internet checksums (RFC 1071) over packet bytes, summing 8 bytes per step. All methods are static, allocation-free
 * and bounds-safe as long as the caller passes captured ranges.
 *
 * <p>Convention: {@code *Sum} methods return the folded 16-bit one's-complement sum (Zeek's {@code in_cksum}); a
 * received header or segment is valid when the sum over it, checksum field included, is {@code 0xFFFF}. The
 * {@code *Valid} helpers do that test; {@link #checksum(int)} turns a sum over data with a zeroed field into the value
 * to transmit.
 *
 * <ul>
 *   <li>IPv4 header: {@link #ipv4HeaderValid}.</li>
 *   <li>TCP / UDP / ICMPv6: pseudo-header (RFC 793 §3.1, RFC 768, RFC 8200 §8.1) + segment,
 *       {@link #tcpValid}, {@link #udpValid}, {@link #icmpValid}.</li>
 *   <li>UDP over IPv4 with a checksum of 0 carries none: {@link #udpValid} returns true. A transmitted 0xFFFF (the
 *       encoding of a computed 0) is valid. Over IPv6 the checksum is mandatory.</li>
 *   <li>ICMPv4 has no pseudo-header.</li>
 * </ul>
 */
public final class Checksums {
    private static final ValueLayout.OfLong BE64 = Bytes.BE64;

    private Checksums() {
    }

    /** Native-order (little-endian on x86/ARM) 64-bit loads: no byte swap per word, see {@link #sum}. */
    private static final ValueLayout.OfLong NATIVE64 = ValueLayout.JAVA_LONG_UNALIGNED;

    /**
     * Folded one's-complement sum of {@code len} bytes at {@code off}, added to {@code initial} (a partial sum).
     *
     * <p>This is the hottest loop of connection analysis (every payload byte of every TCP/UDP packet), so it is
     * written for the JIT: an {@code int}-indexed loop (long-indexed loops defeat range-check elimination), 16
     * bytes per step into two independent accumulators, and loads in the machine's byte order. RFC 1071 §2(B): the
     * one's-complement sum is byte-order independent, so summing byte-swapped words and swapping the folded
     * result gives the same value as summing big-endian words.
     */
    public static int sum(MemorySegment s, long off, int len, long initial) {
        long acc0 = 0;
        long acc1 = 0;
        int n16 = len & ~15;
        int i = 0;
        for (; i < n16; i += 16) {
            long a = s.get(NATIVE64, off + i);
            long b = s.get(NATIVE64, off + i + 8);
            acc0 += (a >>> 32) + (a & 0xFFFF_FFFFL);
            acc1 += (b >>> 32) + (b & 0xFFFF_FFFFL);
        }
        long acc = initial;
        if (n16 != 0) {
            int folded = fold(acc0 + acc1);
            acc += java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN ? folded
                    : Integer.reverseBytes(folded) >>> 16;
        }
        long o = off + i;
        long end = off + len;
        if (end - o >= 8) {
            long v = s.get(BE64, o);
            acc += (v >>> 32) + (v & 0xFFFF_FFFFL);
            o += 8;
        }
        if (end - o >= 4) {
            acc += Integer.toUnsignedLong(s.get(Bytes.BE32, o));
            o += 4;
        }
        if (end - o >= 2) {
            acc += Short.toUnsignedInt(s.get(Bytes.BE16, o));
            o += 2;
        }
        if (end - o == 1) {
            acc += Bytes.u8(s, o) << 8;
        }
        return fold(acc);
    }

    /** Folds a 64-bit accumulator to 16 bits with end-around carry. */
    public static int fold(long acc) {
        acc = (acc >>> 32) + (acc & 0xFFFF_FFFFL);
        acc = (acc >>> 32) + (acc & 0xFFFF_FFFFL);
        acc = (acc >>> 16) + (acc & 0xFFFF);
        acc = (acc >>> 16) + (acc & 0xFFFF);
        acc = (acc >>> 16) + (acc & 0xFFFF);
        return (int) acc;
    }

    /** The checksum to transmit for a sum computed with the checksum field set to zero. */
    public static int checksum(int sum) {
        return ~sum & 0xFFFF;
    }

    /** True when the IPv4 header of {@code ihl} bytes at {@code off} has a correct header checksum. */
    public static boolean ipv4HeaderValid(MemorySegment s, long off, int ihl) {
        return sum(s, off, ihl, 0) == 0xFFFF;
    }

    /** Partial sum of the IPv4 pseudo-header (addresses as ints, protocol, transport length). */
    public static long pseudoV4(int src, int dst, int proto, int len) {
        return (Integer.toUnsignedLong(src) >>> 16) + (src & 0xFFFF) + (Integer.toUnsignedLong(dst) >>> 16)
                + (dst & 0xFFFF) + proto + len;
    }

    /** Partial sum of the IPv6 pseudo-header (addresses as hi/lo longs, 32-bit length, next header). */
    public static long pseudoV6(long srcHi, long srcLo, long dstHi, long dstLo, int proto, long len) {
        return words(srcHi) + words(srcLo) + words(dstHi) + words(dstLo) + (len >>> 16) + (len & 0xFFFF) + proto;
    }

    private static long words(long v) {
        return (v >>> 48) + ((v >>> 32) & 0xFFFF) + ((v >>> 16) & 0xFFFF) + (v & 0xFFFF);
    }

    /** Partial pseudo-header sum for the current IP layer of {@code p} and {@code len} transport bytes. */
    public static long pseudo(Packet p, int proto, int len) {
        if (p.ipVersion == 4) {
            return pseudoV4(Addr.v4(p.srcLo), Addr.v4(p.dstLo), proto, len);
        }
        return pseudoV6(p.srcHi, p.srcLo, p.dstHi, p.dstLo, proto, len);
    }

    /**
     * Folded sum over the transport segment of {@code p} ({@code len} bytes at {@link Packet#l4Offset}) plus the
     * pseudo-header for {@code proto}. Valid when 0xFFFF. The caller makes sure {@code len} bytes were captured.
     */
    public static int transportSum(Packet p, int proto, int len) {
        return sum(p.seg, p.l4Offset, len, pseudo(p, proto, len));
    }

    /** TCP checksum check over {@code len} segment bytes (Zeek: only when the whole segment was captured). */
    public static boolean tcpValid(Packet p, int len) {
        return transportSum(p, 6, len) == 0xFFFF;
    }

    /** UDP checksum check; over IPv4 a zero checksum means "none" and is valid. */
    public static boolean udpValid(Packet p, int len) {
        if (p.ipVersion == 4 && Bytes.u16(p.seg, p.l4Offset + 6) == 0) {
            return true;
        }
        return transportSum(p, 17, len) == 0xFFFF;
    }

    /** ICMP (protocol 1: no pseudo-header) or ICMPv6 (pseudo-header with next header 58) checksum check. */
    public static boolean icmpValid(Packet p, int len) {
        if (p.ipProto == 1) {
            return sum(p.seg, p.l4Offset, len, 0) == 0xFFFF;
        }
        return transportSum(p, 58, len) == 0xFFFF;
    }
}
