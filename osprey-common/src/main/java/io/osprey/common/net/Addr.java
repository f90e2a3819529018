package io.osprey.common.net;

/**
 * IP addresses as two longs, {@code hi} and {@code lo} (the 128 bits of an IPv6 address, most significant first).
 * IPv4 addresses are stored IPv4-mapped ({@code ::ffff:a.b.c.d}), as Zeek's {@code IPAddr} does, so one key type
 * serves both families and a v4 address prints as a dotted quad. Nothing here allocates except the formatting
 * helpers that return a String.
 */
public final class Addr {
    /** The upper 32 bits of {@code lo} for an IPv4-mapped address. */
    public static final long V4_MAPPED_LO_PREFIX = 0x0000_FFFFL << 32;

    private Addr() {
    }

    /** The {@code lo} half of the IPv4-mapped form of {@code v4} (hi is 0). */
    public static long v4Lo(int v4) {
        return V4_MAPPED_LO_PREFIX | Integer.toUnsignedLong(v4);
    }

    /** True when (hi, lo) is an IPv4-mapped address. */
    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo >>> 32) == 0xFFFFL;
    }

    /** The IPv4 address of an IPv4-mapped (hi, lo). */
    public static int v4(long lo) {
        return (int) lo;
    }

    /** Appends the address as Zeek prints it: dotted quad for IPv4, RFC 5952 compressed text for IPv6. */
    public static StringBuilder append(StringBuilder sb, long hi, long lo) {
        if (isV4(hi, lo)) {
            int a = (int) lo;
            return sb.append((a >>> 24) & 0xFF).append('.').append((a >>> 16) & 0xFF).append('.')
                    .append((a >>> 8) & 0xFF).append('.').append(a & 0xFF);
        }
        int[] w = new int[8];
        for (int i = 0; i < 4; i++) {
            w[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            w[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952 §4.2: the longest run (first if tied) of two or more zero words becomes "::".
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLen) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb;
    }

    /** The address as Zeek prints it. Allocates: for logs and messages, not per packet. */
    public static String toString(long hi, long lo) {
        return append(new StringBuilder(40), hi, lo).toString();
    }

    /**
     * Parses a dotted-quad IPv4 or textual IPv6 address into {@code out[0]=hi, out[1]=lo}. Returns false when the text
     * is not an address. Used for configuration (networks, filters), not per packet.
     */
    public static boolean parse(String text, long[] out) {
        if (text.indexOf(':') < 0) {
            String[] p = text.split("\\.", -1);
            if (p.length != 4) {
                return false;
            }
            int v = 0;
            for (String s : p) {
                if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
                    return false;
                }
                int n = Integer.parseInt(s);
                if (n > 255) {
                    return false;
                }
                v = (v << 8) | n;
            }
            out[0] = 0;
            out[1] = v4Lo(v);
            return true;
        }
        try {
            byte[] b = java.net.InetAddress.ofLiteral(text).getAddress();
            if (b.length == 4) {
                out[0] = 0;
                out[1] = v4Lo(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
                return true;
            }
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (b[i] & 0xFF);
                lo = (lo << 8) | (b[8 + i] & 0xFF);
            }
            out[0] = hi;
            out[1] = lo;
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
