package io.osprey.filter;

import java.util.HashMap;
import java.util.Map;

/**
 * Data-link types (DLT_* values as Linux libpcap defines them, with tcpdump.org's names and descriptions) and the
 * mapping from the LINKTYPE_* values written in capture files to them (libpcap's linktype_to_dlt).
 */
final class Dlt {
    private Dlt() {
    }

    /** Linux's DLT_HDLC (NetBSD's is 16) and DLT_HHDLC, which gencode.c knows but pcap.c does not name. */
    static final int HDLC = 112;
    static final int HHDLC = 121;
    static final int NULL = 0;
    static final int EN10MB = 1;
    static final int EN3MB = 2;
    static final int AX25 = 3;
    static final int PRONET = 4;
    static final int CHAOS = 5;
    static final int IEEE802 = 6;
    static final int ARCNET = 7;
    static final int SLIP = 8;
    static final int PPP = 9;
    static final int FDDI = 10;
    static final int ATM_RFC1483 = 11;
    static final int RAW = 12;
    static final int SLIP_BSDOS = 15;
    static final int PPP_BSDOS = 16;
    static final int ATM_CLIP = 19;
    static final int REDBACK_SMARTEDGE = 32;
    static final int PPP_SERIAL = 50;
    static final int PPP_ETHER = 51;
    static final int SYMANTEC_FIREWALL = 99;
    static final int C_HDLC = 104;
    static final int IEEE802_11 = 105;
    static final int FRELAY = 107;
    static final int LOOP = 108;
    static final int ENC = 109;
    static final int LINUX_SLL = 113;
    static final int LTALK = 114;
    static final int PFLOG = 117;
    static final int PRISM_HEADER = 119;
    static final int IP_OVER_FC = 122;
    static final int SUNATM = 123;
    static final int IEEE802_11_RADIO = 127;
    static final int ARCNET_LINUX = 129;
    static final int JUNIPER_MLPPP = 130;
    static final int JUNIPER_MLFR = 131;
    static final int JUNIPER_ES = 132;
    static final int JUNIPER_GGSN = 133;
    static final int JUNIPER_MFR = 134;
    static final int JUNIPER_ATM2 = 135;
    static final int JUNIPER_SERVICES = 136;
    static final int JUNIPER_ATM1 = 137;
    static final int APPLE_IP_OVER_IEEE1394 = 138;
    static final int MTP2_WITH_PHDR = 139;
    static final int MTP2 = 140;
    static final int MTP3 = 141;
    static final int SCCP = 142;
    static final int DOCSIS = 143;
    static final int LINUX_IRDA = 144;
    static final int IEEE802_11_RADIO_AVS = 163;
    static final int JUNIPER_MONITOR = 164;
    static final int BACNET_MS_TP = 165;
    static final int PPP_PPPD = 166;
    static final int JUNIPER_PPPOE = 167;
    static final int JUNIPER_PPPOE_ATM = 168;
    static final int GPRS_LLC = 169;
    static final int GPF_T = 170;
    static final int GPF_F = 171;
    static final int JUNIPER_PIC_PEER = 174;
    static final int ERF_ETH = 175;
    static final int ERF_POS = 176;
    static final int LINUX_LAPD = 177;
    static final int JUNIPER_ETHER = 178;
    static final int JUNIPER_PPP = 179;
    static final int JUNIPER_FRELAY = 180;
    static final int JUNIPER_CHDLC = 181;
    static final int MFR = 182;
    static final int JUNIPER_VP = 183;
    static final int A429 = 184;
    static final int A653_ICM = 185;
    static final int USB_FREEBSD = 186;
    static final int BLUETOOTH_HCI_H4 = 187;
    static final int IEEE802_16_MAC_CPS = 188;
    static final int USB_LINUX = 189;
    static final int CAN20B = 190;
    static final int IEEE802_15_4_LINUX = 191;
    static final int PPI = 192;
    static final int IEEE802_16_MAC_CPS_RADIO = 193;
    static final int JUNIPER_ISM = 194;
    static final int IEEE802_15_4 = 195;
    static final int SITA = 196;
    static final int ERF = 197;
    static final int RAIF1 = 198;
    static final int IPMB_KONTRON = 199;
    static final int JUNIPER_ST = 200;
    static final int BLUETOOTH_HCI_H4_WITH_PHDR = 201;
    static final int AX25_KISS = 202;
    static final int I2C_LINUX = 209;
    static final int IEEE802_15_4_NONASK_PHY = 215;
    static final int LINUX_EVDEV = 216;
    static final int MPLS = 219;
    static final int USB_LINUX_MMAPPED = 220;
    static final int DECT = 221;
    static final int AOS = 222;
    static final int WIHART = 223;
    static final int FC_2 = 224;
    static final int FC_2_WITH_FRAME_DELIMS = 225;
    static final int IPNET = 226;
    static final int CAN_SOCKETCAN = 227;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int IEEE802_15_4_NOFCS = 230;
    static final int DBUS = 231;
    static final int JUNIPER_VS = 232;
    static final int JUNIPER_SRX_E2E = 233;
    static final int JUNIPER_FIBRECHANNEL = 234;
    static final int DVB_CI = 235;
    static final int MUX27010 = 236;
    static final int STANAG_5066_D_PDU = 237;
    static final int JUNIPER_ATM_CEMIC = 238;
    static final int NFLOG = 239;
    static final int NETANALYZER = 240;
    static final int NETANALYZER_TRANSPARENT = 241;
    static final int IPOIB = 242;
    static final int MPEG_2_TS = 243;
    static final int NG40 = 244;
    static final int NFC_LLCP = 245;
    static final int PFSYNC = 246;
    static final int INFINIBAND = 247;
    static final int SCTP = 248;
    static final int USBPCAP = 249;
    static final int RTAC_SERIAL = 250;
    static final int BLUETOOTH_LE_LL = 251;
    static final int NETLINK = 253;
    static final int BLUETOOTH_LINUX_MONITOR = 254;
    static final int BLUETOOTH_BREDR_BB = 255;
    static final int BLUETOOTH_LE_LL_WITH_PHDR = 256;
    static final int PROFIBUS_DL = 257;
    static final int PKTAP = 258;
    static final int EPON = 259;
    static final int IPMI_HPM_2 = 260;
    static final int ZWAVE_R1_R2 = 261;
    static final int ZWAVE_R3 = 262;
    static final int WATTSTOPPER_DLM = 263;
    static final int ISO_14443 = 264;
    static final int RDS = 265;
    static final int USB_DARWIN = 266;
    static final int OPENFLOW = 267;
    static final int SDLC = 268;
    static final int TI_LLN_SNIFFER = 269;
    static final int VSOCK = 271;
    static final int NORDIC_BLE = 272;
    static final int DOCSIS31_XRA31 = 273;
    static final int ETHERNET_MPACKET = 274;
    static final int DISPLAYPORT_AUX = 275;
    static final int LINUX_SLL2 = 276;
    static final int OPENVIZSLA = 278;
    static final int EBHSCR = 279;
    static final int VPP_DISPATCH = 280;
    static final int DSA_TAG_BRCM = 281;
    static final int DSA_TAG_BRCM_PREPEND = 282;
    static final int IEEE802_15_4_TAP = 283;
    static final int DSA_TAG_DSA = 284;
    static final int DSA_TAG_EDSA = 285;
    static final int ELEE = 286;
    static final int Z_WAVE_SERIAL = 287;
    static final int USB_2_0 = 288;
    static final int ATSC_ALP = 289;
    static final int ETW = 290;
    static final int NETANALYZER_NG = 291;
    static final int ZBOSS_NCP = 292;
    static final int USB_2_0_LOW_SPEED = 293;
    static final int USB_2_0_FULL_SPEED = 294;
    static final int USB_2_0_HIGH_SPEED = 295;
    static final int AUERSWALD_LOG = 296;
    static final int ZWAVE_TAP = 297;
    static final int SILABS_DEBUG_CHANNEL = 298;
    static final int FIRA_UCI = 299;
    static final int MDB = 300;
    static final int DECT_NR = 301;
    static final int EDK2_MM = 302;
    static final int DEBUG_ONLY = 303;
    static final int DECT_NR_TAP = 304;

    /** Lowest and highest value of the range where DLT_* and LINKTYPE_* values agree on every platform. */
    static final int HIGH_MATCHING_MIN = 104, HIGH_MATCHING_MAX = 304;

    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final Map<Integer, String[]> BY_VALUE = new HashMap<>();

    private static void e(int value, String name, String description) {
        BY_NAME.put(name, value);
        BY_VALUE.put(value, new String[] {name, description});
    }

    static {
            e(0, "NULL", "BSD loopback");
            e(1, "EN10MB", "Ethernet");
            e(2, "EN3MB", "experimental Ethernet (3Mb/s)");
            e(3, "AX25", "AX.25 layer 2");
            e(4, "PRONET", "Proteon ProNET Token Ring");
            e(5, "CHAOS", "MIT Chaosnet");
            e(6, "IEEE802", "802.5 Token Ring");
            e(7, "ARCNET", "BSD ARCnet");
            e(8, "SLIP", "Serial Line IP");
            e(9, "PPP", "Point-to-Point Protocol");
            e(10, "FDDI", "Fiber Distributed Data Interface");
            e(11, "ATM_RFC1483", "RFC 1483 LLC-encapsulated ATM");
            e(12, "RAW", "Raw IPv4/IPv6");
            e(15, "SLIP_BSDOS", "BSD/OS Serial Line IP");
            e(16, "PPP_BSDOS", "BSD/OS Point-to-Point Protocol");
            e(19, "ATM_CLIP", "Linux Classical IP over ATM");
            e(32, "REDBACK_SMARTEDGE", "Redback SmartEdge 400/800");
            e(50, "PPP_SERIAL", "Point-to-Point Protocol over serial");
            e(51, "PPP_ETHER", "PPPoE session packets");
            e(99, "SYMANTEC_FIREWALL", "Symantec Firewall");
            e(104, "C_HDLC", "Cisco HDLC");
            e(105, "IEEE802_11", "802.11");
            e(107, "FRELAY", "Frame Relay");
            e(108, "LOOP", "OpenBSD loopback");
            e(109, "ENC", "OpenBSD encapsulated IP");
            e(113, "LINUX_SLL", "Linux cooked v1");
            e(114, "LTALK", "LocalTalk");
            e(117, "PFLOG", "OpenBSD pflog file");
            e(119, "PRISM_HEADER", "802.11 plus Prism header");
            e(122, "IP_OVER_FC", "RFC 2625 IP-over-Fibre Channel");
            e(123, "SUNATM", "Sun raw ATM");
            e(127, "IEEE802_11_RADIO", "802.11 plus radiotap header");
            e(129, "ARCNET_LINUX", "Linux ARCnet");
            e(130, "JUNIPER_MLPPP", "Juniper Multi-Link PPP");
            e(131, "JUNIPER_MLFR", "Juniper Multi-Link Frame Relay");
            e(132, "JUNIPER_ES", "Juniper Encryption Services PIC");
            e(133, "JUNIPER_GGSN", "Juniper GGSN PIC");
            e(134, "JUNIPER_MFR", "Juniper FRF.16 Frame Relay");
            e(135, "JUNIPER_ATM2", "Juniper ATM2 PIC");
            e(136, "JUNIPER_SERVICES", "Juniper Advanced Services PIC");
            e(137, "JUNIPER_ATM1", "Juniper ATM1 PIC");
            e(138, "APPLE_IP_OVER_IEEE1394", "Apple IP-over-IEEE 1394");
            e(139, "MTP2_WITH_PHDR", "SS7 MTP2 with Pseudo-header");
            e(140, "MTP2", "SS7 MTP2");
            e(141, "MTP3", "SS7 MTP3");
            e(142, "SCCP", "SS7 SCCP");
            e(143, "DOCSIS", "DOCSIS");
            e(144, "LINUX_IRDA", "Linux IrDA");
            e(147, "USER0", "Private use 0");
            e(148, "USER1", "Private use 1");
            e(149, "USER2", "Private use 2");
            e(150, "USER3", "Private use 3");
            e(151, "USER4", "Private use 4");
            e(152, "USER5", "Private use 5");
            e(153, "USER6", "Private use 6");
            e(154, "USER7", "Private use 7");
            e(155, "USER8", "Private use 8");
            e(156, "USER9", "Private use 9");
            e(157, "USER10", "Private use 10");
            e(158, "USER11", "Private use 11");
            e(159, "USER12", "Private use 12");
            e(160, "USER13", "Private use 13");
            e(161, "USER14", "Private use 14");
            e(162, "USER15", "Private use 15");
            e(163, "IEEE802_11_RADIO_AVS", "802.11 plus AVS radio information header");
            e(164, "JUNIPER_MONITOR", "Juniper Passive Monitor PIC");
            e(165, "BACNET_MS_TP", "BACnet MS/TP");
            e(166, "PPP_PPPD", "PPP for pppd, with direction flag");
            e(167, "JUNIPER_PPPOE", "Juniper PPPoE");
            e(168, "JUNIPER_PPPOE_ATM", "Juniper PPPoE/ATM");
            e(169, "GPRS_LLC", "GPRS LLC");
            e(170, "GPF_T", "GPF-T");
            e(171, "GPF_F", "GPF-F");
            e(174, "JUNIPER_PIC_PEER", "Juniper PIC Peer");
            e(175, "ERF_ETH", "Ethernet with Endace ERF header");
            e(176, "ERF_POS", "Packet-over-SONET with Endace ERF header");
            e(177, "LINUX_LAPD", "Linux vISDN LAPD");
            e(178, "JUNIPER_ETHER", "Juniper Ethernet");
            e(179, "JUNIPER_PPP", "Juniper PPP");
            e(180, "JUNIPER_FRELAY", "Juniper Frame Relay");
            e(181, "JUNIPER_CHDLC", "Juniper C-HDLC");
            e(182, "MFR", "FRF.16 Frame Relay");
            e(183, "JUNIPER_VP", "Juniper Voice PIC");
            e(184, "A429", "Arinc 429");
            e(185, "A653_ICM", "Arinc 653 Interpartition Communication");
            e(186, "USB_FREEBSD", "USB with FreeBSD header");
            e(187, "BLUETOOTH_HCI_H4", "Bluetooth HCI UART transport layer");
            e(188, "IEEE802_16_MAC_CPS", "IEEE 802.16 MAC Common Part Sublayer");
            e(189, "USB_LINUX", "USB with Linux header");
            e(190, "CAN20B", "Controller Area Network (CAN) v. 2.0B");
            e(191, "IEEE802_15_4_LINUX", "IEEE 802.15.4 with Linux padding");
            e(192, "PPI", "Per-Packet Information");
            e(193, "IEEE802_16_MAC_CPS_RADIO", "IEEE 802.16 MAC Common Part Sublayer plus radiotap header");
            e(194, "JUNIPER_ISM", "Juniper Integrated Service Module");
            e(195, "IEEE802_15_4", "IEEE 802.15.4 with FCS");
            e(196, "SITA", "SITA pseudo-header");
            e(197, "ERF", "Endace ERF header");
            e(198, "RAIF1", "Ethernet with u10 Networks pseudo-header");
            e(199, "IPMB_KONTRON", "IPMB with Kontron pseudo-header");
            e(200, "JUNIPER_ST", "Juniper Secure Tunnel");
            e(201, "BLUETOOTH_HCI_H4_WITH_PHDR", "Bluetooth HCI UART transport layer plus pseudo-header");
            e(202, "AX25_KISS", "AX.25 with KISS header");
            e(209, "I2C_LINUX", "I2C with Linux/Pigeon Point pseudo-header");
            e(215, "IEEE802_15_4_NONASK_PHY", "IEEE 802.15.4 with non-ASK PHY data");
            e(216, "LINUX_EVDEV", "Linux evdev events");
            e(219, "MPLS", "MPLS with label as link-layer header");
            e(220, "USB_LINUX_MMAPPED", "USB with padded Linux header");
            e(221, "DECT", "DECT");
            e(222, "AOS", "AOS Space Data Link protocol");
            e(223, "WIHART", "WirelessHART");
            e(224, "FC_2", "Fibre Channel FC-2");
            e(225, "FC_2_WITH_FRAME_DELIMS", "Fibre Channel FC-2 with frame delimiters");
            e(226, "IPNET", "Solaris ipnet");
            e(227, "CAN_SOCKETCAN", "CAN-bus with SocketCAN headers");
            e(228, "IPV4", "Raw IPv4");
            e(229, "IPV6", "Raw IPv6");
            e(230, "IEEE802_15_4_NOFCS", "IEEE 802.15.4 without FCS");
            e(231, "DBUS", "D-Bus");
            e(232, "JUNIPER_VS", "Juniper Virtual Server");
            e(233, "JUNIPER_SRX_E2E", "Juniper SRX E2E");
            e(234, "JUNIPER_FIBRECHANNEL", "Juniper Fibre Channel");
            e(235, "DVB_CI", "DVB-CI");
            e(236, "MUX27010", "MUX27010");
            e(237, "STANAG_5066_D_PDU", "STANAG 5066 D_PDUs");
            e(238, "JUNIPER_ATM_CEMIC", "Juniper ATM CEMIC");
            e(239, "NFLOG", "Linux netfilter log messages");
            e(240, "NETANALYZER", "Ethernet with Hilscher netANALYZER pseudo-header");
            e(241, "NETANALYZER_TRANSPARENT", "Ethernet with Hilscher netANALYZER pseudo-header and with preamble and SFD");
            e(242, "IPOIB", "RFC 4391 IP-over-InfiniBand");
            e(243, "MPEG_2_TS", "MPEG-2 transport stream");
            e(244, "NG40", "ng40 protocol tester Iub/Iur");
            e(245, "NFC_LLCP", "NFC LLCP PDUs with pseudo-header");
            e(246, "PFSYNC", "Packet filter state syncing");
            e(247, "INFINIBAND", "InfiniBand");
            e(248, "SCTP", "SCTP");
            e(249, "USBPCAP", "USB with USBPcap header");
            e(250, "RTAC_SERIAL", "Schweitzer Engineering Laboratories RTAC packets");
            e(251, "BLUETOOTH_LE_LL", "Bluetooth Low Energy air interface");
            e(253, "NETLINK", "Linux netlink");
            e(254, "BLUETOOTH_LINUX_MONITOR", "Bluetooth Linux Monitor");
            e(255, "BLUETOOTH_BREDR_BB", "Bluetooth Basic Rate/Enhanced Data Rate baseband packets");
            e(256, "BLUETOOTH_LE_LL_WITH_PHDR", "Bluetooth Low Energy air interface with pseudo-header");
            e(257, "PROFIBUS_DL", "PROFIBUS data link layer");
            e(258, "PKTAP", "Apple PKTAP");
            e(259, "EPON", "Ethernet with 802.3 Clause 65 EPON preamble");
            e(260, "IPMI_HPM_2", "IPMI trace packets");
            e(261, "ZWAVE_R1_R2", "Z-Wave RF profile R1 and R2 packets");
            e(262, "ZWAVE_R3", "Z-Wave RF profile R3 packets");
            e(263, "WATTSTOPPER_DLM", "WattStopper Digital Lighting Management (DLM) and Legrand Nitoo Open protocol");
            e(264, "ISO_14443", "ISO 14443 messages");
            e(265, "RDS", "IEC 62106 Radio Data System groups");
            e(266, "USB_DARWIN", "USB with Darwin header");
            e(267, "OPENFLOW", "OpenBSD OpenFlow");
            e(268, "SDLC", "IBM SDLC frames");
            e(269, "TI_LLN_SNIFFER", "TI LLN sniffer frames");
            e(271, "VSOCK", "Linux vsock");
            e(272, "NORDIC_BLE", "Nordic Semiconductor Bluetooth LE sniffer frames");
            e(273, "DOCSIS31_XRA31", "Excentis XRA-31 DOCSIS 3.1 RF sniffer frames");
            e(274, "ETHERNET_MPACKET", "802.3br mPackets");
            e(275, "DISPLAYPORT_AUX", "DisplayPort AUX channel monitoring data");
            e(276, "LINUX_SLL2", "Linux cooked v2");
            e(278, "OPENVIZSLA", "OpenVizsla USB");
            e(279, "EBHSCR", "Elektrobit High Speed Capture and Replay (EBHSCR)");
            e(280, "VPP_DISPATCH", "VPP graph dispatch tracer");
            e(281, "DSA_TAG_BRCM", "Broadcom infix DSA tag");
            e(282, "DSA_TAG_BRCM_PREPEND", "Broadcom prefix DSA tag");
            e(283, "IEEE802_15_4_TAP", "IEEE 802.15.4 with pseudo-header");
            e(284, "DSA_TAG_DSA", "Marvell infix 4-octet DSA tag");
            e(285, "DSA_TAG_EDSA", "Marvell infix 8-octet DSA tag");
            e(286, "ELEE", "ELEE lawful intercept packets");
            e(287, "Z_WAVE_SERIAL", "Z-Wave serial frames between host and chip");
            e(288, "USB_2_0", "USB 2.0/1.1/1.0 as transmitted over the cable");
            e(289, "ATSC_ALP", "ATSC Link-Layer Protocol packets");
            e(290, "ETW", "Event Tracing for Windows messages");
            e(291, "NETANALYZER_NG", "Hilscher netANALYZER NG pseudo-footer");
            e(292, "ZBOSS_NCP", "ZBOSS NCP protocol with pseudo-header");
            e(293, "USB_2_0_LOW_SPEED", "Low-Speed USB 2.0/1.1/1.0 as transmitted over the cable");
            e(294, "USB_2_0_FULL_SPEED", "Full-Speed USB 2.0/1.1/1.0 as transmitted over the cable");
            e(295, "USB_2_0_HIGH_SPEED", "High-Speed USB 2.0 as transmitted over the cable");
            e(296, "AUERSWALD_LOG", "Auerswald Logger Protocol");
            e(297, "ZWAVE_TAP", "Z-Wave packets with a TAP meta-data header");
            e(298, "SILABS_DEBUG_CHANNEL", "Silicon Labs debug channel protocol");
            e(299, "FIRA_UCI", "Ultra-wideband controller interface protocol");
            e(300, "MDB", "Multi-Drop Bus");
            e(301, "DECT_NR", "DECT New Radio");
            e(302, "EDK2_MM", "EDK II MM request serialization protocol");
            e(303, "DEBUG_ONLY", "unstructured data for manual debugging only");
            e(304, "DECT_NR_TAP", "DECT-2020 New Radio TAP");
    }

    /** The DLT value of a name such as "EN10MB" (without "DLT_"), case-insensitively, or -1. */
    static int byName(String name) {
        Integer v = BY_NAME.get(name.toUpperCase(java.util.Locale.ROOT));
        return v == null ? -1 : v;
    }

    /** "DLT_EN10MB (Ethernet)", as libpcap's error messages describe a link type. */
    static String describe(int dlt) {
        String[] e = BY_VALUE.get(dlt);
        if (e == null) {
            return "DLT " + dlt;
        }
        return e[1].isEmpty() ? "DLT_" + e[0] : "DLT_" + e[0] + " (" + e[1] + ")";
    }

    /** The DLT value for a LINKTYPE_* value from a capture file header (libpcap linktype_to_dlt on Linux). */
    static int fromLinkType(int linkType) {
        return switch (linkType) {
            case 100 -> ATM_RFC1483;   // LINKTYPE_ATM_RFC1483
            case 101 -> RAW;           // LINKTYPE_RAW
            case 102 -> SLIP_BSDOS;    // LINKTYPE_SLIP_BSDOS
            case 103 -> PPP_BSDOS;     // LINKTYPE_PPP_BSDOS
            case 106 -> ATM_CLIP;      // LINKTYPE_ATM_CLIP
            default -> linkType;
        };
    }
}
