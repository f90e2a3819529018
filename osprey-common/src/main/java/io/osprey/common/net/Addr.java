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

    /** Receives the (ASCII) characters of a formatted address; log writers implement it over their byte buffers. */
    @FunctionalInterface
    public interface CharSink {
        /** One character. */
        void put(char c);
    }

    /**
     * Writes the address as Zeek renders it (zeek {@code Formatter::Render(addr_t)}, {@code
     * src/3rdparty/zeek_inet_ntop.c}): IPv4-mapped addresses print as a dotted quad; others as RFC 5952 text — the
     * longest run (first on ties) of at least two zero words becomes "::", words in lower-case hex without leading
     * zeros — with a dotted IPv4 tail when a leading zero run of 6 words, of 5 words then ffff, or of 4 words then
     * ffff:0 precedes it ({@code ::1.2.3.4}, {@code ::ffff:0:1.2.3.4}; {@code ::1} and {@code ::2} stay hex).
     * Allocation-free.
     */
    public static void format(CharSink out, long hi, long lo) {
        if (isV4(hi, lo)) {
            dotted(out, (int) lo);
            return;
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (word(hi, lo, i) == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    out.put(':');
                }
                continue;
            }
            if (i != 0) {
                out.put(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6
                    || (bestLen == 7 && word(hi, lo, 7) != 1)
                    || (bestLen == 5 && word(hi, lo, 5) == 0xFFFF)
                    || (bestLen == 4 && word(hi, lo, 4) == 0xFFFF && word(hi, lo, 5) == 0))) {
                dotted(out, (int) lo);
                return;
            }
            hex(out, word(hi, lo, i));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            out.put(':');
        }
    }

    private static int word(long hi, long lo, int i) {
        return (int) ((i < 4 ? hi >>> (48 - 16 * i) : lo >>> (48 - 16 * (i - 4))) & 0xFFFF);
    }

    private static void hex(CharSink out, int w) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int nib = (w >>> shift) & 0xF;
            if (nib != 0 || started || shift == 0) {
                out.put(Character.forDigit(nib, 16));
                started = true;
            }
        }
    }

    private static void dotted(CharSink out, int a) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            int b = (a >>> shift) & 0xFF;
            if (b >= 100) {
                out.put((char) ('0' + b / 100));
            }
            if (b >= 10) {
                out.put((char) ('0' + (b / 10) % 10));
            }
            out.put((char) ('0' + b % 10));
            if (shift != 0) {
                out.put('.');
            }
        }
    }

    /** Appends the address as Zeek prints it (see {@link #format}). */
    public static StringBuilder append(StringBuilder sb, long hi, long lo) {
        format(sb::append, hi, lo);
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
