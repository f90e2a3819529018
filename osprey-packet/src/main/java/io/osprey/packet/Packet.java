package io.osprey.packet;

import java.lang.foreign.MemorySegment;

/**
 * The one mutable packet a worker decodes into, reset for every captured packet (Zeek's {@code Packet}). Layers
 * record what they found here and forward; nothing is copied out of {@link #seg} except by IP fragment reassembly,
 * which points {@link #seg} at its own buffer. All offsets are absolute within {@link #seg}.
 *
 * <p>For tunneled traffic the decoder calls the {@link PacketSink} once per IP layer: first with the outer fields,
 * then, after pushing an entry on {@link #encap}, with the inner ones (the outer values are overwritten).
 */
public final class Packet {
    // ---- capture
    /** Packet bytes (the mapped capture file, or a reassembly buffer after defragmentation). */
    public MemorySegment seg;
    /** Offset of the first captured byte (the link-layer header) in {@link #seg}. */
    public long base;
    /** Captured length of the whole frame. */
    public int caplen;
    /** Wire length of the whole frame. */
    public int wirelen;
    /** Capture timestamp, nanoseconds since the epoch. */
    public long tsNanos;
    /** Link type of the capture (LinkTypes). */
    public int linkType;

    // ---- layer 2
    /** True when {@link #l2Src}/{@link #l2Dst} hold the outermost Ethernet addresses. */
    public boolean hasL2;
    /** Source MAC, 48 bits in the low bits. */
    public long l2Src;
    /** Destination MAC, 48 bits in the low bits. */
    public long l2Dst;
    /** Outer 802.1Q VLAN id, or -1. */
    public int vlan;
    /** Inner (QinQ) VLAN id, or -1. */
    public int innerVlan;

    // ---- layer 3
    /** 4 or 6 once an IP header was decoded, else 0. */
    public int ipVersion;
    /** Offset of the (current, innermost decoded) IP header. */
    public long l3Offset;
    /** IP header length: IHL*4 for v4; 40 + extension headers up to the transport for v6. */
    public int ipHeaderLen;
    /** IP datagram length according to the header (v4 total length; v6 40 + payload length). */
    public int ipTotalLen;
    /** Bytes of the IP datagram actually captured (from l3Offset), never more than ipTotalLen. */
    public int ipCapLen;
    /** Source address (see io.osprey.common.net.Addr). */
    public long srcHi;
    public long srcLo;
    /** Destination address. */
    public long dstHi;
    public long dstLo;
    /** IPv4 TTL / IPv6 hop limit. */
    public int ttl;
    /** IPv6 flow label (0 for IPv4). */
    public int flowLabel;
    /** Transport protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ...) after any extension headers. */
    public int ipProto;
    /** True when this datagram was reassembled from fragments. */
    public boolean reassembled;

    // ---- layer 4
    /** Offset of the transport header. */
    public long l4Offset;
    /** Transport length according to the IP header (ipTotalLen - ipHeaderLen). */
    public int l4Len;
    /** Transport bytes actually captured from l4Offset (&lt;= l4Len). */
    public int l4CapLen;

    // ---- engine annotations
    /**
     * May be set by the {@link PacketSink} to the uid of the connection the packet was attributed to (null if none);
     * the decoder asks {@link PacketSink#connUid} (which by default returns this field) when it needs the uid, to
     * name the parent as it decapsulates a UDP tunnel (VXLAN, Teredo, GTP...). A sink that makes uids only when
     * asked leaves it null and uses {@link #conn}.
     */
    public String connUid;
    /**
     * May be set by the {@link PacketSink} to its own object for the connection the packet was attributed to (null
     * if none). Opaque to the decoder: it lets the sink recognise the packet's connection when the decoder calls it
     * back for the same packet (tunnel confirmations, weirds, {@link PacketSink#connUid}).
     */
    public Object conn;
    /**
     * Set by the {@link PacketSink}: the responder port of the connection the datagram belongs to (after any role
     * flip). Zeek picks a UDP tunnel analyzer by the connection's responder port; -1 (the default) makes the decoder
     * use the destination port.
     */
    public int respPort = -1;
    /**
     * Set by the {@link PacketSink}: whether the packet travels from the connection's originator. The decoder uses it
     * to orient a UDP tunnel's {@link EncapStack.Entry} as Zeek's {@code EncapsulatingConn(Connection*)} does
     * (originator first). Default true.
     */
    public boolean isOrig = true;

    /** The stack of tunnels this packet was found in, outermost first. */
    public final EncapStack encap = new EncapStack();

    /**
     * Resets what Zeek's fresh inner {@code Packet} would not have when the decoder enters a tunnel's inner packet:
     * L2 addresses, VLANs, the IP and transport fields and the engine annotations. The encapsulation stack is kept.
     */
    public void resetForInner() {
        hasL2 = false;
        l2Src = l2Dst = 0;
        vlan = innerVlan = -1;
        ipVersion = 0;
        ipHeaderLen = ipTotalLen = ipCapLen = 0;
        ttl = flowLabel = 0;
        ipProto = -1;
        reassembled = false;
        l4Offset = 0;
        l4Len = l4CapLen = 0;
        connUid = null;
        conn = null;
        respPort = -1;
        isOrig = true;
    }

    /**
     * Session id of the first PPPoE header of the frame, or -1 (Zeek's {@code PacketAnalyzer::PPPoE::session_id()}
     * of the current packet). Kept for tunnel inner packets, as Zeek keeps the analyzer data of the whole frame.
     */
    public int pppoeSession = -1;

    /** Resets everything for the next captured packet. */
    public void reset(MemorySegment seg, long base, int caplen, int wirelen, long tsNanos, int linkType) {
        this.seg = seg;
        this.base = base;
        this.caplen = caplen;
        this.wirelen = wirelen;
        this.tsNanos = tsNanos;
        this.linkType = linkType;
        hasL2 = false;
        l2Src = l2Dst = 0;
        vlan = innerVlan = -1;
        ipVersion = 0;
        l3Offset = 0;
        ipHeaderLen = ipTotalLen = ipCapLen = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        ttl = flowLabel = 0;
        ipProto = -1;
        reassembled = false;
        l4Offset = 0;
        l4Len = l4CapLen = 0;
        connUid = null;
        conn = null;
        respPort = -1;
        isOrig = true;
        pppoeSession = -1;
        encap.clear();
    }
}
