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
 * Linux NFLOG (Zeek {@code NFLog.cc}): a 4-byte header (family, version 0) then little-endian TLVs up to the payload
 * TLV (type 9), forwarded by address family (AF_INET 2, AF_INET6 10).
 */
public final class NflogLayer extends PacketLayer {
    public NflogLayer(PacketDecoder d) {
        super(d, Layers.NFLOG);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (len <= 4) {
            weird(p, PacketWeirds.TRUNCATED_NFLOG_HEADER);
            return false;
        }
        int family = u8(s, off);
        if (u8(s, off + 1) != 0) {
            weird(p, PacketWeirds.UNKNOWN_NFLOG_VERSION);
            return false;
        }
        off += 4;
        len -= 4;
        while (true) {
            if (len <= 4) {
                weird(p, PacketWeirds.NFLOG_NO_PCAP_PAYLOAD);
                return false;
            }
            int tlvLen = io.osprey.common.bytes.Bytes.u16le(s, off);
            int tlvType = io.osprey.common.bytes.Bytes.u16le(s, off + 2);
            if (tlvType == 9) {
                off += 4;
                len -= 4;
                break;
            }
            if (tlvLen < 4) {
                weird(p, PacketWeirds.NFLOG_BAD_TLV_LEN);
                return false;
            }
            int skip = (tlvLen + 3) & ~3;
            if (skip > len) {
                weird(p, PacketWeirds.NFLOG_BAD_TLV_LEN);
                return false;
            }
            off += skip;
            len -= skip;
        }
        return forward(p, off, len, family);
    }
}
