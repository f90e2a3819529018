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
 * IEEE 802.1ah Provider Backbone Bridging (Zeek {@code PBB.cc}): skips the 4-byte I-TAG and decodes the customer
 * Ethernet frame that follows (whose addresses then replace the backbone ones, as in Zeek).
 */
public final class PbbLayer extends PacketLayer {
    public PbbLayer(PacketDecoder d) {
        super(d, Layers.PBB);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (18 >= len) {
            weird(p, PacketWeirds.TRUNCATED_PBB_HEADER);
            return false;
        }
        return forwardDefault(p, off + 4, len - 4);
    }
}
