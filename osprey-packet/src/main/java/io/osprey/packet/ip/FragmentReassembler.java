package io.osprey.packet.ip;

import io.osprey.packet.Packet;
import io.osprey.packet.WeirdSink;

/**
 * IPv4 and IPv6 fragment reassembly (Zeek's {@code FragReassembler}), bounded in memory.
 *
 * <p>Contract with the IP layers: they call {@link #reassembleV4} / {@link #reassembleV6} for a fragment whose IP
 * fields are already decoded into the {@link Packet}. When the call completes a datagram it returns true and
 * points {@code p.seg}/{@code p.l3Offset} at a complete, unfragmented datagram in the reassembler's own buffer
 * (an IPv4 header with MF=0, offset 0 and the full total length; or an IPv6 header whose payload length is fixed
 * and whose fragment header has been removed), sets {@code p.reassembled}, and the caller re-decodes the IP layer
 * from {@code p.l3Offset}. Otherwise it returns false and the fragment is held (or dropped with a weird).
 *
 * <p>THIS IS A PLACEHOLDER: it holds nothing and never completes a datagram.
 */
public final class FragmentReassembler {
    public FragmentReassembler(WeirdSink weirds) {
    }

    /** Feeds an IPv4 fragment (MF set or offset != 0). */
    public boolean reassembleV4(Packet p) {
        return false;
    }

    /**
     * Feeds an IPv6 fragment.
     *
     * @param fragHeaderOffset offset of the Fragment extension header in {@code p.seg}
     * @param prevNextHeaderOffset offset of the byte that holds the Next Header value pointing at the fragment
     *                             header (in the IPv6 header or the previous extension header)
     */
    public boolean reassembleV6(Packet p, long fragHeaderOffset, long prevNextHeaderOffset) {
        return false;
    }

    /** Drops reassembly state older than the timeout, relative to network time {@code nowNanos}. */
    public void expire(long nowNanos) {
    }
}
