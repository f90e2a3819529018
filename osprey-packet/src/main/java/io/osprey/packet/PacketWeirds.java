package io.osprey.packet;

/**
 * Every weird name the packet decoder raises, spelled exactly as Zeek 9.1 spells it (weird.log {@code name}), with
 * the packet-analyzer names Zeek logs in weird.log's {@code source} column. Nothing here is invented: each constant
 * cites the Zeek source that raises it. Names are constants so that the hot path never builds a string; the
 * {@code _in_tunnel} variants Zeek derives at run time ({@code session::Manager::Weird}) are precomputed in
 * {@link #inTunnel(String)}.
 */
public final class PacketWeirds {
    private PacketWeirds() {
    }

    // ---- sources (Zeek's canonical packet analyzer names)
    public static final String SRC_ETHERNET = "ETHERNET";
    public static final String SRC_VLAN = "VLAN";
    public static final String SRC_MPLS = "MPLS";
    public static final String SRC_PPPOE = "PPPOE";
    public static final String SRC_PPP = "PPP";
    public static final String SRC_PPPSERIAL = "PPPSERIAL";
    public static final String SRC_NULL = "NULL";
    public static final String SRC_LINUXSLL = "LINUXSLL";
    public static final String SRC_LINUXSLL2 = "LINUXSLL2";
    public static final String SRC_NFLOG = "NFLOG";
    public static final String SRC_LLC = "LLC";
    public static final String SRC_SNAP = "SNAP";
    public static final String SRC_PBB = "PBB";
    public static final String SRC_VNTAG = "VNTAG";
    public static final String SRC_ARP = "ARP";
    public static final String SRC_IP = "IP";
    public static final String SRC_IPTUNNEL = "IPTUNNEL";
    public static final String SRC_GRE = "GRE";
    public static final String SRC_TCP = "TCP";
    public static final String SRC_UDP = "UDP";
    public static final String SRC_ICMP = "ICMP";
    public static final String SRC_VXLAN = "VXLAN";
    public static final String SRC_GENEVE = "GENEVE";
    public static final String SRC_TEREDO = "TEREDO";
    public static final String SRC_GTPV1 = "GTPV1";
    public static final String SRC_AYIYA = "AYIYA";
    public static final String SRC_ROOT = "ROOT";

    // ---- generic (packet_analysis/Analyzer.cc)
    /** More than {@code PacketAnalyzer::max_depth} (25) analyzers on the stack. */
    public static final String MAX_PACKET_ANALYZER_DEPTH_EXCEEDED = "max_packet_analyzer_depth_exceeded";
    /** A layer with no default child has nothing to forward to (only layers that report unknown protocols). */
    public static final String NO_SUITABLE_ANALYZER_FOUND = "no_suitable_analyzer_found";

    // ---- link layers
    /** Ethernet.cc: 16 or fewer bytes, or an 802.3 frame with less than 2 payload bytes. */
    public static final String TRUNCATED_ETHERNET_FRAME = "truncated_ethernet_frame";
    /** Ethernet.cc: Cisco FabricPath header (0x8903) truncated. */
    public static final String TRUNCATED_LINK_HEADER_CFP = "truncated_link_header_cfp";
    /** Ethernet.cc: a type/length in 1501..1535. */
    public static final String UNDEFINED_ETHER_TYPE = "undefined_ether_type";
    /** VLAN.cc. */
    public static final String TRUNCATED_VLAN_HEADER = "truncated_VLAN_header";
    /** VLAN.cc: a third tag overwrites the inner one (addl "inner VLAN tag overwritten"). */
    public static final String TRIPLE_TAGGED_VLAN_UNSUPPORTED = "triple_tagged_vlan_unsupported";
    public static final String ADDL_INNER_VLAN_OVERWRITTEN = "inner VLAN tag overwritten";
    /** VLAN.cc: a type/length in 1501..1535. */
    public static final String UNDEFINED_VLAN_PROTOCOL = "undefined_vlan_protocol";
    /** MPLS.cc. */
    public static final String TRUNCATED_LINK_HEADER = "truncated_link_header";
    /** PPPoE.cc. */
    public static final String TRUNCATED_PPPOE_HEADER = "truncated_pppoe_header";
    public static final String PPPOE_EXTRA_DATA_AFTER_PAYLOAD = "pppoe_extra_data_after_payload";
    /** PPPoE.cc raises this one without a packet: no source, never a flow weird, no _in_tunnel suffix. */
    public static final String PPPOE_TRUNCATED_PAYLOAD = "pppoe_truncated_payload";
    /** PPP.cc. */
    public static final String TRUNCATED_PPP_HEADER = "truncated_ppp_header";
    public static final String TRUNCATED_PPP_HDLC_HEADER = "truncated_ppp_hdlc_header";
    /** PPPSerial.cc. */
    public static final String TRUNCATED_PPP_SERIAL_HEADER = "truncated_ppp_serial_header";
    /** Null.cc. */
    public static final String NULL_ANALYZER_FAILED = "null_analyzer_failed";
    /** LinuxSLL.cc / LinuxSLL2.cc. */
    public static final String TRUNCATED_LINUX_SLL_HEADER = "truncated_Linux_SLL_header";
    public static final String TRUNCATED_LINUX_SLL2_HEADER = "truncated_Linux_SLL2_header";
    /** NFLog.cc. */
    public static final String TRUNCATED_NFLOG_HEADER = "truncated_nflog_header";
    public static final String UNKNOWN_NFLOG_VERSION = "unknown_nflog_version";
    public static final String NFLOG_NO_PCAP_PAYLOAD = "nflog_no_pcap_payload";
    public static final String NFLOG_BAD_TLV_LEN = "nflog_bad_tlv_len";
    /** LLC.cc / SNAP.cc. */
    public static final String TRUNCATED_LLC_HEADER = "truncated_llc_header";
    public static final String TRUNCATED_SNAP_LLC_HEADER = "truncated_snap_llc_header";
    public static final String TRUNCATED_SNAP_HEADER = "truncated_snap_header";
    /** PBB.cc. */
    public static final String TRUNCATED_PBB_HEADER = "truncated_PBB_header";
    /** VNTag.cc. */
    public static final String TRUNCATED_VNTAG_HEADER = "truncated_vntag_header";
    /** IEEE802_11.cc / IEEE802_11_Radio.cc / FDDI.cc. */
    public static final String TRUNCATED_802_11_HEADER = "truncated_802_11_header";
    public static final String TRUNCATED_802_11_AMSDU_HEADER = "truncated_802_11_amsdu_header";
    public static final String TRUNCATED_802_11_AMSDU_PACKET = "truncated_802_11_amsdu_packet";
    public static final String INVALID_802_11_AMSDU_INNER_PACKET = "invalid_802_11_amsdu_inner_packet";
    public static final String TRUNCATED_802_11_LLC_HEADER = "truncated_802_11_llc_header";
    public static final String TRUNCATED_RADIOTAP_HEADER = "truncated_radiotap_header";
    /** FDDI.cc raises it without a packet: no suffix, never a flow weird. */
    public static final String FDDI_ANALYZER_FAILED = "FDDI_analyzer_failed";
    /** ARP.cc. */
    public static final String TRUNCATED_ARP = "truncated_ARP";

    // ---- IP (packet_analysis/protocol/ip/IP.cc, IP.cc)
    public static final String TRUNCATED_IP = "truncated_IP";
    public static final String UNKNOWN_IP_VERSION = "unknown_ip_version";
    public static final String IP_HDR_LEN_ZERO = "ip_hdr_len_zero";
    public static final String TRUNCATED_IP_LEN = "truncated_IP_len";
    public static final String INVALID_IP_HEADER_SIZE = "invalid_IP_header_size";
    public static final String INTERNALLY_TRUNCATED_HEADER = "internally_truncated_header";
    public static final String IPV4_MIN_HEADER_SIZE = "IPv4_min_header_size";
    public static final String IPV6_MIN_HEADER_SIZE = "IPv6_min_header_size";
    public static final String BAD_IP_CHECKSUM = "bad_IP_checksum";
    public static final String INCOMPLETELY_CAPTURED_FRAGMENT = "incompletely_captured_fragment";
    public static final String BAD_MH_CHECKSUM = "bad_MH_checksum";
    public static final String MOBILITY_PIGGYBACK = "mobility_piggyback";
    public static final String BOGUS_IP_HEADER_LENGTHS = "bogus_IP_header_lengths";
    public static final String IPV6_NO_NEXT = "ipv6_no_next";
    /** IPv6 header chain (src/IP.cc); raised through the reporter: flow weirds with no source, no suffix. */
    public static final String MULTIPLE_ROUTING_HEADERS = "multiple_routing_headers";
    public static final String ODD_ROUTING0_LEN = "odd_routing0_len";
    public static final String ROUTING0_HDR = "routing0_hdr";
    public static final String BAD_ROUTING2_LEN = "bad_routing2_len";
    public static final String UNKNOWN_ROUTING_TYPE = "unknown_routing_type";
    public static final String BAD_IPV6_DEST_OPT_LEN = "bad_ipv6_dest_opt_len";
    public static final String MULTIPLE_HOME_ADDR_OPTS = "multiple_home_addr_opts";
    public static final String BAD_HOME_ADDR_LEN = "bad_home_addr_len";

    // ---- transport (IPBasedAnalyzer::CheckHeaderTrunc)
    public static final String TRUNCATED_HEADER = "truncated_header";

    // ---- tunnels
    /** IPTunnel.cc, VXLAN.cc, Geneve.cc, Teredo.cc, AYIYA.cc. */
    public static final String EXCEEDED_TUNNEL_MAX_DEPTH = "exceeded_tunnel_max_depth";
    public static final String INVALID_INNER_IP_VERSION = "invalid_inner_IP_version";
    public static final String TRUNCATED_INNER_IP = "truncated_inner_IP";
    public static final String INNER_IP_PAYLOAD_LENGTH_MISMATCH = "inner_IP_payload_length_mismatch";
    /** GRE.cc. */
    public static final String TRUNCATED_GRE = "truncated_GRE";
    public static final String UNKNOWN_GRE_VERSION = "unknown_gre_version";
    public static final String EGRE_PROTOCOL_TYPE = "egre_protocol_type";
    public static final String GRE_ROUTING = "gre_routing";
    public static final String UNKNOWN_GRE_FLAGS = "unknown_gre_flags";
    public static final String NON_IP_PACKET_IN_ENCAP = "non_ip_packet_in_encap";
    /** VXLAN.cc / Geneve.cc / AYIYA.cc / Teredo.cc / GTPv1.cc. */
    public static final String VXLAN_EMPTY_PACKET = "vxlan_empty_packet";
    public static final String GENEVE_INVALID_VERSION = "geneve_invalid_version";
    public static final String GENEVE_EMPTY_PACKET = "geneve_empty_packet";
    public static final String AYIYA_EMPTY_PACKET = "ayiya_empty_packet";
    public static final String TRUNCATED_TEREDO = "truncated_Teredo";
    public static final String TRUNCATED_TEREDO_ORIGIN_INDICATION = "truncated_Teredo_origin_indication";
    public static final String TRUNCATED_TEREDO_AUTHENTICATION = "truncated_Teredo_authentication";
    public static final String TRUNCATED_IPV6_IN_TEREDO = "truncated_IPv6_in_Teredo";
    public static final String TEREDO_BUBBLE_WITH_PAYLOAD = "Teredo_bubble_with_payload";
    /** gtpv1-analyzer.pac: the GTP layer's own depth check. */
    public static final String TUNNEL_DEPTH = "tunnel_depth";

    private static final String[] NAMES = {
        MAX_PACKET_ANALYZER_DEPTH_EXCEEDED, NO_SUITABLE_ANALYZER_FOUND, TRUNCATED_ETHERNET_FRAME,
        TRUNCATED_LINK_HEADER_CFP, UNDEFINED_ETHER_TYPE, TRUNCATED_VLAN_HEADER, TRIPLE_TAGGED_VLAN_UNSUPPORTED,
        UNDEFINED_VLAN_PROTOCOL, TRUNCATED_LINK_HEADER, TRUNCATED_PPPOE_HEADER, PPPOE_EXTRA_DATA_AFTER_PAYLOAD,
        PPPOE_TRUNCATED_PAYLOAD, TRUNCATED_PPP_HEADER, TRUNCATED_PPP_HDLC_HEADER, TRUNCATED_PPP_SERIAL_HEADER,
        NULL_ANALYZER_FAILED, TRUNCATED_LINUX_SLL_HEADER, TRUNCATED_LINUX_SLL2_HEADER, TRUNCATED_NFLOG_HEADER,
        UNKNOWN_NFLOG_VERSION, NFLOG_NO_PCAP_PAYLOAD, NFLOG_BAD_TLV_LEN, TRUNCATED_LLC_HEADER,
        TRUNCATED_SNAP_LLC_HEADER, TRUNCATED_SNAP_HEADER, TRUNCATED_PBB_HEADER, TRUNCATED_VNTAG_HEADER, TRUNCATED_ARP,
        TRUNCATED_802_11_HEADER, TRUNCATED_802_11_AMSDU_HEADER, TRUNCATED_802_11_AMSDU_PACKET,
        INVALID_802_11_AMSDU_INNER_PACKET, TRUNCATED_802_11_LLC_HEADER, TRUNCATED_RADIOTAP_HEADER,
        TRUNCATED_IP, UNKNOWN_IP_VERSION, IP_HDR_LEN_ZERO, TRUNCATED_IP_LEN, INVALID_IP_HEADER_SIZE,
        INTERNALLY_TRUNCATED_HEADER, IPV4_MIN_HEADER_SIZE, IPV6_MIN_HEADER_SIZE, BAD_IP_CHECKSUM,
        INCOMPLETELY_CAPTURED_FRAGMENT, BAD_MH_CHECKSUM, MOBILITY_PIGGYBACK, BOGUS_IP_HEADER_LENGTHS, IPV6_NO_NEXT,
        TRUNCATED_HEADER, EXCEEDED_TUNNEL_MAX_DEPTH, INVALID_INNER_IP_VERSION, TRUNCATED_INNER_IP,
        INNER_IP_PAYLOAD_LENGTH_MISMATCH, TRUNCATED_GRE, UNKNOWN_GRE_VERSION, EGRE_PROTOCOL_TYPE, GRE_ROUTING,
        UNKNOWN_GRE_FLAGS, NON_IP_PACKET_IN_ENCAP, VXLAN_EMPTY_PACKET, GENEVE_INVALID_VERSION, GENEVE_EMPTY_PACKET,
        AYIYA_EMPTY_PACKET, TRUNCATED_TEREDO, TRUNCATED_TEREDO_ORIGIN_INDICATION, TRUNCATED_TEREDO_AUTHENTICATION,
        TRUNCATED_IPV6_IN_TEREDO, TEREDO_BUBBLE_WITH_PAYLOAD, TUNNEL_DEPTH,
    };
    private static final String[] IN_TUNNEL = new String[NAMES.length];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            IN_TUNNEL[i] = NAMES[i] + "_in_tunnel";
        }
    }

    /**
     * The name Zeek logs for weird {@code name} raised on a packet that is inside a tunnel: {@code name + "_in_tunnel"}
     * (session::Manager::Weird). Allocation-free for the constants above; any other string is suffixed by allocation.
     */
    public static String inTunnel(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i] == name) {
                return IN_TUNNEL[i];
            }
        }
        return name + "_in_tunnel";
    }

    private static final String[] PROTO_ADDL = new String[65536];

    /** Zeek's {@code "proto=%d"} addl text, built once per value. */
    public static String protoAddl(int proto) {
        String a = PROTO_ADDL[proto & 0xFFFF];
        if (a == null) {
            a = "proto=" + (proto & 0xFFFF);
            PROTO_ADDL[proto & 0xFFFF] = a;
        }
        return a;
    }
}
