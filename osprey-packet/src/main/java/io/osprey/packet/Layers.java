package io.osprey.packet;

/**
 * The packet-analysis tree as data: every layer's id, its Zeek analyzer name (weird.log {@code source}), its default
 * child, and the key → child table Zeek declares in {@code scripts/base/packet-protocols/&#42;/main.zeek}
 * ({@code register_packet_analyzer}, {@code register_for_ports}). {@link LayerDispatch} compiles the table into dense
 * int arrays once per decoder; nothing here is consulted per packet.
 */
public final class Layers {
    private Layers() {
    }

    public static final int ROOT = 0;
    public static final int ETHERNET = 1;
    public static final int VLAN = 2;
    public static final int MPLS = 3;
    public static final int PPPOE = 4;
    public static final int PPP = 5;
    public static final int PPPSERIAL = 6;
    public static final int NULL = 7;
    public static final int LINUXSLL = 8;
    public static final int LINUXSLL2 = 9;
    public static final int NFLOG = 10;
    public static final int LLC = 11;
    public static final int SNAP = 12;
    public static final int NOVELL_802_3 = 13;
    public static final int PBB = 14;
    public static final int VNTAG = 15;
    public static final int ARP = 16;
    public static final int IP = 17;
    public static final int IPTUNNEL = 18;
    public static final int GRE = 19;
    public static final int TCP = 20;
    public static final int UDP = 21;
    public static final int ICMP = 22;
    public static final int UNKNOWN_IP_TRANSPORT = 23;
    public static final int VXLAN = 24;
    public static final int GENEVE = 25;
    public static final int TEREDO = 26;
    public static final int GTPV1 = 27;
    public static final int AYIYA = 28;
    /** 802.11 (and radiotap, FDDI): recognised but not decoded, see package docs. */
    public static final int IEEE802_11 = 29;
    public static final int IEEE802_11_RADIO = 30;
    public static final int FDDI = 31;
    /**
     * OpenBSD loopback (DLT_LOOP, link type 108): the 4-byte address family in network byte order. Zeek registers
     * no analyzer for it (its packets end in unknown_ip_version); Osprey decodes it like NULL, so captures taken on
     * OpenBSD's lo0 are analyzed. "LOOP" is Osprey's name for it.
     */
    public static final int LOOP = 32;
    public static final int COUNT = 33;

    /** Zeek's analyzer names, as weird.log's {@code source} column and {@code unknown_protocols.log} print them. */
    static final String[] NAMES = {
        "ROOT", "ETHERNET", "VLAN", "MPLS", "PPPOE", "PPP", "PPPSERIAL", "NULL", "LINUXSLL", "LINUXSLL2", "NFLOG",
        "LLC", "SNAP", "NOVELL_802_3", "PBB", "VNTAG", "ARP", "IP", "IPTUNNEL", "GRE", "TCP", "UDP", "ICMP",
        "UNKNOWN_IP_TRANSPORT", "VXLAN", "GENEVE", "TEREDO", "GTPV1", "AYIYA", "IEEE802_11", "IEEE802_11_RADIO", "FDDI",
        "LOOP",
    };

    /** The analyzer name of layer {@code id}. */
    public static String name(int id) {
        return NAMES[id];
    }

    /** Default child per layer ({@code default_analyzer} in the scripts), -1 for none. */
    static final int[] DEFAULTS = new int[COUNT];

    static {
        java.util.Arrays.fill(DEFAULTS, -1);
        DEFAULTS[ROOT] = IP;
        DEFAULTS[MPLS] = IP;
        DEFAULTS[PBB] = ETHERNET;
        DEFAULTS[IP] = UNKNOWN_IP_TRANSPORT;
        DEFAULTS[IPTUNNEL] = IP;
        DEFAULTS[GRE] = IPTUNNEL;
        DEFAULTS[VXLAN] = ETHERNET;
        DEFAULTS[TEREDO] = IP;
        DEFAULTS[GTPV1] = IP;
        DEFAULTS[FDDI] = IP;
    }


    /** UDP tunnel ports that {@link DecoderConfig} may switch on or off: {parent, port, child}. */
    static final int[][] UDP_PORTS = {
        {UDP, 5072, AYIYA}, {UDP, 6081, GENEVE}, {UDP, 4754, GRE}, {UDP, 2152, GTPV1}, {UDP, 2123, GTPV1},
        {UDP, 3544, TEREDO}, {UDP, 4789, VXLAN},
    };

    /** The key → child table: {parent, key, child}, in Zeek's registration order. */
    static final long[][] TABLE = {
        // root/main.zeek + null, ppp, ppp_serial
        {ROOT, 1, ETHERNET}, {ROOT, 10, FDDI}, {ROOT, 105, IEEE802_11}, {ROOT, 127, IEEE802_11_RADIO},
        {ROOT, 113, LINUXSLL}, {ROOT, 276, LINUXSLL2}, {ROOT, 239, NFLOG}, {ROOT, 0, NULL}, {ROOT, 9, PPP},
        {ROOT, 50, PPPSERIAL}, {ROOT, 108, LOOP},
        // ethernet/main.zeek
        {ETHERNET, 0x8847, MPLS}, {ETHERNET, 0x88E7, PBB}, {ETHERNET, 0x0800, IP}, {ETHERNET, 0x86DD, IP},
        {ETHERNET, 0x0806, ARP}, {ETHERNET, 0x8035, ARP}, {ETHERNET, 0x8100, VLAN}, {ETHERNET, 0x88A8, VLAN},
        {ETHERNET, 0x9100, VLAN}, {ETHERNET, 0x8864, PPPOE}, {ETHERNET, 0x8926, VNTAG}, {ETHERNET, 1, SNAP},
        {ETHERNET, 2, NOVELL_802_3}, {ETHERNET, 3, LLC},
        // vlan/main.zeek
        {VLAN, 0x8847, MPLS}, {VLAN, 0x88E7, PBB}, {VLAN, 0x0800, IP}, {VLAN, 0x86DD, IP}, {VLAN, 0x0806, ARP},
        {VLAN, 0x8035, ARP}, {VLAN, 0x8100, VLAN}, {VLAN, 0x8864, PPPOE}, {VLAN, 0x8926, VNTAG}, {VLAN, 1, SNAP},
        {VLAN, 2, NOVELL_802_3}, {VLAN, 3, LLC},
        // vntag, pppoe, ppp, ppp_serial
        {VNTAG, 0x8100, VLAN}, {VNTAG, 0x88A8, VLAN}, {VNTAG, 0x9100, VLAN},
        {PPPOE, 0x0021, IP}, {PPPOE, 0x0057, IP},
        {PPP, 0x0281, MPLS}, {PPP, 0x0021, IP}, {PPP, 0x0057, IP},
        {PPPSERIAL, 0x0281, MPLS}, {PPPSERIAL, 0x0021, IP}, {PPPSERIAL, 0x0057, IP},
        // null: AF_INET and the three AF_INET6 values of the BSDs
        {NULL, 2, IP}, {NULL, 24, IP}, {NULL, 28, IP}, {NULL, 30, IP},
        {LOOP, 2, IP}, {LOOP, 24, IP}, {LOOP, 28, IP}, {LOOP, 30, IP},
        // linux_sll, linux_sll2, nflog, snap
        {LINUXSLL, 0x0800, IP}, {LINUXSLL, 0x86DD, IP}, {LINUXSLL, 0x0806, ARP}, {LINUXSLL, 0x8035, ARP},
        {LINUXSLL2, 0x0800, IP}, {LINUXSLL2, 0x86DD, IP}, {LINUXSLL2, 0x0806, ARP}, {LINUXSLL2, 0x8035, ARP},
        {NFLOG, 2, IP}, {NFLOG, 10, IP},
        {SNAP, 0x0800, IP}, {SNAP, 0x86DD, IP}, {SNAP, 0x0806, ARP}, {SNAP, 0x8035, ARP},
        // ip/main.zeek
        {IP, 4, IPTUNNEL}, {IP, 41, IPTUNNEL}, {IP, 47, GRE}, {IP, 6, TCP}, {IP, 17, UDP}, {IP, 1, ICMP},
        {IP, 58, ICMP},
        // geneve, ayiya
        {GENEVE, 0x6558, ETHERNET}, {GENEVE, 0x0800, IP}, {GENEVE, 0x86DD, IP}, {GENEVE, 0x0806, ARP},
        {AYIYA, 4, IP}, {AYIYA, 41, IP},
        // ieee802_11
        {IEEE802_11, 0x0800, IP}, {IEEE802_11, 0x86DD, IP}, {IEEE802_11, 0x0806, ARP}, {IEEE802_11, 0x8035, ARP},
        {IEEE802_11_RADIO, 105, IEEE802_11},
    };

    /** Layers that UDP asks by content when no port matched (register_protocol_detection), in order. */
    static final int[] UDP_DETECT = {AYIYA, TEREDO};
}
