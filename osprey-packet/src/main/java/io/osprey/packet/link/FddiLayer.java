package io.osprey.packet.link;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/** FDDI (DLT 10, Zeek {@code FDDI.cc}): skips the 13-byte FDDI and 8-byte LLC/SNAP headers, then IP. */
public final class FddiLayer extends PacketLayer {
    public FddiLayer(PacketDecoder d) {
        super(d, Layers.FDDI);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (21 >= len) {
            decoder.weirdNoPacket(p, PacketWeirds.FDDI_ANALYZER_FAILED, null, name);
            return false;
        }
        return forwardDefault(p, off + 21, len - 21);
    }
}
