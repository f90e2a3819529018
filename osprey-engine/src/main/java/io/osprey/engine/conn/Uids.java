package io.osprey.engine.conn;

/**
 * Deterministic unique ids in Zeek's style: a prefix letter ("C" for connections) and 96 random bits in base 62.
 * Zeek draws its uids from a random source (seedable); Osprey's come from a SplitMix64 sequence seeded by
 * {@link ConnConfig#uidSeed}, so the same input and seed give the same uids and two runs can be diffed.
 */
public final class Uids {
    private static final char[] DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private long state;

    public Uids(long seed) {
        this.state = seed;
    }

    private long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next uid with the given prefix. */
    public String next(char prefix) {
        long high = nextHigh();
        return format(prefix, high, nextLow());
    }

    /**
     * The first random part of the next uid (63 bits); {@link #nextLow} gives the second. Together they draw what
     * {@link #next} draws, so a caller can keep the two numbers (12 bytes) and {@link #format} the uid when it is
     * needed instead of holding the string (64 bytes).
     */
    long nextHigh() {
        return nextLong() >>> 1;
    }

    /** The second random part of the next uid (32 bits, unsigned); call after {@link #nextHigh}. */
    int nextLow() {
        return (int) nextLong();
    }

    /** The uid made of the two parts {@link #nextHigh} and {@link #nextLow} returned. */
    static String format(char prefix, long high, int low) {
        StringBuilder sb = new StringBuilder(20).append(prefix);
        base62(sb, high);
        base62(sb, Integer.toUnsignedLong(low));
        return sb.toString();
    }

    private static void base62(StringBuilder sb, long v) {
        char[] buf = new char[12];
        int i = buf.length;
        do {
            buf[--i] = DIGITS[(int) (v % 62)];
            v /= 62;
        } while (v != 0);
        sb.append(buf, i, buf.length - i);
    }
}
