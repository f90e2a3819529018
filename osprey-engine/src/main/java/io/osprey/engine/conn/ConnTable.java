package io.osprey.engine.conn;

/**
 * The flow table: a hash table of {@link Connection}s chained through {@code Connection.next}, keyed by the
 * canonical 5-tuple (lower address/port first, so both directions find the same entry; ICMP one-way messages are
 * keyed as sent, as Zeek does), plus the VLAN ids when connections are keyed by VLAN (Zeek's vlan_fivetuple conn
 * key). Hand-written instead of a {@code HashMap<Key, Connection>} because a lookup runs for every packet and must
 * neither allocate a key object nor box: the tuple is passed as primitives.
 *
 * <p><b>Layout.</b> A connection holds only its chain pointer: no cached hash (a lookup compares the key fields,
 * which it reads anyway for the connection it finds; the hash is recomputed from the key when the table grows or a
 * connection is removed) and no copy of its VLAN ids for the key (the table reads the connection's own when it is
 * keyed by VLAN): 4 B per connection less than before (BENCHMARKS.md, "Heap per tracked connection"). Chaining
 * rather than open addressing: an open-addressing version (linear probing, at most half full) visited 1.45
 * connections per lookup on the 1 GB benchmark capture, each a cache miss, and doubled the lookup's share of the
 * steady-state profile (4% to 8%) for the 4 B more it saved. The lookup canonicalizes the tuple before hashing and
 * comparing, as the version before it did: a variant that hashed and compared the tuple as sent also doubled it.
 */
final class ConnTable {
    /** The buckets; the array doubles when the table holds 3/4 as many connections as it has buckets. */
    private Connection[] buckets = new Connection[1 << 12];
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
        long aHi;
        long aLo;
        long bHi;
        long bLo;
        int aPort;
        int bPort;
        if (oneWay || canonLess(sHi, sLo, sPort, dHi, dLo, dPort)) {
            aHi = sHi; aLo = sLo; aPort = sPort; bHi = dHi; bLo = dLo; bPort = dPort;
        } else {
            aHi = dHi; aLo = dLo; aPort = dPort; bHi = sHi; bLo = sLo; bPort = sPort;
        }
        int h = hash(aHi, aLo, aPort, bHi, bLo, bPort, proto) ^ ((vlan + 1) * 31 + innerVlan + 1);
        for (Connection c = buckets[h & (buckets.length - 1)]; c != null; c = c.next) {
            if (c.proto == proto && c.oneWay == oneWay
                    && (!vlanKeyed || (c.vlan == vlan && c.innerVlan == innerVlan))
                    && matches(c, aHi, aLo, aPort, bHi, bLo, bPort, oneWay)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The connection's tuple is (a, b) in either order; a one-way key only as sent (a = the sender): its hash is of
     * the tuple as sent, so the reversed tuple is another key (with no cached hash to tell them apart, the order is
     * checked here).
     */
    private static boolean matches(Connection c, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort,
                                   boolean oneWay) {
        return (c.origHi == aHi && c.origLo == aLo && c.origPort == aPort && c.respHi == bHi && c.respLo == bLo
                && c.respPort == bPort)
                || (!oneWay && c.origHi == bHi && c.origLo == bLo && c.origPort == bPort && c.respHi == aHi && c.respLo == aLo
                && c.respPort == aPort);
    }

    /** Inserts a connection whose key fields are set and which is not in the table. */
    void insert(Connection c) {
        if (size >= buckets.length - (buckets.length >> 2)) {
            grow();
        }
        int i = keyHash(c) & (buckets.length - 1);
        c.next = buckets[i];
        buckets[i] = c;
        size++;
    }

    /** Removes {@code c} if it is in the table. */
    void remove(Connection c) {
        int i = keyHash(c) & (buckets.length - 1);
        Connection prev = null;
        for (Connection x = buckets[i]; x != null; prev = x, x = x.next) {
            if (x == c) {
                if (prev == null) {
                    buckets[i] = x.next;
                } else {
                    prev.next = x.next;
                }
                x.next = null;
                size--;
                return;
            }
        }
    }

    private void grow() {
        Connection[] old = buckets;
        buckets = new Connection[old.length * 2];
        for (Connection head : old) {
            Connection c = head;
            while (c != null) {
                Connection nx = c.next;
                int i = keyHash(c) & (buckets.length - 1);
                c.next = buckets[i];
                buckets[i] = c;
                c = nx;
            }
        }
    }

    /** Calls {@code action} for every connection (order: bucket order, like Zeek's drain at exit). */
    void forEach(java.util.function.Consumer<Connection> action) {
        for (Connection head : buckets) {
            Connection c = head;
            while (c != null) {
                Connection nx = c.next;
                action.accept(c);
                c = nx;
            }
        }
    }
}
