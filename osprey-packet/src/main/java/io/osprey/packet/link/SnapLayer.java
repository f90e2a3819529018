package io.osprey.packet.link;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/** 802.2 LLC + SNAP (Zeek {@code SNAP.cc}): forwarded by (OUI &lt;&lt; 16 | protocol); OUI 0 carries EtherTypes. */
public final class SnapLayer extends PacketLayer {
    public SnapLayer(PacketDecoder d) {
        super(d, Layers.SNAP);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (len < 3) {
            weird(p, PacketWeirds.TRUNCATED_SNAP_LLC_HEADER);
            return false;
        }
        int llc = (u8(s, off + 2) & 0x03) != 0x03 ? 4 : 3;
        if (len < llc + 5) {
            weird(p, PacketWeirds.TRUNCATED_SNAP_HEADER);
            return false;
        }
        off += llc;
        len -= llc;
        long oui = ((long) u8(s, off) << 16) | (u8(s, off + 1) << 8) | u8(s, off + 2);
        int protocol = u16(s, off + 3);
        return forward(p, off + 5, len - 5, (oui << 16) | protocol);
    }
}
