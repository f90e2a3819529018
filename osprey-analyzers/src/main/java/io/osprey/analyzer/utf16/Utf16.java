package io.osprey.analyzer.utf16;

import java.io.ByteArrayOutputStream;

/**
 * UTF-16LE strings (SMB2's, NTLM's) as Zeek turns them into script strings ({@code utf16_to_utf8_val} in
 * binpac_zeek-lib.pac): converted to UTF-8 leniently (an unpaired low surrogate is encoded as it is); when the
 * conversion fails (a high surrogate at the end) the raw bytes are kept and the caller reports
 * {@code utf16_conversion_failed}; the result ends at its first NUL, as Zeek builds it from a C string.
 */
public final class Utf16 {
    private Utf16() {
    }

    /** The converted string (UTF-8 bytes; a new array owned by the caller), or null when the conversion failed (see {@link #raw}). */
    public static byte[] utf16ToUtf8(byte[] b, int off, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len);
        // Zeek converts the whole buffer (so a high surrogate at the end fails even after a NUL), then cuts the
        // result at its first NUL.
        int nul = -1;
        // An odd length reads the last unit with a zero high byte (Zeek copies into a zeroed buffer).
        int units = (len + 1) / 2;
        for (int i = 0; i < units; i++) {
            int cu = unit(b, off, len, i);
            int cp = cu;
            if (cu >= 0xD800 && cu <= 0xDBFF) {
                if (i + 1 >= units) {
                    return null; // sourceExhausted
                }
                int lo = unit(b, off, len, i + 1);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = ((cu - 0xD800) << 10) + (lo - 0xDC00) + 0x10000;
                    i++;
                }
            }
            if (cp == 0 && nul < 0) {
                nul = out.size(); // the C string ends here
            }
            encode(out, cp);
        }
        byte[] all = out.toByteArray();
        return nul < 0 ? all : java.util.Arrays.copyOf(all, nul);
    }

    /** The bytes as they are (Zeek's fallback after a failed conversion: {@code to_stringval}). */
    public static byte[] raw(byte[] b, int off, int len) {
        return java.util.Arrays.copyOfRange(b, off, off + len);
    }

    private static int unit(byte[] b, int off, int len, int i) {
        int lo = b[off + 2 * i] & 0xFF;
        int hi = 2 * i + 1 < len ? b[off + 2 * i + 1] & 0xFF : 0;
        return lo | hi << 8;
    }

    private static void encode(ByteArrayOutputStream out, int cp) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xC0 | cp >> 6);
            out.write(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out.write(0xE0 | cp >> 12);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        } else {
            out.write(0xF0 | cp >> 18);
            out.write(0x80 | cp >> 12 & 0x3F);
            out.write(0x80 | cp >> 6 & 0x3F);
            out.write(0x80 | cp & 0x3F);
        }
    }
}
