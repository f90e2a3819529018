package io.osprey.filter;

/**
 * Qualifier codes of the filter language (pcap-filter(7) "type", "dir" and "proto" qualifiers, plus the ATM and
 * SS7 keywords) and their keywords for messages. The numbers are libpcap's, which keeps messages comparable.
 */
final class Q {
    private Q() {
    }

    static final int DEFAULT = 0;
    static final int UNDEF = 255;

    // address ("type") qualifiers
    static final int HOST = 1, NET = 2, PORT = 3, GATEWAY = 4, PROTO = 5, PROTOCHAIN = 6, PORTRANGE = 7;

    // protocol qualifiers
    static final int LINK = 1, IP = 2, ARP = 3, RARP = 4, SCTP = 5, TCP = 6, UDP = 7, ICMP = 8, IGMP = 9,
            IGRP = 10, ATALK = 11, DECNET = 12, LAT = 13, SCA = 14, MOPRC = 15, MOPDL = 16, IPV6 = 17, ICMPV6 = 18,
            AH = 19, ESP = 20, PIM = 21, VRRP = 22, AARP = 23, ISO = 24, ESIS = 25, ISIS = 26, CLNP = 27, STP = 28,
            IPX = 29, NETBEUI = 30, ISIS_L1 = 31, ISIS_L2 = 32, ISIS_IIH = 33, ISIS_SNP = 34, ISIS_CSNP = 35,
            ISIS_PSNP = 36, ISIS_LSP = 37, RADIO = 38, CARP = 39;

    // direction qualifiers
    static final int SRC = 1, DST = 2, OR = 3, AND = 4, ADDR1 = 5, ADDR2 = 6, ADDR3 = 7, ADDR4 = 8, RA = 9, TA = 10;

    // ATM
    static final int A_METAC = 22, A_BCC = 23, A_OAMF4SC = 24, A_OAMF4EC = 25, A_SC = 26, A_ILMIC = 27, A_OAM = 28,
            A_OAMF4 = 29, A_LANE = 30, A_VPI = 51, A_VCI = 52, A_CONNECTMSG = 70, A_METACONNECT = 71;

    // SS7 MTP2 message types and MTP3 fields
    static final int M_FISU = 22, M_LSSU = 23, M_MSU = 24, MH_FISU = 25, MH_LSSU = 26, MH_MSU = 27;
    static final int M_SIO = 1, M_OPC = 2, M_DPC = 3, M_SLS = 4, MH_SIO = 5, MH_OPC = 6, MH_DPC = 7, MH_SLS = 8;

    /** A qualifier triple (libpcap struct qual): address type, protocol, direction. */
    record Qual(int addr, int proto, int dir) {
        static final Qual ERR = new Qual(UNDEF, UNDEF, UNDEF);
    }

    private static final String[] PROTO_KW = new String[40];
    private static final String[] DIR_KW = new String[11];
    private static final String[] ADDR_KW = new String[8];

    static {
        String[] p = {null, "link", "ip", "arp", "rarp", "sctp", "tcp", "udp", "icmp", "igmp", "igrp", "atalk",
            "decnet", "lat", "sca", "moprc", "mopdl", "ip6", "icmp6", "ah", "esp", "pim", "vrrp", "aarp", "iso",
            "esis", "isis", "clnp", "stp", "ipx", "netbeui", "l1", "l2", "iih", "snp", "csnp", "psnp", "lsp", "radio",
            "carp"};
        System.arraycopy(p, 0, PROTO_KW, 0, p.length);
        String[] d = {null, "src", "dst", "src or dst", "src and dst", "addr1", "addr2", "addr3", "addr4", "ra",
            "ta"};
        System.arraycopy(d, 0, DIR_KW, 0, d.length);
        String[] a = {null, "host", "net", "port", "gateway", "proto", "protochain", "portrange"};
        System.arraycopy(a, 0, ADDR_KW, 0, a.length);
    }

    static String protoKw(int q) {
        return q >= 0 && q < PROTO_KW.length && PROTO_KW[q] != null ? PROTO_KW[q] : "<invalid proto " + q + ">";
    }

    static String dirKw(int q) {
        return q >= 0 && q < DIR_KW.length && DIR_KW[q] != null ? DIR_KW[q] : "<invalid dir " + q + ">";
    }

    static String addrKw(int q) {
        return q >= 0 && q < ADDR_KW.length && ADDR_KW[q] != null ? ADDR_KW[q] : "<invalid type " + q + ">";
    }

    static String atmKw(int q) {
        return switch (q) {
            case A_METAC -> "metac";
            case A_BCC -> "bcc";
            case A_OAMF4SC -> "oamf4sc";
            case A_OAMF4EC -> "oamf4ec";
            case A_SC -> "sc";
            case A_ILMIC -> "ilmic";
            case A_OAM -> "oam";
            case A_OAMF4 -> "oamf4";
            case A_LANE -> "lane";
            case A_VPI -> "vpi";
            case A_VCI -> "vci";
            case A_CONNECTMSG -> "connectmsg";
            case A_METACONNECT -> "metaconnect";
            default -> "<invalid ATM keyword " + q + ">";
        };
    }

    static String ss7Kw(int q, boolean field) {
        if (field) {
            return switch (q) {
                case M_SIO -> "sio";
                case M_OPC -> "opc";
                case M_DPC -> "dpc";
                case M_SLS -> "sls";
                case MH_SIO -> "hsio";
                case MH_OPC -> "hopc";
                case MH_DPC -> "hdpc";
                case MH_SLS -> "hsls";
                default -> "<invalid MTP keyword " + q + ">";
            };
        }
        return switch (q) {
            case M_FISU -> "fisu";
            case M_LSSU -> "lssu";
            case M_MSU -> "msu";
            case MH_FISU -> "hfisu";
            case MH_LSSU -> "hlssu";
            case MH_MSU -> "hmsu";
            default -> "<invalid MTP keyword " + q + ">";
        };
    }
}
