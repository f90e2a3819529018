package io.osprey.filter;

/**
 * Address text conversions with libpcap's exact acceptance rules: dotted IPv4 with 1-4 parts (pcapint_atoin),
 * IPv6 (glibc inet_pton, RFC 4291 section 2.2 text forms), MAC-48 in its three spellings (pcapint_atomac48), DECnet
 * {@code area.node} (pcapint_atodn) and ARCnet {@code $XX} (pcapint_atoan).
 */
final class Addresses {
    private Addresses() {
    }

    /**
     * pcapint_atoin: the value of a dotted IPv4 address or prefix of 1 to 4 parts, left in the low bits, and the
     * number of bits given (8 per part) in the high 32 bits of the result; -1 when a part exceeds 255. Like
     * libpcap, any character other than '.' counts as a digit ({@code c - '0'}), which rejects hex parts.
     */
    static long atoin(String s) {
        long addr = 0;
        int len = 0;
        int i = 0;
        while (true) {
            long n = 0;
            while (i < s.length() && s.charAt(i) != '.') {
                if (n > 25) {
                    return -1;
                }
                n = n * 10 + s.charAt(i++) - '0';
            }
            if (n > 255 || n < 0) {
                return -1;
            }
            addr = (addr << 8) | (n & 0xff);
            len += 8;
            if (i >= s.length()) {
                return ((long) len << 32) | (addr & 0xffffffffL);
            }
            i++;
        }
    }

    /** The 16 bytes of an IPv6 address in text form, or null when glibc's inet_pton would refuse it. */
    static byte[] parseIpv6(String s) {
        byte[] out = new byte[16];
        int tp = 0;
        int colonp = -1;
        int i = 0;
        int n = s.length();
        if (n == 0) {
            return null;
        }
        if (s.charAt(0) == ':') {
            if (n < 2 || s.charAt(1) != ':') {
                return null;
            }
            i = 1;
        }
        int curtok = i;
        boolean sawXdigit = false;
        int val = 0;
        int digits = 0;
        while (i < n) {
            char ch = s.charAt(i++);
            int d = Character.digit(ch, 16);
            if (d >= 0 && ch < 128) {
                if (digits >= 4) {
                    return null;
                }
                val = (val << 4) | d;
                digits++;
                sawXdigit = true;
                continue;
            }
            if (ch == ':') {
                curtok = i;
                if (!sawXdigit) {
                    if (colonp >= 0) {
                        return null;
                    }
                    colonp = tp;
                    continue;
                } else if (i >= n) {
                    return null;
                }
                if (tp + 2 > 16) {
                    return null;
                }
                out[tp++] = (byte) (val >> 8);
                out[tp++] = (byte) val;
                sawXdigit = false;
                digits = 0;
                val = 0;
                continue;
            }
            if (ch == '.' && tp + 4 <= 16) {
                byte[] v4 = parseIpv4Strict(s.substring(curtok));
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, tp, 4);
                tp += 4;
                sawXdigit = false;
                break;
            }
            return null;
        }
        if (sawXdigit) {
            if (tp + 2 > 16) {
                return null;
            }
            out[tp++] = (byte) (val >> 8);
            out[tp++] = (byte) val;
        }
        if (colonp >= 0) {
            if (tp == 16) {
                return null;
            }
            int moved = tp - colonp;
            for (int k = 1; k <= moved; k++) {
                out[16 - k] = out[colonp + moved - k];
                out[colonp + moved - k] = 0;
            }
            tp = 16;
        }
        return tp == 16 ? out : null;
    }

    /** glibc inet_pton4: exactly four decimal parts of at most 255, no leading zeros. */
    static byte[] parseIpv4Strict(String s) {
        byte[] out = new byte[4];
        int octets = 0;
        int cur = 0;
        boolean sawDigit = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                if (sawDigit && cur == 0) {
                    return null;
                }
                cur = cur * 10 + (ch - '0');
                if (cur > 255) {
                    return null;
                }
                if (!sawDigit) {
                    if (++octets > 4) {
                        return null;
                    }
                    sawDigit = true;
                }
            } else if (ch == '.' && sawDigit) {
                if (octets == 4) {
                    return null;
                }
                out[octets - 1] = (byte) cur;
                cur = 0;
                sawDigit = false;
            } else {
                return null;
            }
        }
        if (octets < 4 || !sawDigit) {
            return null;
        }
        out[3] = (byte) cur;
        return out;
    }

    /** pcapint_atomac48: "xxxxxxxxxxxx", "xxxx.xxxx.xxxx" or six 1-2 digit parts separated by one of ":.-". */
    static byte[] parseMac48(String s) {
        if (s.length() == 12 && allHex(s)) {
            byte[] out = new byte[6];
            for (int i = 0; i < 6; i++) {
                out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
            }
            return out;
        }
        if (s.length() == 14 && s.charAt(4) == '.' && s.charAt(9) == '.' && allHex(s.substring(0, 4))
                && allHex(s.substring(5, 9)) && allHex(s.substring(10))) {
            String h = s.substring(0, 4) + s.substring(5, 9) + s.substring(10);
            return parseMac48(h);
        }
        if (s.isEmpty()) {
            return null;
        }
        char sep = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':' || c == '.' || c == '-') {
                sep = c;
                break;
            }
        }
        if (sep == 0) {
            return null;
        }
        String[] parts = s.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
        if (parts.length != 6) {
            return null;
        }
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 2 || !allHex(parts[i])) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    private static boolean allHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** pcapint_atodn: a DECnet address "area.node" (area 1-63, node 0-1023) as 16 bits, or -1. */
    static int parseDecnet(String s) {
        int dot = s.indexOf('.');
        if (dot <= 0 || dot == s.length() - 1) {
            return -1;
        }
        String a = s.substring(0, dot);
        String b = s.substring(dot + 1);
        if (!a.chars().allMatch(Character::isDigit) || !b.chars().allMatch(c -> c >= '0' && c <= '9')
                || !a.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        // libpcap checks the running value after each digit: leading zeros are fine, overflow is not.
        long area = 0;
        for (char c : a.toCharArray()) {
            area = area * 10 + (c - '0');
            if (area > 63) {
                return -1;
            }
        }
        long node = 0;
        for (char c : b.toCharArray()) {
            node = node * 10 + (c - '0');
            if (node > 1023) {
                return -1;
            }
        }
        return (int) (area << 10 | node);
    }

    /** pcapint_atoan: an ARCnet address "$X" or "$XX", or -1. */
    static int parseArcnet(String s) {
        if (s.length() < 2 || s.length() > 3 || s.charAt(0) != '$' || !allHex(s.substring(1))) {
            return -1;
        }
        return Integer.parseInt(s.substring(1), 16);
    }
}
