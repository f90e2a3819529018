package io.osprey.packet.link;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/** PPPoE session stage (Zeek {@code PPPoE.cc}): 6-byte header plus the PPP protocol, forwarded by it. */
public final class PppoeLayer extends PacketLayer {
    public PppoeLayer(PacketDecoder d) {
        super(d, Layers.PPPOE);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (len <= 8) {
            weird(p, PacketWeirds.TRUNCATED_PPPOE_HEADER);
            return false;
        }
        if (p.pppoeSession < 0) {
            p.pppoeSession = u16(s, off + 2);
        }
        int payload = u16(s, off + 4);
        int protocol = u16(s, off + 6);
        if (payload != len - 6) {
            if (payload < len - 6) {
                weird(p, PacketWeirds.PPPOE_EXTRA_DATA_AFTER_PAYLOAD);
            } else {
                decoder.weirdNoPacket(p, PacketWeirds.PPPOE_TRUNCATED_PAYLOAD, null, name);
            }
        }
        payload = payload >= 2 ? payload - 2 : 0;
        return forward(p, off + 8, Math.min(payload, len - 8), protocol);
    }
}
