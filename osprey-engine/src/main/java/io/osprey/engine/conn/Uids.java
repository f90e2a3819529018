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
        StringBuilder sb = new StringBuilder(20).append(prefix);
        base62(sb, nextLong() >>> 1);
        base62(sb, nextLong() & 0xFFFF_FFFFL);
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
