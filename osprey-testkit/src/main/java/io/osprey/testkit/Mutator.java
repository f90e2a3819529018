package io.osprey.testkit;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded byte-level mutations for fuzz tests over seed inputs (our captures, frames and payloads): byte flips,
 * truncation, splicing a range elsewhere, and writing "interesting" 32-bit values (0, -1, lengths around limits).
 * Every mutant is a pure function of (seed input, seed number), so a failure names the seed that reproduces it.
 * Osprey's fuzz tests run a few hundred mutants per seed in CI; raise the count locally with
 * {@code -Dosprey.fuzz.iterations=N} for a longer run.
 */
public final class Mutator {
    private static final int[] INTERESTING = {0, -1, 1, 2, 3, 6, 8, 12, 0x7FFF_FFFF, 0x8000_0000, 65535, 65536,
        262144, 262145, 0x0A0D0D0A, 0xFFFF_FF00};

    private Mutator() {
    }

    /** The number of mutants a fuzz test should try: {@code -Dosprey.fuzz.iterations}, else {@code dflt}. */
    public static int iterations(int dflt) {
        return Integer.getInteger("osprey.fuzz.iterations", dflt);
    }

    /** Applies 1..4 random mutations chosen by {@code seed} to a copy of {@code in}. */
    public static byte[] mutate(byte[] in, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] data = in;
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            data = once(data, r);
        }
        return data;
    }

    private static byte[] once(byte[] in, SplittableRandom r) {
        if (in.length == 0) {
            return in;
        }
        int a = r.nextInt(in.length);
        int value = r.nextBoolean() ? r.nextInt() : INTERESTING[r.nextInt(INTERESTING.length)];
        switch (r.nextInt(4)) {
            case 0 -> {
                byte[] out = in.clone();
                out[a] ^= (byte) (value == 0 ? 1 : value);
                return out;
            }
            case 1 -> {
                return Arrays.copyOf(in, a);
            }
            case 2 -> {
                int len = Math.min(1 + r.nextInt(64), in.length - a);
                int t = r.nextInt(in.length);
                byte[] out = new byte[in.length + len];
                System.arraycopy(in, 0, out, 0, t);
                System.arraycopy(in, a, out, t, len);
                System.arraycopy(in, t, out, t + len, in.length - t);
                return out;
            }
            default -> {
                byte[] out = in.clone();
                for (int i = 0; i < 4 && a + i < out.length; i++) {
                    out[a + i] = (byte) (value >>> (8 * i));
                }
                return out;
            }
        }
    }
}
