package io.osprey.packet.link;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/** Cisco VN-Tag (Zeek {@code VNTag.cc}): 6 bytes, the EtherType after the tag at offset 4. */
public final class VntagLayer extends PacketLayer {
    public VntagLayer(PacketDecoder d) {
        super(d, Layers.VNTAG);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (len <= 6) {
            weird(p, PacketWeirds.TRUNCATED_VNTAG_HEADER);
            return false;
        }
        return forward(p, off + 6, len - 6, u16(p.seg, off + 4));
    }
}
