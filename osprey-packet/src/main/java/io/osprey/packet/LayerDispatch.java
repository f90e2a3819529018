package io.osprey.packet;

import java.util.Arrays;

/**
 * One layer's key → child table compiled into a dense array indexed by {@code key - lowest} (Zeek's
 * {@code Dispatcher::Lookup}). Immutable after construction; {@link #lookup(long)} allocates nothing.
 */
public final class LayerDispatch {
    private final long lowest;
    private final int[] table;

    /** Compiles {@code keys[i] → children[i]}. */
    public LayerDispatch(long[] keys, int[] children) {
        if (keys.length == 0) {
            lowest = 0;
            table = new int[0];
            return;
        }
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (long k : keys) {
            lo = Math.min(lo, k);
            hi = Math.max(hi, k);
        }
        if (hi - lo > 1 << 20) {
            throw new IllegalArgumentException("dispatch key range too wide: " + lo + ".." + hi);
        }
        lowest = lo;
        table = new int[(int) (hi - lo + 1)];
        Arrays.fill(table, -1);
        for (int i = 0; i < keys.length; i++) {
            table[(int) (keys[i] - lo)] = children[i];
        }
    }

    /** The child layer id for {@code key}, or -1. */
    public int lookup(long key) {
        long i = key - lowest;
        if (i < 0 || i >= table.length) {
            return -1;
        }
        return table[(int) i];
    }
}
