package io.osprey.packet.tunnel;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import io.osprey.packet.TunnelType;
import io.osprey.packet.ip.IpTunnelLayer;
import java.lang.foreign.MemorySegment;

/**
 * GRE (RFC 2784/2890) and enhanced GRE v1 (PPTP, RFC 2637), Zeek {@code GRE.cc}: version 0 carrying IP (or anything
 * Zeek then parses as IP), transparent Ethernet bridging (0x6558), ERSPAN type II (0x88BE) and III (0x22EB), Aruba
 * 802.11 (not decoded further); version 1 carrying PPP with IPv4/IPv6. Sets the GRE state the IP tunnel layer uses.
 */
public final class GreLayer extends PacketLayer {
    private static final String[] VERSIONS = {"version=0", "version=1", "version=2", "version=3", "version=4",
        "version=5", "version=6", "version=7"};

    public GreLayer(PacketDecoder d) {
        super(d, Layers.GRE);
    }

    private static int headerLen(int flags) {
        int len = 4;
        if ((flags & 0x8000) != 0) {
            len += 4;
        }
        if ((flags & 0x2000) != 0) {
            len += 4;
        }
        if ((flags & 0x1000) != 0) {
            len += 4;
        }
        if ((flags & 0x0080) != 0) {
            len += 4;
        }
        return len;
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (len < 4) {
            weird(p, PacketWeirds.TRUNCATED_GRE);
            return false;
        }
        int proto = p.ipProto;
        int linkType = 12;
        int flags = u16(s, off);
        int type = u16(s, off + 2);
        int version = flags & 0x7;
        int ethLen = 0;
        int greLen = headerLen(flags);
        int pptpLen = version == 1 ? 4 : 0;
        int erspanLen = 0;
        if (version != 0 && version != 1) {
            weird(p, PacketWeirds.UNKNOWN_GRE_VERSION, VERSIONS[version]);
            return false;
        }
        if (version == 0) {
            if (type == 0x6558) {
                if (len > greLen + 14) {
                    ethLen = 14;
                    linkType = 1;
                } else {
                    weird(p, PacketWeirds.TRUNCATED_GRE);
                    return false;
                }
            } else if (type == 0x88BE) {
                if (len > greLen + 14) {
                    ethLen = 14;
                    linkType = 1;
                    if ((flags & 0x1000) == 0x1000) {
                        erspanLen += 8;
                        if (len < greLen + ethLen + erspanLen) {
                            weird(p, PacketWeirds.TRUNCATED_GRE);
                            return false;
                        }
                    }
                } else {
                    weird(p, PacketWeirds.TRUNCATED_GRE);
                    return false;
                }
            } else if (type == 0x22EB) {
                if (len > greLen + 14 + 12) {
                    erspanLen = 12;
                    ethLen = 14;
                    linkType = 1;
                    if ((u8(s, off + greLen + erspanLen - 1) & 0x01) == 0x01) {
                        if (len > greLen + erspanLen + 8 + ethLen) {
                            erspanLen += 8;
                        } else {
                            weird(p, PacketWeirds.TRUNCATED_GRE);
                            return false;
                        }
                    }
                } else {
                    weird(p, PacketWeirds.TRUNCATED_GRE);
                    return false;
                }
            } else if (((type & 0x8200) == 0x8200 && (type & 0x0F) == 0)
                    || ((type & 0x8300) == 0x8300 && (type & 0x0F) == 0 && type <= 0x8370) || type == 0x9000) {
                if (len <= greLen) {
                    weird(p, PacketWeirds.TRUNCATED_GRE);
                    return false;
                }
                linkType = 105;
                proto = type;
            } else {
                proto = type;
            }
        } else if (type != 0x880B) {
            weird(p, PacketWeirds.EGRE_PROTOCOL_TYPE, PacketWeirds.protoAddl(type));
            return false;
        }
        if ((flags & 0x4000) != 0) {
            weird(p, PacketWeirds.GRE_ROUTING);
            return false;
        }
        if ((flags & 0x0078) != 0) {
            weird(p, PacketWeirds.UNKNOWN_GRE_FLAGS);
            return false;
        }
        if (len < greLen + pptpLen + ethLen + erspanLen) {
            weird(p, PacketWeirds.TRUNCATED_GRE);
            return false;
        }
        if (version == 1) {
            int ppp = u16(s, off + greLen + 2);
            if (ppp != 0x0021 && ppp != 0x0057) {
                weird(p, PacketWeirds.NON_IP_PACKET_IN_ENCAP);
                return false;
            }
            proto = ppp == 0x0021 ? 4 : 41;
        }
        int skip = greLen + pptpLen + erspanLen;
        decoder.tunnelType = TunnelType.GRE;
        decoder.greVersion = version;
        decoder.greLinkType = linkType;
        p.ipProto = proto;
        forward(p, off + skip, len - skip, proto);
        return true;
    }
}
