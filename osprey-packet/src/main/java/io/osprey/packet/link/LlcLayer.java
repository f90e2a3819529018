package io.osprey.packet.link;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/** IEEE 802.2 LLC (Zeek {@code LLC.cc}): checked, then forwarded by DSAP, for which Zeek registers nothing. */
public final class LlcLayer extends PacketLayer {
    public LlcLayer(PacketDecoder d) {
        super(d, Layers.LLC);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (len < 3) {
            weird(p, PacketWeirds.TRUNCATED_LLC_HEADER);
            return false;
        }
        int hdr = (u8(p.seg, off + 2) & 0x03) != 0x03 ? 4 : 3;
        if (len < hdr) {
            weird(p, PacketWeirds.TRUNCATED_LLC_HEADER);
            return false;
        }
        // Zeek forwards the whole LLC frame, keyed by DSAP.
        return forward(p, off, len, u8(p.seg, off));
    }
}
