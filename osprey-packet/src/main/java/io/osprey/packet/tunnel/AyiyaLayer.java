package io.osprey.packet.tunnel;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import io.osprey.packet.TunnelType;
import java.lang.foreign.MemorySegment;

/** AYIYA, "Anything In Anything" (Zeek {@code AYIYA.cc}): forward data (opcode 1) by its next header (4 or 41). */
public final class AyiyaLayer extends UdpTunnelLayer {
    public static final String VIOLATION_TRUNCATED = "Truncated AYIYA";

    public AyiyaLayer(PacketDecoder d) {
        super(d, Layers.AYIYA, TunnelType.AYIYA);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (!precheck(p)) {
            return false;
        }
        if (len < 8) {
            violation(p, VIOLATION_TRUNCATED);
            return false;
        }
        int hdr = 8 + (1 << (u8(s, off) >>> 4)) + (u8(s, off + 1) >>> 4) * 4;
        if (hdr > len) {
            violation(p, VIOLATION_TRUNCATED);
            return false;
        }
        if ((u8(s, off + 2) & 0x0F) != 1) {
            return true;
        }
        int next = u8(s, off + 3);
        confirmation(p);
        if (len == hdr) {
            weird(p, PacketWeirds.AYIYA_EMPTY_PACKET);
            return false;
        }
        if (!enter(p, off + hdr, len - hdr, off - 8)) {
            return false;
        }
        return forward(p, off + hdr, len - hdr, next);
    }

    /** Zeek's AYIYA content detection. */
    public static boolean detect(MemorySegment s, long off, int len) {
        return len >= 3 && u8(s, off + 1) == 0x52 && u8(s, off + 2) == 0x11;
    }
}
