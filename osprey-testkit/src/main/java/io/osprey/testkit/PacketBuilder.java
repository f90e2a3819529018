package io.osprey.testkit;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds frames layer by layer, outermost first, with lengths, type fields, next-protocol fields and checksums filled
 * in from the layers that follow. Modifier methods ({@link #ttl}, {@link #seq}, {@link #badChecksum}...) apply to the
 * most recent layer of the matching kind.
 *
 * <pre>{@code
 * byte[] syn = PacketBuilder.eth().vlan(10).ipv4("10.0.0.1", "10.0.0.2").ttl(64)
 *         .tcp(40000, 80).syn().seq(1000).mss(1460).build();
 * byte[] vxlan = PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(5000, 4789).vxlan(42)
 *         .ethernet().ipv4("10.0.0.1", "10.0.0.2").icmpEcho(1, 1).build();
 * byte[] broken = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").badChecksum().udp(1, 2).truncate(30).build();
 * byte[] raw = PacketBuilder.raw().ipv6("2001:db8::1", "2001:db8::2").fragment6(0, true, 7).udp(1, 2).build();
 * }</pre>
 *
 * <p>Link layer: start with {@link #eth()} (Ethernet) or {@link #raw()} (no link header: LINKTYPE_RAW / a tunnel's
 * inner IP). Breaking things: {@link #truncate}, {@link #badChecksum}, {@link #ipTotalLength}, {@link #ihl},
 * {@link #ipVersion}, {@link #udpLength}, {@link #appendTrailer}, {@link #setByte}.
 */
public final class PacketBuilder {
    /** TCP flag bits. */
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;

    private abstract static class Layer {
        /** Encodes this layer around {@code inner}; {@code ip} is the nearest enclosing IP layer or null. */
        abstract byte[] encode(byte[] inner, Layer next, Ip ip);

        /** The EtherType that announces this layer, -1 if none. */
        int etherType() {
            return -1;
        }

        /** The IP protocol number that announces this layer, -1 if none. */
        int ipProto() {
            return -1;
        }

        boolean badChecksum;
    }

    private final List<Layer> layers = new ArrayList<>();
    private int truncate = -1;
    private byte[] trailer = new byte[0];
    private final List<int[]> pokes = new ArrayList<>();

    private PacketBuilder() {
    }

    /** A frame starting with an Ethernet header (src 00:00:00:00:00:01, dst 00:00:00:00:00:02). */
    public static PacketBuilder eth() {
        return new PacketBuilder().ethernet(0x000000000001L, 0x000000000002L);
    }

    /** A frame with no link-layer header (raw IP). */
    public static PacketBuilder raw() {
        return new PacketBuilder();
    }

    // ---------------------------------------------------------------- link layers

    private static final class Eth extends Layer {
        long src;
        long dst;
        int type = -1;

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            byte[] b = new byte[14 + inner.length];
            putMac(b, 0, dst);
            putMac(b, 6, src);
            int t = type >= 0 ? type : next != null && next.etherType() >= 0 ? next.etherType() : 0x0800;
            put16(b, 12, t);
            System.arraycopy(inner, 0, b, 14, inner.length);
            return b;
        }

        @Override
        int etherType() {
            return 0x6558;
        }
    }

    /** Adds an Ethernet header with the given 48-bit MACs (e.g. an inner frame of VXLAN or GRE-TEB). */
    public PacketBuilder ethernet(long srcMac, long dstMac) {
        Eth e = new Eth();
        e.src = srcMac;
        e.dst = dstMac;
        layers.add(e);
        return this;
    }

    /** An inner Ethernet header with default MACs. */
    public PacketBuilder ethernet() {
        return ethernet(0x000000000003L, 0x000000000004L);
    }

    /** Overrides the type/length field of the last Ethernet header (e.g. an 802.3 length or an odd EtherType). */
    public PacketBuilder etherType(int type) {
        last(Eth.class).type = type;
        return this;
    }

    private static final class Vlan extends Layer {
        int id;
        int tpid = 0x8100;
        int type = -1;

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            byte[] b = new byte[4 + inner.length];
            put16(b, 0, id & 0xFFF);
            put16(b, 2, type >= 0 ? type : next != null && next.etherType() >= 0 ? next.etherType() : 0x0800);
            System.arraycopy(inner, 0, b, 4, inner.length);
            return b;
        }

        @Override
        int etherType() {
            return tpid;
        }
    }

    /** Adds an 802.1Q tag (TPID 0x8100). Two calls make QinQ. */
    public PacketBuilder vlan(int id) {
        Vlan v = new Vlan();
        v.id = id;
        layers.add(v);
        return this;
    }

    /** Adds an 802.1ad service tag (TPID 0x88A8). */
    public PacketBuilder vlanAd(int id) {
        vlan(id);
        last(Vlan.class).tpid = 0x88A8;
        return this;
    }

    private static final class Mpls extends Layer {
        int label;

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            byte[] b = new byte[4 + inner.length];
            boolean bottom = !(next instanceof Mpls);
            int v = (label << 12) | (bottom ? 0x100 : 0) | 64;
            put32(b, 0, v);
            System.arraycopy(inner, 0, b, 4, inner.length);
            return b;
        }

        @Override
        int etherType() {
            return 0x8847;
        }
    }

    /** Adds an MPLS label; the last of consecutive labels gets bottom-of-stack. */
    public PacketBuilder mpls(int label) {
        Mpls m = new Mpls();
        m.label = label;
        layers.add(m);
        return this;
    }

    private static final class Pppoe extends Layer {
        int session = 1;
        int lengthOverride = -1;

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            byte[] b = new byte[8 + inner.length];
            b[0] = 0x11;
            put16(b, 2, session);
            put16(b, 4, lengthOverride >= 0 ? lengthOverride : inner.length + 2);
            put16(b, 6, next instanceof Ip6 ? 0x0057 : 0x0021);
            System.arraycopy(inner, 0, b, 8, inner.length);
            return b;
        }

        @Override
        int etherType() {
            return 0x8864;
        }
    }

    /** Adds a PPPoE session header plus the PPP protocol (0x0021 IPv4 / 0x0057 IPv6). */
    public PacketBuilder pppoe(int session) {
        Pppoe p = new Pppoe();
        p.session = session;
        layers.add(p);
        return this;
    }

    /** Overrides the PPPoE payload length field. */
    public PacketBuilder pppoeLength(int len) {
        last(Pppoe.class).lengthOverride = len;
        return this;
    }

    /** Adds raw bytes as a layer (any header the builder does not know), announced by {@code etherType}. */
    public PacketBuilder bytes(byte[] header, int etherType) {
        layers.add(new Layer() {
            @Override
            byte[] encode(byte[] inner, Layer next, Ip ip) {
                return concat(header, inner);
            }

            @Override
            int etherType() {
                return etherType;
            }
        });
        return this;
    }

    /**
     * Adds an Ethernet/IPv4 ARP packet (RFC 826): opcode 1 request or 2 reply, sender and target MAC/IPv4, announced
     * as EtherType 0x0806.
     */
    public PacketBuilder arp(int opcode, long senderMac, String senderIp, long targetMac, String targetIp) {
        byte[] a = new byte[28];
        put16(a, 0, 1);
        put16(a, 2, 0x0800);
        a[4] = 6;
        a[5] = 4;
        put16(a, 6, opcode);
        putMac(a, 8, senderMac);
        System.arraycopy(addr(senderIp, 4), 0, a, 14, 4);
        putMac(a, 18, targetMac);
        System.arraycopy(addr(targetIp, 4), 0, a, 24, 4);
        return bytes(a, 0x0806);
    }

    // ---------------------------------------------------------------- IP

    private abstract static class Ip extends Layer {
        int ttl = 64;
        int protoOverride = -1;
        int totalOverride = -1;
        int versionOverride = -1;

        abstract long pseudo(int proto, int len);

        int proto(Layer next) {
            return protoOverride >= 0 ? protoOverride : next != null && next.ipProto() >= 0 ? next.ipProto() : 59;
        }
    }

    private static final class Ip4 extends Ip {
        byte[] src;
        byte[] dst;
        int id = 1;
        int flags;
        int fragOffset;
        int ihlOverride = -1;
        byte[] options = new byte[0];

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            int optLen = (options.length + 3) & ~3;
            int hl = 20 + optLen;
            byte[] b = new byte[hl + inner.length];
            int ihl = ihlOverride >= 0 ? ihlOverride : hl / 4;
            b[0] = (byte) (((versionOverride >= 0 ? versionOverride : 4) << 4) | (ihl & 0xF));
            put16(b, 2, totalOverride >= 0 ? totalOverride : b.length);
            put16(b, 4, id);
            put16(b, 6, (flags << 13) | (fragOffset >> 3));
            b[8] = (byte) ttl;
            b[9] = (byte) proto(next);
            System.arraycopy(src, 0, b, 12, 4);
            System.arraycopy(dst, 0, b, 16, 4);
            System.arraycopy(options, 0, b, 20, options.length);
            int c = ~Checksum.fold(Checksum.sum(b, 0, hl, 0)) & 0xFFFF;
            if (badChecksum) {
                c ^= 0x5A5A;
            }
            put16(b, 10, c);
            System.arraycopy(inner, 0, b, hl, inner.length);
            return b;
        }

        @Override
        long pseudo(int proto, int len) {
            return Checksum.sum(src, 0, 4, 0) + Checksum.sum(dst, 0, 4, 0) + proto + len;
        }

        @Override
        int etherType() {
            return 0x0800;
        }

        @Override
        int ipProto() {
            return 4;
        }
    }

    /** Adds an IPv4 header (protocol and lengths from what follows, ID 1, TTL 64, DF clear). */
    public PacketBuilder ipv4(String src, String dst) {
        Ip4 ip = new Ip4();
        ip.src = addr(src, 4);
        ip.dst = addr(dst, 4);
        layers.add(ip);
        return this;
    }

    /** TTL / hop limit of the last IP header. */
    public PacketBuilder ttl(int ttl) {
        last(Ip.class).ttl = ttl;
        return this;
    }

    /** Identification of the last IPv4 header. */
    public PacketBuilder id(int id) {
        last(Ip4.class).id = id;
        return this;
    }

    /** Sets DF on the last IPv4 header. */
    public PacketBuilder dontFragment() {
        last(Ip4.class).flags |= 2;
        return this;
    }

    /** Fragment fields of the last IPv4 header: byte offset (multiple of 8) and MF. */
    public PacketBuilder fragment(int byteOffset, boolean moreFragments) {
        Ip4 ip = last(Ip4.class);
        ip.fragOffset = byteOffset;
        ip.flags = (ip.flags & 2) | (moreFragments ? 1 : 0);
        return this;
    }

    /** IPv4 options bytes (padded to 4 with zeros, IHL adjusted). */
    public PacketBuilder ipOptions(byte... options) {
        last(Ip4.class).options = options.clone();
        return this;
    }

    /** Forces the IHL field (in 32-bit words) of the last IPv4 header. */
    public PacketBuilder ihl(int words) {
        last(Ip4.class).ihlOverride = words;
        return this;
    }

    /** Forces the total length (IPv4) or payload length (IPv6) field of the last IP header. */
    public PacketBuilder ipTotalLength(int len) {
        last(Ip.class).totalOverride = len;
        return this;
    }

    /** Forces the version nibble of the last IP header. */
    public PacketBuilder ipVersion(int v) {
        last(Ip.class).versionOverride = v;
        return this;
    }

    /** Forces the protocol / next header of the last IP header. */
    public PacketBuilder ipProto(int proto) {
        last(Ip.class).protoOverride = proto;
        return this;
    }

    private static final class Ip6 extends Ip {
        byte[] src;
        byte[] dst;
        /** Final destination from a routing header (RFC 8200 §8.1: the pseudo-header uses it). */
        byte[] finalDst;
        int flowLabel;

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            byte[] b = new byte[40 + inner.length];
            put32(b, 0, ((versionOverride >= 0 ? versionOverride : 6) << 28) | (flowLabel & 0xFFFFF));
            put16(b, 4, totalOverride >= 0 ? totalOverride : inner.length);
            b[6] = (byte) proto(next);
            b[7] = (byte) ttl;
            System.arraycopy(src, 0, b, 8, 16);
            System.arraycopy(dst, 0, b, 24, 16);
            System.arraycopy(inner, 0, b, 40, inner.length);
            return b;
        }

        @Override
        long pseudo(int proto, int len) {
            byte[] d = finalDst != null ? finalDst : dst;
            return Checksum.sum(src, 0, 16, 0) + Checksum.sum(d, 0, 16, 0) + proto + len;
        }

        @Override
        int etherType() {
            return 0x86DD;
        }

        @Override
        int ipProto() {
            return 41;
        }
    }

    /** Adds an IPv6 header. */
    public PacketBuilder ipv6(String src, String dst) {
        Ip6 ip = new Ip6();
        ip.src = addr(src, 16);
        ip.dst = addr(dst, 16);
        layers.add(ip);
        return this;
    }

    /** Flow label of the last IPv6 header. */
    public PacketBuilder flowLabel(int label) {
        last(Ip6.class).flowLabel = label;
        return this;
    }

    private static final class Ext6 extends Layer {
        int type;
        byte[] body;

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            byte[] b;
            if (type == 44) {
                b = new byte[8 + inner.length];
                System.arraycopy(body, 0, b, 2, 6);
                System.arraycopy(inner, 0, b, 8, inner.length);
            } else {
                int len = ((2 + body.length + 7) / 8) * 8;
                b = new byte[len + inner.length];
                b[1] = (byte) (len / 8 - 1);
                System.arraycopy(body, 0, b, 2, body.length);
                System.arraycopy(inner, 0, b, len, inner.length);
            }
            b[0] = (byte) (next != null && next.ipProto() >= 0 ? next.ipProto() : 59);
            return b;
        }

        @Override
        int ipProto() {
            return type;
        }
    }

    private PacketBuilder ext(int type, byte[] body) {
        Ext6 e = new Ext6();
        e.type = type;
        e.body = body;
        layers.add(e);
        return this;
    }

    /** Adds a Hop-by-Hop options header (PadN filled). */
    public PacketBuilder hopByHop() {
        return ext(0, new byte[] {1, 4, 0, 0, 0, 0});
    }

    /** Adds a Destination options header with the given option bytes (type, len, data...), padded to 8. */
    public PacketBuilder destOpts(byte... options) {
        return ext(60, options.length == 0 ? new byte[] {1, 4, 0, 0, 0, 0} : options.clone());
    }

    /** Adds a Routing header of {@code type} with {@code segLeft} and the given addresses. */
    public PacketBuilder routing(int type, int segLeft, String... addrs) {
        byte[] body = new byte[6 + 16 * addrs.length];
        body[0] = (byte) type;
        body[1] = (byte) segLeft;
        for (int i = 0; i < addrs.length; i++) {
            System.arraycopy(addr(addrs[i], 16), 0, body, 6 + 16 * i, 16);
        }
        Ip6 ip = lastOrNull(Ip6.class);
        if (ip != null && segLeft > 0 && addrs.length > 0) {
            ip.finalDst = addr(addrs[addrs.length - 1], 16);
        }
        return ext(43, body);
    }

    /** Adds an IPv6 Fragment header: byte offset (multiple of 8), M flag, identification. */
    public PacketBuilder fragment6(int byteOffset, boolean more, int id) {
        byte[] body = new byte[6];
        put16(body, 0, (byteOffset & 0xFFF8) | (more ? 1 : 0));
        put32(body, 2, id);
        return ext(44, body);
    }

    // ---------------------------------------------------------------- transport

    private static final class Tcp extends Layer {
        int sport;
        int dport;
        long seq;
        long ack;
        int flags;
        int window = 65535;
        int dataOffsetOverride = -1;
        ByteArrayOutputStream options = new ByteArrayOutputStream();

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            byte[] opt = options.toByteArray();
            int hl = 20 + ((opt.length + 3) & ~3);
            byte[] b = new byte[hl + inner.length];
            put16(b, 0, sport);
            put16(b, 2, dport);
            put32(b, 4, (int) seq);
            put32(b, 8, (int) ack);
            b[12] = (byte) ((dataOffsetOverride >= 0 ? dataOffsetOverride : hl / 4) << 4);
            b[13] = (byte) flags;
            put16(b, 14, window);
            System.arraycopy(opt, 0, b, 20, opt.length);
            for (int i = 20 + opt.length; i < hl; i++) {
                b[i] = 1;
            }
            System.arraycopy(inner, 0, b, hl, inner.length);
            setChecksum(b, 16, ip, 6, this);
            return b;
        }

        @Override
        int ipProto() {
            return 6;
        }
    }

    /** Adds a TCP header (no flags, seq 0, window 65535). */
    public PacketBuilder tcp(int sport, int dport) {
        Tcp t = new Tcp();
        t.sport = sport;
        t.dport = dport;
        layers.add(t);
        return this;
    }

    /** Sets the TCP flags of the last TCP header (see {@link #SYN} etc.). */
    public PacketBuilder flags(int flags) {
        last(Tcp.class).flags = flags;
        return this;
    }

    /** Shortcut for {@code flags(SYN)}. */
    public PacketBuilder syn() {
        return flags(SYN);
    }

    /** Sequence number of the last TCP header. */
    public PacketBuilder seq(long seq) {
        last(Tcp.class).seq = seq;
        return this;
    }

    /** Acknowledgment number of the last TCP header. */
    public PacketBuilder ack(long ack) {
        last(Tcp.class).ack = ack;
        return this;
    }

    /** Window of the last TCP header. */
    public PacketBuilder window(int window) {
        last(Tcp.class).window = window;
        return this;
    }

    /** Forces the TCP data offset (32-bit words). */
    public PacketBuilder dataOffset(int words) {
        last(Tcp.class).dataOffsetOverride = words;
        return this;
    }

    /** Appends a raw TCP option (kind, then the rest including the length byte if any). */
    public PacketBuilder tcpOption(int... bytes) {
        for (int v : bytes) {
            last(Tcp.class).options.write(v);
        }
        return this;
    }

    /** MSS option. */
    public PacketBuilder mss(int mss) {
        return tcpOption(2, 4, mss >> 8, mss & 0xFF);
    }

    /** Window scale option. */
    public PacketBuilder windowScale(int shift) {
        return tcpOption(3, 3, shift);
    }

    /** SACK-permitted option. */
    public PacketBuilder sackPermitted() {
        return tcpOption(4, 2);
    }

    /** Timestamps option. */
    public PacketBuilder timestamps(long tsVal, long tsEcr) {
        return tcpOption(8, 10, (int) (tsVal >>> 24) & 0xFF, (int) (tsVal >>> 16) & 0xFF, (int) (tsVal >>> 8) & 0xFF,
                (int) tsVal & 0xFF, (int) (tsEcr >>> 24) & 0xFF, (int) (tsEcr >>> 16) & 0xFF,
                (int) (tsEcr >>> 8) & 0xFF, (int) tsEcr & 0xFF);
    }

    private static final class Udp extends Layer {
        int sport;
        int dport;
        int lengthOverride = -1;
        boolean zeroChecksum;

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            byte[] b = new byte[8 + inner.length];
            put16(b, 0, sport);
            put16(b, 2, dport);
            put16(b, 4, lengthOverride >= 0 ? lengthOverride : b.length);
            System.arraycopy(inner, 0, b, 8, inner.length);
            if (!zeroChecksum) {
                setChecksum(b, 6, ip, 17, this);
                if (b[6] == 0 && b[7] == 0 && !badChecksum) {
                    b[6] = (byte) 0xFF;
                    b[7] = (byte) 0xFF;
                }
            }
            return b;
        }

        @Override
        int ipProto() {
            return 17;
        }
    }

    /** Adds a UDP header with a computed checksum. */
    public PacketBuilder udp(int sport, int dport) {
        Udp u = new Udp();
        u.sport = sport;
        u.dport = dport;
        layers.add(u);
        return this;
    }

    /** Forces the UDP length field. */
    public PacketBuilder udpLength(int len) {
        last(Udp.class).lengthOverride = len;
        return this;
    }

    /** Transmits UDP checksum 0 ("none", IPv4 only). */
    public PacketBuilder udpNoChecksum() {
        last(Udp.class).zeroChecksum = true;
        return this;
    }

    private static final class Icmp extends Layer {
        int type;
        int code;
        int rest;
        boolean v6;

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            byte[] b = new byte[8 + inner.length];
            b[0] = (byte) type;
            b[1] = (byte) code;
            put32(b, 4, rest);
            System.arraycopy(inner, 0, b, 8, inner.length);
            if (ip instanceof Ip6) {
                setChecksum(b, 2, ip, 58, this);
            } else {
                int c = ~Checksum.fold(Checksum.sum(b, 0, b.length, 0)) & 0xFFFF;
                put16(b, 2, badChecksum ? c ^ 0x5A5A : c);
            }
            return b;
        }

        @Override
        int ipProto() {
            return v6 ? 58 : 1;
        }
    }

    /** Adds an ICMP (in IPv4) or ICMPv6 (in IPv6) header with type, code and the 4-byte rest-of-header. */
    public PacketBuilder icmp(int type, int code, int rest) {
        Icmp i = new Icmp();
        i.type = type;
        i.code = code;
        i.rest = rest;
        i.v6 = lastOrNull(Ip.class) instanceof Ip6;
        layers.add(i);
        return this;
    }

    /** An echo request: ICMP type 8 or ICMPv6 type 128, with identifier and sequence. */
    public PacketBuilder icmpEcho(int ident, int seq) {
        boolean v6 = lastOrNull(Ip.class) instanceof Ip6;
        return icmp(v6 ? 128 : 8, 0, (ident << 16) | (seq & 0xFFFF));
    }

    /** Application payload bytes. */
    public PacketBuilder payload(byte[] data) {
        return bytes(data, -1);
    }

    /** ASCII payload. */
    public PacketBuilder payload(String ascii) {
        return payload(ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    // ---------------------------------------------------------------- tunnels

    private static final class Gre extends Layer {
        int version;
        int typeOverride = -1;
        boolean key;
        boolean seqFlag;

        @Override
        byte[] encode(byte[] inner, Layer next, Ip ip) {
            int hl = 4 + (key ? 4 : 0) + (seqFlag ? 4 : 0) + (version == 1 ? 4 : 0);
            byte[] b = new byte[hl + inner.length];
            int flags = version | (key ? 0x2000 : 0) | (seqFlag ? 0x1000 : 0);
            put16(b, 0, flags);
            int type;
            if (version == 1) {
                type = 0x880B;
                put16(b, hl - 2, next instanceof Ip6 ? 0x0057 : 0x0021);
                put16(b, 4, inner.length);
            } else {
                type = typeOverride >= 0 ? typeOverride : next != null && next.etherType() >= 0 ? next.etherType()
                        : 0x0800;
            }
            if (version == 1 && typeOverride >= 0) {
                type = typeOverride;
            }
            put16(b, 2, type);
            System.arraycopy(inner, 0, b, hl, inner.length);
            return b;
        }

        @Override
        int ipProto() {
            return 47;
        }
    }

    /** Adds a GRE v0 header; the protocol type follows the next layer (0x0800, 0x86DD, 0x6558 for Ethernet). */
    public PacketBuilder gre() {
        layers.add(new Gre());
        return this;
    }

    /** Adds an enhanced GRE v1 (PPTP) header with key and PPP protocol 0x0021/0x0057. */
    public PacketBuilder greV1() {
        Gre g = new Gre();
        g.version = 1;
        g.key = true;
        layers.add(g);
        return this;
    }

    /** Overrides the GRE protocol type (e.g. 0x88BE for ERSPAN II) of the last GRE header. */
    public PacketBuilder greProtocol(int type) {
        last(Gre.class).typeOverride = type;
        return this;
    }

    /** Sets the GRE sequence-number flag (and field) on the last GRE header. */
    public PacketBuilder greSequence() {
        last(Gre.class).seqFlag = true;
        return this;
    }

    /** Adds a VXLAN header (I flag, VNI); follow with {@link #ethernet()}. Put it after {@code udp(x, 4789)}. */
    public PacketBuilder vxlan(int vni) {
        byte[] h = new byte[8];
        h[0] = 0x08;
        h[4] = (byte) (vni >>> 16);
        h[5] = (byte) (vni >>> 8);
        h[6] = (byte) vni;
        return bytes(h, -1);
    }

    /** Adds a Geneve header (version 0, no options, protocol type from the next layer). After udp(x, 6081). */
    public PacketBuilder geneve(int vni) {
        layers.add(new Layer() {
            @Override
            byte[] encode(byte[] inner, Layer next, Ip ip) {
                byte[] h = new byte[8];
                put16(h, 2, next != null && next.etherType() >= 0 ? next.etherType() : 0x6558);
                h[4] = (byte) (vni >>> 16);
                h[5] = (byte) (vni >>> 8);
                h[6] = (byte) vni;
                return concat(h, inner);
            }
        });
        return this;
    }

    /** Teredo needs nothing between UDP (port 3544) and the inner IPv6 header; this adds an origin indication. */
    public PacketBuilder teredoOrigin(int port, String ipv4) {
        byte[] h = new byte[8];
        put16(h, 2, port ^ 0xFFFF);
        byte[] a = addr(ipv4, 4);
        for (int i = 0; i < 4; i++) {
            h[4 + i] = (byte) (a[i] ^ 0xFF);
        }
        return bytes(h, -1);
    }

    /** Adds a GTPv1-U G-PDU header (version 1, PT, type 255, length, TEID). After udp(x, 2152). */
    public PacketBuilder gtp(long teid) {
        layers.add(new Layer() {
            @Override
            byte[] encode(byte[] inner, Layer next, Ip ip) {
                byte[] h = new byte[8];
                h[0] = 0x30;
                h[1] = (byte) 0xFF;
                put16(h, 2, inner.length);
                put32(h, 4, (int) teid);
                return concat(h, inner);
            }
        });
        return this;
    }

    /** Adds an AYIYA header (16-byte identity, 20-byte signature, opcode 1 forward, next header from the next layer). */
    public PacketBuilder ayiya() {
        layers.add(new Layer() {
            @Override
            byte[] encode(byte[] inner, Layer next, Ip ip) {
                // identity 16 bytes (type 1), signature 20 bytes (SHA1), auth method 1, opcode 1 (forward)
                byte[] h = new byte[8 + 16 + 20];
                h[0] = 0x41;
                h[1] = 0x52;
                h[2] = 0x11;
                h[3] = (byte) (next != null && next.ipProto() >= 0 ? next.ipProto() : 41);
                return concat(h, inner);
            }
        });
        return this;
    }

    // ---------------------------------------------------------------- breaking things

    /** Flips the checksum of the last layer that has one (IPv4 header, TCP, UDP, ICMP). */
    public PacketBuilder badChecksum() {
        layers.getLast().badChecksum = true;
        return this;
    }

    /** Cuts the finished frame to {@code len} bytes (a snapped or truncated capture). */
    public PacketBuilder truncate(int len) {
        truncate = len;
        return this;
    }

    /** Appends bytes after the frame (Ethernet padding, trailing garbage). */
    public PacketBuilder appendTrailer(byte[] bytes) {
        trailer = bytes.clone();
        return this;
    }

    /** Overwrites byte {@code offset} of the finished frame. */
    public PacketBuilder setByte(int offset, int value) {
        pokes.add(new int[] {offset, value});
        return this;
    }

    /** Builds the frame. */
    public byte[] build() {
        byte[] b = new byte[0];
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
            Ip ip = null;
            for (int j = i - 1; j >= 0; j--) {
                if (layers.get(j) instanceof Ip x) {
                    ip = x;
                    break;
                }
            }
            b = l.encode(b, next, ip);
        }
        b = concat(b, trailer);
        for (int[] p : pokes) {
            b[p[0]] = (byte) p[1];
        }
        if (truncate >= 0 && truncate < b.length) {
            b = Arrays.copyOf(b, truncate);
        }
        return b;
    }

    // ---------------------------------------------------------------- helpers

    private static void setChecksum(byte[] b, int at, Ip ip, int proto, Layer l) {
        long acc = ip != null ? ip.pseudo(proto, b.length) : 0;
        int c = ~Checksum.fold(Checksum.sum(b, 0, b.length, acc)) & 0xFFFF;
        if (l.badChecksum) {
            c ^= 0x5A5A;
        }
        put16(b, at, c);
    }

    private <T> T last(Class<T> type) {
        T t = lastOrNull(type);
        if (t == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " layer yet");
        }
        return t;
    }

    private <T> T lastOrNull(Class<T> type) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (type.isInstance(layers.get(i))) {
                return type.cast(layers.get(i));
            }
        }
        return null;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static byte[] addr(String text, int len) {
        try {
            byte[] a = InetAddress.ofLiteral(text).getAddress();
            if (a.length != len) {
                throw new IllegalArgumentException("expected an IPv" + (len == 4 ? 4 : 6) + " address: " + text);
            }
            return a;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad address " + text, e);
        }
    }

    static void putMac(byte[] b, int o, long mac) {
        for (int i = 0; i < 6; i++) {
            b[o + i] = (byte) (mac >>> (40 - 8 * i));
        }
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    static void put32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    /** RFC 1071 sums over byte arrays (the testkit does not depend on the decoder). */
    static final class Checksum {
        static long sum(byte[] b, int off, int len, long acc) {
            int i = off;
            for (; i + 1 < off + len; i += 2) {
                acc += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
            }
            if (i < off + len) {
                acc += (b[i] & 0xFF) << 8;
            }
            return acc;
        }

        static int fold(long acc) {
            while ((acc >>> 16) != 0) {
                acc = (acc >>> 16) + (acc & 0xFFFF);
            }
            return (int) acc;
        }
    }
}
