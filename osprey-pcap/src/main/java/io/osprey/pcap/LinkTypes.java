package io.osprey.pcap;

/**
 * Link-layer header types (tcpdump.org/linktypes.html) that Osprey decodes. The values are the LINKTYPE_* numbers
 * written in pcap/pcapng headers; where a DLT_* alias differs (RAW is 12 or 14 on some BSDs) both are listed.
 */
public final class LinkTypes {
    /** BSD loopback: a 4-byte address family in host byte order. */
    public static final int NULL = 0;
    /** Ethernet II / 802.3. */
    public static final int EN10MB = 1;
    /** PPP (RFC 1661/1662). */
    public static final int PPP = 9;
    /** Raw IP (DLT_RAW on most BSDs). */
    public static final int RAW_12 = 12;
    /** Raw IP (DLT_RAW on OpenBSD). */
    public static final int RAW_14 = 14;
    /** PPP in HDLC-like framing. */
    public static final int PPP_SERIAL = 50;
    /** Raw IP (LINKTYPE_RAW). */
    public static final int RAW = 101;
    /** OpenBSD loopback: a 4-byte address family in network byte order. */
    public static final int LOOP = 108;
    /** Linux "cooked" capture v1 (16-byte header). */
    public static final int LINUX_SLL = 113;
    /** 802.11 with radiotap header. */
    public static final int IEEE802_11_RADIOTAP = 127;
    /** Linux netfilter NFLOG. */
    public static final int NFLOG = 239;
    /** Raw IPv4. */
    public static final int IPV4 = 228;
    /** Raw IPv6. */
    public static final int IPV6 = 229;
    /** Linux "cooked" capture v2 (20-byte header). */
    public static final int LINUX_SLL2 = 276;

    private LinkTypes() {
    }

    /** A short name for messages and {@code trace stats}: "EN10MB", "LINUX_SLL"... or the number. */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case EN10MB -> "EN10MB";
            case PPP -> "PPP";
            case RAW_12, RAW_14, RAW -> "RAW";
            case PPP_SERIAL -> "PPP_SERIAL";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IEEE802_11_RADIOTAP -> "IEEE802_11_RADIOTAP";
            case NFLOG -> "NFLOG";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> Integer.toString(linkType);
        };
    }
}
