package io.osprey.packet.link;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/** Radiotap (DLT 127, Zeek {@code IEEE802_11_Radio.cc}): skips the little-endian header length, then 802.11. */
public final class RadiotapLayer extends PacketLayer {
    public RadiotapLayer(PacketDecoder d) {
        super(d, Layers.IEEE802_11_RADIO);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (3 >= len) {
            weird(p, PacketWeirds.TRUNCATED_RADIOTAP_HEADER);
            return false;
        }
        int hl = io.osprey.common.bytes.Bytes.u16le(p.seg, off + 2);
        if (hl >= len) {
            weird(p, PacketWeirds.TRUNCATED_RADIOTAP_HEADER);
            return false;
        }
        return forward(p, off + hl, len - hl, 105);
    }
}
