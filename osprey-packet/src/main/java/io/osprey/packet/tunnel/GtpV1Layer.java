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
 * GTPv1-U (3GPP TS 29.281, Zeek {@code GTPv1.cc} and {@code gtpv1-analyzer.pac}): a G-PDU (message type 255,
 * version 1, PT set) carries exactly one IPv4 or IPv6 datagram after the 8-byte header, the optional 4-byte
 * sequence/N-PDU/next-type word and any extension headers. Control messages are left to the connection engine.
 */
public final class GtpV1Layer extends UdpTunnelLayer {
    public static final String VIOLATION_GTP_IN_GTP = "GTP-in-GTP";
    public static final String VIOLATION_BAD_VERSION = "GTPv1 bad Version";
    public static final String VIOLATION_TRUNCATED = "Truncated GTPv1";
    public static final String VIOLATION_NON_IP = "non-IP packet in GTPv1";
    public static final String VIOLATION_BAD_IP_VERSION = "Invalid IP version in wrapped packet";
    public static final String VIOLATION_PAYLOAD_LENGTH = "GTPv1 payload length";
    public static final String VIOLATION_BINPAC = "Binpac exception: out_of_bound";

    public GtpV1Layer(PacketDecoder d) {
        super(d, Layers.GTPV1, TunnelType.GTPv1);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (len < 8) {
            violation(p, VIOLATION_BINPAC);
            return false;
        }
        int flags = u8(s, off);
        int msgType = u8(s, off + 1);
        int hdr = 8;
        if ((flags & 0x07) != 0) {
            if (len < 12) {
                violation(p, VIOLATION_BINPAC);
                return false;
            }
            hdr = 12;
            if ((flags & 0x04) != 0) {
                int next = u8(s, off + 11);
                while (next != 0) {
                    if (len < hdr + 1) {
                        violation(p, VIOLATION_BINPAC);
                        return false;
                    }
                    int ext = u8(s, off + hdr) * 4;
                    if (ext < 2 || len < hdr + ext) {
                        violation(p, VIOLATION_BINPAC);
                        return false;
                    }
                    next = u8(s, off + hdr + ext - 1);
                    hdr += ext;
                }
            }
        }
        if (p.encap.depth() >= decoder.config().tunnelMaxDepth()) {
            decoder.weirdNoPacket(p, PacketWeirds.TUNNEL_DEPTH, null, name);
            return false;
        }
        var top = p.encap.top();
        if (top != null && top.type == TunnelType.GTPv1) {
            violation(p, VIOLATION_GTP_IN_GTP);
            return false;
        }
        if ((flags >>> 5) != 1) {
            violation(p, VIOLATION_BAD_VERSION);
            return false;
        }
        if ((flags & 0x10) == 0 || msgType != 255) {
            return false;
        }
        int inner = len - hdr;
        if (inner < 20) {
            violation(p, VIOLATION_TRUNCATED);
            return false;
        }
        int v = u8(s, off + hdr) >>> 4;
        if (v != 4 && v != 6) {
            violation(p, VIOLATION_NON_IP);
            return false;
        }
        int r = IpTunnelLayer.parseInner(s, off + hdr, inner, v == 6 ? 41 : 4);
        if (r == 1) {
            violation(p, VIOLATION_BAD_IP_VERSION);
            return false;
        } else if (r == 2) {
            violation(p, VIOLATION_TRUNCATED);
            return false;
        } else if (r == 3) {
            violation(p, VIOLATION_PAYLOAD_LENGTH);
            return false;
        }
        confirmation(p);
        if (!enter(p, off + hdr, inner, off - 8)) {
            return false;
        }
        return forwardDefault(p, off + hdr, inner);
    }
}
