package io.osprey.analyzer.mime;

/**
 * Pure MIME header syntax functions over byte ranges (RFC 2045 tokens and tspecials, RFC 822/2822 comments and
 * quoted strings), with the exact leniency of Zeek's {@code analyzer/protocol/mime/MIME.cc}: a token is the first
 * run of token characters, anything else (including comments) being skipped. Ranges are absolute offsets
 * {@code [from, to)} into the array; results that are ranges come packed as {@code start << 32 | end} ({@link #start}
 * and {@link #end}), or -1 when not found. No allocation, no state.
 */
public final class MimeSyntax {
    private MimeSyntax() {
    }

    /** Packs a range. */
    public static long range(int start, int end) {
        return ((long) start << 32) | (end & 0xFFFFFFFFL);
    }

    public static int start(long range) {
        return (int) (range >>> 32);
    }

    public static int end(long range) {
        return (int) range;
    }

    /** Linear white space: HT or SP. */
    public static boolean isLws(int c) {
        return c == 9 || c == 32;
    }

    /** RFC 2045 tspecials; for a multipart boundary only the double quote. */
    public static boolean isTspecial(int c, boolean boundary) {
        if (boundary) {
            return c == '"';
        }
        return c == '(' || c == ')' || c == '<' || c == '>' || c == '@' || c == ',' || c == ';' || c == ':'
                || c == '\\' || c == '"' || c == '/' || c == '[' || c == ']' || c == '?' || c == '=';
    }

    public static boolean isFieldNameChar(int c) {
        return c >= 33 && c <= 126 && c != ':';
    }

    public static boolean isTokenChar(int c, boolean boundary) {
        return c >= 33 && c <= 126 && !isTspecial(c, boundary);
    }

    /** Skips one (nested) comment at {@code from}; returns the offset after it ({@code from} when none starts). */
    public static int skipComments(byte[] b, int from, int to) {
        if (from >= to || b[from] != '(') {
            return from;
        }
        int par = 0;
        for (int i = from; i < to; i++) {
            switch (b[i]) {
                case '(' -> par++;
                case ')' -> {
                    par--;
                    if (par == 0) {
                        return i + 1;
                    }
                }
                case '\\' -> i++;
                default -> {
                }
            }
        }
        return to;
    }

    /** Skips linear white space and comments (not tspecials). */
    public static int skipLwsComments(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (isLws(b[i])) {
                i++;
            } else if (b[i] == '(') {
                i = skipComments(b, i, to);
            } else {
                return i;
            }
        }
        return to;
    }

    /** The header field name: the first run of field-name characters after white space and comments, or -1. */
    public static long fieldName(byte[] b, int from, int to) {
        int i = skipLwsComments(b, from, to);
        while (i < to) {
            if (isFieldNameChar(b[i] & 0xFF)) {
                int j = i;
                while (j < to && isFieldNameChar(b[j] & 0xFF)) {
                    j++;
                }
                return range(i, j);
            }
            int j = skipLwsComments(b, i, to);
            i = j > i ? j : i + 1;
        }
        return -1;
    }

    /** The first token (RFC 2045) in the range, skipping anything that is not a token character; or -1. */
    public static long token(byte[] b, int from, int to, boolean boundary) {
        int i = boundary ? from : skipLwsComments(b, from, to);
        while (i < to) {
            if (isTokenChar(b[i] & 0xFF, boundary)) {
                int j = i;
                while (j < to && isTokenChar(b[j] & 0xFF, boundary)) {
                    j++;
                }
                return range(i, j);
            }
            int j = skipLwsComments(b, i, to);
            i = j > i ? j : i + 1;
        }
        return -1;
    }

    /** A quoted string after white space and comments: the range inside the quotes, or -1 (unterminated). */
    public static long quotedString(byte[] b, int from, int to) {
        int p = skipLwsComments(b, from, to);
        if (p >= to || b[p] != '"') {
            return -1;
        }
        for (int i = p + 1; i < to; i++) {
            if (b[i] == '"') {
                return range(p + 1, i);
            }
            if (b[i] == '\\') {
                i++;
            }
        }
        return -1;
    }

    /** Case-insensitive comparison of a byte range with ASCII text. */
    public static boolean equalsIgnoreCase(byte[] b, int from, int to, String t) {
        if (to - from != t.length()) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            int x = b[from + i] & 0xFF;
            int y = t.charAt(i);
            if (x != y && lower(x) != lower(y)) {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive comparison of a packed range (may be -1) with ASCII text. */
    public static boolean equalsIgnoreCase(byte[] b, long range, String t) {
        return range >= 0 && equalsIgnoreCase(b, start(range), end(range), t);
    }

    public static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** Decodes quoted pairs ({@code \x} becomes {@code x}, a trailing backslash is dropped). */
    public static byte[] decodeQuotedPairs(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int j = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                if (++i < to) {
                    out[j++] = b[i];
                }
            } else {
                out[j++] = b[i];
            }
        }
        return java.util.Arrays.copyOf(out, j);
    }

    public static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Zeek's {@code util::atoi_n} for int64 ({@code std::from_chars}): an optional '-', then digits of {@code base},
     * stopping at the first other character; false when no digit was read or the value does not fit in 64 signed
     * bits. The result is in {@code out[0]}.
     */
    public static boolean atoi(byte[] b, int from, int to, int base, long[] out) {
        int i = from;
        boolean neg = i < to && b[i] == '-';
        if (neg) {
            i++;
        }
        long n = 0; // accumulated negatively so that Long.MIN_VALUE fits
        long limit = neg ? Long.MIN_VALUE : -Long.MAX_VALUE;
        int digits = 0;
        for (; i < to; i++) {
            int d = digit(b[i] & 0xFF);
            if (d < 0 || d >= base) {
                break;
            }
            if (n < limit / base || n * base < limit + d) {
                return false;
            }
            n = n * base - d;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        out[0] = neg ? n : -n;
        return true;
    }

    private static int digit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static final java.util.regex.Pattern CD_PREFIX =
            java.util.regex.Pattern.compile("^[^\\n]*[nN][aA][mM][eE][ \\t]*\\*?=[ \\t]*");
    private static final java.util.regex.Pattern CHARSET_LANG = java.util.regex.Pattern.compile(
            "^[a-zA-Z0-9!#$%&+-^_`{}~]+'[a-zA-Z0-9!#$%&+-^_`{}~]*'");
    private static final java.util.regex.Pattern CHARSET_LANG_PREFIX =
            java.util.regex.Pattern.compile("^[^\\n]+'[^\\n]*'");

    /**
     * Zeek's {@code extract_filename_from_content_disposition} (base/utils/files.zeek), shared by HTTP and the mail
     * protocols: the value after the last {@code name=} / {@code filename*=}, unquoted, without an RFC 2231
     * charset'language' prefix, URI-unescaped; the raw bytes (callers decide how to show them).
     */
    public static byte[] filenameFromContentDisposition(String data) {
        java.util.regex.Matcher m = CD_PREFIX.matcher(data);
        String filename = m.find() ? data.substring(m.end()) : data;
        if (filename.startsWith("\"")) {
            String[] parts = filename.split("\"", 3);
            filename = parts.length > 1 ? parts[1] : "";
        }
        if (CHARSET_LANG.matcher(filename).find()) {
            java.util.regex.Matcher p = CHARSET_LANG_PREFIX.matcher(filename);
            if (p.find()) {
                filename = filename.substring(p.end());
            }
        }
        return io.osprey.common.pattern.ZeekStrings.unescapeUri(
                filename.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
