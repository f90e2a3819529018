package io.osprey.engine.conn;

/**
 * The flow table: an open hash of {@link Connection}s chained through {@code Connection.next}, keyed by the
 * canonical 5-tuple (lower address/port first, so both directions find the same entry; ICMP one-way messages are
 * keyed as sent, as Zeek does). Hand-written instead of a {@code HashMap<Key, Connection>} because a lookup runs
 * for every packet and must neither allocate a key object nor box: the tuple is passed as primitives.
 */
final class ConnTable {
    private Connection[] buckets = new Connection[1 << 12];
    private int size;

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

    /**
     * The connection of this tuple, or null. {@code vlan}/{@code innerVlan} are part of the key only when the
     * caller keys by VLAN (Zeek's vlan_fivetuple conn key); otherwise pass -1 for both.
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
            if (c.hash == h && c.proto == proto && c.oneWay == oneWay && c.keyVlan == vlan
                    && c.keyInnerVlan == innerVlan && matches(c, aHi, aLo, aPort, bHi, bLo, bPort)) {
                return c;
            }
        }
        return null;
    }

    private static boolean matches(Connection c, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        return (c.origHi == aHi && c.origLo == aLo && c.origPort == aPort && c.respHi == bHi && c.respLo == bLo
                && c.respPort == bPort)
                || (c.origHi == bHi && c.origLo == bLo && c.origPort == bPort && c.respHi == aHi && c.respLo == aLo
                && c.respPort == aPort);
    }

    /** Inserts a connection whose key fields are set (the hash is computed here). */
    void insert(Connection c) {
        long aHi;
        long aLo;
        long bHi;
        long bLo;
        int aPort;
        int bPort;
        if (c.oneWay || canonLess(c.origHi, c.origLo, c.origPort, c.respHi, c.respLo, c.respPort)) {
            aHi = c.origHi; aLo = c.origLo; aPort = c.origPort; bHi = c.respHi; bLo = c.respLo; bPort = c.respPort;
        } else {
            aHi = c.respHi; aLo = c.respLo; aPort = c.respPort; bHi = c.origHi; bLo = c.origLo; bPort = c.origPort;
        }
        c.hash = hash(aHi, aLo, aPort, bHi, bLo, bPort, c.proto) ^ ((c.keyVlan + 1) * 31 + c.keyInnerVlan + 1);
        if (size >= buckets.length - (buckets.length >> 2)) {
            grow();
        }
        int i = c.hash & (buckets.length - 1);
        c.next = buckets[i];
        buckets[i] = c;
        size++;
    }

    void remove(Connection c) {
        int i = c.hash & (buckets.length - 1);
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
                int i = c.hash & (buckets.length - 1);
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
