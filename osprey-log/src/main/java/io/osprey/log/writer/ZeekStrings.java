package io.osprey.log.writer;

/**
 * String rendering for Zeek's ASCII and JSON logs, byte for byte. All methods take raw bytes; Java text is encoded
 * to UTF-8 first by the writers.
 */
final class ZeekStrings {
    /** The ASCII writer's field separator (zeek {@code Log::separator}, default {@code \t}). */
    static final byte SEPARATOR = '\t';
    /** Separator between set/vector elements (zeek {@code Log::set_separator}, default {@code ,}). */
    static final byte SET_SEPARATOR = ',';
    /** Written for an unset field (zeek {@code Log::unset_field}). */
    static final byte[] UNSET = {'-'};
    /** Written for an empty string, set or vector (zeek {@code Log::empty_field}). */
    static final byte[] EMPTY = {'(', 'e', 'm', 'p', 't', 'y', ')'};

    private ZeekStrings() {
    }

    /**
     * A string (or enum) value in an ASCII log, as zeek {@code src/threading/formatters/Ascii.cc}
     * {@code Ascii::Describe} does: empty gives {@code (empty)}; a value equal to the unset or empty marker gets its
     * first byte hex-escaped ({@code escapeReservedContent}: {@code \x2d}, {@code \x28empty)}); anything else goes
     * through {@link #asciiEscaped}.
     */
    static void asciiValue(ByteSink out, byte[] b, int off, int len, boolean inContainer, boolean utf8) {
        if (len == 0) {
            out.put(EMPTY);
            return;
        }
        if (equals(b, off, len, UNSET) || equals(b, off, len, EMPTY)) {
            ZeekNumbers.hexEscape(out, b[off] & 0xFF);
            asciiEscaped(out, b, off + 1, len - 1, inContainer, utf8);
            return;
        }
        asciiEscaped(out, b, off, len, inContainer, utf8);
    }

    private static boolean equals(byte[] b, int off, int len, byte[] lit) {
        if (len != lit.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] != lit[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * zeek {@code src/Desc.cc} {@code ODesc::AddBytes} with escaping on (the ASCII writer calls
     * {@code EnableEscaping()}, {@code AddEscapeSequence(separator)}, and {@code EnableUTF8()} because
     * {@code LogAscii::enable_utf_8} defaults to T; inside a set or vector the set separator is an escape sequence
     * too). A backslash becomes {@code \\}, the separator {@code \x09}, the set separator (in containers)
     * {@code \x2c} ({@code util::get_escaped_string} with escape_all). With UTF-8 on, the bytes between those are
     * passed through {@code util::escape_utf8} (both control flags set) per run, see {@link #utf8Run}. With UTF-8 off,
     * every byte outside 0x20..0x7E is escaped as {@code \xHH}.
     */
    static void asciiEscaped(ByteSink out, byte[] b, int off, int len, boolean inContainer, boolean utf8) {
        int end = off + len;
        int run = off;
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xFF;
            boolean esc = c == '\\' || c == SEPARATOR || (inContainer && c == SET_SEPARATOR)
                    || (!utf8 && (c < 0x20 || c > 0x7E));
            if (!esc) {
                continue;
            }
            flushRun(out, b, run, i, utf8);
            if (c == '\\') {
                out.put('\\');
                out.put('\\');
            } else {
                ZeekNumbers.hexEscape(out, c);
            }
            run = i + 1;
        }
        flushRun(out, b, run, end, utf8);
    }

    private static void flushRun(ByteSink out, byte[] b, int from, int to, boolean utf8) {
        if (from >= to) {
            return;
        }
        if (utf8) {
            utf8Run(out, b, from, to);
        } else {
            out.put(b, from, to - from);
        }
    }

    /**
     * zeek {@code src/util.cc} {@code escape_utf8(val, ESCAPE_PRINTABLE_CONTROLS | ESCAPE_UNPRINTABLE_CONTROLS)}:
     * if every byte is printable ASCII or starts an acceptable UTF-8 character ({@link #okUtf8}) the run is copied
     * as is; otherwise (one bad sequence anywhere) every byte outside 0x20..0x7E in the run is written as
     * {@code \xHH}, including the bytes of valid multi-byte characters.
     */
    static void utf8Run(ByteSink out, byte[] b, int from, int to) {
        if (!hasBadUtf8(b, from, to, false)) {
            out.put(b, from, to - from);
            return;
        }
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                out.put(c);
            } else {
                ZeekNumbers.hexEscape(out, c);
            }
        }
    }

    /**
     * True when {@code escape_utf8} would switch to its escaped result. {@code keepPrintableControls} is the JSON
     * case ({@code ESCAPE_UNPRINTABLE_CONTROLS} only): {@code \b \f \n \r \t} are then accepted as they are.
     */
    static boolean hasBadUtf8(byte[] b, int from, int to, boolean keepPrintableControls) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if ((c >= 0x20 && c < 0x7F) || (keepPrintableControls && isPrintableControl(c))) {
                i++;
                continue;
            }
            int n = sequenceLength(c);
            if (i + n > to || !okUtf8(b, i, n)) {
                return true;
            }
            i += n;
        }
        return false;
    }

    private static boolean isPrintableControl(int c) {
        return c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t';
    }

    /** {@code getNumBytesForUTF8}: 1 + trailingBytesForUTF8[c] (zeek {@code src/3rdparty/ConvertUTF.c}). */
    static int sequenceLength(int c) {
        if (c < 0xC0) {
            return 1;
        }
        if (c < 0xE0) {
            return 2;
        }
        if (c < 0xF0) {
            return 3;
        }
        if (c < 0xF8) {
            return 4;
        }
        return c < 0xFC ? 5 : 6;
    }

    /**
     * zeek {@code src/util.cc} {@code check_ok_utf8}: a legal UTF-8 sequence ({@code isLegalUTF8} in
     * {@code ConvertUTF.c}: no overlongs, no surrogates, nothing above U+10FFFF) whose code point is not a control
     * (U+0000..U+001F, U+007F, U+0080..U+009F), not in the private use area U+E000..U+F8FF and not in
     * U+FFF0..U+FFFF.
     */
    static boolean okUtf8(byte[] b, int i, int n) {
        int c0 = b[i] & 0xFF;
        if (n > 4) {
            return false;
        }
        if (n >= 2) {
            for (int j = n - 1; j >= 1; j--) {
                int a = b[i + j] & 0xFF;
                if (a < 0x80 || a > 0xBF) {
                    return false;
                }
            }
            int a = b[i + 1] & 0xFF;
            switch (c0) {
                case 0xE0 -> {
                    if (a < 0xA0) {
                        return false;
                    }
                }
                case 0xED -> {
                    if (a > 0x9F) {
                        return false;
                    }
                }
                case 0xF0 -> {
                    if (a < 0x90) {
                        return false;
                    }
                }
                case 0xF4 -> {
                    if (a > 0x8F) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        if (c0 >= 0x80 && c0 < 0xC2) {
            return false;
        }
        if (c0 > 0xF4) {
            return false;
        }
        int cp = switch (n) {
            case 1 -> c0;
            case 2 -> ((c0 & 0x1F) << 6) | (b[i + 1] & 0x3F);
            case 3 -> ((c0 & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
            default -> ((c0 & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
        };
        return !(cp <= 0x1F || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0xE000 && cp <= 0xF8FF)
                || (cp >= 0xFFF0 && cp <= 0xFFFF));
    }

    /**
     * A JSON string value as Zeek's JSON formatter writes it with the default
     * {@code LogAscii::json_string_escape_policy = JSON::STRING_ESCAPE_POLICY_HEX}
     * (zeek {@code src/threading/formatters/JSON.cc}): first {@code util::escape_utf8(s,
     * ESCAPE_UNPRINTABLE_CONTROLS)} (a run with any bad byte has all non-ASCII/control bytes but {@code \b\f\n\r\t}
     * turned into the four characters {@code \xHH}), then rapidjson's string escaping: {@code "} and {@code \},
     * {@code \b \f \n \r \t}, other bytes below 0x20 as a six-character JSON unicode escape (upper-case hex), everything else raw. So a
     * 0x07 byte ends up as {@code \\x07} in the file.
     */
    static void jsonString(ByteSink out, byte[] b, int off, int len) {
        out.put('"');
        int end = off + len;
        boolean bad = hasBadUtf8(b, off, end, true);
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xFF;
            if (bad && !(c >= 0x20 && c < 0x7F) && !isPrintableControl(c)) {
                // escape_utf8 wrote "\xHH"; rapidjson then escapes its backslash.
                out.put('\\');
                ZeekNumbers.hexEscape(out, c);
            } else {
                jsonByte(out, c);
            }
        }
        out.put('"');
    }

    /** rapidjson {@code Writer::WriteString} escaping of one byte (no Unicode escaping, no validation). */
    static void jsonByte(ByteSink out, int c) {
        switch (c) {
            case '"' -> {
                out.put('\\');
                out.put('"');
            }
            case '\\' -> {
                out.put('\\');
                out.put('\\');
            }
            case '\b' -> {
                out.put('\\');
                out.put('b');
            }
            case '\f' -> {
                out.put('\\');
                out.put('f');
            }
            case '\n' -> {
                out.put('\\');
                out.put('n');
            }
            case '\r' -> {
                out.put('\\');
                out.put('r');
            }
            case '\t' -> {
                out.put('\\');
                out.put('t');
            }
            default -> {
                if (c < 0x20) {
                    out.putAscii("\\u00");
                    out.put("0123456789ABCDEF".charAt(c >>> 4));
                    out.put("0123456789ABCDEF".charAt(c & 0xF));
                } else {
                    out.put(c);
                }
            }
        }
    }

    /**
     * Encodes {@code s} as UTF-8 into {@code scratch} (grown when needed) and returns the byte count; unpaired
     * surrogates become '?' as with {@link String#getBytes}. The caller keeps the returned array.
     */
    static byte[] utf8(CharSequence s, byte[] scratch, int[] lenOut) {
        int n = s.length();
        byte[] b = scratch.length >= n * 3 ? scratch : new byte[Math.max(n * 3, scratch.length * 2)];
        int p = 0;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                b[p++] = (byte) ch;
            } else if (ch < 0x800) {
                b[p++] = (byte) (0xC0 | (ch >> 6));
                b[p++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(ch)) {
                b[p++] = '?';
            } else {
                b[p++] = (byte) (0xE0 | (ch >> 12));
                b[p++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        lenOut[0] = p;
        return b;
    }
}
