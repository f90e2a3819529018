package io.osprey.analyzer.mime;

/**
 * Incremental Base64 decoding as Zeek's {@code Base64Converter} does it: characters outside the alphabet are skipped
 * (the first one raises {@code base64_illegal_encoding}), '=' counts as a zero digit and as padding, groups after a
 * padded group are ignored (with the same weird), and an incomplete final group is padded with zero bits. Used for
 * MIME bodies with {@code Content-Transfer-Encoding: base64} and for HTTP basic-auth credentials; shared by HTTP-style and mail protocols.
 */
public final class MimeBase64 {
    private static final int[] TABLE = new int[256];

    static {
        java.util.Arrays.fill(TABLE, -1);
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; i++) {
            TABLE[a.charAt(i)] = i;
        }
        TABLE['='] = 0;
    }

    /** Receives decoded bytes and problems. */
    public interface Sink {
        void octets(byte[] b, int off, int len);

        void illegalEncoding(String msg);
    }

    private final int[] group = new int[4];
    private int groupNext;
    private int padding;
    private boolean afterPadding;
    private int errored;
    private final byte[] out = new byte[3];

    /** Number of problems seen (Zeek's {@code Errored()}). */
    public int errored() {
        return errored;
    }

    /** Decodes {@code len} bytes at {@code off}. */
    public void decode(java.lang.foreign.MemorySegment b, long off, int len, Sink sink) {
        for (long i = off; i < off + len; i++) {
            int c = b.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 0xFF;
            if (c == '=') {
                padding++;
            }
            int k = TABLE[c];
            if (k >= 0) {
                group[groupNext++] = k;
            } else if (++errored == 1) {
                sink.illegalEncoding("character " + c + " ignored by Base64 decoding");
            }
            if (groupNext == 4) {
                flushGroup(sink);
            }
        }
    }

    private void flushGroup(Sink sink) {
        if (afterPadding) {
            if (++errored == 1) {
                sink.illegalEncoding("extra base64 groups after '=' padding are ignored");
            }
            groupNext = 0;
            return;
        }
        int bits = (group[0] << 18) | (group[1] << 12) | (group[2] << 6) | group[3];
        out[0] = (byte) (bits >> 16);
        out[1] = (byte) (bits >> 8);
        out[2] = (byte) bits;
        int n = Math.max(0, 3 - padding);
        if (n > 0) {
            sink.octets(out, 0, n);
        }
        if (padding > 0) {
            afterPadding = true;
        }
        groupNext = 0;
        padding = 0;
    }

    /** The input ended: an incomplete group is padded with zero bits (Zeek's {@code Done}). */
    public void done(Sink sink) {
        if (groupNext != 0) {
            if (groupNext < 4) {
                sink.illegalEncoding("incomplete base64 group, padding with " + (4 - groupNext) * 6 + " bits of 0");
            }
            int missing = 4 - groupNext;
            for (int i = 0; i < missing; i++) {
                padding++;
                group[groupNext++] = 0;
            }
            flushGroup(sink);
        }
    }

    /**
     * Zeek's {@code decode_base64_conn}: the whole value, or null when any character was illegal (the first problem
     * is reported to {@code weirds}).
     */
    public static byte[] decodeAll(byte[] b, int from, int to, Sink weirds) {
        MimeBase64 d = new MimeBase64();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream((to - from) * 3 / 4 + 3);
        Sink s = new Sink() {
            @Override
            public void octets(byte[] o, int off, int len) {
                bytes.write(o, off, len);
            }

            @Override
            public void illegalEncoding(String msg) {
                weirds.illegalEncoding(msg);
            }
        };
        d.decode(java.lang.foreign.MemorySegment.ofArray(b), from, to - from, s);
        if (d.errored > 0) {
            return null;
        }
        d.done(s);
        return bytes.toByteArray();
    }
}
