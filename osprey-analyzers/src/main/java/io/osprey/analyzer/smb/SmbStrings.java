package io.osprey.analyzer.smb;

import io.osprey.analyzer.utf16.Utf16;

/** SMB2 strings (UTF-16LE on the wire) as Zeek turns them into script strings: see {@link Utf16}. */
final class SmbStrings {
    private SmbStrings() {
    }

    /** The converted string, or null when the conversion failed (see {@link #raw}). */
    static byte[] utf16ToUtf8(byte[] b, int off, int len) {
        return Utf16.utf16ToUtf8(b, off, len);
    }

    /** The bytes as they are (Zeek's fallback after a failed conversion: {@code to_stringval}). */
    static byte[] raw(byte[] b, int off, int len) {
        return Utf16.raw(b, off, len);
    }
}
