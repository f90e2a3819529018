package io.osprey.packet.ip;

/**
 * Weird names raised by {@link FragmentReassembler}, spelled exactly as Zeek 9.1's {@code src/Frag.cc} spells them,
 * plus the one Osprey adds for its memory caps (Zeek's fragment state is unbounded, so it has no name for that).
 *
 * <p>Zeek raises all of the Zeek-named ones through {@code session::Manager::Weird(name, IP_Hdr*)}, i.e. as flow
 * weirds on the fragment's (src, dst) with no {@code source} (weird.log shows {@code -}) and without the
 * {@code _in_tunnel} suffix.
 */
final class FragWeirds {
    private FragWeirds() {
    }

    /**
     * A fragment's protocol (v4 {@code ip_p}; v6 Next Header after the fragment header) or header length differs
     * from the first fragment of the datagram seen; or its total length is shorter than its header length (then
     * the fragment's data is ignored). The fragment is still used in the first case.
     */
    static final String PROTOCOL_INCONSISTENCY = "fragment_protocol_inconsistency";
    /** IPv4 fragment with DF set (Linux UDP path-MTU discovery does this). The fragment is still used. */
    static final String WITH_DF = "fragment_with_DF";
    /** The datagram's end (from a last fragment, or a fragment that ends beyond it) changed; the larger wins. */
    static final String SIZE_INCONSISTENCY = "fragment_size_inconsistency";
    /** A fragment with MF set whose IP total length (header included) is under 64 bytes. Still used. */
    static final String EXCESSIVELY_SMALL = "excessively_small_fragment";
    /** A fragment ending beyond payload offset 64000. Still used. */
    static final String EXCESSIVELY_LARGE = "excessively_large_fragment";
    /** A fragment overlaps data already held and the overlapping bytes differ (the data held first wins). */
    static final String INCONSISTENCY = "fragment_inconsistency";
    /** A fragment overlaps data already held with identical bytes (e.g. a duplicate). */
    static final String OVERLAP = "fragment_overlap";

    /**
     * Osprey-only (Zeek keeps unbounded state): a pending reassembly was dropped, oldest first, to admit a new one
     * because {@link FragmentReassembler#maxReassemblies()} or {@link FragmentReassembler#maxBytes()} was reached.
     * Raised as a net weird (the evicted datagram's addresses are not the current packet's); {@code addl} is
     * {@link #EVICTED_SLOTS} or {@link #EVICTED_BYTES}.
     */
    static final String EVICTED = "fragment_reassembly_evicted";
    /** addl of {@link #EVICTED}: the cap on concurrent reassemblies was hit. */
    static final String EVICTED_SLOTS = "max_reassemblies";
    /** addl of {@link #EVICTED}: the cap on buffered bytes was hit. */
    static final String EVICTED_BYTES = "max_bytes";
}
