package io.osprey.analyzer.smb;

/** Big-endian reads (the protocol id is compared as a big-endian integer, as Zeek's parser does). */
final class Be {
    private Be() {
    }

    static int i32(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }
}
