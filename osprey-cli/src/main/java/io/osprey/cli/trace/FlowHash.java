package io.osprey.cli.trace;

import io.osprey.common.bytes.Bytes;
import io.osprey.pcap.LinkTypes;
import java.lang.foreign.MemorySegment;

/**
 * The symmetric flow hash {@code osprey trace split} files packets by: both directions of a flow give the same
 * value, so a connection never ends up in two files (tcpsplit's promise). Keys, as tcpsplit offers them and a
 * little more: the 5-tuple (addresses, ports, protocol), the 4-tuple (no protocol), the 2-tuple (addresses only,
 * tcpsplit {@code --notcp}), the /24 networks (IPv4 /24, IPv6 /64; tcpsplit {@code --24}), each optionally with the
 * VLAN ids (outer and inner 802.1Q/802.1ad tags), so that the same addresses on different VLANs are different
 * flows (Zeek's {@code vlan_fivetuple} conn key).
 *
 * <p>The decoder is deliberately small and separate from osprey-packet's full decoder: it only finds the outer
 * IP header and the ports. It walks Ethernet, up to {@link #MAX_TAGS} VLAN tags and MPLS labels (IPv4 or IPv6
 * guessed from the first nibble after the bottom label), PPPoE sessions, Linux cooked v1/v2, BSD/OpenBSD loopback,
 * PPP and raw IP; IPv6 extension headers up to {@link #MAX_EXTENSION_HEADERS}. Tunnels are not entered: a tunnel's
 * packets go with its outer flow. Fragments (IPv4 with MF or an offset, IPv6 with a fragment header) hash with
 * ports 0, so all fragments of a datagram stay together. Anything without an IP header returns {@link #NOT_IP}
 * (split sends it to file 0). Bounds are checked before every read against {@code caplen}; nothing is allocated.
 */
final class FlowHash {
    /** What a packet that carries no IP header hashes to. */
    static final long NOT_IP = -1;
    /** Most VLAN tags, MPLS labels and PPPoE headers stepped over before giving up (real traffic has 1-3). */
    static final int MAX_TAGS = 8;
    /** Most IPv6 extension headers stepped over before the ports are given up (ports then count as 0). */
    static final int MAX_EXTENSION_HEADERS = 8;

    /** What identifies a flow. */
    enum Key {
        /** Addresses, ports and IP protocol. */
        FIVE_TUPLE("5tuple"),
        /** Addresses and ports. */
        FOUR_TUPLE("4tuple"),
        /** Addresses only. */
        TWO_TUPLE("2tuple"),
        /** IPv4 /24 and IPv6 /64 networks of both addresses. */
        NET24("net24");

        final String label;

        Key(String label) {
            this.label = label;
        }
    }

    private static final long K1 = 0x9E3779B97F4A7C15L;
    private static final long K2 = 0xC2B2AE3D27D4EB4FL;
    private static final long K3 = 0x165667B19E3779F9L;

    private final Key key;
    private final boolean vlan;

    FlowHash(Key key, boolean vlan) {
        this.key = key;
        this.vlan = vlan;
    }

    /**
     * Parses {@code [vlan+](5tuple|4tuple|2tuple|net24)}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    static FlowHash parse(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        boolean v = s.startsWith("vlan+");
        if (v) {
            s = s.substring(5);
        }
        for (Key k : Key.values()) {
            if (k.label.equals(s)) {
                return new FlowHash(k, v);
            }
        }
        throw new IllegalArgumentException("unknown --by '" + spec
                + "' (5tuple, 4tuple, 2tuple or net24, optionally prefixed vlan+)");
    }

    String label() {
        return (vlan ? "vlan+" : "") + key.label;
    }

    /** murmur3's 64-bit finaliser: every input bit moves every output bit. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The file index in {@code [0, n)} for a packet: {@code NOT_IP} goes to 0. */
    int bucket(MemorySegment s, long off, int caplen, int linkType, int n) {
        long h = hash(s, off, caplen, linkType);
        return h == NOT_IP ? 0 : (int) Long.remainderUnsigned(h, n);
    }

    /**
     * The flow hash of the packet at {@code off} ({@code caplen} bytes) of link type {@code linkType}: equal for
     * both directions of a flow, never {@link #NOT_IP} for an IP packet.
     */
    long hash(MemorySegment s, long off, int caplen, int linkType) {
        final long end = off + caplen;
        long p;
        int type; // an EtherType, or 4 / 6 for "IP of that version, look at the nibble"
        switch (linkType) {
            case LinkTypes.EN10MB -> {
                if (caplen < 14) {
                    return NOT_IP;
                }
                type = Bytes.u16(s, off + 12);
                p = off + 14;
            }
            case LinkTypes.LINUX_SLL -> {
                if (caplen < 16) {
                    return NOT_IP;
                }
                type = Bytes.u16(s, off + 14);
                p = off + 16;
            }
            case LinkTypes.LINUX_SLL2 -> {
                if (caplen < 20) {
                    return NOT_IP;
                }
                type = Bytes.u16(s, off);
                p = off + 20;
            }
            case LinkTypes.RAW, LinkTypes.RAW_12, LinkTypes.RAW_14, LinkTypes.IPV4, LinkTypes.IPV6 -> {
                type = 0;
                p = off;
            }
            case LinkTypes.NULL, LinkTypes.LOOP -> {
                if (caplen < 4) {
                    return NOT_IP;
                }
                long af = Bytes.u32(s, off);
                long afLe = Bytes.u32le(s, off);
                // AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS)
                boolean v4 = af == 2 || afLe == 2;
                boolean v6 = af == 10 || af == 24 || af == 28 || af == 30 || afLe == 10 || afLe == 24
                        || afLe == 28 || afLe == 30;
                if (!v4 && !v6) {
                    return NOT_IP;
                }
                type = 0;
                p = off + 4;
            }
            case LinkTypes.PPP, LinkTypes.PPP_SERIAL -> {
                p = off;
                if (caplen >= 2 && Bytes.u8(s, p) == 0xff && Bytes.u8(s, p + 1) == 0x03) {
                    p += 2; // HDLC address and control (RFC 1662)
                }
                if (p + 2 > end) {
                    return NOT_IP;
                }
                int proto = Bytes.u16(s, p);
                p += 2;
                type = proto == 0x0021 ? 0x0800 : proto == 0x0057 ? 0x86dd : -1;
            }
            default -> {
                return NOT_IP;
            }
        }
        long vlans = 0;
        for (int tags = 0; tags <= MAX_TAGS; tags++) {
            switch (type) {
                case 0x8100, 0x88a8, 0x9100 -> { // 802.1Q, 802.1ad, old QinQ
                    if (p + 4 > end) {
                        return NOT_IP;
                    }
                    vlans = vlans * 4099 + (Bytes.u16(s, p) & 0x0fff) + 1;
                    type = Bytes.u16(s, p + 2);
                    p += 4;
                }
                case 0x8847, 0x8848 -> { // MPLS unicast/multicast: labels down to the bottom of the stack
                    int labels = 0;
                    while (true) {
                        if (p + 4 > end || ++labels > MAX_TAGS) {
                            return NOT_IP;
                        }
                        boolean bottom = (Bytes.u8(s, p + 2) & 1) != 0;
                        p += 4;
                        if (bottom) {
                            break;
                        }
                    }
                    type = 0;
                }
                case 0x8864 -> { // PPPoE session (RFC 2516): 6-byte header, then a PPP protocol
                    if (p + 8 > end) {
                        return NOT_IP;
                    }
                    int proto = Bytes.u16(s, p + 6);
                    p += 8;
                    type = proto == 0x0021 ? 0x0800 : proto == 0x0057 ? 0x86dd : -1;
                }
                case 0 -> {
                    if (p >= end) {
                        return NOT_IP;
                    }
                    int version = Bytes.u8(s, p) >>> 4;
                    type = version == 4 ? 0x0800 : version == 6 ? 0x86dd : -1;
                }
                case 0x0800 -> {
                    return ipv4(s, p, end, vlans);
                }
                case 0x86dd -> {
                    return ipv6(s, p, end, vlans);
                }
                default -> {
                    return NOT_IP;
                }
            }
        }
        return NOT_IP;
    }

    private long ipv4(MemorySegment s, long p, long end, long vlans) {
        if (p + 20 > end || (Bytes.u8(s, p) >>> 4) != 4) {
            return NOT_IP;
        }
        int ihl = (Bytes.u8(s, p) & 0x0f) * 4;
        int proto = Bytes.u8(s, p + 9);
        long src = Bytes.u32(s, p + 12);
        long dst = Bytes.u32(s, p + 16);
        int frag = Bytes.u16(s, p + 6) & 0x3fff; // MF and the fragment offset
        int sport = 0;
        int dport = 0;
        if (frag == 0 && ihl >= 20 && ports(proto) && p + ihl + 4 <= end) {
            sport = Bytes.u16(s, p + ihl);
            dport = Bytes.u16(s, p + ihl + 2);
        }
        if (key == Key.NET24) {
            src &= 0xffffff00L;
            dst &= 0xffffff00L;
        }
        return combine(endpoint(src, 0, sport), endpoint(dst, 0, dport), proto, vlans);
    }

    private long ipv6(MemorySegment s, long p, long end, long vlans) {
        if (p + 40 > end || (Bytes.u8(s, p) >>> 4) != 6) {
            return NOT_IP;
        }
        long srcHi = Bytes.i64(s, p + 8);
        long srcLo = Bytes.i64(s, p + 16);
        long dstHi = Bytes.i64(s, p + 24);
        long dstLo = Bytes.i64(s, p + 32);
        int next = Bytes.u8(s, p + 6);
        long q = p + 40;
        boolean fragment = false;
        for (int i = 0; i <= MAX_EXTENSION_HEADERS && q + 8 <= end; i++) {
            if (next == 0 || next == 43 || next == 60) { // hop-by-hop, routing, destination options
                int n = Bytes.u8(s, q);
                q += (Bytes.u8(s, q + 1) + 1L) * 8;
                next = n;
            } else if (next == 44) { // fragment header
                fragment = true;
                next = Bytes.u8(s, q);
                q += 8;
            } else if (next == 51) { // AH (RFC 4302): length in 4-byte units minus 2
                int n = Bytes.u8(s, q);
                q += (Bytes.u8(s, q + 1) + 2L) * 4;
                next = n;
            } else {
                break;
            }
        }
        int sport = 0;
        int dport = 0;
        if (!fragment && ports(next) && q + 4 <= end) {
            sport = Bytes.u16(s, q);
            dport = Bytes.u16(s, q + 2);
        }
        if (key == Key.NET24) {
            srcLo = 0;
            dstLo = 0;
        }
        return combine(endpoint(srcHi, srcLo, sport), endpoint(dstHi, dstLo, dport), next, vlans);
    }

    /** TCP, UDP, SCTP, UDP-Lite: the transports whose first 4 bytes are the ports. */
    private static boolean ports(int proto) {
        return proto == 6 || proto == 17 || proto == 132 || proto == 136;
    }

    private long endpoint(long hi, long lo, int port) {
        long h = mix(hi * K1 + lo);
        if (key == Key.FIVE_TUPLE || key == Key.FOUR_TUPLE) {
            h = mix(h + port * K2);
        }
        return h;
    }

    /** Order-free combination of the two endpoints (a sum), then the protocol and VLANs, then a final mix. */
    private long combine(long a, long b, int proto, long vlans) {
        long h = a + b;
        if (key == Key.FIVE_TUPLE) {
            h += (proto + 1) * K3;
        }
        if (vlan) {
            h ^= mix(vlans + K2);
        }
        h = mix(h);
        return h == NOT_IP ? 0 : h;
    }
}
