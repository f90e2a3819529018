package io.osprey.engine.conn;

/**
 * Connection-tracking settings with Zeek 9.1's defaults ({@code scripts/base/init-bare.zeek}). All durations are in
 * nanoseconds. Mutable while the run is set up, read-only afterwards.
 */
public final class ConnConfig {
    private static final long SEC = 1_000_000_000L;

    /** Zeek {@code tcp_SYN_timeout}. */
    public long tcpSynTimeout = 5 * SEC;
    /** Zeek {@code tcp_session_timer}. */
    public long tcpSessionTimer = 6 * SEC;
    /** Zeek {@code tcp_connection_linger}. */
    public long tcpConnectionLinger = 5 * SEC;
    /** Zeek {@code tcp_attempt_delay}. */
    public long tcpAttemptDelay = 5 * SEC;
    /** Zeek {@code tcp_close_delay}. */
    public long tcpCloseDelay = 5 * SEC;
    /** Zeek {@code tcp_reset_delay}. */
    public long tcpResetDelay = 5 * SEC;
    /** Zeek {@code tcp_partial_close_delay}. */
    public long tcpPartialCloseDelay = 3 * SEC;
    /** Zeek {@code tcp_inactivity_timeout}. */
    public long tcpInactivityTimeout = 300 * SEC;
    /** Zeek {@code udp_inactivity_timeout} (also the TCP timeout until the handshake completes). */
    public long udpInactivityTimeout = 60 * SEC;
    /** Zeek {@code icmp_inactivity_timeout}. */
    public long icmpInactivityTimeout = 60 * SEC;
    /** Zeek {@code unknown_ip_inactivity_timeout}. */
    public long unknownIpInactivityTimeout = 60 * SEC;
    /** Zeek {@code tcp_storm_thresh}. */
    public int tcpStormThresh = 1000;
    /** Zeek {@code tcp_storm_interarrival_thresh}. */
    public long tcpStormInterarrival = SEC;
    /** Whether a script handles {@code connection_reset} (arms Zeek's reset timer); none in Zeek's base scripts. */
    public boolean connectionResetHandled;
    /** Whether a script handles {@code connection_partial_close}; none in Zeek's base scripts. */
    public boolean connectionPartialCloseHandled;
    /**
     * Checksum policy shared with the decoder: {@code -C} ({@code ignore_checksums}) and {@code
     * ignore_checksums_nets}, applied to the IP-header source address as Zeek does.
     */
    public io.osprey.packet.DecoderConfig checksums = io.osprey.packet.DecoderConfig.defaults();
    /**
     * Zeek's ConnSize analyzer: the orig_pkts/orig_ip_bytes/resp_pkts/resp_ip_bytes columns. Off only when all
     * analyzers are disabled ({@code Analyzer::disable_all = T}), as in Zeek.
     */
    public boolean connSize = true;
    /**
     * Upper bound on tracked connections per worker. When the table is full the connection idle the longest is
     * evicted (logged as it stands) and the weird {@code conn_table_full_evicted} is raised (an Osprey name: Zeek
     * has no bound). Each connection costs a few hundred bytes, so the default is about 1 GiB of heap at most.
     */
    public int maxConnections = 2_000_000;
    /**
     * Bytes of out-of-order TCP data a worker buffers for its analyzers, over all connections (Osprey's bound; Zeek
     * has none). Data above a hole that does not fit is delivered to analyzers as a gap (weird
     * {@code reassembly_buffer_limit}). Default 512 MiB.
     */
    public long maxReassemblyBytes = 512L * 1024 * 1024;
    /**
     * Range slots of TCP reassembly a worker holds beyond the 2 each direction with data starts with, over all
     * connections (Osprey's bound; Zeek has none). A direction keeps one range per unacknowledged segment, in arrays
     * that double as needed up to 16,384 ranges per direction ({@code TcpSeqTracker.MAX_BLOCKS}); a slot costs 20 B
     * of heap (start and end, 16 B, in the ranges array, and a 4-byte reference in the array of buffered bytes; 24 B
     * without compressed references), so without this bound 10,000 connections each holding many tiny unacknowledged
     * segments could take gigabytes. The per-direction bound stays; this one caps their sum. A direction whose arrays
     * would have to grow past it drops its newest range instead, exactly as at the per-direction bound (weird
     * {@code reassembly_buffer_limit}, once per connection; the dropped range becomes a content gap once it is
     * acknowledged). Capacity comes back when acknowledgments leave a direction with few ranges and when its
     * connection is removed.
     *
     * <p>Default 2^23 = 8,388,608 slots, 160 MiB at most (beside {@link #maxReassemblyBytes}' 512 MiB): room for 512
     * directions at the per-direction bound at once, or 1,024 bulk transfers in flight over a 6 MiB window (about
     * 4,300 full-size segments unacknowledged, 8,192 slots), the largest window in the 1 GB benchmark capture
     * (BENCHMARKS.md, "Reassembly ranges"). Capacity counted in slots rather than bytes so that the check on the
     * grow path is one comparison with no multiplication or platform-dependent reference size.
     */
    public long maxReassemblyRanges = 1L << 23;
    /** Seed for deterministic uids: the same input and seed give the same uids. */
    public long uidSeed = 0x05F2_EA7L;
    /** Zeek's {@code likely_server_ports} (TCP and UDP ports that decide originator/responder). */
    public PortSet likelyServerPorts = PortSet.zeekDefault();
    /** Zeek's {@code Site::local_nets} (with private address space, as Zeek's default). */
    public io.osprey.common.net.NetSet localNets = io.osprey.common.net.NetSet.zeekPrivateSpace();
    /**
     * Key connections by outer and inner VLAN id as well as the 5-tuple (Zeek policy
     * frameworks/conn_key/vlan_fivetuple): the same addresses and ports on two VLANs are two connections.
     */
    public boolean vlanConnKey;

    /** Optional conn.log columns from Zeek policy scripts, appended in the order the features are enabled. */
    public enum Extra {
        /** protocols/conn/mac-logging: orig_l2_addr, resp_l2_addr. */
        MAC,
        /** protocols/conn/vlan-logging: vlan, inner_vlan. */
        VLAN,
        /** protocols/conn/community-id-logging: community_id. */
        COMMUNITY_ID,
        /** protocols/conn/pppoe-session-id-logging: pppoe_session_id. */
        PPPOE_SESSION_ID,
        /**
         * protocols/conn/speculative-service: speculative_service, the analyzers whose payload signature matched
         * only after the detection buffer was exhausted (Zeek's protocol_late_match).
         */
        SPECULATIVE_SERVICE
    }

    /** The optional columns, in order (a LinkedHashSet: enabling twice keeps the first position). */
    public final java.util.Set<Extra> extras = new java.util.LinkedHashSet<>();
    /** Community ID seed. */
    public int communityIdSeed;
    /**
     * UDP ports on which Zeek's DNS analyzer attaches by port (53, 137, 5353, 5355) when it is loaded; empty when
     * the DNS analyzer is not. Those connections end after {@link #dnsSessionTimeout} of inactivity (the DNS
     * analyzer's own expire timer) rather than the UDP inactivity timeout.
     */
    public int[] dnsUdpPorts = {53, 137, 5353, 5355};
    /** Zeek {@code dns_session_timeout}. */
    public long dnsSessionTimeout = 10 * SEC;
    /** Zeek {@code Tunnel::max_changes_per_connection}: tunnel changes reported per connection (0 = no limit). */
    public int tunnelMaxChanges = 5;
    /**
     * The tunnel analyzers (packet-analyzer names, e.g. {@code TEREDO}) that confirm only once both endpoints of the
     * outer connection sent a valid encapsulation, and until then add no service and report none of their
     * confirmed-only weirds: Zeek's {@code Tunnel::delay_teredo_confirmation} (default T) and
     * {@code Tunnel::delay_gtp_confirmation} (default F, {@code GTPV1}).
     */
    public java.util.Set<String> delayedTunnelConfirmation = new java.util.HashSet<>(java.util.Set.of("TEREDO"));
    /** Log weird.log. */
    public boolean weirdLog = true;
    /** Zeek's {@code max_analyzer_violations}: violations reported per analyzer instance at most. */
    public long maxAnalyzerViolations = 1000;
    /** Zeek's {@code DPD::ignore_violations}: analyzer names ("POP3") whose violations do not detach them. */
    public final java.util.Set<String> ignoreViolations = new java.util.LinkedHashSet<>();
    /** Log tunnel.log. */
    public boolean tunnelLog = true;

    /** Ports as Zeek keeps them in likely_server_ports: a bitmap per transport. */
    public static final class PortSet {
        private final java.util.BitSet tcp = new java.util.BitSet(65536);
        private final java.util.BitSet udp = new java.util.BitSet(65536);

        /** Zeek 9.1's likely_server_ports with its default scripts loaded (every analyzer's well-known ports). */
        public static PortSet zeekDefault() {
            PortSet s = new PortSet();
            int[] tcpPorts = {443, 585, 631, 3128, 8080, 2811, 20000, 143, 25, 587, 1080, 21, 22, 6667, 135, 8888, 1434,
                79, 3389, 445, 995, 6669, 6666, 80, 989, 88, 5223, 5269, 465, 5222, 81, 992, 8000, 139, 636, 990, 502,
                614, 1883, 6668, 993, 53, 3306, 563};
            int[] udpPorts = {53, 1812, 6081, 4789, 67, 2152, 162, 3544, 443, 5355, 3389, 161, 20000, 137, 514, 5353,
                5060, 123, 88, 4754, 4011, 5072, 2123};
            for (int p : tcpPorts) {
                s.tcp.set(p);
            }
            for (int p : udpPorts) {
                s.udp.set(p);
            }
            return s;
        }

        /** Zeek's likely_server_ports in bare mode (only the packet-protocol tunnel ports). */
        public static PortSet zeekBare() {
            PortSet s = new PortSet();
            for (int p : new int[] {4789, 6081, 5072, 2152, 3544, 4754, 2123}) {
                s.udp.set(p);
            }
            return s;
        }

        public void add(int proto, int port) {
            (proto == Connection.TCP ? tcp : udp).set(port);
        }

        public boolean contains(int proto, int port) {
            if (proto == Connection.TCP) {
                return tcp.get(port);
            }
            if (proto == Connection.UDP) {
                return udp.get(port);
            }
            return false;
        }
    }
}
