package io.osprey.analyzer.ntp;

import java.nio.ByteBuffer;

/** NTP messages for the tests, built byte by byte (RFC 5905 §7.3; mode 6 RFC 1305 appendix B; mode 7 ntpd). */
final class NtpMessages {
    private NtpMessages() {
    }

    /**
     * A standard message: stratum 2, poll 6 (64 s), precision -20, root delay 0x0000/0x1234, root dispersion
     * 0x0001/0x8001 (a negative fraction as Zeek reads it), the given reference id, and the four timestamps
     * {@code secs + i} with fraction {@code 0x80000000 + i}.
     */
    static byte[] std(int version, int mode, int stratum, int refId, long secs) {
        ByteBuffer b = ByteBuffer.allocate(48);
        b.put((byte) ((version << 3) | mode)).put((byte) stratum).put((byte) 6).put((byte) -20);
        b.putShort((short) 0).putShort((short) 0x1234).putShort((short) 1).putShort((short) 0x8001);
        b.putInt(refId);
        for (int i = 0; i < 4; i++) {
            b.putInt((int) (secs + i)).putInt(0x80000000 + i);
        }
        return b.array();
    }

    /** {@link #std} with stratum 2, reference 10.1.2.3 and timestamps from 0x83aa7e80 (1970-01-01, Unix 0). */
    static byte[] std(int mode) {
        return std(4, mode, 2, 0x0A010203, 0x83aa7e80L);
    }

    /** {@code a} followed by {@code b}. */
    static byte[] cat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /** An RFC 5906 extension field as Zeek's parser reads it, padded (or cut) to {@code total} bytes. */
    static byte[] ext(int len, int valueLen, int sigLen, int total) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(total, 22 + valueLen + sigLen));
        b.put((byte) 0).put((byte) 1).putShort((short) len).putShort((short) 0).putInt(0).putInt(0).putInt(valueLen);
        b.put(new byte[valueLen]).putInt(sigLen).put(new byte[sigLen]);
        return java.util.Arrays.copyOf(b.array(), total);
    }

    /** A control message (mode 6): second byte, sequence, status, association id, offset 0, count, data. */
    static byte[] control(int version, int second, int sequence, int status, int assoc, int count, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(12 + rest.length);
        b.put((byte) ((version << 3) | 6)).put((byte) second).putShort((short) sequence).putShort((short) status)
                .putShort((short) assoc).putShort((short) 0).putShort((short) count).put(rest);
        return b.array();
    }

    /** A private message (mode 7): second byte (auth bit, sequence), implementation, request code, err/length word. */
    static byte[] priv(int version, int second, int impl, int req, int errAndLen, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(6 + rest.length);
        b.put((byte) ((version << 3) | 7)).put((byte) second).put((byte) impl).put((byte) req)
                .putShort((short) errAndLen).put(rest);
        return b.array();
    }
}
