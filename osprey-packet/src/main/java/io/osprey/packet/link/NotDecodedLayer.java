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
 * A layer Zeek has but Osprey does not decode yet (IEEE 802.11, radiotap, FDDI): the frame goes to
 * {@link io.osprey.packet.PacketSink#nonIp} as that layer, without weirds. A documented gap.
 */
public final class NotDecodedLayer extends PacketLayer {
    public NotDecodedLayer(PacketDecoder d, int id) {
        super(d, id);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        decoder.sink().nonIp(p, name, -1);
        return false;
    }
}
