package io.osprey.packet;

/**
 * Where the decoder delivers each decoded IP datagram (the connection engine). Called on the worker thread, once
 * per IP layer of a packet: outer layers first. The sink may set {@link Packet#connUid} and {@link Packet#conn}; it
 * must not keep a reference to the packet's bytes after returning.
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

    /**
     * Zeek's {@code AnalyzerViolated(session)}: true when the tunnel analyzer {@code analyzer} ("VXLAN", "GENEVE",
     * "TEREDO", "AYIYA", "GTPV1") was already found in violation on the connection the sink just attributed the
     * datagram to; the decoder then does not decapsulate it. Default: never.
     */
    default boolean tunnelViolated(Packet p, String analyzer) {
        return false;
    }

    /** Zeek's {@code AnalyzerConfirmed}: whether {@code analyzer} was confirmed on the packet's connection. */
    default boolean tunnelConfirmed(Packet p, String analyzer) {
        return false;
    }

    /** The tunnel analyzer found the payload of the packet's connection valid (analyzer_confirmation). */
    default void tunnelConfirmation(Packet p, String analyzer) {
    }

    /** The tunnel analyzer rejected the payload of the packet's connection (analyzer_violation, Zeek's reason). */
    default void tunnelViolation(Packet p, String analyzer, String reason) {
        tunnelViolation(p, analyzer, reason, 0, -1);
    }

    /**
     * {@link #tunnelViolation(Packet, String, String)} with the data the analyzer was given, {@code p.seg[dataOff,
     * dataOff + dataLen)} (Zeek passes it for VXLAN, Geneve and Teredo: analyzer.log's {@code failure_data});
     * {@code dataLen} -1 when there is none. Valid during the call only.
     */
    default void tunnelViolation(Packet p, String analyzer, String reason, long dataOff, int dataLen) {
    }

    /**
     * A tunnel analyzer on the packet's connection hit a limit ({@code Tunnel::max_depth}): Zeek marks the
     * connection's history with {@code X} (HIST_ANALYZER_LIMIT_REACHED). Default: ignore.
     */
    default void analyzerLimitReached(Packet p) {
    }

    /**
     * The uid of the connection the sink attributed {@code p} to, or null: the decoder asks when it decapsulates a
     * UDP tunnel (the tunnel's parent uid). Default: {@link Packet#connUid}; a sink that makes uid text only when
     * it is needed answers from {@link Packet#conn} instead.
     */
    default String connUid(Packet p) {
        return p.connUid;
    }
}
