package io.osprey.packet.ip;

import static io.osprey.common.bytes.Bytes.i64;
import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.common.bytes.Bytes;
import io.osprey.common.net.Addr;
import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import io.osprey.packet.TunnelType;
import io.osprey.packet.transport.Checksums;
import java.lang.foreign.MemorySegment;

/**
 * IPv4 (RFC 791) and IPv6 (RFC 8200) with its extension-header chain, as Zeek's {@code packet_analysis/protocol/ip/
 * IP.cc} and {@code src/IP.cc} check them: version, header and total lengths against the captured and wire lengths,
 * the IPv4 header checksum (unless checksums are ignored), fragments (to {@link FragmentReassembler}), ESP and
 * Mobility headers (which end analysis without a connection), No Next Header. Records the L3/L4 fields on the
 * {@link Packet} and forwards by protocol.
 */
public final class IpLayer extends PacketLayer {
    static final int HOPOPTS = 0;
    static final int IPV6 = 41;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int ESP = 50;
    static final int AH = 51;
    static final int NONE = 59;
    static final int DSTOPTS = 60;
    static final int MOBILITY = 135;

    // ---- chain walk results (per worker scratch)
    private int chainLen;
    private int lastType;
    private int nextProto;
    private long fragHdrOff;
    private long prevNextOff;
    private long mobilityOff;
    private int mobilityLen;
    private boolean finalDst;
    private boolean homeAddr;

    public IpLayer(PacketDecoder d) {
        super(d, Layers.IP);
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        if (len < 20) {
            weird(p, PacketWeirds.TRUNCATED_IP);
            return false;
        }
        int hdrSize = (int) (off - decoder.frameStart());
        int version = u8(s, off) >>> 4;
        if (version == 4) {
            return v4(p, off, len, hdrSize);
        }
        if (version == 6) {
            if (len < 40) {
                weird(p, PacketWeirds.TRUNCATED_IP);
                return false;
            }
            return v6(p, off, len, hdrSize);
        }
        weird(p, PacketWeirds.UNKNOWN_IP_VERSION);
        return false;
    }

    private boolean v4(Packet p, long off, int len, int hdrSize) {
        MemorySegment s = p.seg;
        int ihl = (u8(s, off) & 0x0F) * 4;
        int rawTotal = u16(s, off + 2);
        int total = rawTotal;
        boolean ignore = decoder.config().ignoreChecksums();
        if (total == 0) {
            weird(p, PacketWeirds.IP_HDR_LEN_ZERO);
            if (!ignore) {
                return false;
            }
            total = decoder.frameCap() - hdrSize;
        }
        if (decoder.frameWire() < total + hdrSize) {
            weird(p, PacketWeirds.TRUNCATED_IP_LEN);
            return false;
        }
        if (ihl > total) {
            weird(p, PacketWeirds.INVALID_IP_HEADER_SIZE);
            return false;
        }
        if (ihl > len) {
            weird(p, PacketWeirds.INTERNALLY_TRUNCATED_HEADER);
            return false;
        }
        if (ihl < 20) {
            weird(p, PacketWeirds.IPV4_MIN_HEADER_SIZE);
            return false;
        }
        recordV4(p, off, ihl, total, len);
        if (!decoder.config().ignoreChecksumsFor(p.srcHi, p.srcLo) && !Checksums.ipv4HeaderValid(s, off, ihl)) {
            weird(p, PacketWeirds.BAD_IP_CHECKSUM);
            return false;
        }
        int frag = u16(s, off + 6);
        if ((frag & 0x3FFF) != 0) {
            if (len < total) {
                weird(p, PacketWeirds.INCOMPLETELY_CAPTURED_FRAGMENT);
                if ((frag & 0x1FFF) != 0) {
                    return false;
                }
            } else {
                if (!decoder.reassembler().reassembleV4(p)) {
                    return true;
                }
                p.reassembled = true;
                s = p.seg;
                off = p.l3Offset;
                ihl = (u8(s, off) & 0x0F) * 4;
                rawTotal = total = u16(s, off + 2);
                len = total;
                if (ihl > total) {
                    weird(p, PacketWeirds.INVALID_IP_HEADER_SIZE);
                    return false;
                }
                decoder.reassembledFrame(off, hdrSize, total);
                recordV4(p, off, ihl, total, len);
            }
        }
        int payloadField = rawTotal != 0 ? rawTotal - ihl : 0;
        return transport(p, off + ihl, len - ihl, payloadField, total, ihl, u8(s, off + 9));
    }

    private static void recordV4(Packet p, long off, int ihl, int total, int len) {
        MemorySegment s = p.seg;
        p.ipVersion = 4;
        p.l3Offset = off;
        p.ipHeaderLen = ihl;
        p.ipTotalLen = total;
        p.ipCapLen = Math.min(len, total);
        p.srcHi = 0;
        p.srcLo = Addr.v4Lo(Bytes.i32(s, off + 12));
        p.dstHi = 0;
        p.dstLo = Addr.v4Lo(Bytes.i32(s, off + 16));
        p.ttl = u8(s, off + 8);
        p.flowLabel = 0;
        p.ipProto = u8(s, off + 9);
    }

    private boolean v6(Packet p, long off, int len, int hdrSize) {
        MemorySegment s = p.seg;
        int total = u16(s, off + 4) + 40;
        if (decoder.frameWire() < total + hdrSize) {
            weird(p, PacketWeirds.TRUNCATED_IP_LEN);
            return false;
        }
        recordV6Addrs(p, off);
        walkChain(p, off, len);
        int hdrLen = chainLen;
        if (hdrLen > total) {
            weird(p, PacketWeirds.INVALID_IP_HEADER_SIZE);
            return false;
        }
        if (hdrLen > len) {
            weird(p, PacketWeirds.INTERNALLY_TRUNCATED_HEADER);
            return false;
        }
        if (hdrLen < 40) {
            weird(p, PacketWeirds.IPV6_MIN_HEADER_SIZE);
            return false;
        }
        recordV6(p, off, hdrLen, total, len);
        if (lastType == FRAGMENT) {
            if (len < total) {
                weird(p, PacketWeirds.INCOMPLETELY_CAPTURED_FRAGMENT);
                if ((u16(s, fragHdrOff + 2) & 0xFFF8) != 0) {
                    return false;
                }
            } else {
                if (!decoder.reassembler().reassembleV6(p, fragHdrOff, prevNextOff)) {
                    return true;
                }
                p.reassembled = true;
                s = p.seg;
                off = p.l3Offset;
                total = u16(s, off + 4) + 40;
                // Walk the chain over the bytes actually reassembled (Zeek builds the new IP_Hdr over all n
                // bytes): a payload length that wrapped past 65535 then shows as invalid_IP_header_size.
                len = p.caplen;
                recordV6Addrs(p, off);
                walkChain(p, off, len);
                hdrLen = chainLen;
                if (hdrLen > total) {
                    weird(p, PacketWeirds.INVALID_IP_HEADER_SIZE);
                    return false;
                }
                decoder.reassembledFrame(off, hdrSize, total);
                recordV6(p, off, hdrLen, total, len);
            }
        }
        if (lastType == ESP) {
            // Zeek raises esp_packet and stops: no connection.
            return true;
        }
        if (lastType == MOBILITY) {
            if (!decoder.config().ignoreChecksums()
                    && Checksums.sum(s, mobilityOff, mobilityLen, Checksums.pseudo(p, MOBILITY, mobilityLen))
                            != 0xFFFF) {
                weird(p, PacketWeirds.BAD_MH_CHECKSUM);
                return false;
            }
            if (nextProto != NONE) {
                weird(p, PacketWeirds.MOBILITY_PIGGYBACK);
            }
            return true;
        }
        return transport(p, off + hdrLen, len - hdrLen, total - hdrLen, total, hdrLen, nextProto);
    }

    private static void recordV6Addrs(Packet p, long off) {
        MemorySegment s = p.seg;
        p.srcHi = i64(s, off + 8);
        p.srcLo = i64(s, off + 16);
        p.dstHi = i64(s, off + 24);
        p.dstLo = i64(s, off + 32);
    }

    private void recordV6(Packet p, long off, int hdrLen, int total, int len) {
        MemorySegment s = p.seg;
        p.ipVersion = 6;
        p.l3Offset = off;
        p.ipHeaderLen = hdrLen;
        p.ipTotalLen = total;
        p.ipCapLen = Math.min(len, total);
        p.ttl = u8(s, off + 7);
        p.flowLabel = (int) (Bytes.u32(s, off) & 0xFFFFF);
        p.ipProto = nextProto;
    }

    /** The common tail of IPv4 and IPv6: payload bounds, L4 fields, No Next Header, forward by protocol. */
    private boolean transport(Packet p, long payload, int rem, int payloadField, int total, int hdrLen, int proto) {
        if (payloadField != 0) {
            rem = Math.min(rem, payloadField);
        }
        p.ipProto = proto;
        p.l4Offset = payload;
        p.l4Len = payloadField != 0 ? payloadField : rem;
        p.l4CapLen = rem;
        decoder.ipPayloadLenField = payloadField;
        if (total < hdrLen) {
            weird(p, PacketWeirds.BOGUS_IP_HEADER_LENGTHS);
            return false;
        }
        if (proto == 4 || proto == 41) {
            decoder.tunnelType = TunnelType.IP;
        }
        if (proto == NONE) {
            {
                var top = p.encap.top();
                if (top != null && top.type == TunnelType.TEREDO) {
                    return true;
                }
            }
            weird(p, PacketWeirds.IPV6_NO_NEXT);
            return false;
        }
        return forward(p, payload, rem, proto);
    }

    private static boolean isExt(int t) {
        return t == HOPOPTS || t == ROUTING || t == DSTOPTS || t == FRAGMENT || t == AH || t == ESP || t == MOBILITY;
    }

    /**
     * Walks the IPv6 header chain over the captured bytes as {@code IPv6_Hdr_Chain::Init} does: a header that is not
     * fully captured ends the chain without being part of it; Fragment, ESP and Mobility end it too.
     */
    private void walkChain(Packet p, long off, int len) {
        MemorySegment s = p.seg;
        chainLen = 0;
        fragHdrOff = -1;
        prevNextOff = off + 6;
        finalDst = false;
        homeAddr = false;
        int next = IPV6;
        int cur;
        long h = off;
        int remaining = len;
        lastType = IPV6;
        nextProto = NONE;
        do {
            if (remaining < 2) {
                return;
            }
            cur = next;
            int curLen;
            long nextOff;
            switch (cur) {
                case IPV6 -> {
                    curLen = 40;
                    nextOff = h + 6;
                    next = u8(s, nextOff);
                }
                case HOPOPTS, DSTOPTS, ROUTING, MOBILITY -> {
                    curLen = 8 + 8 * u8(s, h + 1);
                    nextOff = h;
                    next = u8(s, h);
                }
                case FRAGMENT -> {
                    curLen = 8;
                    nextOff = h;
                    next = u8(s, h);
                }
                case AH -> {
                    curLen = 8 + 4 * u8(s, h + 1);
                    nextOff = h;
                    next = u8(s, h);
                }
                default -> { // ESP: the encrypted payload begins after 8 bytes
                    curLen = 8;
                    nextOff = h;
                    next = NONE;
                }
            }
            if (curLen > remaining) {
                return;
            }
            if (cur == FRAGMENT) {
                fragHdrOff = h;
            } else {
                prevNextOff = nextOff;
            }
            lastType = cur;
            nextProto = next;
            if (cur == ROUTING) {
                routing(p, h, curLen);
            } else if (cur == DSTOPTS) {
                dstOpts(p, h, curLen);
            } else if (cur == MOBILITY) {
                mobilityOff = h;
                mobilityLen = curLen;
            }
            h += curLen;
            chainLen += curLen;
            remaining -= curLen;
        } while (cur != FRAGMENT && cur != ESP && cur != MOBILITY && isExt(next));
    }

    private void routing(Packet p, long h, int len) {
        MemorySegment s = p.seg;
        if (finalDst) {
            decoder.weirdFlow(p, PacketWeirds.MULTIPLE_ROUTING_HEADERS, null);
            return;
        }
        int hlen = u8(s, h + 1);
        int type = u8(s, h + 2);
        int segLeft = u8(s, h + 3);
        long addr = h + len - 16;
        switch (type) {
            case 0 -> {
                if (segLeft > 0 && hlen >= 2) {
                    if (hlen % 2 == 0) {
                        setFinalDst(p, addr);
                    } else {
                        decoder.weirdFlow(p, PacketWeirds.ODD_ROUTING0_LEN, null);
                    }
                }
                decoder.weirdFlow(p, PacketWeirds.ROUTING0_HDR, null);
            }
            case 2 -> {
                if (segLeft > 0) {
                    if (hlen == 2) {
                        setFinalDst(p, addr);
                    } else {
                        decoder.weirdFlow(p, PacketWeirds.BAD_ROUTING2_LEN, null);
                    }
                }
            }
            default -> decoder.weirdFlow(p, PacketWeirds.UNKNOWN_ROUTING_TYPE, ROUTING_TYPES[type]);
        }
    }

    private static final String[] ROUTING_TYPES = new String[256];

    static {
        for (int i = 0; i < 256; i++) {
            ROUTING_TYPES[i] = Integer.toString(i);
        }
    }

    private void setFinalDst(Packet p, long addr) {
        finalDst = true;
        p.dstHi = i64(p.seg, addr);
        p.dstLo = i64(p.seg, addr + 8);
    }

    private void dstOpts(Packet p, long h, int len) {
        MemorySegment s = p.seg;
        long d = h + 2;
        len -= 2;
        while (len > 0) {
            int type = u8(s, d);
            if (type == 0) {
                d++;
                len--;
                continue;
            }
            if (len < 2 || len < 2 + u8(s, d + 1)) {
                decoder.weirdFlow(p, PacketWeirds.BAD_IPV6_DEST_OPT_LEN, null);
                return;
            }
            int olen = u8(s, d + 1);
            if (type == 201) {
                if (olen == 16) {
                    if (homeAddr) {
                        decoder.weirdFlow(p, PacketWeirds.MULTIPLE_HOME_ADDR_OPTS, null);
                    } else {
                        homeAddr = true;
                        p.srcHi = i64(s, d + 2);
                        p.srcLo = i64(s, d + 10);
                    }
                } else {
                    decoder.weirdFlow(p, PacketWeirds.BAD_HOME_ADDR_LEN, null);
                }
            }
            d += 2 + olen;
            len -= 2 + olen;
        }
    }
}
