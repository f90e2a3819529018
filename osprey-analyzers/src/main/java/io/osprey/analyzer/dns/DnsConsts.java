package io.osprey.analyzer.dns;

/**
 * The name tables of Zeek's {@code base/protocols/dns/consts.zeek} that dns.log prints ({@code query_types},
 * {@code classes}, {@code base_errors}, {@code opcodes}, {@code netbios_opcodes}) with their {@code &default}
 * renderings for unlisted values, plus {@code decode_netbios_name} (Zeek's NetBIOS bif). Static and immutable; the
 * listed names are interned constants, only unlisted values allocate their "query-N" text (once per transaction).
 */
final class DnsConsts {
    private DnsConsts() {
    }

    /** RR TYPE values the parser dispatches on (RFC 1035 §3.2.2 and the later RFCs named in Zeek's DNS.h). */
    static final int TYPE_A = 1, TYPE_NS = 2, TYPE_CNAME = 5, TYPE_SOA = 6, TYPE_WKS = 11, TYPE_PTR = 12,
            TYPE_HINFO = 13, TYPE_MX = 15, TYPE_TXT = 16, TYPE_AAAA = 28, TYPE_LOC = 29, TYPE_NBS = 32,
            TYPE_SRV = 33, TYPE_NAPTR = 35, TYPE_A6 = 38, TYPE_DS = 43, TYPE_EDNS = 41, TYPE_SSHFP = 44,
            TYPE_RRSIG = 46, TYPE_NSEC = 47, TYPE_DNSKEY = 48, TYPE_NSEC3 = 50, TYPE_NSEC3PARAM = 51,
            TYPE_SVCB = 64, TYPE_HTTPS = 65, TYPE_SPF = 99, TYPE_TKEY = 249, TYPE_TSIG = 250, TYPE_CAA = 257,
            TYPE_BINDS = 65534, TYPE_ANY = 255;

    /** QCLASS values used by dynamic update (RFC 2136 §2.4, §2.5). */
    static final int CLASS_NONE = 254, CLASS_ANY = 255;

    /** Opcodes (RFC 1035 §4.1.1, RFC 1996, RFC 2136). */
    static final int OP_QUERY = 0, OP_NOTIFY = 4, OP_DYNAMIC_UPDATE = 5;

    private static final String[] QUERY_TYPES = new String[256];
    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
        "YXDOMAIN", "YXRRSET", "NXRRSet", "NOTAUTH", "NOTZONE", "unassigned-11", "unassigned-12", "unassigned-13",
        "unassigned-14", "unassigned-15", "BADVERS", "BADKEY", "BADTIME", "BADMODE", "BADNAME", "BADALG",
        "BADTRUNC", "BADCOOKIE"};

    static {
        String[] low = {null, "A", "NS", "MD", "MF", "CNAME", "SOA", "MB", "MG", "MR", "NULL", "WKS", "PTR", "HINFO",
            "MINFO", "MX", "TXT", "RP", "AFSDB", "X25", "ISDN", "RT", "NSAP", "NSAP-PTR", "SIG", "KEY", "PX", "GPOS",
            "AAAA", "LOC", "NXT", "EID", "NIMLOC", "SRV", "ATMA", "NAPTR", "KX", "CERT", "A6", "DNAME", "SINK", "OPT",
            "APL", "DS", "SSHFP", "IPSECKEY", "RRSIG", "NSEC", "DNSKEY", "DHCID", "NSEC3", "NSEC3PARAM", "TLSA",
            "SMIMEA", null, "HIP", "NINFO", "RKEY", "TALINK", "CDS", "CDNSKEY", "OPENPGPKEY", "CSYNC", "ZONEMD",
            "SVCB", "HTTPS"};
        System.arraycopy(low, 0, QUERY_TYPES, 0, low.length);
        String[] mid = {"SPF", "UINFO", "UID", "GID", "UNSPEC", "NID", "L32", "L64", "LP", "EUI48", "EUI64"};
        System.arraycopy(mid, 0, QUERY_TYPES, 99, mid.length);
        String[] high = {"TKEY", "TSIG", "IXFR", "AXFR", "MAILB", "MAILA", "*"};
        System.arraycopy(high, 0, QUERY_TYPES, 249, high.length);
    }

    /** Zeek's {@code DNS::query_types[n]} (default {@code query-N}). */
    static String queryType(int n) {
        if (n >= 0 && n < 256 && QUERY_TYPES[n] != null) {
            return QUERY_TYPES[n];
        }
        return switch (n) {
            case 256 -> "URI";
            case 257 -> "CAA";
            case 32768 -> "TA";
            case 32769 -> "DLV";
            case 65281 -> "WINS";
            case 65282 -> "WINS-R";
            case 65422 -> "XPF";
            case 65521 -> "INTEGRITY";
            default -> "query-" + n;
        };
    }

    /** Zeek's {@code DNS::classes[n]} (default {@code qclass-N}). */
    static String qclass(int n) {
        return switch (n) {
            case 1 -> "C_INTERNET";
            case 2 -> "C_CSNET";
            case 3 -> "C_CHAOS";
            case 4 -> "C_HESIOD";
            case 254 -> "C_NONE";
            case 255 -> "C_ANY";
            default -> "qclass-" + n;
        };
    }

    /** Zeek's {@code DNS::base_errors[n]} (default {@code rcode-N}). */
    static String rcode(int n) {
        if (n >= 0 && n < RCODES.length) {
            return RCODES[n];
        }
        return n == 3842 ? "BADSIG" : "rcode-" + n;
    }

    /** Zeek's {@code DNS::opcodes[n]} (default {@code opcode-N}). */
    static String opcode(int n) {
        return switch (n) {
            case 0 -> "query";
            case 1 -> "iquery";
            case 2 -> "server-status";
            case 4 -> "notify";
            case 5 -> "dynamic-update";
            case 6 -> "dso";
            default -> "opcode-" + n;
        };
    }

    /** Zeek's {@code DNS::netbios_opcodes[n]} (RFC 1002 §4.2.1.1; default {@code netbios-opcode-N}). */
    static String netbiosOpcode(int n) {
        return switch (n) {
            case 0 -> "netbios-query";
            case 5 -> "netbios-registration";
            case 6 -> "netbios-release";
            case 7 -> "netbios-wack";
            case 8 -> "netbios-refresh";
            default -> "netbios-opcode-" + n;
        };
    }

    /**
     * Zeek's {@code decode_netbios_name}: the 32-letter first-level encoding (RFC 1001 §14.1) back to at most 15
     * name bytes, trailing spaces and NULs removed; empty when {@code name} is not such an encoding or decodes to
     * nothing printable. Letters are taken case-insensitively, as Zeek does.
     */
    static byte[] decodeNetbiosName(byte[] name) {
        if (name.length != 32) {
            return new byte[0];
        }
        byte[] buf = new byte[16];
        int length = 0;
        for (int i = 0, j = 0; i < 16; i++) {
            int c0 = upper(name[j++] & 0xFF);
            int c1 = upper(name[j++] & 0xFF);
            if (c0 < 'A' || c0 > 'P' || c1 < 'A' || c1 > 'P') {
                return new byte[0];
            }
            int b = (((c0 - 'A') << 4) + (c1 - 'A')) & 0xFF;
            buf[i] = (byte) b;
            if (isAlnum(b) || isPunct(b) || b == ' ' || b < 3) {
                length++;
            } else {
                break;
            }
        }
        if (length == 16) {
            length = 15;
        }
        while (length > 0) {
            int c = buf[length - 1] & 0xFF;
            if (c != ' ' && c != 0) {
                break;
            }
            length--;
        }
        return java.util.Arrays.copyOf(buf, length);
    }

    private static int upper(int c) {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }

    private static boolean isAlnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** C's {@code ispunct} in the "C" locale: printable ASCII that is neither alphanumeric nor space. */
    private static boolean isPunct(int c) {
        return c > 0x20 && c < 0x7F && !isAlnum(c);
    }
}
