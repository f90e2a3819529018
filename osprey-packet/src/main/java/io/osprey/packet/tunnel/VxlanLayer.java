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

/** VXLAN (RFC 7348, Zeek {@code VXLAN.cc}): 8-byte header with the I flag, then an Ethernet frame. */
public final class VxlanLayer extends UdpTunnelLayer {
    public static final String VIOLATION_TRUNCATED = "VXLAN header truncation";
    public static final String VIOLATION_I_FLAG = "VXLAN 'I' flag not set";

    public VxlanLayer(PacketDecoder d) {
        super(d, Layers.VXLAN, TunnelType.VXLAN);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (!precheck(p)) {
            return false;
        }
        if (len < 8) {
            violation(p, VIOLATION_TRUNCATED, off, len);
            return false;
        }
        if ((u8(p.seg, off) & 0x08) == 0) {
            violation(p, VIOLATION_I_FLAG, off, len);
            return false;
        }
        confirmation(p);
        if (len == 8) {
            weird(p, PacketWeirds.VXLAN_EMPTY_PACKET);
            return false;
        }
        if (!enter(p, off + 8, len - 8, off - 8)) {
            return false;
        }
        return forwardDefault(p, off + 8, len - 8);
    }
}
