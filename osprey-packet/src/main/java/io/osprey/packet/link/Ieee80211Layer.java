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
 * IEEE 802.11 data frames (Zeek {@code IEEE802_11.cc}): skips management/control frames and protected frames,
 * handles the 4-address form, QoS and A-MSDU aggregates (each subframe decoded in turn, the tunnel stack restored
 * between them), records the frame's source and destination addresses, and forwards LLC/SNAP-encapsulated EtherTypes.
 */
public final class Ieee80211Layer extends PacketLayer {
    public Ieee80211Layer(PacketDecoder d) {
        super(d, Layers.IEEE802_11);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        int hdr = 24;
        if (hdr >= len) {
            weird(p, PacketWeirds.TRUNCATED_802_11_HEADER);
            return false;
        }
        int fc = u8(s, off);
        int flags = u8(s, off + 1);
        if (((fc >>> 2) & 0x02) == 0) {
            return false; // not a data frame
        }
        if (((fc >>> 4) & 0x04) != 0) {
            return false; // null-function frames carry no data
        }
        if ((flags & 0x03) == 0x03) {
            hdr += 6;
        }
        if (hdr >= len) {
            weird(p, PacketWeirds.TRUNCATED_802_11_HEADER);
            return false;
        }
        boolean amsdu = false;
        if (((fc >>> 4) & 0x08) != 0) {
            amsdu = (u8(s, off + hdr) & 0x80) == 0x80;
            if ((flags & 0x40) != 0) {
                return true; // protected: encrypted payload
            }
            hdr += 2;
        }
        if (hdr >= len) {
            weird(p, PacketWeirds.TRUNCATED_802_11_HEADER);
            return false;
        }
        long src;
        long dst;
        switch (flags & 0x03) {
            case 0x00 -> {
                src = off + 10;
                dst = off + 4;
            }
            case 0x01 -> {
                src = off + 10;
                dst = off + 16;
            }
            case 0x02 -> {
                src = off + 16;
                dst = off + 4;
            }
            default -> {
                src = off + 24;
                dst = off + 16;
            }
        }
        p.hasL2 = true;
        p.l2Src = EthernetLayer.mac(s, src);
        p.l2Dst = EthernetLayer.mac(s, dst);
        off += hdr;
        len -= hdr;
        if (!amsdu) {
            return inner(p, off, len);
        }
        int encapDepth = p.encap.depth();
        while (len > 0) {
            if (len < 14) {
                weird(p, PacketWeirds.TRUNCATED_802_11_AMSDU_HEADER);
                return false;
            }
            int sub = u16(s, off + 12);
            if (len < sub + 14) {
                weird(p, PacketWeirds.TRUNCATED_802_11_AMSDU_PACKET);
                return false;
            }
            off += 14;
            len -= 14;
            if (!inner(p, off, sub)) {
                weird(p, PacketWeirds.INVALID_802_11_AMSDU_INNER_PACKET);
                return false;
            }
            off += sub;
            len -= sub;
            int pad = sub % 4;
            if (len >= pad) {
                off += pad;
                len -= pad;
            }
            while (p.encap.depth() > encapDepth) {
                p.encap.pop();
            }
        }
        return true;
    }

    private boolean inner(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (len < 8) {
            weird(p, PacketWeirds.TRUNCATED_802_11_LLC_HEADER);
            return false;
        }
        if (u8(s, off) != 0xAA || u8(s, off + 1) != 0xAA || u8(s, off + 2) != 0x03 || u8(s, off + 3) != 0
                || u8(s, off + 4) != 0 || u8(s, off + 5) != 0) {
            return false;
        }
        return forward(p, off + 8, len - 8, u16(s, off + 6));
    }
}
