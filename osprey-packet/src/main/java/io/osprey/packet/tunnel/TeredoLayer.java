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
 * Teredo (RFC 4380, Zeek {@code Teredo.cc}): optional authentication and origin indication, then exactly one IPv6
 * datagram. Zeek's checks: a bubble (No Next Header, payload length 0) followed by more bytes raises the connection
 * weird {@code Teredo_bubble_with_payload}; any other length mismatch is a violation.
 */
public final class TeredoLayer extends UdpTunnelLayer {
    public static final String VIOLATION_BAD = "Bad Teredo encapsulation";
    public static final String VIOLATION_LENGTH = "Teredo payload length";
    public static final String VIOLATION_TRUNCATED = "Truncated Teredo or invalid inner IP version";

    // parse results (scratch)
    private long innerOff;
    private int innerLen;

    public TeredoLayer(PacketDecoder d) {
        super(d, Layers.TEREDO, TunnelType.TEREDO);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (!precheck(p)) {
            return false;
        }
        if (!parse(p, off, len, false, false)) {
            violation(p, VIOLATION_BAD, off, len);
            return false;
        }
        MemorySegment s = p.seg;
        int r = IpTunnelLayer.parseInner(s, innerOff, innerLen, 41);
        if (r == 3) {
            if (u8(s, innerOff + 6) == 59 && u16(s, innerOff + 4) == 0) {
                decoder.weirdConn(p, PacketWeirds.TEREDO_BUBBLE_WITH_PAYLOAD, null, name);
            } else {
                violation(p, VIOLATION_LENGTH, off, len);
                return false;
            }
        }
        if (r == 1 || r == 2) {
            violation(p, VIOLATION_TRUNCATED, off, len);
            return false;
        }
        confirmation(p);
        long io = innerOff;
        int il = innerLen;
        if (!enter(p, io, il, off - 8)) {
            return false;
        }
        return forwardDefault(p, io, il);
    }

    private void teredoWeird(Packet p, String w) {
        // Zeek reports these only once the analyzer is confirmed on the connection.
        if (decoder.sink().tunnelConfirmed(p, name)) {
            decoder.weirdConn(p, w, null, name);
        }
    }

    private boolean parse(Packet p, long off, int len, boolean origin, boolean auth) {
        MemorySegment s = p.seg;
        while (true) {
            if (len < 2) {
                teredoWeird(p, PacketWeirds.TRUNCATED_TEREDO);
                return false;
            }
            int tag = u16(s, off);
            if (tag == 0) {
                if (origin) {
                    return false;
                }
                if (len < 8) {
                    teredoWeird(p, PacketWeirds.TRUNCATED_TEREDO_ORIGIN_INDICATION);
                    return false;
                }
                origin = true;
                off += 8;
                len -= 8;
            } else if (tag == 1) {
                if (origin || auth) {
                    return false;
                }
                if (len < 4) {
                    teredoWeird(p, PacketWeirds.TRUNCATED_TEREDO_AUTHENTICATION);
                    return false;
                }
                int tot = 4 + u8(s, off + 2) + u8(s, off + 3) + 8 + 1;
                if (len < tot) {
                    teredoWeird(p, PacketWeirds.TRUNCATED_TEREDO_AUTHENTICATION);
                    return false;
                }
                auth = true;
                off += tot;
                len -= tot;
            } else if ((tag & 0xF000) >>> 12 == 6) {
                if (len < 40) {
                    teredoWeird(p, PacketWeirds.TRUNCATED_IPV6_IN_TEREDO);
                    return false;
                }
                innerOff = off;
                innerLen = len;
                return true;
            } else {
                return false;
            }
        }
    }

    /**
     * Zeek's Teredo content detection ({@code TeredoAnalyzer::DetectProtocol}), including its exact-match pattern for
     * an IPv6 header with a 2001:0000::/32 (Teredo) source or destination.
     */
    public static boolean detect(MemorySegment s, long off, int len) {
        if (len < 40) {
            return false;
        }
        int b0 = u8(s, off);
        int b1 = u8(s, off + 1);
        if (len > 8 && (b0 >>> 4) != 6 && (b0 != 0 || (b1 != 0 && b1 != 1))) {
            return false;
        }
        // Zeek's pattern, matched as a prefix (Specific_RE_Matcher::Match stops at the first accepting state; the
        // matcher is multi-line, so '.' matches any byte): a version-6 first byte and 2001:0000::/32 as source or
        // destination.
        if (b0 >= 0x60 && b0 <= 0x6F && (teredoPrefix(s, off + 8) || teredoPrefix(s, off + 24))) {
            return true;
        }
        int val = b1;
        if (val == 1) {
            int skip = 13 + u8(s, off + 2) + u8(s, off + 3);
            if (len < skip) {
                return false;
            }
            off += skip;
            len -= skip;
            if (len < 40) {
                return false;
            }
            val = u16(s, off);
        }
        if (val == 0) {
            if (len < 8) {
                return false;
            }
            off += 8;
            len -= 8;
            if (len < 40) {
                return false;
            }
            return u8(s, off) >>> 4 == 6;
        }
        return false;
    }

    private static boolean teredoPrefix(MemorySegment s, long at) {
        return u16(s, at) == 0x2001 && u16(s, at + 2) == 0;
    }
}
