package io.osprey.packet;

/**
 * Decoder settings, one immutable value per run. Defaults are Zeek 9.1's.
 *
 * @param ignoreChecksums      {@code -C} / {@code ignore_checksums}: skip the IPv4 header checksum (and the UDP
 *                             checksum the decoder checks before decapsulating a UDP tunnel). Default false.
 * @param tunnelMaxDepth       {@code Tunnel::max_depth}: tunnels to decapsulate before {@code
 *                             exceeded_tunnel_max_depth}; 0 disables decapsulation. Default 4; at most 8 (the
 *                             {@link EncapStack} capacity): deeper packets stop decoding silently.
 * @param maxAnalyzerDepth     {@code PacketAnalyzer::max_depth}: layers per packet before {@code
 *                             max_packet_analyzer_depth_exceeded}; 0 = unlimited. Default 25.
 * @param vxlan                {@code PacketAnalyzer::VXLAN::vxlan_ports} (4789/udp) enabled. Default true.
 * @param geneve               {@code geneve_ports} (6081/udp) enabled. Default true.
 * @param teredo               {@code teredo_ports} (3544/udp) and Teredo detection enabled. Default true.
 * @param gtpv1                {@code gtpv1_ports} (2152/udp, 2123/udp) enabled. Default true.
 * @param ayiya                {@code ayiya_ports} (5072/udp) and AYIYA detection enabled. Default true.
 * @param greOverUdp           {@code gre_ports} (4754/udp) enabled. Default true.
 * @param validateVxlanChecksums {@code Tunnel::validate_vxlan_checksums}. Default true.
 * @param ignoreChecksumsNets  {@code ignore_checksums_nets}: subnets whose (IP-header) source addresses get no
 *                             checksum validation. Empty by default. Use {@link #withIgnoreChecksumsNets}.
 */
public record DecoderConfig(boolean ignoreChecksums, int tunnelMaxDepth, int maxAnalyzerDepth, boolean vxlan,
                            boolean geneve, boolean teredo, boolean gtpv1, boolean ayiya, boolean greOverUdp,
                            boolean validateVxlanChecksums, io.osprey.common.net.NetSet ignoreChecksumsNets) {

    /** Compatibility constructor without {@code ignoreChecksumsNets}. */
    public DecoderConfig(boolean ignoreChecksums, int tunnelMaxDepth, int maxAnalyzerDepth, boolean vxlan,
                         boolean geneve, boolean teredo, boolean gtpv1, boolean ayiya, boolean greOverUdp,
                         boolean validateVxlanChecksums) {
        this(ignoreChecksums, tunnelMaxDepth, maxAnalyzerDepth, vxlan, geneve, teredo, gtpv1, ayiya, greOverUdp,
                validateVxlanChecksums, io.osprey.common.net.NetSet.empty());
    }

    /**
     * A copy with {@code ignore_checksums_nets} set from CIDR strings ("192.168.0.0/16", "2001:db8::/32").
     *
     * @throws IllegalArgumentException for a malformed network
     */
    public DecoderConfig withIgnoreChecksumsNets(java.util.List<String> cidrs) {
        return new DecoderConfig(ignoreChecksums, tunnelMaxDepth, maxAnalyzerDepth, vxlan, geneve, teredo, gtpv1, ayiya,
                greOverUdp, validateVxlanChecksums, io.osprey.common.net.NetSet.of(cidrs));
    }

    /**
     * True when checksums of packets from IP-header source {@code (hi, lo)} are not validated: {@code -C}, or the
     * source is in {@code ignore_checksums_nets}. Allocation-free.
     */
    public boolean ignoreChecksumsFor(long hi, long lo) {
        return ignoreChecksums || ignoreChecksumsNets.contains(hi, lo);
    }

    /** Zeek's {@code Tunnel::max_depth} default. */
    public static final int DEFAULT_TUNNEL_MAX_DEPTH = 4;
    /** Zeek's {@code PacketAnalyzer::max_depth} default. */
    public static final int DEFAULT_MAX_ANALYZER_DEPTH = 25;

    /** Zeek's defaults. */
    public static DecoderConfig defaults() {
        return new DecoderConfig(false, DEFAULT_TUNNEL_MAX_DEPTH, DEFAULT_MAX_ANALYZER_DEPTH, true, true, true, true,
                true, true, true, io.osprey.common.net.NetSet.empty());
    }

    /** A copy with {@code ignoreChecksums} set (zeek {@code -C}). */
    public DecoderConfig withIgnoreChecksums(boolean v) {
        return new DecoderConfig(v, tunnelMaxDepth, maxAnalyzerDepth, vxlan, geneve, teredo, gtpv1, ayiya, greOverUdp,
                validateVxlanChecksums, ignoreChecksumsNets);
    }

    /** A copy with another tunnel depth limit. */
    public DecoderConfig withTunnelMaxDepth(int v) {
        return new DecoderConfig(ignoreChecksums, v, maxAnalyzerDepth, vxlan, geneve, teredo, gtpv1, ayiya, greOverUdp,
                validateVxlanChecksums, ignoreChecksumsNets);
    }

    /** A copy with another analyzer depth limit. */
    public DecoderConfig withMaxAnalyzerDepth(int v) {
        return new DecoderConfig(ignoreChecksums, tunnelMaxDepth, v, vxlan, geneve, teredo, gtpv1, ayiya, greOverUdp,
                validateVxlanChecksums, ignoreChecksumsNets);
    }

    /** A copy with the UDP tunnel analyzers switched on or off. */
    public DecoderConfig withUdpTunnels(boolean vxlan, boolean geneve, boolean teredo, boolean gtpv1, boolean ayiya,
                                        boolean greOverUdp) {
        return new DecoderConfig(ignoreChecksums, tunnelMaxDepth, maxAnalyzerDepth, vxlan, geneve, teredo, gtpv1, ayiya,
                greOverUdp, validateVxlanChecksums, ignoreChecksumsNets);
    }

    /** A copy with {@code Tunnel::validate_vxlan_checksums} set. */
    public DecoderConfig withValidateVxlanChecksums(boolean v) {
        return new DecoderConfig(ignoreChecksums, tunnelMaxDepth, maxAnalyzerDepth, vxlan, geneve, teredo, gtpv1, ayiya,
                greOverUdp, v, ignoreChecksumsNets);
    }

    boolean enabled(int layer) {
        return switch (layer) {
            case Layers.VXLAN -> vxlan;
            case Layers.GENEVE -> geneve;
            case Layers.TEREDO -> teredo;
            case Layers.GTPV1 -> gtpv1;
            case Layers.AYIYA -> ayiya;
            default -> true;
        };
    }
}
