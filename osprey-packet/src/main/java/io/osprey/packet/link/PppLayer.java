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
 * PPP (DLT_PPP, Zeek {@code PPP.cc}: optional FF 03 HDLC address/control, then the protocol) and PPP in HDLC-like
 * framing (DLT_PPP_SERIAL, {@code PPPSerial.cc}: always 4 bytes).
 */
public final class PppLayer extends PacketLayer {
    public PppLayer(PacketDecoder d, int id) {
        super(d, id);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (id == Layers.PPPSERIAL) {
            if (len <= 4) {
                weird(p, PacketWeirds.TRUNCATED_PPP_SERIAL_HEADER);
                return false;
            }
            return forward(p, off + 4, len - 4, u16(s, off + 2));
        }
        if (len <= 2) {
            weird(p, PacketWeirds.TRUNCATED_PPP_HEADER);
            return false;
        }
        if (u8(s, off) == 0xFF && u8(s, off + 1) == 0x03) {
            if (len <= 4) {
                weird(p, PacketWeirds.TRUNCATED_PPP_HDLC_HEADER);
                return false;
            }
            return forward(p, off + 4, len - 4, u16(s, off + 2));
        }
        return forward(p, off + 2, len - 2, u16(s, off));
    }
}
