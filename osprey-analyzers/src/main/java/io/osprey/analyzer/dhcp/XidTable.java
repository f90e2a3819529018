package io.osprey.analyzer.dhcp;

/**
 * Zeek's {@code join_data} with {@code join_data_ordered}: the tracked transactions by transaction id, in the order
 * they were inserted. Open addressing on the 32-bit id (linear probing, deletion by backward shift) and a list
 * through the {@link DhcpInfo}s, so that lookups allocate nothing; the table doubles when half full. Its size is
 * bounded by {@code DHCP::max_tracked_transactions}. Worker thread only.
 */
final class XidTable {
    private int[] keys = new int[64];
    private DhcpInfo[] vals = new DhcpInfo[64];
    private int size;
    /** Oldest and newest entries. */
    private DhcpInfo oldest;
    private DhcpInfo newest;

    int size() {
        return size;
    }

    /** The oldest entry, or null. */
    DhcpInfo oldest() {
        return oldest;
    }

    /** The entry after {@code e} in insertion order, or null. */
    static DhcpInfo next(DhcpInfo e) {
        return e.newer;
    }

    DhcpInfo get(int xid) {
        int mask = keys.length - 1;
        for (int i = mix(xid) & mask; vals[i] != null; i = (i + 1) & mask) {
            if (keys[i] == xid) {
                return vals[i];
            }
        }
        return null;
    }

    /** Adds {@code e} (its xid not present) as the newest entry. */
    void add(DhcpInfo e) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(e);
        size++;
        e.older = newest;
        e.newer = null;
        if (newest != null) {
            newest.newer = e;
        } else {
            oldest = e;
        }
        newest = e;
    }

    /** Removes {@code e} (present). */
    void remove(DhcpInfo e) {
        int mask = keys.length - 1;
        int i = mix(e.xid) & mask;
        while (vals[i] != e) {
            i = (i + 1) & mask;
        }
        vals[i] = null;
        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        for (int j = (i + 1) & mask; vals[j] != null; j = (j + 1) & mask) {
            int home = mix(keys[j]) & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                keys[i] = keys[j];
                vals[i] = vals[j];
                vals[j] = null;
                i = j;
            }
        }
        size--;
        if (e.older != null) {
            e.older.newer = e.newer;
        } else {
            oldest = e.newer;
        }
        if (e.newer != null) {
            e.newer.older = e.older;
        } else {
            newest = e.older;
        }
        e.older = null;
        e.newer = null;
    }

    private void insert(DhcpInfo e) {
        int mask = keys.length - 1;
        int i = mix(e.xid) & mask;
        while (vals[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = e.xid;
        vals[i] = e;
    }

    private void grow() {
        DhcpInfo[] old = vals;
        keys = new int[keys.length * 2];
        vals = new DhcpInfo[old.length * 2];
        for (DhcpInfo e : old) {
            if (e != null) {
                insert(e);
            }
        }
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
