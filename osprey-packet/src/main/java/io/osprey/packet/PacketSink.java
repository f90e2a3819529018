package io.osprey.packet;

/**
 * Where the decoder delivers each decoded IP datagram (the connection engine). Called on the worker thread, once
 * per IP layer of a packet: outer layers first. The sink may set {@link Packet#connUid}; it must not keep a reference
 * to the packet's bytes after returning.
 */
public interface PacketSink {
    /**
     * A decoded IP datagram: {@link Packet#ipVersion}, addresses, {@link Packet#ipProto} and the L4 offsets are set.
     * Checksums are not verified by the decoder for transport headers: see {@code Checksums}.
     */
    void ip(Packet p);

    /**
     * A frame that carried no IP the decoder could follow but was not malformed (ARP, an unknown EtherType, LLC):
     * for statistics and unknown-protocol logging. Default: ignore.
     */
    default void nonIp(Packet p, String layer, int protocol) {
    }
}
