package io.osprey.packet.ip;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/**
 * IP-level tunnels (Zeek {@code IPTunnel.cc}): IPv4/IPv6 in IPv4/IPv6 (protocols 4 and 41, RFC 2003/4213) and what
 * GRE hands on. The outer datagram is not delivered to the sink; an {@link io.osprey.packet.EncapStack.Entry} of type
 * IP or GRE with the outer addresses is pushed and the inner packet decoded from scratch (no L2, no VLAN), from IP
 * or, for GRE carrying Ethernet (TEB, ERSPAN), from Ethernet.
 */
public final class IpTunnelLayer extends PacketLayer {
    /** Zeek's {@code ParseResult}. */
    static final int OK = 0;
    static final int BAD_PROTOCOL = 1;
    static final int CAPLEN_TOO_SMALL = 2;
    static final int CAPLEN_TOO_LARGE = 3;

    public IpTunnelLayer(PacketDecoder d) {
        super(d, Layers.IPTUNNEL);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (p.encap.depth() >= decoder.config().tunnelMaxDepth()) {
            weird(p, PacketWeirds.EXCEEDED_TUNNEL_MAX_DEPTH);
            return false;
        }
        int gre = decoder.greVersion;
        int linkType = decoder.greLinkType;
        int innerLen = len;
        if (gre != 0) {
            int r = parseInner(p.seg, off, len, p.ipProto);
            if (r == BAD_PROTOCOL) {
                weird(p, PacketWeirds.INVALID_INNER_IP_VERSION);
            } else if (r == CAPLEN_TOO_SMALL) {
                weird(p, PacketWeirds.TRUNCATED_INNER_IP);
            } else if (r == CAPLEN_TOO_LARGE) {
                weird(p, PacketWeirds.INNER_IP_PAYLOAD_LENGTH_MISMATCH);
            }
            if (r != OK) {
                return false;
            }
            innerLen = innerTotal(p.seg, off, p.ipProto);
        }
        if (!decoder.pushIpTunnel(p, decoder.tunnelType)) {
            return false;
        }
        decoder.enterInnerIp(p, off, innerLen);
        if (gre == 0) {
            return decoder.forward(Layers.ROOT, p, off, innerLen, linkType, true);
        }
        return forwardDefault(p, off, innerLen);
    }

    /**
     * Zeek's {@code IP::ParsePacket}: is there exactly one IP datagram of the given protocol (4 or 41) in
     * {@code caplen} bytes?
     */
    public static int parseInner(MemorySegment s, long off, int caplen, int proto) {
        if (proto == 41) {
            if (caplen < 40) {
                return CAPLEN_TOO_SMALL;
            }
            if ((u8(s, off) & 0xF0) != 0x60) {
                return BAD_PROTOCOL;
            }
        } else if (proto == 4) {
            if (caplen < 20) {
                return BAD_PROTOCOL;
            }
            if (u8(s, off) >>> 4 != 4) {
                return BAD_PROTOCOL;
            }
        } else {
            return BAD_PROTOCOL;
        }
        int total = innerTotal(s, off, proto);
        if (caplen != total) {
            return caplen < total ? CAPLEN_TOO_SMALL : CAPLEN_TOO_LARGE;
        }
        return OK;
    }

    /** Total length of the inner datagram per its header. */
    public static int innerTotal(MemorySegment s, long off, int proto) {
        return proto == 41 ? u16(s, off + 4) + 40 : u16(s, off + 2);
    }
}
