package io.osprey.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a filter expression into tokens the way libpcap's flex scanner (scanner.l) does: at each position the
 * longest match wins and, between matches of the same length, the rule listed first (keywords before numbers,
 * addresses and names; MAC-48 addresses before numbers, so {@code 001122334455} is a MAC address). Keywords are
 * case-sensitive, as in libpcap. A backslash makes a name of anything ({@code \tcp} is the name "tcp", not the
 * keyword). Malformed numbers and addresses become {@link Tok#ERROR} tokens carrying libpcap's message; the parser
 * reports them when it reaches them.
 */
final class Lexer {
    private Lexer() {
    }

    /** Token kinds: the terminals of libpcap's grammar. */
    enum Tok {
        DST, SRC, HOST, GATEWAY, NET, NETMASK, PORT, PORTRANGE, LESS, GREATER, PROTO, PROTOCHAIN, CBYTE,
        ARP, RARP, IP, SCTP, TCP, UDP, ICMP, IGMP, IGRP, PIM, VRRP, CARP, ATALK, AARP, DECNET, LAT, SCA, MOPRC,
        MOPDL, BROADCAST, MULTICAST, NUM, INBOUND, OUTBOUND, IFINDEX, PF_IFNAME, PF_RSET, PF_RNR, PF_SRNR,
        PF_REASON, PF_ACTION, TYPE, SUBTYPE, DIR, ADDR1, ADDR2, ADDR3, ADDR4, RA, TA, LINK, GEQ, LEQ, NEQ, ID, EID,
        HID, HID6, AID, LSH, RSH, LEN, IPV6, ICMPV6, AH, ESP, VLAN, MPLS, PPPOED, PPPOES, GENEVE, VXLAN, ISO, ESIS,
        CLNP, ISIS, L1, L2, IIH, LSP, SNP, CSNP, PSNP, STP, IPX, NETBEUI, LANE, LLC, METAC, BCC, SC, ILMIC,
        OAMF4EC, OAMF4SC, OAM, OAMF4, CONNECTMSG, METACONNECT, VPI, VCI, RADIO, FISU, LSSU, MSU, HFISU, HLSSU, HMSU,
        SIO, OPC, DPC, SLS, HSIO, HOPC, HDPC, HSLS, AND, OR, NOT,
        // single characters
        PLUS, MINUS, STAR, SLASH, PERCENT, COLON, LBRACKET, RBRACKET, LT, GT, LPAREN, RPAREN, AMP, PIPE, CARET, EQ,
        /** A lexical error; {@link Token#text} holds the message. */
        ERROR,
        /** End of input. */
        EOF
    }

    /**
     * One token: kind, the matched text (for names and addresses; the message for ERROR), the value of a number,
     * and where it starts and ends in the expression (0-based, end exclusive).
     */
    record Token(Tok kind, String text, long num, int start, int end) {
        @Override
        public String toString() {
            return kind + (text != null ? "(" + text + ")" : kind == Tok.NUM ? "(" + num + ")" : "");
        }
    }

    private static final Map<String, Tok> KEYWORDS = new HashMap<>();
    /** Named numbers (scanner.l's icmptype, tcp-syn...), tried after addresses and before plain names. */
    private static final Map<String, Integer> NAMED_NUMBERS = new HashMap<>();

    private static void kw(Tok t, String... words) {
        for (String w : words) {
            KEYWORDS.put(w, t);
        }
    }

    static {
        kw(Tok.DST, "dst");
        kw(Tok.SRC, "src");
        kw(Tok.LINK, "link", "ether", "ppp", "slip", "fddi", "tr", "wlan");
        kw(Tok.ARP, "arp");
        kw(Tok.RARP, "rarp");
        kw(Tok.IP, "ip");
        kw(Tok.SCTP, "sctp");
        kw(Tok.TCP, "tcp");
        kw(Tok.UDP, "udp");
        kw(Tok.ICMP, "icmp");
        kw(Tok.IGMP, "igmp");
        kw(Tok.IGRP, "igrp");
        kw(Tok.PIM, "pim");
        kw(Tok.VRRP, "vrrp");
        kw(Tok.CARP, "carp");
        kw(Tok.RADIO, "radio");
        kw(Tok.IPV6, "ip6");
        kw(Tok.ICMPV6, "icmp6");
        kw(Tok.AH, "ah");
        kw(Tok.ESP, "esp");
        kw(Tok.ATALK, "atalk");
        kw(Tok.AARP, "aarp");
        kw(Tok.DECNET, "decnet");
        kw(Tok.LAT, "lat");
        kw(Tok.SCA, "sca");
        kw(Tok.MOPRC, "moprc");
        kw(Tok.MOPDL, "mopdl");
        kw(Tok.ISO, "iso");
        kw(Tok.ESIS, "esis", "es-is");
        kw(Tok.ISIS, "isis", "is-is");
        kw(Tok.L1, "l1");
        kw(Tok.L2, "l2");
        kw(Tok.IIH, "iih");
        kw(Tok.LSP, "lsp");
        kw(Tok.SNP, "snp");
        kw(Tok.CSNP, "csnp");
        kw(Tok.PSNP, "psnp");
        kw(Tok.CLNP, "clnp");
        kw(Tok.STP, "stp");
        kw(Tok.IPX, "ipx");
        kw(Tok.NETBEUI, "netbeui");
        kw(Tok.HOST, "host");
        kw(Tok.NET, "net");
        kw(Tok.NETMASK, "mask");
        kw(Tok.PORT, "port");
        kw(Tok.PORTRANGE, "portrange");
        kw(Tok.PROTO, "proto");
        kw(Tok.PROTOCHAIN, "protochain");
        kw(Tok.GATEWAY, "gateway");
        kw(Tok.TYPE, "type");
        kw(Tok.SUBTYPE, "subtype");
        kw(Tok.DIR, "direction", "dir");
        kw(Tok.ADDR1, "address1", "addr1");
        kw(Tok.ADDR2, "address2", "addr2");
        kw(Tok.ADDR3, "address3", "addr3");
        kw(Tok.ADDR4, "address4", "addr4");
        kw(Tok.RA, "ra");
        kw(Tok.TA, "ta");
        kw(Tok.LESS, "less");
        kw(Tok.GREATER, "greater");
        kw(Tok.CBYTE, "byte");
        kw(Tok.BROADCAST, "broadcast");
        kw(Tok.MULTICAST, "multicast");
        kw(Tok.AND, "and", "&&");
        kw(Tok.OR, "or", "||");
        kw(Tok.NOT, "not");
        kw(Tok.LEN, "len", "length");
        kw(Tok.INBOUND, "inbound");
        kw(Tok.OUTBOUND, "outbound");
        kw(Tok.IFINDEX, "ifindex");
        kw(Tok.VLAN, "vlan");
        kw(Tok.MPLS, "mpls");
        kw(Tok.PPPOED, "pppoed");
        kw(Tok.PPPOES, "pppoes");
        kw(Tok.GENEVE, "geneve");
        kw(Tok.VXLAN, "vxlan");
        kw(Tok.LANE, "lane");
        kw(Tok.LLC, "llc");
        kw(Tok.METAC, "metac");
        kw(Tok.BCC, "bcc");
        kw(Tok.OAM, "oam");
        kw(Tok.OAMF4, "oamf4");
        kw(Tok.OAMF4EC, "oamf4ec");
        kw(Tok.OAMF4SC, "oamf4sc");
        kw(Tok.SC, "sc");
        kw(Tok.ILMIC, "ilmic");
        kw(Tok.VPI, "vpi");
        kw(Tok.VCI, "vci");
        kw(Tok.CONNECTMSG, "connectmsg");
        kw(Tok.METACONNECT, "metaconnect");
        kw(Tok.PF_IFNAME, "on", "ifname");
        kw(Tok.PF_RSET, "rset", "ruleset");
        kw(Tok.PF_RNR, "rnr", "rulenum");
        kw(Tok.PF_SRNR, "srnr", "subrulenum");
        kw(Tok.PF_REASON, "reason");
        kw(Tok.PF_ACTION, "action");
        kw(Tok.FISU, "fisu");
        kw(Tok.LSSU, "lssu", "lsu");
        kw(Tok.MSU, "msu");
        kw(Tok.HFISU, "hfisu");
        kw(Tok.HLSSU, "hlssu");
        kw(Tok.HMSU, "hmsu");
        kw(Tok.SIO, "sio");
        kw(Tok.OPC, "opc");
        kw(Tok.DPC, "dpc");
        kw(Tok.SLS, "sls");
        kw(Tok.HSIO, "hsio");
        kw(Tok.HOPC, "hopc");
        kw(Tok.HDPC, "hdpc");
        kw(Tok.HSLS, "hsls");

        String[][] named = {
            {"icmptype", "0"}, {"icmpcode", "1"}, {"icmp-echoreply", "0"}, {"icmp-unreach", "3"},
            {"icmp-sourcequench", "4"}, {"icmp-redirect", "5"}, {"icmp-echo", "8"}, {"icmp-routeradvert", "9"},
            {"icmp-routersolicit", "10"}, {"icmp-timxceed", "11"}, {"icmp-paramprob", "12"},
            {"icmp-tstamp", "13"}, {"icmp-tstampreply", "14"}, {"icmp-ireq", "15"}, {"icmp-ireqreply", "16"},
            {"icmp-maskreq", "17"}, {"icmp-maskreply", "18"},
            {"icmp6type", "0"}, {"icmp6code", "1"},
            {"icmp6-destinationunreach", "1"}, {"icmp6-packettoobig", "2"}, {"icmp6-timeexceeded", "3"},
            {"icmp6-parameterproblem", "4"}, {"icmp6-echo", "128"}, {"icmp6-echoreply", "129"},
            {"icmp6-multicastlistenerquery", "130"}, {"icmp6-multicastlistenerreportv1", "131"},
            {"icmp6-multicastlistenerdone", "132"}, {"icmp6-routersolicit", "133"},
            {"icmp6-routeradvert", "134"}, {"icmp6-neighborsolicit", "135"}, {"icmp6-neighboradvert", "136"},
            {"icmp6-redirect", "137"}, {"icmp6-routerrenum", "138"}, {"icmp6-nodeinformationquery", "139"},
            {"icmp6-nodeinformationresponse", "140"}, {"icmp6-ineighbordiscoverysolicit", "141"},
            {"icmp6-ineighbordiscoveryadvert", "142"}, {"icmp6-multicastlistenerreportv2", "143"},
            {"icmp6-homeagentdiscoveryrequest", "144"}, {"icmp6-homeagentdiscoveryreply", "145"},
            {"icmp6-mobileprefixsolicit", "146"}, {"icmp6-mobileprefixadvert", "147"},
            {"icmp6-certpathsolicit", "148"}, {"icmp6-certpathadvert", "149"},
            {"icmp6-multicastrouteradvert", "151"}, {"icmp6-multicastroutersolicit", "152"},
            {"icmp6-multicastrouterterm", "153"},
            {"tcpflags", "13"}, {"tcp-fin", "1"}, {"tcp-syn", "2"}, {"tcp-rst", "4"}, {"tcp-push", "8"},
            {"tcp-ack", "16"}, {"tcp-urg", "32"}, {"tcp-ece", "64"}, {"tcp-cwr", "128"},
        };
        for (String[] n : named) {
            NAMED_NUMBERS.put(n[0], Integer.parseInt(n[1]));
        }
    }

    // Building blocks of scanner.l's definitions. N lists the hex form first so that a backtracking matcher
    // finds the longest number ("0x1f", not "0").
    private static final String N = "(?:0[xX][0-9A-Fa-f]+|[0-9]+)";
    private static final String B = "[0-9A-Fa-f]{1,2}";
    private static final String B2 = "[0-9A-Fa-f]{4}";
    private static final String W = "[0-9A-Fa-f]{1,4}";
    private static final String V4 = N + "\\." + N + "\\." + N + "\\." + N;

    private static Pattern[] compile(String... res) {
        Pattern[] p = new Pattern[res.length];
        for (int i = 0; i < res.length; i++) {
            p[i] = Pattern.compile(res[i]);
        }
        return p;
    }

    /** IPv6 forms: n groups in all, an optional "::" at any place, optionally ending in a dotted quad. */
    private static Pattern[] v6Patterns() {
        List<String> alts = new ArrayList<>();
        alts.add(String.join(":", java.util.Collections.nCopies(8, W)));
        // k groups in total around a "::" (k = 7..0), the "::" after j groups.
        for (int k = 7; k >= 0; k--) {
            for (int j = 0; j <= k; j++) {
                alts.add(groups(j) + "::" + groups(k - j));
            }
        }
        alts.add(String.join(":", java.util.Collections.nCopies(6, W)) + ":" + V4);
        for (int k = 5; k >= 0; k--) {
            for (int j = 0; j <= k; j++) {
                String tail = groups(k - j);
                alts.add(groups(j) + "::" + tail + (tail.isEmpty() ? "" : ":") + V4);
            }
        }
        return compile(alts.toArray(String[]::new));
    }

    private static String groups(int n) {
        return String.join(":", java.util.Collections.nCopies(n, W));
    }

    private static final Pattern AID = Pattern.compile("\\$" + B);
    private static final Pattern[] MAC = compile(
            B + ":" + B + ":" + B + ":" + B + ":" + B + ":" + B,
            B + "-" + B + "-" + B + "-" + B + "-" + B + "-" + B,
            B + "\\." + B + "\\." + B + "\\." + B + "\\." + B + "\\." + B,
            B2 + "\\." + B2 + "\\." + B2,
            B2 + B2 + B2);
    private static final Pattern[] NUMBER = compile("0[xX][0-9A-Fa-f]+", "[0-9]+");
    private static final Pattern[] HID = compile(N + "\\." + N, N + "\\." + N + "\\." + N, V4);
    private static final Pattern[] V6 = v6Patterns();
    private static final Pattern BAD_MAC = Pattern.compile(B + ":+(?:" + B + ":+)+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?");
    private static final Pattern ESCAPED = Pattern.compile("\\\\[^ !()\n\t]+");

    private static int longest(Pattern p, String s, int pos) {
        Matcher m = p.matcher(s);
        m.region(pos, s.length());
        return m.lookingAt() ? m.end() - pos : 0;
    }

    private static int longest(Pattern[] ps, String s, int pos) {
        int best = 0;
        for (Pattern p : ps) {
            best = Math.max(best, longest(p, s, pos));
        }
        return best;
    }

    /** The longest keyword (or named number) that is a prefix of {@code s} at {@code pos}, as its length. */
    private static int longestLiteral(Map<String, ?> table, String s, int pos) {
        int best = 0;
        int max = Math.min(s.length() - pos, 40);
        for (int len = 1; len <= max; len++) {
            if (table.containsKey(s.substring(pos, pos + len))) {
                best = len;
            }
        }
        return best;
    }

    /** Splits {@code expr} into tokens, ending with one {@link Tok#EOF}. Never throws. */
    static List<Token> tokenize(String expr) {
        List<Token> out = new ArrayList<>();
        int pos = 0;
        int n = expr.length();
        while (true) {
            while (pos < n && isSpace(expr.charAt(pos))) {
                pos++;
            }
            if (pos >= n) {
                out.add(new Token(Tok.EOF, null, 0, n, n));
                return out;
            }
            Token t = next(expr, pos);
            out.add(t);
            pos = t.end();
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    // Rule numbers in scanner.l order; equal-length matches go to the lower number.
    private static final int R_KEYWORD = 0, R_OP1 = 1, R_OP2 = 2, R_AID = 3, R_MAC = 4, R_NUM = 5, R_HID = 6,
            R_V6 = 7, R_BADMAC = 8, R_NAMED = 9, R_NAME = 10, R_ESCAPED = 11;

    private static Token next(String s, int pos) {
        int[] len = new int[12];
        len[R_KEYWORD] = longestLiteral(KEYWORDS, s, pos);
        char c = s.charAt(pos);
        if ("+-*/%:[]!<>()&|^=".indexOf(c) >= 0) {
            len[R_OP1] = 1;
        }
        if (pos + 1 < s.length()) {
            String two = s.substring(pos, pos + 2);
            if (two.equals(">=") || two.equals("<=") || two.equals("!=") || two.equals("==") || two.equals("<<")
                    || two.equals(">>")) {
                len[R_OP2] = 2;
            }
        }
        len[R_AID] = longest(AID, s, pos);
        len[R_MAC] = longest(MAC, s, pos);
        len[R_NUM] = longest(NUMBER, s, pos);
        len[R_HID] = longest(HID, s, pos);
        len[R_V6] = longest(V6, s, pos);
        len[R_BADMAC] = longest(BAD_MAC, s, pos);
        len[R_NAMED] = longestLiteral(NAMED_NUMBERS, s, pos);
        len[R_NAME] = longest(NAME, s, pos);
        len[R_ESCAPED] = longest(ESCAPED, s, pos);
        int rule = -1;
        int best = 0;
        for (int r = 0; r < len.length; r++) {
            if (len[r] > best) {
                best = len[r];
                rule = r;
            }
        }
        if (rule < 0) {
            // scanner.l's "." rule: any other character is a lexical error (LEX_ERROR).
            return new Token(Tok.ERROR, "unexpected character '" + s.charAt(pos) + "'", 0, pos, pos + 1);
        }
        int end = pos + best;
        String text = s.substring(pos, end);
        return switch (rule) {
            case R_KEYWORD -> new Token(KEYWORDS.get(text), null, 0, pos, end);
            case R_OP1 -> new Token(op1(c), null, 0, pos, end);
            case R_OP2 -> new Token(switch (text) {
                case ">=" -> Tok.GEQ;
                case "<=" -> Tok.LEQ;
                case "!=" -> Tok.NEQ;
                case "==" -> Tok.EQ;
                case "<<" -> Tok.LSH;
                default -> Tok.RSH;
            }, null, 0, pos, end);
            case R_AID -> new Token(Tok.AID, text, 0, pos, end);
            case R_MAC -> new Token(Tok.EID, text, 0, pos, end);
            case R_NUM -> number(text, pos, end);
            case R_HID -> new Token(Tok.HID, text, 0, pos, end);
            case R_V6 -> Addresses.parseIpv6(text) == null
                    ? new Token(Tok.ERROR, "invalid IPv6 address " + text, 0, pos, end)
                    : new Token(Tok.HID6, text, 0, pos, end);
            case R_BADMAC -> new Token(Tok.ERROR, "invalid Ethernet address " + text, 0, pos, end);
            case R_NAMED -> new Token(Tok.NUM, null, NAMED_NUMBERS.get(text), pos, end);
            case R_NAME -> new Token(Tok.ID, text, 0, pos, end);
            default -> new Token(Tok.ID, text.substring(1), 0, pos, end);
        };
    }

    private static Tok op1(char c) {
        return switch (c) {
            case '+' -> Tok.PLUS;
            case '-' -> Tok.MINUS;
            case '*' -> Tok.STAR;
            case '/' -> Tok.SLASH;
            case '%' -> Tok.PERCENT;
            case ':' -> Tok.COLON;
            case '[' -> Tok.LBRACKET;
            case ']' -> Tok.RBRACKET;
            case '!' -> Tok.NOT;
            case '<' -> Tok.LT;
            case '>' -> Tok.GT;
            case '(' -> Tok.LPAREN;
            case ')' -> Tok.RPAREN;
            case '&' -> Tok.AMP;
            case '|' -> Tok.PIPE;
            case '^' -> Tok.CARET;
            default -> Tok.EQ;
        };
    }

    /** A number token: decimal, 0x hex or 0 octal, at most 32 bits (libpcap's stoulen). */
    private static Token number(String text, int pos, int end) {
        long v = parseUnsigned(text);
        if (v >= 0) {
            return new Token(Tok.NUM, null, v, pos, end);
        }
        String msg = switch ((int) v) {
            case -1 -> "number " + text + " contains non-octal digit";
            case -2 -> "number " + text + " contains non-hex digit";
            case -3 -> "number " + text + " contains non-decimal digit";
            default -> (text.length() > 1 && (text.charAt(1) == 'x' || text.charAt(1) == 'X') ? "hexadecimal"
                    : text.startsWith("0") ? "octal" : "decimal") + " number " + text + " overflows 32 bits";
        };
        return new Token(Tok.ERROR, msg, 0, pos, end);
    }

    /**
     * libpcap's stoulen: the value of a decimal, 0x-hex or 0-octal number of at most 32 bits, or a negative code:
     * -1 not octal, -2 not hex, -3 not decimal, -4 overflow.
     */
    static long parseUnsigned(String s) {
        long n = 0;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            for (int i = 2; i < s.length(); i++) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    return -2;
                }
                if (n > 0xFFFFFFFL) {
                    return -4;
                }
                n = (n << 4) + d;
            }
        } else if (s.startsWith("0")) {
            for (int i = 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '7') {
                    return -1;
                }
                if (n > 03777777777L) {
                    return -4;
                }
                n = (n << 3) + (c - '0');
            }
        } else {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -3;
                }
                n = n * 10 + (c - '0');
                if (n > 0xFFFFFFFFL) {
                    return -4;
                }
            }
        }
        return n;
    }
}
