package io.osprey.packet;

import io.osprey.packet.ip.FragmentReassembler;
import io.osprey.packet.ip.IpLayer;
import io.osprey.packet.ip.IpTunnelLayer;
import io.osprey.packet.link.ArpLayer;
import io.osprey.packet.link.EthernetLayer;
import io.osprey.packet.link.LinuxSllLayer;
import io.osprey.packet.link.LlcLayer;
import io.osprey.packet.link.MplsLayer;
import io.osprey.packet.link.NflogLayer;
import io.osprey.packet.link.FddiLayer;
import io.osprey.packet.link.Ieee80211Layer;
import io.osprey.packet.link.RadiotapLayer;
import io.osprey.packet.link.NovellLayer;
import io.osprey.packet.link.NullLayer;
import io.osprey.packet.link.PbbLayer;
import io.osprey.packet.link.PppLayer;
import io.osprey.packet.link.PppoeLayer;
import io.osprey.packet.link.SnapLayer;
import io.osprey.packet.link.VlanLayer;
import io.osprey.packet.link.VntagLayer;
import io.osprey.packet.transport.TransportLayer;
import io.osprey.packet.transport.UdpLayer;
import io.osprey.packet.tunnel.AyiyaLayer;
import io.osprey.packet.tunnel.GeneveLayer;
import io.osprey.packet.tunnel.GreLayer;
import io.osprey.packet.tunnel.GtpV1Layer;
import io.osprey.packet.tunnel.TeredoLayer;
import io.osprey.packet.tunnel.VxlanLayer;
import io.osprey.pcap.PacketRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes captured frames into the worker's {@link Packet}, from the link type down to the transport header, through
 * any tunnels, the way Zeek 9.1's packet-analysis tree does (same weirds, same drops, same datagrams handed on). One
 * decoder per worker thread; not thread-safe. Steady-state decoding allocates nothing and never throws.
 *
 * <pre>{@code
 * PacketDecoder dec = new PacketDecoder(engine, weirds, DecoderConfig.defaults().withIgnoreChecksums(true));
 * Packet p = new Packet();
 * while (source.next(rec)) {
 *     dec.decode(rec, p);          // engine.ip(p) is called for each IP layer that reaches connection analysis
 * }
 * }</pre>
 *
 * <p>What the sink sees: every IP datagram that Zeek would hand to a transport analyzer (TCP, UDP, ICMP after their
 * minimum-header checks, any other protocol as-is), outer layers first. IP-in-IP and GRE outer datagrams are NOT
 * delivered (Zeek makes no connection for them); UDP tunnels' outer datagrams are, before the inner packet.
 */
public final class PacketDecoder {
    private final PacketSink sink;
    private final WeirdSink weirds;
    private final DecoderConfig config;
    private final FragmentReassembler reassembler;
    private final PacketLayer[] layers = new PacketLayer[Layers.COUNT];
    private final LayerDispatch[] dispatch = new LayerDispatch[Layers.COUNT];
    private final int[] defaults = Layers.DEFAULTS.clone();
    private final LayerDispatch udpPorts;
    private final int[] udpDetect;

    // ---- per-packet scratch shared by the layers (Zeek keeps these on its Packet); not for sinks
    private int depth;
    /** Offset of the first byte of the current (possibly inner) packet; IP uses it for Zeek's hdr_size. */
    private long frameStart;
    private int frameCap;
    private int frameWire;
    /** Zeek's packet->gre_version: -1 when not GRE. */
    public int greVersion = -1;
    /** Zeek's packet->gre_link_type. */
    public int greLinkType = 12;
    /** Zeek's packet->tunnel_type for the IP tunnel layer. */
    public TunnelType tunnelType = TunnelType.NONE;
    /** Zeek's ip_hdr->PayloadLen() of the current IP layer (0 when the length field was 0). */
    public int ipPayloadLenField;

    /** A decoder with its own fragment reassembler. */
    public PacketDecoder(PacketSink sink, WeirdSink weirds, DecoderConfig config) {
        this(sink, weirds, config, new FragmentReassembler(weirds));
    }

    /** A decoder using the given reassembler (one per worker). */
    public PacketDecoder(PacketSink sink, WeirdSink weirds, DecoderConfig config, FragmentReassembler reassembler) {
        this.sink = sink;
        this.weirds = weirds;
        this.config = config;
        this.reassembler = reassembler;
        layers[Layers.ETHERNET] = new EthernetLayer(this);
        layers[Layers.VLAN] = new VlanLayer(this);
        layers[Layers.MPLS] = new MplsLayer(this);
        layers[Layers.PPPOE] = new PppoeLayer(this);
        layers[Layers.PPP] = new PppLayer(this, Layers.PPP);
        layers[Layers.PPPSERIAL] = new PppLayer(this, Layers.PPPSERIAL);
        layers[Layers.NULL] = new NullLayer(this);
        layers[Layers.LOOP] = new NullLayer(this, Layers.LOOP, true);
        layers[Layers.LINUXSLL] = new LinuxSllLayer(this, Layers.LINUXSLL);
        layers[Layers.LINUXSLL2] = new LinuxSllLayer(this, Layers.LINUXSLL2);
        layers[Layers.NFLOG] = new NflogLayer(this);
        layers[Layers.LLC] = new LlcLayer(this);
        layers[Layers.SNAP] = new SnapLayer(this);
        layers[Layers.NOVELL_802_3] = new NovellLayer(this);
        layers[Layers.PBB] = new PbbLayer(this);
        layers[Layers.VNTAG] = new VntagLayer(this);
        layers[Layers.ARP] = new ArpLayer(this);
        layers[Layers.IP] = new IpLayer(this);
        layers[Layers.IPTUNNEL] = new IpTunnelLayer(this);
        layers[Layers.GRE] = new GreLayer(this);
        layers[Layers.TCP] = new TransportLayer(this, Layers.TCP, 20);
        layers[Layers.UDP] = new UdpLayer(this);
        layers[Layers.ICMP] = new TransportLayer(this, Layers.ICMP, 8);
        layers[Layers.UNKNOWN_IP_TRANSPORT] = new TransportLayer(this, Layers.UNKNOWN_IP_TRANSPORT, 0);
        layers[Layers.VXLAN] = new VxlanLayer(this);
        layers[Layers.GENEVE] = new GeneveLayer(this);
        layers[Layers.TEREDO] = new TeredoLayer(this);
        layers[Layers.GTPV1] = new GtpV1Layer(this);
        layers[Layers.AYIYA] = new AyiyaLayer(this);
        layers[Layers.IEEE802_11] = new Ieee80211Layer(this);
        layers[Layers.IEEE802_11_RADIO] = new RadiotapLayer(this);
        layers[Layers.FDDI] = new FddiLayer(this);
        for (int id = 0; id < Layers.COUNT; id++) {
            List<long[]> rows = new ArrayList<>();
            for (long[] row : Layers.TABLE) {
                if (row[0] == id) {
                    rows.add(row);
                }
            }
            long[] keys = new long[rows.size()];
            int[] children = new int[rows.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = rows.get(i)[1];
                children[i] = (int) rows.get(i)[2];
            }
            dispatch[id] = new LayerDispatch(keys, children);
        }
        List<int[]> ports = new ArrayList<>();
        for (int[] row : Layers.UDP_PORTS) {
            if (config.enabled(row[2]) && (row[2] != Layers.GRE || config.greOverUdp())) {
                ports.add(row);
            }
        }
        long[] pk = new long[ports.size()];
        int[] pc = new int[ports.size()];
        for (int i = 0; i < pk.length; i++) {
            pk[i] = ports.get(i)[1];
            pc[i] = ports.get(i)[2];
        }
        udpPorts = new LayerDispatch(pk, pc);
        udpDetect = java.util.Arrays.stream(Layers.UDP_DETECT).filter(config::enabled).toArray();
    }

    /** The configuration. */
    public DecoderConfig config() {
        return config;
    }

    /** Where datagrams go. */
    public PacketSink sink() {
        return sink;
    }

    /** The fragment reassembler (call its {@code expire} from the worker's timer). */
    public FragmentReassembler reassembler() {
        return reassembler;
    }

    /**
     * Resets {@code p} from {@code r} and decodes it, calling the sink for each IP datagram found. Never throws on
     * any input bytes.
     */
    public void decode(PacketRecord r, Packet p) {
        p.reset(r.segment, r.offset, r.caplen, r.wirelen, r.tsNanos, r.linkType);
        p.encap.maxDepth(config.tunnelMaxDepth());
        depth = 0;
        frameStart = r.offset;
        frameCap = r.caplen;
        frameWire = r.wirelen;
        greVersion = -1;
        greLinkType = 12;
        tunnelType = TunnelType.NONE;
        ipPayloadLenField = 0;
        forward(Layers.ROOT, p, r.offset, r.caplen, r.linkType, true);
    }

    /**
     * Zeek's {@code ForwardPacket}: finds the child of layer {@code from} for {@code key} (when {@code keyed}), else
     * the default child, and runs it.
     */
    public boolean forward(int from, Packet p, long off, int len, long key, boolean keyed) {
        if (config.maxAnalyzerDepth() > 0 && depth == config.maxAnalyzerDepth()) {
            weird(p, PacketWeirds.MAX_PACKET_ANALYZER_DEPTH_EXCEEDED, null, Layers.NAMES[from]);
            return false;
        }
        int child = keyed ? dispatch[from].lookup(key) : -1;
        if (child < 0) {
            child = defaults[from];
        }
        if (child < 0) {
            if (keyed) {
                sink.nonIp(p, Layers.NAMES[from], (int) key);
            } else {
                weird(p, PacketWeirds.NO_SUITABLE_ANALYZER_FOUND, null, Layers.NAMES[from]);
            }
            return false;
        }
        depth++;
        return layers[child].analyze(p, off, len);
    }

    /** Runs layer {@code child} directly (UDP's port and content dispatch), counting it on the analyzer stack. */
    public boolean run(int from, int child, Packet p, long off, int len) {
        if (config.maxAnalyzerDepth() > 0 && depth == config.maxAnalyzerDepth()) {
            weird(p, PacketWeirds.MAX_PACKET_ANALYZER_DEPTH_EXCEEDED, null, Layers.NAMES[from]);
            return false;
        }
        depth++;
        return layers[child].analyze(p, off, len);
    }

    /** The UDP tunnel layer registered for {@code port}, or -1. */
    public int udpTunnelForPort(int port) {
        return udpPorts.lookup(port);
    }

    /** Layers UDP asks by content, in Zeek's order. */
    public int[] udpDetectors() {
        return udpDetect;
    }

    /** Content detection of layer {@code id} (AYIYA, Teredo). */
    public boolean detect(int id, Packet p, long off, int len) {
        return switch (id) {
            case Layers.AYIYA -> AyiyaLayer.detect(p.seg, off, len);
            case Layers.TEREDO -> TeredoLayer.detect(p.seg, off, len);
            default -> false;
        };
    }

    /**
     * Raises a weird as Zeek's {@code session::Manager::Weird} does: {@code _in_tunnel} appended inside a tunnel, a
     * flow weird (with the current IP addresses) once an IP header was accepted, else a net weird.
     */
    public void weird(Packet p, String name, String addl, String source) {
        String n = p.encap.depth() > 0 ? PacketWeirds.inTunnel(name) : name;
        if (p.ipVersion != 0) {
            weirds.flowWeird(p, n, addl, source);
        } else {
            weirds.netWeird(p, n, addl, source);
        }
    }

    /** A weird Zeek raises without a packet: never a flow weird, never suffixed. */
    public void weirdNoPacket(Packet p, String name, String addl, String source) {
        weirds.netWeird(p, name, addl, source);
    }

    /** A weird Zeek raises through the reporter with the IP addresses (the IPv6 header chain): no source. */
    public void weirdFlow(Packet p, String name, String addl) {
        weirds.flowWeird(p, name, addl, null);
    }

    /** A weird on the packet's connection (the one the sink attributed it to). */
    public void weirdConn(Packet p, String name, String addl, String source) {
        weirds.connWeird(p, name, addl, source);
    }

    /** Offset where the current (possibly inner) packet starts. */
    public long frameStart() {
        return frameStart;
    }

    /** Captured length of the current packet. */
    public int frameCap() {
        return frameCap;
    }

    /** Wire length of the current packet. */
    public int frameWire() {
        return frameWire;
    }

    /** After reassembly Zeek sets the packet's cap_len and len to the datagram plus what preceded it. */
    public void reassembledFrame(long l3Offset, int hdrSize, int total) {
        frameStart = l3Offset - hdrSize;
        frameCap = frameWire = total + hdrSize;
    }

    /**
     * Enters an inner packet that starts at {@code off} with {@code len} captured bytes (Zeek's
     * {@code build_inner_packet}): the wire length shrinks by what the outer layers consumed; L2/L3 state is reset.
     */
    public void enterInnerUdp(Packet p, long off, int len) {
        int consumed = frameCap - len;
        frameWire = frameWire - consumed;
        frameCap = len;
        frameStart = off;
        enterCommon(p);
    }

    /** Enters an IP tunnel's inner packet: Zeek's fresh {@code Packet} with cap_len = len = {@code len}. */
    public void enterInnerIp(Packet p, long off, int len) {
        frameStart = off;
        frameCap = frameWire = len;
        enterCommon(p);
    }

    private void enterCommon(Packet p) {
        p.resetForInner();
        greVersion = -1;
        greLinkType = 12;
        tunnelType = TunnelType.NONE;
        ipPayloadLenField = 0;
    }

    /**
     * Pushes a UDP tunnel entry for the datagram in {@code p} (outer addresses and ports, oriented originator first
     * as the sink told by {@link Packet#isOrig}, uid = {@link PacketSink#connUid}). Returns false when the stack is
     * full.
     */
    public boolean pushUdpTunnel(Packet p, TunnelType type, int srcPort, int dstPort) {
        EncapStack.Entry e = p.encap.push();
        if (e == null) {
            return false;
        }
        e.type = type;
        e.portProto = 17;
        e.uid = sink.connUid(p);
        if (p.isOrig) {
            e.srcHi = p.srcHi;
            e.srcLo = p.srcLo;
            e.dstHi = p.dstHi;
            e.dstLo = p.dstLo;
            e.srcPort = srcPort;
            e.dstPort = dstPort;
        } else {
            e.srcHi = p.dstHi;
            e.srcLo = p.dstLo;
            e.dstHi = p.srcHi;
            e.dstLo = p.srcLo;
            e.srcPort = dstPort;
            e.dstPort = srcPort;
        }
        return true;
    }

    /** Pushes an IP-level tunnel entry (IP-in-IP, GRE): outer addresses, ports 0, uid left to the engine. */
    public boolean pushIpTunnel(Packet p, TunnelType type) {
        EncapStack.Entry e = p.encap.push();
        if (e == null) {
            return false;
        }
        e.type = type;
        e.srcHi = p.srcHi;
        e.srcLo = p.srcLo;
        e.dstHi = p.dstHi;
        e.dstLo = p.dstLo;
        e.srcPort = e.dstPort = 0;
        e.portProto = -1;
        e.uid = null;
        return true;
    }
}
