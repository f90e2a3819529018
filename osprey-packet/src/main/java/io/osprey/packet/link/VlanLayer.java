package io.osprey.packet.link;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/**
 * IEEE 802.1Q / 802.1ad tags (Zeek {@code VLAN.cc}): the first tag of a packet sets {@link Packet#vlan}, the second
 * {@link Packet#innerVlan}; a third overwrites the inner one with {@code triple_tagged_vlan_unsupported}.
 */
public final class VlanLayer extends PacketLayer {
    public VlanLayer(PacketDecoder d) {
        super(d, Layers.VLAN);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (len <= 4) {
            weird(p, PacketWeirds.TRUNCATED_VLAN_HEADER);
            return false;
        }
        int id = u16(s, off) & 0xFFF;
        if (p.vlan < 0) {
            p.vlan = id;
        } else {
            if (p.innerVlan >= 0) {
                weird(p, PacketWeirds.TRIPLE_TAGGED_VLAN_UNSUPPORTED, PacketWeirds.ADDL_INNER_VLAN_OVERWRITTEN);
            }
            p.innerVlan = id;
        }
        int type = u16(s, off + 2);
        if (type >= 1536) {
            return forward(p, off + 4, len - 4, type);
        }
        if (type <= 1500) {
            off += 4;
            len -= 4;
            if (len < 2) {
                weird(p, PacketWeirds.TRUNCATED_VLAN_HEADER);
                return false;
            }
            if (len > type) {
                len = type;
            }
            return EthernetLayer.forwardLlc(this, p, off, len);
        }
        weird(p, PacketWeirds.UNDEFINED_VLAN_PROTOCOL);
        return false;
    }
}
