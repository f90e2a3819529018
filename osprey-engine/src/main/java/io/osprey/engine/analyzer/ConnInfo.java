package io.osprey.engine.analyzer;

import io.osprey.log.FieldWriter;

/**
 * What an analyzer, an event handler or a log record may read about its connection (Zeek's {@code connection}
 * record, read-only): uid, the 4-tuple in originator/responder order, transport and times. Implemented by the
 * engine's connection object; valid for the connection's lifetime on the worker thread that owns it. Roles can
 * flip while a connection is young (Zeek's FlipRoles), so read the tuple when logging, not at attach time.
 */
public interface ConnInfo {
    /** The connection's uid (conn.log {@code uid}). */
    String uid();

    /** IP protocol number: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, other values for unknown transports. */
    int proto();

    /** Originator address, high 64 bits (IPv4 is stored IPv4-mapped, see {@code io.osprey.common.net.Addr}). */
    long origHi();

    /** Originator address, low 64 bits. */
    long origLo();

    /** Originator port (ICMP: type). */
    int origPort();

    /** Responder address, high 64 bits. */
    long respHi();

    /** Responder address, low 64 bits. */
    long respLo();

    /** Responder port (ICMP: code counterpart). */
    int respPort();

    /** Time of the first packet, ns since the epoch. */
    long startTime();

    /** Time of the last packet, ns since the epoch. */
    long lastTime();

    /** Payload bytes the originator sent so far (Zeek's {@code c$orig$size}: TCP from sequence space). */
    long origPayloadBytes();

    /** Payload bytes the responder sent so far (Zeek's {@code c$resp$size}). */
    long respPayloadBytes();

    /**
     * Zeek's {@code id_string(c$id)} ({@code "orig_h:orig_p > resp_h:resp_p"}): what protocols' file handles use to
     * tell connections apart. Two connections with the same tuple and start time (a capture replayed or merged
     * into itself) give the same handles, so their files are one file, as in Zeek; the uid would tell them apart.
     */
    default String idString() {
        return io.osprey.common.net.Addr.toString(origHi(), origLo()) + ":" + origPort() + " > "
                + io.osprey.common.net.Addr.toString(respHi(), respLo()) + ":" + respPort();
    }

    /** Payload bytes seen so far in both directions (Zeek's {@code c$orig$size + c$resp$size}). */
    default long payloadBytes() {
        return origPayloadBytes() + respPayloadBytes();
    }

    /**
     * True while the TCP connection counts as partial (Zeek's {@code TCPSessionAdapter::IsPartial}): its first
     * packet was not a SYN (or was a SYN/ACK from the originator), so the beginning was missed. Zeek's line-based
     * analyzers ignore partial connections' bytes and their violations. Always false for other transports.
     */
    default boolean partial() {
        return false;
    }

    /**
     * True once either direction of the TCP connection had a content gap (Zeek's {@code TCPSessionAdapter::HadGap}
     * for either side), whether or not an analyzer was told of it. Always false for other transports.
     */
    default boolean hadGap() {
        return false;
    }

    /** Writes the four {@code id.*} columns (orig_h, orig_p, resp_h, resp_p) as Zeek's logs do. */
    default void writeId(FieldWriter w) {
        w.addr(origHi(), origLo());
        w.port(origPort());
        w.addr(respHi(), respLo());
        w.port(respPort());
    }

    /** The transport name as Zeek's {@code transport_proto} enum prints it: tcp, udp, icmp or unknown_transport. */
    default String transportName() {
        return switch (proto()) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1, 58 -> "icmp";
            default -> "unknown_transport";
        };
    }
}
