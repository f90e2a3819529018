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
 * Ethernet II and IEEE 802.3 (Zeek {@code Ethernet.cc}). Records the frame's MAC addresses (the outermost Ethernet
 * header of the current packet; an inner packet of a tunnel starts with none, as Zeek's fresh inner packet does),
 * skips a Cisco FabricPath header (0x8903), and forwards by EtherType; an 802.3 length field trims the payload and
 * forwards to SNAP (AA AA), Novell raw 802.3 (FF FF) or LLC.
 */
public final class EthernetLayer extends PacketLayer {
    public EthernetLayer(PacketDecoder d) {
        super(d, Layers.ETHERNET);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (len <= 16) {
            weird(p, PacketWeirds.TRUNCATED_ETHERNET_FRAME);
            return false;
        }
        if (u8(s, off + 12) == 0x89 && u8(s, off + 13) == 0x03) {
            // Cisco FabricPath: a 16-byte outer header before the classic Ethernet header.
            if (16 + 14 >= len) {
                weird(p, PacketWeirds.TRUNCATED_LINK_HEADER_CFP);
                return false;
            }
            off += 16;
            len -= 16;
        }
        int type = u16(s, off + 12);
        // Zeek overwrites l2 addresses at every Ethernet layer of a packet (PBB's inner header included).
        p.hasL2 = true;
        p.l2Dst = mac(s, off);
        p.l2Src = mac(s, off + 6);
        if (type >= 1536) {
            return forward(p, off + 14, len - 14, type);
        }
        if (type <= 1500) {
            off += 14;
            len -= 14;
            if (len < 2) {
                weird(p, PacketWeirds.TRUNCATED_ETHERNET_FRAME);
                return false;
            }
            if (len > type) {
                len = type;
            }
            return forwardLlc(this, p, off, len);
        }
        weird(p, PacketWeirds.UNDEFINED_ETHER_TYPE);
        return false;
    }

    static boolean forwardLlc(PacketLayer l, Packet p, long off, int len) {
        int a = u8(p.seg, off);
        int b = u8(p.seg, off + 1);
        long key = a == 0xAA && b == 0xAA ? 1 : a == 0xFF && b == 0xFF ? 2 : 3;
        return l.forwardKey(p, off, len, key);
    }

    /** The 48-bit MAC at {@code off} in the low bits of a long. */
    public static long mac(MemorySegment s, long off) {
        return ((long) u16(s, off) << 32) | io.osprey.common.bytes.Bytes.u32(s, off + 2);
    }
}
