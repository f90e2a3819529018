package io.osprey.cli.trace;

import io.osprey.pcap.PacketRecord;

/**
 * Whether a packet is kept by {@code osprey trace filter}. Called once per packet on the reading thread; must not
 * allocate in steady state. {@link Filters#compile} makes one from a tcpdump expression.
 */
@FunctionalInterface
interface PacketPredicate {
    /** Keeps every packet. */
    PacketPredicate ALL = r -> true;

    boolean test(PacketRecord r);
}
