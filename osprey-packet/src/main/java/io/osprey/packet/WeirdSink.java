package io.osprey.packet;

/**
 * Receives the decoder's weirds (malformed or unexpected packets) with Zeek's names. {@code source} is the Zeek
 * packet-analyzer name that raised it ("ETHERNET", "IP", "VLAN"...), as in weird.log's {@code source} column.
 * Implementations apply Zeek's sampling; the decoder simply reports every occurrence.
 */
public interface WeirdSink {
    /** A weird not tied to a flow (weird.log with unset uid and id fields). {@code addl} may be null. */
    void netWeird(Packet p, String name, String addl, String source);

    /**
     * A weird tied to an address pair but no connection (Zeek's {@code flow_weird}: id.orig_h/id.resp_h set, ports
     * 0). Addresses are taken from the packet's current IP layer.
     */
    void flowWeird(Packet p, String name, String addl, String source);

    /**
     * A weird about the connection the sink attributed the packet to ({@link PacketSink#connUid}; Zeek's
     * {@code conn_weird}, e.g. {@code Teredo_bubble_with_payload}). Default: reported as a flow weird.
     */
    default void connWeird(Packet p, String name, String addl, String source) {
        flowWeird(p, name, addl, source);
    }
}
