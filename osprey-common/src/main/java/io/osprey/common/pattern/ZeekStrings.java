package io.osprey.common.pattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Zeek's string built-ins that script logic ported to Java relies on, with Zeek's exact edge cases (strings are byte
 * arrays, as in Zeek): {@code split_string_n}/{@code split_string_all} (src/strings.bif do_split_string),
 * {@code sub}/{@code gsub} (StringVal::Replace), {@code strip}, {@code unescape_URI} (HTTP.cc) and
 * {@code extract_count} (base/utils/numbers.zeek). Stateless; the patterns passed carry their own scratch, so the
 * caller's thread owns them.
 */
public final class ZeekStrings {
    private ZeekStrings() {
    }

    /**
     * {@code split_string_n(s, re, incl_sep, max_num_sep)}: the pieces of {@code s} between matches of {@code re}
     * (leftmost, longest, non-empty matches; {@code ^} only at the very start), with the separators between them
     * when {@code inclSep}; after {@code maxNumSep} separators (0 = no limit) the rest is one piece. A match that
     * ends the string leaves an empty last piece.
     */
    public static List<byte[]> splitN(byte[] s, ZeekPattern re, boolean inclSep, int maxNumSep) {
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        int n = s.length;
        int numSep = 0;
        boolean bol = true;
        while (n >= 0) {
            int offset = 0;
            int endOfMatch = 0;
            while (n > 0) {
                endOfMatch = re.longestPrefix(s, pos + offset, n, bol, true);
                if (endOfMatch > 0) {
                    break;
                }
                // Only the first position is the beginning of the input for an anchored pattern.
                bol = false;
                offset++;
                n--;
            }
            if (maxNumSep > 0 && numSep >= maxNumSep) {
                offset = s.length - pos;
                n = 0;
            }
            out.add(Arrays.copyOfRange(s, pos, pos + offset));
            if (n <= 0) {
                break;
            }
            if (inclSep) {
                out.add(Arrays.copyOfRange(s, pos + offset, pos + offset + endOfMatch));
            }
            if (maxNumSep > 0 && numSep >= maxNumSep) {
                break;
            }
            numSep++;
            n -= endOfMatch;
            pos += offset + endOfMatch;
        }
        return out;
    }

    /** {@code split_string_all(s, re)}: {@link #splitN} with separators and no limit. */
    public static List<byte[]> splitAll(byte[] s, ZeekPattern re) {
        return splitN(s, re, true, 0);
    }

    /** {@code sub(s, re, repl)} ({@code all} false) or {@code gsub} ({@code all} true). */
    public static byte[] replace(byte[] s, ZeekPattern re, byte[] repl, boolean all) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length + repl.length);
        int offset = 0;
        int n = s.length;
        boolean bol = true;
        int copied = 0;
        while (n > 0) {
            int endOfMatch = 0;
            while (n > 0) {
                endOfMatch = re.longestPrefix(s, offset, n, bol, true);
                if (endOfMatch > 0) {
                    break;
                }
                bol = false;
                offset++;
                n--;
            }
            if (n <= 0) {
                break;
            }
            out.write(s, copied, offset - copied);
            out.write(repl, 0, repl.length);
            offset += endOfMatch;
            n -= endOfMatch;
            copied = offset;
            if (!all) {
                break;
            }
        }
        out.write(s, copied, s.length - copied);
        return out.toByteArray();
    }

    /** {@code strip(s)}: without leading and trailing whitespace (C {@code isspace}). */
    public static byte[] strip(byte[] s) {
        if (s.length == 0) {
            return s;
        }
        int e = s.length - 1;
        while (e > 0 && isSpace(s[e])) {
            e--;
        }
        int b = 0;
        while (b <= e && isSpace(s[b])) {
            b++;
        }
        return Arrays.copyOfRange(s, b, e + 1);
    }

    /** C {@code isspace} in the C locale. */
    public static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /**
     * {@code unescape_URI(s)}: decodes {@code %XX} and {@code %uXXXX} (dropping a leading zero byte), keeps
     * malformed escapes as they are, and lets {@code %%} stand for {@code %} (Zeek's evasion handling).
     */
    public static byte[] unescapeUri(byte[] s) {
        byte[] out = new byte[s.length];
        int o = 0;
        int i = 0;
        int end = s.length;
        while (i < end) {
            if (s[i] == '%') {
                i++;
                if (i == end) {
                    out[o++] = '%';
                    break;
                } else if (i + 1 == end) {
                    out[o++] = '%';
                    out[o++] = s[i];
                    break;
                } else if (s[i] == '%') {
                    // Double '%': the first is dropped and the second starts the next escape.
                    i--;
                } else if (isHex(s[i]) && isHex(s[i + 1])) {
                    out[o++] = (byte) ((hex(s[i]) << 4) + hex(s[i + 1]));
                    i++;
                } else if (end - i >= 5 && s[i] == 'u' && isHex(s[i + 1]) && isHex(s[i + 2]) && isHex(s[i + 3])
                        && isHex(s[i + 4])) {
                    if (!(s[i + 1] == '0' && s[i + 2] == '0')) {
                        out[o++] = (byte) ((hex(s[i + 1]) << 4) + hex(s[i + 2]));
                    }
                    out[o++] = (byte) ((hex(s[i + 3]) << 4) + hex(s[i + 4]));
                    i += 4;
                } else {
                    out[o++] = '%';
                    out[o++] = s[i];
                }
            } else {
                out[o++] = s[i];
            }
            i++;
        }
        return Arrays.copyOf(out, o);
    }

    private static final ThreadLocal<ZeekPattern> DIGITS =
            ThreadLocal.withInitial(() -> ZeekPattern.compile("[0-9]+"));

    /**
     * {@code extract_count(s)}: the first run of decimal digits as an unsigned 64-bit count, 0 when there is none.
     * Like Zeek's {@code as count} (strtoull), a number beyond 2^64-1 gives 2^64-1 (-1 as a Java long).
     */
    public static long extractCount(byte[] s) {
        List<byte[]> parts = splitN(s, DIGITS.get(), true, 1);
        if (parts.size() < 2) {
            return 0;
        }
        return parseCount(parts.get(1));
    }

    /** Decimal digits as an unsigned 64-bit count, saturating at 2^64-1 as strtoull does; 0 for none. */
    public static long parseCount(byte[] digits) {
        long v = 0;
        for (byte d : digits) {
            int x = d - '0';
            if (x < 0 || x > 9) {
                break;
            }
            long hi = Math.unsignedMultiplyHigh(v, 10);
            long nv = v * 10 + x;
            if (hi != 0 || Long.compareUnsigned(nv, v * 10) < 0) {
                return -1L;
            }
            v = nv;
        }
        return v;
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
