package io.osprey.packet;

/**
 * The tunnels a packet travels in, outermost first (Zeek's {@code EncapsulationStack} of {@code
 * EncapsulatingConn}). Entries are preallocated and reused; {@link #clear()} is O(1). The depth is bounded by
 * {@link #MAX_DEPTH} (Zeek's {@code Tunnel::max_depth} default); the decoder raises {@code exceeded_tunnel_max_depth}
 * rather than push past it.
 */
public final class EncapStack {
    /** Zeek's default {@code Tunnel::max_depth} (4 in Zeek 9.1). */
    public static final int MAX_DEPTH = 4;
    private static final int CAPACITY = 8;

    private final Entry[] entries = new Entry[CAPACITY];
    private int depth;
    private int maxDepth = MAX_DEPTH;

    public EncapStack() {
        for (int i = 0; i < CAPACITY; i++) {
            entries[i] = new Entry();
        }
    }

    /** Number of tunnels around the current packet. */
    public int depth() {
        return depth;
    }

    /** The configured maximum depth. */
    public int maxDepth() {
        return maxDepth;
    }

    /** Sets the maximum depth (0..8; 0 = no decapsulation). */
    public void maxDepth(int max) {
        this.maxDepth = Math.max(0, Math.min(CAPACITY, max));
    }

    /** Entry {@code i}, 0 = outermost. */
    public Entry get(int i) {
        return entries[i];
    }

    /** The innermost entry, or null when the packet is not tunneled. */
    public Entry top() {
        return depth == 0 ? null : entries[depth - 1];
    }

    /** Pushes and returns a cleared entry, or null if the stack is already at {@link #maxDepth()}. */
    public Entry push() {
        if (depth >= maxDepth) {
            return null;
        }
        Entry e = entries[depth++];
        e.clear();
        return e;
    }

    /** Drops the innermost entry. */
    public void pop() {
        if (depth > 0) {
            depth--;
        }
    }

    /** Empties the stack. */
    public void clear() {
        depth = 0;
    }

    /** One tunnel: its type and the outer endpoints (ports 0 for IP-level tunnels), plus the uid once known. */
    public static final class Entry {
        /** Tunnel type. */
        public TunnelType type;
        public long srcHi;
        public long srcLo;
        public long dstHi;
        public long dstLo;
        /** Outer transport ports (UDP tunnels); 0 for IP-in-IP and GRE. */
        public int srcPort;
        public int dstPort;
        /** Outer transport protocol for the port type: 17 for UDP tunnels, -1 when ports are 0/unknown. */
        public int portProto;
        /**
         * uid of the encapsulating connection: for UDP tunnels the outer connection's uid (copied from
         * {@link PacketSink#connUid}); for IP tunnels null until the engine's tunnel table assigns one.
         */
        public String uid;

        void clear() {
            type = null;
            srcHi = srcLo = dstHi = dstLo = 0;
            srcPort = dstPort = 0;
            portProto = -1;
            uid = null;
        }
    }
}
