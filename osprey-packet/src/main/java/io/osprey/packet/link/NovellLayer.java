package io.osprey.packet.link;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/** Novell raw 802.3 (Zeek {@code Novell_802_3.cc}): no child, so Zeek raises {@code no_suitable_analyzer_found}. */
public final class NovellLayer extends PacketLayer {
    public NovellLayer(PacketDecoder d) {
        super(d, Layers.NOVELL_802_3);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        return forwardDefault(p, off, len);
    }
}
