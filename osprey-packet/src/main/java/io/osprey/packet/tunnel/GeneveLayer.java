package io.osprey.packet.tunnel;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import io.osprey.packet.TunnelType;
import java.lang.foreign.MemorySegment;

/**
 * Geneve (RFC 8926, Zeek {@code Geneve.cc}): version 0, options skipped, then forwarded by the protocol type
 * (0x6558 Ethernet, 0x0800/0x86DD IP, 0x0806 ARP).
 */
public final class GeneveLayer extends UdpTunnelLayer {
    public static final String VIOLATION_TRUNCATED = "Geneve header truncation";
    public static final String VIOLATION_OPT_TRUNCATED = "Geneve option header truncation";
    private static final String[] VERSIONS = {"0", "1", "2", "3"};

    public GeneveLayer(PacketDecoder d) {
        super(d, Layers.GENEVE, TunnelType.GENEVE);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (!precheck(p)) {
            return false;
        }
        if (len < 8) {
            violation(p, VIOLATION_TRUNCATED, off, len);
            return false;
        }
        int version = u8(s, off) >>> 6;
        if (version != 0) {
            weird(p, PacketWeirds.GENEVE_INVALID_VERSION, VERSIONS[version]);
            return false;
        }
        int hdr = 8 + (u8(s, off) & 0x3F) * 4;
        if (hdr > len) {
            violation(p, VIOLATION_OPT_TRUNCATED, off, len);
            return false;
        }
        int next = u16(s, off + 2);
        confirmation(p);
        if (len == hdr) {
            weird(p, PacketWeirds.GENEVE_EMPTY_PACKET);
            return false;
        }
        if (!enter(p, off + hdr, len - hdr, off - 8)) {
            return false;
        }
        return forward(p, off + hdr, len - hdr, next);
    }
}
