package io.osprey.analyzer.smb;

/** Little-endian reads from byte arrays (SMB is little-endian on the wire, [MS-SMB2] 1.8). Callers check bounds. */
final class Le {
    private Le() {
    }

    static int u8(byte[] b, int p) {
        return b[p] & 0xFF;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int p) {
        return (u16(b, p) | (long) u16(b, p + 2) << 16) & 0xFFFF_FFFFL;
    }

    static long u64(byte[] b, int p) {
        return u32(b, p) | u32(b, p + 4) << 32;
    }
}
