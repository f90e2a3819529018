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
 * Linux cooked capture v1 (16-byte header, protocol at 14) and v2 (20-byte header, protocol at 0), Zeek
 * {@code LinuxSLL.cc}/{@code LinuxSLL2.cc}. Zeek takes the link-layer source address from the header; Osprey records
 * no L2 addresses for SLL (the address may be shorter than a MAC).
 */
public final class LinuxSllLayer extends PacketLayer {
    public LinuxSllLayer(PacketDecoder d, int id) {
        super(d, id);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        boolean v2 = id == Layers.LINUXSLL2;
        int hdr = v2 ? 20 : 16;
        if (hdr >= len) {
            weird(p, v2 ? PacketWeirds.TRUNCATED_LINUX_SLL2_HEADER : PacketWeirds.TRUNCATED_LINUX_SLL_HEADER);
            return false;
        }
        int protocol = u16(p.seg, off + (v2 ? 0 : 14));
        return forward(p, off + hdr, len - hdr, protocol);
    }
}
