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
 * ARP/RARP (Zeek {@code ARP.cc}): only the length checks that raise {@code truncated_ARP}; a complete ARP packet is
 * handed to {@link io.osprey.packet.PacketSink#nonIp} as layer "ARP" with its EtherType-free protocol 0x0806.
 */
public final class ArpLayer extends PacketLayer {
    public ArpLayer(PacketDecoder d) {
        super(d, Layers.ARP);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (len < 8) {
            weird(p, PacketWeirds.TRUNCATED_ARP);
            return false;
        }
        int hln = u8(p.seg, off + 4);
        int pln = u8(p.seg, off + 5);
        if (8 + 2 * hln + 2 * pln > len) {
            weird(p, PacketWeirds.TRUNCATED_ARP);
            return false;
        }
        decoder.sink().nonIp(p, name, 0x0806);
        return true;
    }
}
