package io.osprey.engine.conn;

/**
 * The flow table: an open-addressing hash table (linear probing over one {@code Connection[]}) keyed by the
 * canonical 5-tuple (lower address/port first, so both directions find the same entry; ICMP one-way messages are
 * keyed as sent, as Zeek does), plus the VLAN ids when connections are keyed by VLAN (Zeek's vlan_fivetuple conn
 * key). Hand-written instead of a {@code HashMap<Key, Connection>} because a lookup runs for every packet and must
 * neither allocate a key object nor box: the tuple is passed as primitives.
 *
 * <p><b>Layout.</b> Open addressing rather than chaining, so that a connection carries neither a next pointer nor a
 * cached hash (8 B per tracked connection; the target is about 300 B per connection, BENCHMARKS.md, "Heap
 * per tracked connection"); the array is the same size a chained table's buckets were. A probe compares the
 * connection's own key fields, which the lookup reads anyway when it finds its connection. The load stays at most
 * 1/2 (the array doubles before; linear probing's runs grow quickly above that, and each probe reads another
 * connection), so a lookup reads 1.2-1.5 slots on average; the array then costs 8-16 B per connection, against
 * 5-11 B of buckets plus 8 B in each connection for chaining. Removal shifts the entries after the removed one
 * back (no tombstones), so a lookup never walks past deleted slots.
 */
final class ConnTable {
    /** The table; it doubles when half full. */
    private Connection[] slots = new Connection[1 << 12];
    private int size;
    /** Whether the VLAN ids of the connection's first packet are part of the key ({@link ConnConfig#vlanConnKey}). */
    private final boolean vlanKeyed;

    ConnTable(boolean vlanKeyed) {
        this.vlanKeyed = vlanKeyed;
    }

    int size() {
        return size;
    }

    static int hash(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort, int proto) {
        long h = aHi * 0x9E3779B97F4A7C15L;
        h = (h ^ aLo) * 0x9E3779B97F4A7C15L;
        h = (h ^ bHi) * 0x9E3779B97F4A7C15L;
        h = (h ^ bLo) * 0x9E3779B97F4A7C15L;
        h = (h ^ (((long) aPort << 32) | ((long) bPort << 8) | proto)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 41));
    }

    /** True when (aHi,aLo,aPort) sorts before (bHi,bLo,bPort), Zeek's addr_port_canon_lt. */
    static boolean canonLess(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        int c = Long.compareUnsigned(aHi, bHi);
        if (c == 0) {
            c = Long.compareUnsigned(aLo, bLo);
        }
        return c < 0 || (c == 0 && aPort < bPort);
    }

    /** The hash of a tuple given in either direction (canonicalized unless {@code oneWay}), VLAN ids included. */
    private static int keyHash(long sHi, long sLo, int sPort, long dHi, long dLo, int dPort, int proto, boolean oneWay,
                               int vlan, int innerVlan) {
        int h;
        if (oneWay || canonLess(sHi, sLo, sPort, dHi, dLo, dPort)) {
            h = hash(sHi, sLo, sPort, dHi, dLo, dPort, proto);
        } else {
            h = hash(dHi, dLo, dPort, sHi, sLo, sPort, proto);
        }
        return h ^ ((vlan + 1) * 31 + innerVlan + 1);
    }

    /** The hash of a tracked connection's key (as {@link #find} computes it for its packets). */
    private int keyHash(Connection c) {
        return keyHash(c.origHi, c.origLo, c.origPort, c.respHi, c.respLo, c.respPort, c.proto, c.oneWay,
                vlanKeyed ? c.vlan : -1, vlanKeyed ? c.innerVlan : -1);
    }

    /**
     * The connection of this tuple, or null. {@code vlan}/{@code innerVlan} are part of the key only when the table
     * is keyed by VLAN; otherwise the caller passes -1 for both.
     */
    Connection find(long sHi, long sLo, int sPort, long dHi, long dLo, int dPort, int proto, boolean oneWay,
                    int vlan, int innerVlan) {
        Connection[] t = slots;
        int mask = t.length - 1;
        int i = keyHash(sHi, sLo, sPort, dHi, dLo, dPort, proto, oneWay, vlan, innerVlan) & mask;
        Connection c;
        while ((c = t[i]) != null) {
            if (c.proto == proto && c.oneWay == oneWay && matches(c, sHi, sLo, sPort, dHi, dLo, dPort, oneWay)
                    && (!vlanKeyed || (c.vlan == vlan && c.innerVlan == innerVlan))) {
                return c;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /**
     * The connection's tuple is (a, b): in either order, or as sent for a one-way key (its hash is of the tuple as
     * sent, so the reversed tuple is another key).
     */
    private static boolean matches(Connection c, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort,
                                   boolean oneWay) {
        return (c.origHi == aHi && c.origLo == aLo && c.origPort == aPort && c.respHi == bHi && c.respLo == bLo
                && c.respPort == bPort)
                || (!oneWay && c.origHi == bHi && c.origLo == bLo && c.origPort == bPort && c.respHi == aHi
                && c.respLo == aLo && c.respPort == aPort);
    }

    /** Inserts a connection whose key fields are set and which is not in the table. */
    void insert(Connection c) {
        if (size >= slots.length >> 1) {
            grow();
        }
        place(slots, c, keyHash(c));
        size++;
    }

    private static void place(Connection[] t, Connection c, int h) {
        int mask = t.length - 1;
        int i = h & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = c;
    }

    /** Removes {@code c} if it is in the table. */
    void remove(Connection c) {
        Connection[] t = slots;
        int mask = t.length - 1;
        int i = keyHash(c) & mask;
        Connection x;
        while ((x = t[i]) != c) {
            if (x == null) {
                return;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: move up every later entry of the run whose home slot is not in (i, j].
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            Connection y = t[j];
            if (y == null) {
                break;
            }
            int home = keyHash(y) & mask;
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays) {
                t[i] = y;
                i = j;
            }
        }
        t[i] = null;
        size--;
    }

    private void grow() {
        Connection[] old = slots;
        Connection[] t = new Connection[old.length * 2];
        for (Connection c : old) {
            if (c != null) {
                place(t, c, keyHash(c));
            }
        }
        slots = t;
    }

    /** Calls {@code action} for every connection (in slot order; the caller sorts when order matters). */
    void forEach(java.util.function.Consumer<Connection> action) {
        for (Connection c : slots.clone()) {
            if (c != null) {
                action.accept(c);
            }
        }
    }
}
