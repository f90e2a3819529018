package io.osprey.packet.ip;

/**
 * Open-addressing index from a reassembly key (src, dst, id) to a slot number, with linear probing and
 * backward-shift deletion (no tombstones), over preallocated primitive arrays: nothing allocates after construction.
 * The key words themselves live in the reassembler's slot arrays; this table stores {@code slot + 1} (0 = empty) and
 * compares through them. Capacity is a power of two at least twice the slot count, so probes stay short and a free
 * bucket always exists.
 */
final class FragIndex {
    private final int[] table;
    private final int mask;
    private final long[] srcHi;
    private final long[] srcLo;
    private final long[] dstHi;
    private final long[] dstLo;
    private final long[] id;

    FragIndex(int slots, long[] srcHi, long[] srcLo, long[] dstHi, long[] dstLo, long[] id) {
        int cap = Integer.highestOneBit(Math.max(4, slots) * 2 - 1) << 1;
        this.table = new int[cap];
        this.mask = cap - 1;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.id = id;
    }

    static int hash(long sh, long sl, long dh, long dl, long k) {
        long h = sh * 0x9E3779B97F4A7C15L;
        h = (h ^ sl) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ dh) * 0x9E3779B97F4A7C15L;
        h = (h ^ dl) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ k) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }

    private boolean matches(int slot, long sh, long sl, long dh, long dl, long k) {
        return id[slot] == k && srcLo[slot] == sl && dstLo[slot] == dl && srcHi[slot] == sh && dstHi[slot] == dh;
    }

    /** The slot holding the key, or -1. */
    int find(long sh, long sl, long dh, long dl, long k) {
        int i = hash(sh, sl, dh, dl, k) & mask;
        while (true) {
            int v = table[i];
            if (v == 0) {
                return -1;
            }
            if (matches(v - 1, sh, sl, dh, dl, k)) {
                return v - 1;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds {@code slot}, whose key words are already stored; the key must not be present. */
    void insert(int slot) {
        int i = hash(srcHi[slot], srcLo[slot], dstHi[slot], dstLo[slot], id[slot]) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = slot + 1;
    }

    /** Removes {@code slot} (by identity) if present, shifting later entries of its cluster back. */
    void remove(int slot) {
        int i = hash(srcHi[slot], srcLo[slot], dstHi[slot], dstLo[slot], id[slot]) & mask;
        while (table[i] != slot + 1) {
            if (table[i] == 0) {
                return;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion (Knuth 6.4 algorithm R).
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            int v = table[j];
            if (v == 0) {
                break;
            }
            int s = v - 1;
            int home = hash(srcHi[s], srcLo[s], dstHi[s], dstLo[s], id[s]) & mask;
            // Move v into the hole unless its home lies cyclically in (hole, j].
            boolean inRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!inRange) {
                table[hole] = v;
                hole = j;
            }
        }
        table[hole] = 0;
    }
}
