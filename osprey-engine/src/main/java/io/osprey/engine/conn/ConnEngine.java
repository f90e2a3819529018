package io.osprey.engine.conn;

import io.osprey.common.bytes.Bytes;
import io.osprey.engine.analyzer.AnalyzerEnv;
import io.osprey.engine.analyzer.AnalyzerRegistry;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.event.EventBus;
import io.osprey.engine.tunnel.TunnelLog;
import io.osprey.engine.weird.WeirdLog;
import io.osprey.log.LogStream;
import io.osprey.packet.EncapStack;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketSink;
import io.osprey.packet.transport.Checksums;
import io.osprey.packet.transport.IcmpHeader;
import io.osprey.packet.transport.TcpHeader;
import io.osprey.packet.transport.UdpHeader;

import java.lang.foreign.MemorySegment;

/**
 * The connection engine of one worker (Zeek's session manager and IP-based analyzers): looks every IP datagram up
 * in the flow table, creates connections with Zeek's originator/responder rules, runs the transport state (TCP
 * state machine, UDP/ICMP activity), counts packets and IP bytes, drives the connection timers from network time,
 * and writes conn.log when a connection is removed. Owned by one thread; nothing here is shared.
 *
 * <p>Call {@link #advance(long)} with each packet's timestamp before decoding it (Zeek expires timers before it
 * processes the packet that moved network time), and {@link #finish()} at end of input.
 */
public final class ConnEngine implements PacketSink, AnalyzerEnv {
    final ConnConfig config;
    private final ConnTable table;
    private final TimerHeap timers = new TimerHeap();
    private final Uids uids;
    private final ConnLog connLog;
    private final LogStream connStream;
    private final WeirdLog weirds;
    private final TunnelLog tunnels;
    private final Connection[] connAtDepth = new Connection[EncapStack.MAX_DEPTH + 8];
    private long networkTime = Long.MIN_VALUE;
    private long connections;
    private long evicted;
    private final AnalyzerRegistry analyzers;
    /** Connections analyzers announced (FTP data channels): consulted for each new connection. */
    private final io.osprey.engine.analyzer.ExpectedConnections expected =
            new io.osprey.engine.analyzer.ExpectedConnections();
    /** {@link #workerLocal} instances by type. */
    private final io.osprey.engine.analyzer.WorkerLocals workerLocals = new io.osprey.engine.analyzer.WorkerLocals();
    private final EventBus events;
    /** Out-of-order TCP bytes buffered for analyzers by all connections (bounded by config.maxReassemblyBytes). */
    long reassemblyBytes;
    /**
     * Range slots the TCP reassemblers hold beyond each direction's initial ones, over all connections (bounded by
     * config.maxReassemblyRanges): added when a direction's arrays grow, given back when they shrink and when the
     * connection is removed ({@link #remove}), so it is 0 again once every connection is gone.
     */
    long reassemblyRanges;
    /**
     * The TCP segment a reassembler is inserting (its payload segment, offset and relative sequence number); one
     * per worker, since one packet is processed at a time. curSeg is null outside the insertion.
     */
    java.lang.foreign.MemorySegment curSeg;
    long curOff;
    long curSeq;
    /**
     * Scratch of {@code TcpSession.process} for the packet being processed: the state machine's "close" and
     * "generate the event" decisions and the relative sequence underflow, each set and read within one call with
     * nothing in between that processes another packet. Kept here rather than in each session (one packet is
     * processed at a time per worker): 3 booleans, 8 B per TCP connection after alignment.
     */
    boolean tcpDoClose;
    boolean tcpGenEvent;
    boolean tcpSeqUnderflow;
    /**
     * The payload of the TCP segment being processed (segment and offset), set around {@code TcpSession.process};
     * kept here rather than in each session since one packet is processed at a time (saves 16 B per connection).
     */
    java.lang.foreign.MemorySegment tcpPayloadSeg;
    long tcpPayloadOff;

    /**
     * @param config     settings (timeouts, local networks, optional columns)
     * @param connStream where conn.log rows go (schema from {@link #connSchema(ConnConfig)})
     * @param weirds     the weird log (also the decoder's weird sink)
     * @param tunnels    the tunnel log
     */
    public ConnEngine(ConnConfig config, LogStream connStream, WeirdLog weirds, TunnelLog tunnels) {
        this(config, connStream, weirds, tunnels, AnalyzerRegistry.empty(), new EventBus());
    }

    /**
     * @param analyzers the application analyzers enabled for this run
     * @param events    the worker's event bus (analyzers publish on it)
     */
    public ConnEngine(ConnConfig config, LogStream connStream, WeirdLog weirds, TunnelLog tunnels,
                      AnalyzerRegistry analyzers, EventBus events) {
        this.analyzers = analyzers;
        this.events = events;
        analyzers.recordLateMatches(config.extras.contains(ConnConfig.Extra.SPECULATIVE_SERVICE));
        analyzers.violationPolicy(new io.osprey.engine.analyzer.ViolationPolicy(config.maxAnalyzerViolations,
                config.ignoreViolations));
        this.config = config;
        this.table = new ConnTable(config.vlanConnKey);
        int delayed = 0;
        for (String a : config.delayedTunnelConfirmation) {
            delayed |= tunnelBit(a);
        }
        this.delayedConfirmation = delayed;
        this.uids = new Uids(config.uidSeed);
        this.connLog = new ConnLog(config);
        this.connStream = connStream;
        this.weirds = weirds;
        this.tunnels = tunnels;
    }

    /** The conn.log schema for these settings (its optional columns depend on them). */
    public static io.osprey.log.LogSchema connSchema(ConnConfig config) {
        return new ConnLog(config).schema();
    }

    /** Connections created so far. */
    public long connections() {
        return connections;
    }

    /** Connections currently tracked. */
    public int active() {
        return table.size();
    }

    /**
     * Out-of-order TCP bytes buffered for analyzers now, over all connections ({@link ConnConfig#maxReassemblyBytes});
     * 0 after {@link #finish()}. For tests and diagnostics.
     */
    public long reassemblyBytes() {
        return reassemblyBytes;
    }

    /**
     * TCP reassembly range slots held now beyond each direction's initial ones, over all connections
     * ({@link ConnConfig#maxReassemblyRanges}); 0 after {@link #finish()}. For tests and diagnostics.
     */
    public long reassemblyRanges() {
        return reassemblyRanges;
    }

    /** Connections evicted because the table was full. */
    public long evicted() {
        return evicted;
    }

    /** Current network time (the largest packet timestamp seen), nanoseconds. */
    public long networkTime() {
        return networkTime;
    }

    // ------------------------------------------------------------------------------------------ timers

    /** Moves network time to {@code ts} (never backwards) and fires every timer due by then. */
    public void advance(long ts) {
        if (ts > networkTime) {
            networkTime = ts;
            if (tunnels != null) {
                tunnels.expire(networkTime);
            }
        }
        Connection c;
        while ((c = timers.peek()) != null && c.nextDeadline <= networkTime) {
            fireDue(c, networkTime);
        }
    }

    private void fireDue(Connection c, long t) {
        while (!c.removed) {
            long m = c.nextDeadline;
            if (m > t) {
                break;
            }
            if (c.inactivityAt == m) {
                c.inactivityAt = -1;
                if (c.lastTime + c.inactivityTimeout(config) <= t) {
                    remove(c);
                    return;
                }
                c.inactivityAt = c.lastTime + c.inactivityTimeout(config);
            } else if (c instanceof TcpSession tcp) {
                if (fireTcpTimer(tcp, m, t)) {
                    return;
                }
            } else if (c instanceof FlowConnection f && f.dnsExpireAt == m) {
                f.dnsExpireAt = -1;
                // DNS_Analyzer::ExpireTimer: one second of slack for the common single request and reply.
                if (t - c.lastTime >= config.dnsSessionTimeout - 1_000_000_000L) {
                    remove(c);
                    return;
                }
                f.dnsExpireAt = t + config.dnsSessionTimeout;
            }
            c.recomputeDeadline();
        }
        if (!c.removed) {
            timers.update(c);
        }
    }

    /**
     * Fires the TCP timer due at {@code m} (attempt, delete, reset, partial close, then the ExpireTimer chains: the
     * order in which a tie is broken); returns true when the connection was removed.
     */
    private boolean fireTcpTimer(TcpSession c, long m, long t) {
        if (c.attemptAt == m) {
            c.attemptAt = -1;
            if (c.attemptTimer()) {
                remove(c);
                return true;
            }
        } else if (c.deleteAt() == m) {
            c.setDeleteAt(-1);
            remove(c);
            return true;
        } else if (c.resetAt() == m) {
            c.setResetAt(-1);
            if (c.resetTimer()) {
                remove(c);
                return true;
            }
        } else if (c.partialCloseAt() == m) {
            c.setPartialCloseAt(-1);
            if (c.partialCloseTimer()) {
                remove(c);
                return true;
            }
        } else {
            for (int i = 0; i < TcpSession.EXPIRE_TIMERS; i++) {
                if (c.expireAt(i) == m) {
                    c.setExpireAt(i, -1);
                    int r = c.expireTimer(t);
                    if (r == 1) {
                        remove(c);
                        return true;
                    }
                    if (r == 0) {
                        c.setExpireAt(i, t + config.tcpSessionTimer);
                    }
                    break;
                }
            }
        }
        return false;
    }

    private void remove(Connection c) {
        if (c.removed) {
            return;
        }
        c.removed = true;
        table.remove(c);
        timers.remove(c);
        if (c.analyzers != null) {
            c.analyzers.done();
        }
        if (events.wants(io.osprey.engine.event.ConnectionRemoved.class)) {
            events.publish(new io.osprey.engine.event.ConnectionRemoved(c, networkTime));
        }
        if (connStream != null) {
            connStream.write(connLog.of(c));
        }
        if (tunnels != null) {
            tunnels.connectionRemoved(networkTime, c.uid());
        }
        // Last, after everything that reads the connection's state: every way out (inactivity, close and reset
        // timers, eviction, port reuse, end of input) comes through here, so the worker-wide reassembly budgets
        // get back what the connection held and cannot leak.
        if (c instanceof TcpSession tcp) {
            tcp.orig.releaseReassembly(tcp);
            tcp.resp.releaseReassembly(tcp);
        }
    }

    /**
     * End of input: every connection still tracked is logged as it stands (Zeek's drain at exit), framed by the two
     * {@link io.osprey.engine.event.EndOfInput} events.
     */
    public void finish() {
        boolean tell = events.wants(io.osprey.engine.event.EndOfInput.class);
        if (tell) {
            events.publish(new io.osprey.engine.event.EndOfInput(networkTime, false));
        }
        // In Zeek's order: Manager::Drain sorts the session keys when a seed makes runs reproducible (as in Zeek's
        // tests), so the logs of connections still open at the end come out in the same order every run.
        java.util.List<Connection> live = new java.util.ArrayList<>();
        table.forEach(live::add);
        live.sort(ConnEngine::zeekKeyOrder);
        for (Connection c : live) {
            if (!c.removed) {
                remove(c);
            }
        }
        if (tell) {
            events.publish(new io.osprey.engine.event.EndOfInput(networkTime, true));
        }
    }

    /**
     * The order of Zeek's connection keys (IPBasedConnKey's packed tuple compared as bytes, session::Key's
     * operator&lt;): the endpoint with the lower (address, port) first, unless the connection is one-way (then the
     * originator first), addresses as 16 IPv6 bytes, ports in network order, then the protocol.
     */
    static int zeekKeyOrder(Connection a, Connection b) {
        boolean fa = !a.oneWay && endpointLess(a.respHi, a.respLo, a.respPort, a.origHi, a.origLo, a.origPort);
        boolean fb = !b.oneWay && endpointLess(b.respHi, b.respLo, b.respPort, b.origHi, b.origLo, b.origPort);
        int c = compareAddr(fa ? a.respHi : a.origHi, fa ? a.respLo : a.origLo,
                fb ? b.respHi : b.origHi, fb ? b.respLo : b.origLo);
        if (c != 0) {
            return c;
        }
        c = compareAddr(fa ? a.origHi : a.respHi, fa ? a.origLo : a.respLo,
                fb ? b.origHi : b.respHi, fb ? b.origLo : b.respLo);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(fa ? a.respPort : a.origPort, fb ? b.respPort : b.origPort);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(fa ? a.origPort : a.respPort, fb ? b.origPort : b.respPort);
        return c != 0 ? c : Integer.compare(a.proto, b.proto);
    }

    private static boolean endpointLess(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        int c = compareAddr(aHi, aLo, bHi, bLo);
        return c < 0 || (c == 0 && aPort < bPort);
    }

    private static int compareAddr(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    // ------------------------------------------------------------------------------------------ weirds

    /**
     * The weird sink to give the decoder: net and flow weirds go to weird.log as they are; a weird about the
     * packet's connection (Zeek's conn_weird, e.g. Teredo_bubble_with_payload) is attributed to the connection
     * this engine just handled the packet for.
     */
    public io.osprey.packet.WeirdSink decoderWeirds() {
        return new io.osprey.packet.WeirdSink() {
            @Override
            public void netWeird(Packet p, String name, String addl, String source) {
                if (weirds != null) {
                    weirds.netWeird(p, name, addl, source);
                }
            }

            @Override
            public void flowWeird(Packet p, String name, String addl, String source) {
                if (weirds != null) {
                    weirds.flowWeird(p, name, addl, source);
                }
            }

            @Override
            public void connWeird(Packet p, String name, String addl, String source) {
                Connection c = connOf(p);
                if (c != null) {
                    ConnEngine.this.connWeird(c, name, addl, source);
                } else {
                    flowWeird(p, name, addl, source);
                }
            }
        };
    }

    void connWeird(Connection c, String name, String addl, String source) {
        if (c instanceof TcpSession t) {
            // Zeek's Connection::Weird marks the connection (DidWeird) whoever raises the weird, the TCP state
            // machine, the packet analyzer (truncated_header) or an application analyzer; the state machine's
            // possible_split_routing and TCP_scale_range are raised only on a connection not marked yet.
            t.didWeird = true;
        }
        if (weirds != null) {
            weirds.connWeird(networkTime, c.uid(), c.origHi, c.origLo, c.origPort, c.respHi, c.respLo, c.respPort, name,
                    addl, source);
        }
    }

    // ------------------------------------------------------------------------------------------ packets

    private static int icmp4Counterpart(int type, int code, boolean[] oneWay) {
        oneWay[0] = false;
        return switch (type) {
            case 8 -> 0;
            case 0 -> 8;
            case 13 -> 14;
            case 14 -> 13;
            case 15 -> 16;
            case 16 -> 15;
            case 10 -> 9;
            case 9 -> 10;
            case 17 -> 18;
            case 18 -> 17;
            default -> {
                oneWay[0] = true;
                yield code;
            }
        };
    }

    private static int icmp6Counterpart(int type, int code, boolean[] oneWay) {
        oneWay[0] = false;
        return switch (type) {
            case 128 -> 129;
            case 129 -> 128;
            case 133 -> 134;
            case 134 -> 133;
            case 135 -> 136;
            case 136 -> 135;
            case 130 -> 131;
            case 131 -> 130;
            case 139 -> 140;
            case 140 -> 139;
            case 144 -> 145;
            case 145 -> 144;
            default -> {
                oneWay[0] = true;
                yield code;
            }
        };
    }

    private final boolean[] oneWayOut = new boolean[1];

    @Override
    public void ip(Packet p) {
        long t = p.tsNanos;
        int proto = p.ipProto;
        MemorySegment s = p.seg;
        long off = p.l4Offset;
        int sport = 0;
        int dport = 0;
        boolean oneWay = false;
        switch (proto) {
            case Connection.TCP, Connection.UDP -> {
                // TCP and UDP put the ports at the same offsets; the decoder checked the minimum header sizes
                if (p.l4CapLen < (proto == Connection.TCP ? TcpHeader.HEADER_LENGTH : UdpHeader.HEADER_LENGTH)) {
                    return;
                }
                sport = TcpHeader.srcPort(s, off);
                dport = TcpHeader.dstPort(s, off);
            }
            case Connection.ICMP, Connection.ICMP6 -> {
                if (p.l4CapLen < 8) {
                    return;
                }
                int type = IcmpHeader.type(s, off);
                int code = IcmpHeader.code(s, off);
                sport = type;
                dport = proto == Connection.ICMP ? icmp4Counterpart(type, code, oneWayOut)
                        : icmp6Counterpart(type, code, oneWayOut);
                oneWay = oneWayOut[0];
            }
            default -> {
            }
        }

        int depth = p.encap.depth();
        for (int i = 0; i < depth; i++) {
            EncapStack.Entry e = p.encap.get(i);
            if (e.uid == null && tunnels != null) {
                e.uid = tunnels.ipTunnelUid(e.srcHi, e.srcLo, e.dstHi, e.dstLo, e.type.zeekName(), uids);
            }
        }

        int kv = config.vlanConnKey ? p.vlan : -1;
        int kiv = config.vlanConnKey ? p.innerVlan : -1;
        Connection c = table.find(p.srcHi, p.srcLo, sport, p.dstHi, p.dstLo, dport, proto, oneWay, kv, kiv);
        if (c != null && c.tcp() != null && p.l4CapLen >= 20) {
            if (c.tcp().isReuse(t, TcpHeader.flags(s, off), TcpHeader.seq(s, off), TcpHeader.dataOffset(s, off))) {
                remove(c);
                c = null;
            }
        }
        if (c == null) {
            c = newConnection(p, proto, sport, dport, oneWay, t);
        } else {
            checkEncapsulation(c, p);
        }
        // The connection, not its uid: the uid text is made only if the decoder asks for it (connUid), so that a
        // tracked connection does not hold it from its first packet on (Connection.uid()).
        p.conn = c;
        if (depth < connAtDepth.length) {
            connAtDepth[depth] = c;
        }
        boolean isOrig = p.srcHi == c.origHi && p.srcLo == c.origLo && sport == c.origPort;
        p.isOrig = isOrig;
        p.respPort = c.respPort;

        switch (proto) {
            case Connection.TCP -> deliverTcp(c, p, isOrig, t);
            case Connection.UDP -> deliverUdp((FlowConnection) c, p, isOrig, t, dport);
            case Connection.ICMP, Connection.ICMP6 -> deliverIcmp((FlowConnection) c, p, isOrig, t);
            default -> {
                c.lastTime = t;
                count(c, isOrig, p);
            }
        }
        if (!c.removed) {
            c.recomputeDeadline();
            timers.update(c);
        }
    }

    private Connection newConnection(Packet p, int proto, int sport, int dport, boolean oneWay, long t) {
        if (table.size() >= config.maxConnections) {
            Connection victim = timers.peek();
            if (victim != null) {
                connWeird(victim, "conn_table_full_evicted", Integer.toString(config.maxConnections), null);
                remove(victim);
                evicted++;
            }
        }
        // a TCP connection's object is its TcpSession (the Connection subclass with the TCP state)
        Connection c = proto == Connection.TCP ? new TcpSession(this) : new FlowConnection();
        c.proto = (short) proto;
        c.oneWay = oneWay;
        c.origHi = p.srcHi;
        c.origLo = p.srcLo;
        c.origPort = (char) sport;
        c.respHi = p.dstHi;
        c.respLo = p.dstLo;
        c.respPort = (char) dport;
        c.startTime = t;
        c.lastTime = t;
        c.drawUid(uids);
        if (p.hasL2 && config.extras.contains(ConnConfig.Extra.MAC)) {
            Connection.Extras x = c.extras();
            x.hasL2 = true;
            x.origL2 = p.l2Src;
            x.respL2 = p.l2Dst;
        }
        c.vlan = (short) p.vlan;
        c.innerVlan = (short) p.innerVlan;
        if (p.pppoeSession != -1) {
            c.extras().pppoeSession = p.pppoeSession;
        }
        connections++;

        boolean flip = false;
        switch (proto) {
            case Connection.TCP -> {
                int flags = TcpHeader.flags(p.seg, p.l4Offset);
                if ((flags & TcpHeader.SYN) == 0 || (flags & TcpHeader.ACK) != 0) {
                    if (config.likelyServerPorts.contains(proto, sport)) {
                        if (config.likelyServerPorts.contains(proto, dport)) {
                            flip = (flags & TcpHeader.SYN) == 0 && sport < dport;
                        } else {
                            flip = true;
                        }
                    }
                }
                c.setInactivityTimeout(config, Connection.INACTIVITY_UDP);
                ((TcpSession) c).setExpireAt(0, networkTime + config.tcpSynTimeout);
            }
            case Connection.UDP -> {
                flip = config.likelyServerPorts.contains(proto, sport) && !config.likelyServerPorts.contains(proto, dport);
                c.setInactivityTimeout(config, Connection.INACTIVITY_UDP);
                int respPort = flip && !isBroadcast(c.respHi, c.respLo) ? sport : dport;
                for (int port : config.dnsUdpPorts) {
                    if (port == respPort) {
                        ((FlowConnection) c).dnsExpireAt = networkTime + config.dnsSessionTimeout;
                        break;
                    }
                }
            }
            case Connection.ICMP, Connection.ICMP6 -> c.setInactivityTimeout(config, Connection.INACTIVITY_ICMP);
            default -> c.setInactivityTimeout(config, Connection.INACTIVITY_UNKNOWN_IP);
        }
        if (flip && !isBroadcast(c.respHi, c.respLo)) {
            c.flipRoles();
        }
        table.insert(c);
        if (!analyzers.isEmpty()) {
            c.analyzers = analyzers.attach(c, this, expected.match(c, networkTime));
        }

        int depth = p.encap.depth();
        if (depth > 0) {
            EncapStack.Entry top = p.encap.top();
            Connection.Extras e = c.extras();
            e.encapDepth = depth;
            e.encapUid = top.uid;
            if (top.uid != null) {
                c.addTunnelParent(top.uid);
            }
            registerTunnels(p);
        }
        return c;
    }

    // ------------------------------------------------------------------------------------------ tunnel analyzers

    /** Bits ({@link #tunnelBit}) of the tunnel analyzers whose confirmation waits for both endpoints. */
    private final int delayedConfirmation;

    private static int tunnelBit(String analyzer) {
        return switch (analyzer) {
            case "VXLAN" -> 1;
            case "GENEVE" -> 2;
            case "TEREDO" -> 4;
            case "AYIYA" -> 8;
            case "GTPV1" -> 16;
            default -> 32;
        };
    }

    private Connection connOf(Packet p) {
        return p.conn instanceof Connection c && !c.removed ? c : null;
    }

    /** The uid of the packet's connection (made now if nobody asked before): a UDP tunnel's parent uid. */
    @Override
    public String connUid(Packet p) {
        return p.conn instanceof Connection c ? c.uid() : null;
    }

    @Override
    public boolean tunnelViolated(Packet p, String analyzer) {
        Connection c = connOf(p);
        return c != null && c.extrasOrNull() != null && (c.extrasOrNull().tunnelViolated & tunnelBit(analyzer)) != 0;
    }

    @Override
    public boolean tunnelConfirmed(Packet p, String analyzer) {
        Connection c = connOf(p);
        return c != null && c.extrasOrNull() != null && (c.extrasOrNull().tunnelConfirmed & tunnelBit(analyzer)) != 0;
    }

    @Override
    public void tunnelConfirmation(Packet p, String analyzer) {
        Connection c = connOf(p);
        int bit = tunnelBit(analyzer);
        if (c != null && (delayedConfirmation & bit) != 0) {
            // Teredo.h Confirm() / GTPv1.cc: with Tunnel::delay_teredo_confirmation (delay_gtp_confirmation), only
            // once valid encapsulations were seen from both endpoints of the (outer UDP) connection.
            Connection.Extras e = c.extras();
            e.tunnelSidesValid |= p.isOrig ? bit : bit << 16;
            if ((e.tunnelSidesValid & bit) == 0 || (e.tunnelSidesValid & bit << 16) == 0) {
                return;
            }
        }
        if (c != null) {
            Connection.Extras e = c.extras();
            if ((e.tunnelConfirmed & tunnelBit(analyzer)) == 0) {
                String svc = analyzer.toLowerCase(java.util.Locale.ROOT);
                e.tunnelServices = e.tunnelServices == null ? new String[] {svc}
                        : java.util.Arrays.copyOf(e.tunnelServices, e.tunnelServices.length + 1);
                e.tunnelServices[e.tunnelServices.length - 1] = svc;
            }
            e.tunnelConfirmed |= tunnelBit(analyzer);
        }
    }

    @Override
    public void tunnelViolation(Packet p, String analyzer, String reason, long dataOff, int dataLen) {
        Connection c = connOf(p);
        if (c != null) {
            int bit = tunnelBit(analyzer);
            Connection.Extras e = c.extras();
            boolean first = (e.tunnelViolated & bit) == 0;
            e.tunnelViolated |= bit;
            if (first && events.wants(io.osprey.engine.analyzer.PacketAnalyzerFailure.class)) {
                byte[] data = null;
                if (dataLen >= 0) {
                    // Only what analyzer.log keeps (failure_data_max_size); once per connection and analyzer.
                    int n = Math.min(dataLen, io.osprey.engine.analyzer.AnalyzerLog.FAILURE_DATA_MAX_SIZE);
                    data = new byte[n];
                    MemorySegment.copy(p.seg, java.lang.foreign.ValueLayout.JAVA_BYTE, dataOff, data, 0, n);
                }
                events.publish(new io.osprey.engine.analyzer.PacketAnalyzerFailure(c, analyzer, reason, data,
                        networkTime));
            }
        }
    }

    /** Zeek's HIST_ANALYZER_LIMIT_REACHED history bit. */
    static final int HIST_ANALYZER_LIMIT_REACHED = 0x400;

    @Override
    public void analyzerLimitReached(Packet p) {
        Connection c = connOf(p);
        if (c != null) {
            c.checkHistory(HIST_ANALYZER_LIMIT_REACHED, 'X');
        }
    }

    private static boolean isBroadcast(long hi, long lo) {
        return io.osprey.common.net.Addr.isV4(hi, lo) && (int) lo == -1;
    }

    /** Zeek's Connection::CheckEncapsulation + the conn script's tunnel_changed handler. */
    private void checkEncapsulation(Connection c, Packet p) {
        int depth = p.encap.depth();
        String top = depth > 0 ? p.encap.top().uid : null;
        Connection.Extras known = c.extrasOrNull();
        int knownDepth = known == null ? 0 : known.encapDepth;
        String knownUid = known == null ? null : known.encapUid;
        if (depth == knownDepth && java.util.Objects.equals(top, knownUid)) {
            return;
        }
        Connection.Extras e = c.extras();
        e.encapDepth = depth;
        e.encapUid = top;
        if (config.tunnelMaxChanges != 0 && e.tunnelChanges >= config.tunnelMaxChanges) {
            connWeird(c, "tunnel_max_changes_per_connection_exceeded", Integer.toString(config.tunnelMaxChanges), null);
            c.checkHistory(HIST_ANALYZER_LIMIT_REACHED, 'X');
            return;
        }
        e.tunnelChanges++;
        if (depth > 0) {
            if (top != null) {
                c.addTunnelParent(top);
            }
            registerTunnels(p);
        }
    }

    private void registerTunnels(Packet p) {
        if (tunnels == null) {
            return;
        }
        for (int i = 0; i < p.encap.depth(); i++) {
            EncapStack.Entry e = p.encap.get(i);
            if (e.uid == null) {
                continue;
            }
            Connection outer = e.portProto == Connection.UDP && i < connAtDepth.length ? connAtDepth[i] : null;
            if (outer != null && e.uid.equals(outer.uid())) {
                tunnels.register(networkTime, e.uid, outer.origHi, outer.origLo, outer.origPort, outer.respHi,
                        outer.respLo, outer.respPort, e.type.zeekName());
            } else {
                tunnels.register(networkTime, e.uid, e.srcHi, e.srcLo, e.srcPort, e.dstHi, e.dstLo, e.dstPort,
                        e.type.zeekName());
            }
        }
    }

    private static void count(Connection c, boolean isOrig, Packet p) {
        // Zeek's ConnSize adds IP_Hdr::TotalLen(): the header's own length field (IPv6: payload length + 40), also
        // when it is 0 (segmentation offload, analyzed with -C) and the decoder went on with the captured length.
        int ipLen = p.ipVersion == 4 ? Bytes.u16(p.seg, p.l3Offset + 2)
                : p.ipVersion == 6 ? Bytes.u16(p.seg, p.l3Offset + 4) + 40 : p.ipTotalLen;
        c.count(isOrig, ipLen);
    }

    private void deliverTcp(Connection c, Packet p, boolean isOrig, long t) {
        TcpSession tcp = c.tcp();
        MemorySegment s = p.seg;
        long off = p.l4Offset;
        int len = p.l4Len;
        int remaining = p.l4CapLen;
        if (p.ipTotalLen == 0) {
            len = remaining;
        }
        int hdrLen = TcpHeader.headerLength(s, off);
        if (hdrLen < 20) {
            connWeird(c, "bad_TCP_header_len", null, "TCP");
            return;
        }
        if (hdrLen > len || hdrLen > remaining) {
            connWeird(c, "truncated_header", null, "TCP");
            return;
        }
        int payload = len - hdrLen;
        int payloadCap = remaining - hdrLen;
        if (!config.checksums.ignoreChecksumsFor(p.srcHi, p.srcLo) && payloadCap >= payload && !Checksums.tcpValid(p, len)) {
            connWeird(c, "bad_TCP_checksum", null, "TCP");
            tcp.checksumError(isOrig);
            return;
        }
        int flags = TcpHeader.flags(s, off);
        int wscale = -1;
        if ((flags & TcpHeader.SYN) != 0 && hdrLen > 20) {
            wscale = windowScaleOption(s, off + 20, off + hdrLen);
        }
        TcpEndpoint sender = isOrig ? tcp.orig : tcp.resp;
        // saved and restored: an analyzer fed from inside process() could decode a packet of its own (tunnels)
        MemorySegment outerSeg = tcpPayloadSeg;
        long outerOff = tcpPayloadOff;
        tcpPayloadSeg = s;
        tcpPayloadOff = off + hdrLen;
        tcp.process(isOrig, t, flags, TcpHeader.seq(s, off), TcpHeader.ack(s, off), TcpHeader.window(s, off), wscale,
                payload, payloadCap);
        tcpPayloadSeg = outerSeg;
        tcpPayloadOff = outerOff;
        count(c, sender == tcp.orig, p);
    }

    /**
     * The window-scale option of a SYN, -1 when absent. Zeek's build_syn_packet_val option walk, kept here rather
     * than {@code TcpHeader.parseOptions} on purpose: Zeek steps over a 1-byte-length option and takes a
     * window-scale option of any length &gt;= 3, where parseOptions stops as malformed or wants exactly 3.
     */
    private static int windowScaleOption(MemorySegment s, long o, long end) {
        int ws = -1;
        while (o < end) {
            int kind = Bytes.u8(s, o);
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                o++;
                continue;
            }
            if (o + 1 >= end) {
                break;
            }
            int optLen = Bytes.u8(s, o + 1);
            if (o + optLen > end || optLen == 0) {
                break;
            }
            if (kind == 3 && optLen >= 3) {
                ws = Bytes.u8(s, o + 2);
            }
            o += optLen;
        }
        return ws;
    }

    private void deliverUdp(FlowConnection c, Packet p, boolean isOrig, long t, int dport) {
        MemorySegment s = p.seg;
        long off = p.l4Offset;
        int len = p.l4Len;
        int remaining = p.l4CapLen;
        if (len == 0) {
            len = remaining;
        }
        int chksum = UdpHeader.checksum(s, off);
        boolean validate = !config.checksums.ignoreChecksumsFor(p.srcHi, p.srcLo) && remaining >= len && p.wirelen <= p.caplen;
        if (validate && len > 8 + 8 + 14 && (Bytes.u8(s, off + 8) & 0x08) == 0x08 && dport == 4789) {
            validate = chksum != 0;
        }
        if (validate) {
            boolean bad = !Checksums.udpValid(p, len);
            if (bad) {
                connWeird(c, "bad_UDP_checksum", null, "UDP");
                if (isOrig) {
                    long r = c.scaledHistoryEntry('C', Connection.pack(c.reqChkCnt, c.reqChkThreshExp));
                    c.reqChkCnt = Connection.packedCounter(r);
                    c.reqChkThreshExp = Connection.packedThresholdExp(r);
                } else {
                    long r = c.scaledHistoryEntry('c', Connection.pack(c.repChkCnt, c.repChkThreshExp));
                    c.repChkCnt = Connection.packedCounter(r);
                    c.repChkThreshExp = Connection.packedThresholdExp(r);
                }
                return;
            }
        }
        int ulen = UdpHeader.length(s, off);
        if (ulen != len) {
            connWeird(c, "UDP_datagram_length_mismatch", ulen + " != " + len, "UDP");
        }
        c.lastTime = t;
        if (isOrig) {
            c.checkHistory(0x1, 'D');
            c.requestLen = c.requestLen < 0 ? ulen - 8 : c.requestLen + (ulen - 8);
        } else {
            c.checkHistory(0x2, 'd');
            c.replyLen = c.replyLen < 0 ? ulen - 8 : c.replyLen + (ulen - 8);
        }
        if (c.analyzers != null && c.analyzers.live()) {
            int payload = Math.min(len, remaining) - UdpHeader.HEADER_LENGTH;
            if (payload >= 0) {
                c.analyzers.deliverPacket(isOrig, s, off + UdpHeader.HEADER_LENGTH, payload);
            }
        }
        // Zeek's ConnSize analyzer sits after the analyzers attached by port in the UDP session's analyzer tree
        // (IPBasedAnalyzer::BuildSessionAnalyzerTree), so it counts a packet after them. When one of them flips the
        // roles on this packet (DNS or NTP seeing a response first), the packet is counted with the direction it
        // arrived in, on the flipped connection: a lone DNS reply is logged S0 with orig_pkts 1, as Zeek logs it.
        count(c, isOrig, p);
    }

    private void deliverIcmp(FlowConnection c, Packet p, boolean isOrig, long t) {
        int len = p.l4Len;
        int remaining = p.l4CapLen;
        if (len == 0) {
            len = remaining;
        }
        if (!config.checksums.ignoreChecksumsFor(p.srcHi, p.srcLo) && remaining >= len && !Checksums.icmpValid(p, len)) {
            connWeird(c, "bad_ICMP_checksum", null, "ICMP");
            return;
        }
        c.lastTime = t;
        int body = len - 8;
        if (isOrig) {
            c.requestLen = c.requestLen < 0 ? body : c.requestLen + body;
        } else {
            c.replyLen = c.replyLen < 0 ? body : c.replyLen + body;
        }
        if (p.ipProto == Connection.ICMP6 && Bytes.u8(p.seg, p.l4Offset) == 143) {
            checkMldV2(c, p, remaining - 8);
        }
        if (remaining >= len) {
            count(c, isOrig, p);
        }
    }

    /**
     * The record walk of Zeek's ICMPAnalyzer::MLDReportV2 (ICMPv6 type 143, RFC 3810 §5.2), for its weirds:
     * {@code truncated_ICMPv6_MLDv2} when the records cannot all be there, {@code truncated_ICMPv6_MLDv2_record}
     * when one runs past the captured data. {@code caplen} counts the captured bytes after the 8-byte header.
     */
    private void checkMldV2(Connection c, Packet p, int caplen) {
        MemorySegment s = p.seg;
        int records = Bytes.u16(s, p.l4Offset + 6);
        if (caplen < records * 20) {
            connWeird(c, "truncated_ICMPv6_MLDv2", null, "ICMP");
            return;
        }
        long rec = p.l4Offset + 8;
        long remaining = caplen;
        for (int i = 0; i < records && remaining > 0; i++) {
            if (remaining < 4) {
                connWeird(c, "truncated_ICMPv6_MLDv2_record", null, "ICMP");
                return;
            }
            long aux = Bytes.u8(s, rec + 1) * 4L;
            long sources = Bytes.u16(s, rec + 2);
            rec += 4;
            remaining -= 4;
            long need = 16 + sources * 16 + aux;
            if (remaining < need) {
                connWeird(c, "truncated_ICMPv6_MLDv2_record", null, "ICMP");
                return;
            }
            rec += need;
            remaining -= need;
        }
    }

    /** Zeek's connection_established handler in conn/inactivity.zeek: long timeouts for interactive ports. */
    void connectionEstablished(Connection c) {
        int port = c.respPort;
        if (c.tcp() != null && c.tcp().orig.state == TcpEndpoint.INACTIVE) {
            if (!config.likelyServerPorts.contains(Connection.TCP, port)
                    && config.likelyServerPorts.contains(Connection.TCP, c.origPort)) {
                port = c.origPort;
            }
        }
        if (port == 21 || port == 22 || port == 23 || port == 513) {
            c.setInactivityTimeout(config, Connection.INACTIVITY_INTERACTIVE);
        }
    }

    // ------------------------------------------------------------------------------------------ AnalyzerEnv

    @Override
    public EventBus events() {
        return events;
    }

    @Override
    public String newId(char prefix) {
        return uids.next(prefix);
    }

    @Override
    public <T> T workerLocal(Class<T> type, java.util.function.Supplier<T> make) {
        return workerLocals.get(type, make);
    }

    @Override
    public boolean expectConnection(long origHi, long origLo, long respHi, long respLo, int respPort, int proto,
                                    io.osprey.engine.analyzer.AnalyzerSpec spec, long timeout) {
        return expected.expect(origHi, origLo, respHi, respLo, respPort, proto, spec, networkTime, timeout);
    }

    /**
     * After the TCP state machine flipped {@code c}'s roles (a SYN/ACK or the like seen first): Zeek's
     * Connection::FlipRoles applies the analyzers scheduled for the flipped tuple (ApplyScheduledAnalyzers), so an
     * FTP data connection whose SYN was lost still gets its analyzer.
     */
    void applyScheduledAfterFlip(Connection c) {
        if (analyzers.isEmpty()) {
            return;
        }
        io.osprey.engine.analyzer.AnalyzerSpec[] s = expected.match(c, networkTime);
        if (s == null) {
            return;
        }
        if (c.analyzers == null) {
            c.analyzers = analyzers.attach(c, this, s);
        } else {
            c.analyzers.attachScheduled(s);
        }
    }

    @Override
    public void flipRoles(ConnInfo conn) {
        if (conn instanceof Connection c) {
            c.flipRoles();
        }
    }

    @Override
    public void limitReached(ConnInfo conn) {
        if (conn instanceof Connection c) {
            c.checkHistory(HIST_ANALYZER_LIMIT_REACHED, 'X');
        }
    }

    @Override
    public void weird(ConnInfo conn, String name, String addl, String source) {
        if (conn instanceof Connection c) {
            connWeird(c, name, addl, source);
        } else if (weirds != null) {
            weirds.netWeird(networkTime, name, addl, source);
        }
    }
}
