package io.osprey.filter;

import java.lang.foreign.MemorySegment;

/**
 * A compiled capture filter: decides whether one packet is selected. Instances come from
 * {@link FilterCompiler#compile}; they hold no per-packet state, allocate nothing and may be shared between threads.
 */
public interface PacketFilter {
    /**
     * Whether the packet whose captured bytes are {@code caplen} bytes at {@code offset} in {@code seg} (heap or
     * mapped memory, starting at the link-layer header) matches. {@code wirelen} is the length on the wire, which
     * {@code len}, {@code less} and {@code greater} test. A test that needs bytes beyond {@code caplen} makes the
     * packet not match, as in BPF.
     */
    boolean matches(MemorySegment seg, long offset, int caplen, int wirelen);
}
