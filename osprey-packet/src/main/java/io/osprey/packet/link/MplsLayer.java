package io.osprey.packet.link;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/** MPLS label stacks (Zeek {@code MPLS.cc}): labels up to bottom-of-stack, then IP (the default child). */
public final class MplsLayer extends PacketLayer {
    public MplsLayer(PacketDecoder d) {
        super(d, Layers.MPLS);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        boolean bottom = false;
        while (!bottom) {
            if (len <= 4) {
                weird(p, PacketWeirds.TRUNCATED_LINK_HEADER);
                return false;
            }
            bottom = (u8(p.seg, off + 2) & 0x01) != 0;
            off += 4;
            len -= 4;
        }
        return forwardDefault(p, off, len);
    }
}
