package io.osprey.packet;

/**
 * One node of the packet-analysis tree (Zeek's {@code packet_analysis::Analyzer}): it checks its own header, records
 * what it found on the {@link Packet}, and forwards the rest by key through its decoder. Layers are stateless and
 * owned by one {@link PacketDecoder} (one per worker thread). A layer never throws and never allocates: malformed
 * input is a weird and {@code false}.
 */
public abstract class PacketLayer {
    /** The decoder that owns this layer. */
    protected final PacketDecoder decoder;
    /** This layer's id in {@link Layers}. */
    protected final int id;
    /** Zeek's analyzer name, the weird {@code source}. */
    protected final String name;

    protected PacketLayer(PacketDecoder decoder, int id) {
        this.decoder = decoder;
        this.id = id;
        this.name = Layers.name(id);
    }

    /**
     * Analyzes {@code len} captured bytes at absolute offset {@code off} of {@code p.seg}.
     *
     * @return false when analysis stopped (a weird was raised or nothing could follow)
     */
    public abstract boolean analyze(Packet p, long off, int len);

    /** Forwards to the child registered for {@code key}, else the default child (Zeek {@code ForwardPacket}). */
    protected final boolean forward(Packet p, long off, int len, long key) {
        return decoder.forward(id, p, off, len, key, true);
    }

    /** Forwards by {@code key}; public for helpers shared between layers. */
    public final boolean forwardKey(Packet p, long off, int len, long key) {
        return decoder.forward(id, p, off, len, key, true);
    }

    /** Forwards to the default child (Zeek's key-less {@code ForwardPacket}). */
    protected final boolean forwardDefault(Packet p, long off, int len) {
        return decoder.forward(id, p, off, len, 0, false);
    }

    /** Raises weird {@code w} with this layer as source. */
    protected final void weird(Packet p, String w) {
        decoder.weird(p, w, null, name);
    }

    /** Raises weird {@code w} with an {@code addl} text. */
    protected final void weird(Packet p, String w, String addl) {
        decoder.weird(p, w, addl, name);
    }
}
