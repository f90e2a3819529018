package io.osprey.engine.conn;

import static io.osprey.engine.conn.TcpEndpoint.CLOSED;
import static io.osprey.engine.conn.TcpEndpoint.ESTABLISHED;
import static io.osprey.engine.conn.TcpEndpoint.INACTIVE;
import static io.osprey.engine.conn.TcpEndpoint.PARTIAL;
import static io.osprey.engine.conn.TcpEndpoint.RESET;
import static io.osprey.engine.conn.TcpEndpoint.SYN_ACK_SENT;
import static io.osprey.engine.conn.TcpEndpoint.SYN_SENT;
import static io.osprey.engine.conn.TcpEndpoint.seqDelta;
import static io.osprey.packet.transport.TcpHeader.ACK;
import static io.osprey.packet.transport.TcpHeader.FIN;
import static io.osprey.packet.transport.TcpHeader.RST;
import static io.osprey.packet.transport.TcpHeader.SYN;
import static io.osprey.packet.transport.TcpHeader.URG;

/**
 * TCP connection state, a port of the behaviour of Zeek's {@code TCPSessionAdapter} (state machine, history
 * letters, relative sequence space, close handling and its timers) — not of its code. Every decision that shows in
 * this.log (conn_state, history, orig_bytes/resp_bytes, missed_bytes, when the connection ends) follows Zeek
 * 9.1's {@code src/packet_analysis/protocol/tcp/TCPSessionAdapter.cc} and {@code analyzer/protocol/tcp}.
 *
 * <p>A TCP connection's {@link Connection} object is its {@code TcpSession} (a subclass) rather than pointing to
 * one: one object header and no pointers between the two, 16-20 bytes less per TCP connection.
 */
final class TcpSession extends Connection {

    /** Zeek's TOO_LARGE_SEQ_DELTA. */
    private static final int TOO_LARGE_SEQ_DELTA = 1048576;
    private static final int ORIG = 1;
    private static final int RESP = 2;

    final ConnEngine engine;

    // ---- TCP timers (deadlines in network time, -1 when not armed); see ConnEngine.fireTcpTimer
    /** Number of ExpireTimer chains a connection can have armed at once ({@link #expireAt(int)}). */
    static final int EXPIRE_TIMERS = 3;
    /**
     * The first ExpireTimer chain's deadline and the AttemptTimer's: the two TCP timers every connection arms at
     * its first packet (the SYN timeout chain and, for a SYN, the attempt check). The others only a closing or
     * reset connection arms; they are in {@link #closeTimers}.
     */
    private long expireAt0 = -1;
    long attemptAt = -1;

    /**
     * The TCP timers only a connection that closed or was reset arms: the second and third ExpireTimer chains and
     * the delete, reset and partial-close timers. Starts as the shared, never-written {@link #NO_CLOSE_TIMERS}
     * (all disarmed) and gets its own at the first of them armed (a close: a state transition, not every packet);
     * writes go through the setters. Why: the target is about 300 B of heap per tracked connection
     * (BENCHMARKS.md, "Heap per tracked connection"), and these 40 B were paid by every connection, also the open
     * ones that never arm them. Expiry order and ties are those of the fields they replace.
     */
    static final class CloseTimers {
        long expireAt1 = -1;
        long expireAt2 = -1;
        long deleteAt = -1;
        long resetAt = -1;
        long partialCloseAt = -1;
    }

    /** Shared by every connection that never armed a close timer: all -1, never written. */
    private static final CloseTimers NO_CLOSE_TIMERS = new CloseTimers();

    private CloseTimers closeTimers = NO_CLOSE_TIMERS;

    /**
     * This connection's own close timers for writing a deadline {@code at}; null when {@code at} is -1 and none is
     * armed (nothing to write).
     */
    private CloseTimers closeTimersFor(long at) {
        CloseTimers ct = closeTimers;
        if (ct == NO_CLOSE_TIMERS) {
            if (at < 0) {
                return null; // disarming: all are disarmed already
            }
            ct = new CloseTimers();
            closeTimers = ct;
        }
        return ct;
    }

    /** The DeleteTimer's deadline, -1 when not armed. */
    long deleteAt() {
        return closeTimers.deleteAt;
    }

    void setDeleteAt(long at) {
        CloseTimers ct = closeTimersFor(at);
        if (ct != null) {
            ct.deleteAt = at;
        }
    }

    /** The ResetTimer's deadline, -1 when not armed. */
    long resetAt() {
        return closeTimers.resetAt;
    }

    void setResetAt(long at) {
        CloseTimers ct = closeTimersFor(at);
        if (ct != null) {
            ct.resetAt = at;
        }
    }

    /** The PartialCloseTimer's deadline, -1 when not armed. */
    long partialCloseAt() {
        return closeTimers.partialCloseAt;
    }

    void setPartialCloseAt(long at) {
        CloseTimers ct = closeTimersFor(at);
        if (ct != null) {
            ct.partialCloseAt = at;
        }
    }
    TcpEndpoint orig = new TcpEndpoint();
    TcpEndpoint resp = new TcpEndpoint();

    boolean isActive = true;
    boolean isPartial;
    /** Which sides were seen first-packet-wise: {@code ORIG | RESP} bits. */
    byte firstPacketSeen;
    boolean closeDeferred;
    boolean deferredGenEvent;
    /** Connection::weird: set once any weird was raised on the connection (Zeek's DidWeird). */
    boolean didWeird;

    TcpSession(ConnEngine engine) {
        this.engine = engine;
    }

    /*
     * The endpoints hold no pointer back to their session (4 B each, 8 B per endpoint after alignment; the issue's
     * target is about 300 B per tracked connection): the session passes itself to the endpoint's reassembler
     * methods, and which side an endpoint is, and its peer, are answered here.
     */

    /**
     * Whether {@code ep} is the originator's side. Derived rather than stored: {@link #orig}/{@link #resp} are the
     * truth, also after a role flip.
     */
    boolean isOrig(TcpEndpoint ep) {
        return orig == ep;
    }

    /** The other side of the connection. */
    TcpEndpoint peer(TcpEndpoint ep) {
        return orig == ep ? resp : orig;
    }

    /** Bytes {@code ep} sent (Zeek's TCP_Endpoint::Size), conn.log's orig_bytes/resp_bytes. */
    long size(TcpEndpoint ep) {
        return ep.size(peer(ep));
    }

    void weird(String name, String addl, String source) {
        engine.connWeird(this, name, addl, source); // marks the connection (didWeird)
    }

    private void weird(String name) {
        weird(name, null, "TCP");
    }

    /** The TCP half of {@link Connection#flipRoles}: swaps the endpoints. */
    void flipEndpoints() {
        TcpEndpoint t = resp;
        resp = orig;
        orig = t;
        firstPacketSeen = (byte) (((firstPacketSeen & ORIG) != 0 ? RESP : 0) | ((firstPacketSeen & RESP) != 0 ? ORIG : 0));
        isPartial = false;
    }

    private boolean endpointCheckHistory(TcpEndpoint ep, int mask, char code) {
        if ((code == 'A' || code == 'D') && this.historyIs("H")) {
            this.flipRoles();
            engine.applyScheduledAfterFlip(this);
            this.replaceHistory("^h");
            firstPacketSeen |= ORIG;
        }
        if (!isOrig(ep)) {
            mask <<= 16;
            code = Character.toLowerCase(code);
        }
        return this.checkHistory(mask, code);
    }

    private void endpointAddHistory(TcpEndpoint ep, char code) {
        this.addHistory(isOrig(ep) ? code : Character.toLowerCase(code));
    }

    private void scaled(TcpEndpoint ep, char code, int which) {
        char c = isOrig(ep) ? code : Character.toLowerCase(code);
        TcpEndpoint.ScaledCounters sc = ep.scaledCounters();
        switch (which) {
            case 0 -> {
                long r = this.scaledHistoryEntry(c, Connection.pack(sc.chkCnt, sc.chkThreshExp));
                sc.chkCnt = Connection.packedCounter(r);
                sc.chkThreshExp = Connection.packedThresholdExp(r);
            }
            case 1 -> {
                long r = this.scaledHistoryEntry(c, Connection.pack(sc.rxmtCnt, sc.rxmtThreshExp));
                sc.rxmtCnt = Connection.packedCounter(r);
                sc.rxmtThreshExp = Connection.packedThresholdExp(r);
            }
            case 2 -> {
                long r = this.scaledHistoryEntry(c, Connection.pack(sc.win0Cnt, sc.win0ThreshExp));
                sc.win0Cnt = Connection.packedCounter(r);
                sc.win0ThreshExp = Connection.packedThresholdExp(r);
            }
            default -> {
                long r = this.scaledHistoryEntry(c, Connection.pack(sc.gapCnt, sc.gapThreshExp));
                sc.gapCnt = Connection.packedCounter(r);
                sc.gapThreshExp = Connection.packedThresholdExp(r);
            }
        }
    }

    /** A packet with a bad checksum (TCP_Endpoint::ChecksumError). */
    void checksumError(boolean isOrig) {
        scaled(isOrig ? orig : resp, 'C', 0);
    }

    private void didRxmit(TcpEndpoint ep) {
        scaled(ep, 'T', 1);
    }

    private void zeroWindow(TcpEndpoint ep) {
        scaled(ep, 'W', 2);
    }

    private static boolean isClean(TcpEndpoint a) {
        return a.state == ESTABLISHED || (a.state == CLOSED && a.prevState == ESTABLISHED);
    }

    /** A content gap reported by the sequence tracker (TCP_Reassembler::Gap). */
    void gap(TcpEndpoint ep, long seq, long len) {
        if (isClean(ep) && isClean(peer(ep))) {
            scaled(ep, 'G', 3);
            ep.scaledCounters().missedBytes += len;
        }
        analyzerGap(ep, seq, len);
    }

    private boolean reassemblyLimitReported;

    /** True when someone wants this connection's stream bytes (live analyzers). */
    boolean wantsPayload() {
        return this.analyzers != null && this.analyzers.live();
    }

    /** In-order stream bytes of {@code ep}'s direction, from the reassembler. */
    void deliver(TcpEndpoint ep, java.lang.foreign.MemorySegment seg, long off, int len) {
        if (this.analyzers != null) {
            this.analyzers.deliverStream(isOrig(ep), seg, off, len);
        }
    }

    /** A gap in {@code ep}'s stream, as the analyzers see it. */
    void analyzerGap(TcpEndpoint ep, long seq, long len) {
        // Zeek's TCP_Reassembler sets had_gap for every gap it delivers; here that includes ranges dropped at a
        // reassembly limit, which reach the analyzers as gaps too.
        ep.dataState().hadGap = true;
        if (this.analyzers != null) {
            this.analyzers.gap(isOrig(ep), seq, len);
        }
    }

    /** Buffered data was dropped at a reassembly limit (weird once per connection). */
    void reassemblyLimit() {
        if (!reassemblyLimitReported) {
            reassemblyLimitReported = true;
            weird("reassembly_buffer_limit", null, "TCP");
        }
    }

    private static boolean isHandshake(int s) {
        return s == INACTIVE || s == SYN_SENT || s == SYN_ACK_SENT;
    }

    private void setState(TcpEndpoint ep, int newState) {
        if (newState != ep.state) {
            if (!isHandshake(newState) && isHandshake(ep.state) && isHandshake(peer(ep).state)) {
                this.setInactivityTimeout(engine.config, INACTIVITY_TCP);
            }
            ep.prevState = ep.state;
            ep.state = (byte) newState;
        }
    }

    private static int segmentLen(int payloadLen, int flags) {
        int seg = payloadLen;
        if ((flags & SYN) != 0) {
            seg++;
        }
        if ((flags & FIN) != 0) {
            seg++;
        }
        if ((flags & RST) != 0) {
            seg -= payloadLen;
        }
        return seg;
    }

    private void initEndpoint(TcpEndpoint ep, int flags, long firstSeq, long lastSeq, long t) {
        switch (ep.state) {
            case INACTIVE -> {
                if ((flags & SYN) != 0) {
                    ep.initAckSeq(firstSeq);
                    ep.initStartSeq(firstSeq);
                } else {
                    ep.initAckSeq(firstSeq - 1);
                    ep.initStartSeq(TcpEndpoint.u32(firstSeq - 1));
                    lastSeq = firstSeq;
                }
                ep.initLastSeq(lastSeq);
            }
            case SYN_SENT, SYN_ACK_SENT -> {
                if ((flags & SYN) != 0 && firstSeq != ep.startSeq32()) {
                    weird("SYN_seq_jump", null, null);
                    ep.initStartSeq(firstSeq);
                    ep.initAckSeq(firstSeq);
                    ep.initLastSeq(lastSeq);
                }
            }
            case ESTABLISHED, PARTIAL -> {
                if ((flags & SYN) != 0) {
                    if (size(ep) > 0) {
                        weird("SYN_inside_connection", null, null);
                    }
                    if (firstSeq != ep.startSeq32()) {
                        weird("SYN_seq_jump", null, null);
                    }
                    ep.initStartSeq(firstSeq);
                    ep.initAckSeq(firstSeq);
                    ep.initLastSeq(lastSeq);
                }
            }
            case RESET -> {
                if ((flags & SYN) != 0 && ep.prevState == INACTIVE) {
                    ep.initStartSeq(firstSeq);
                    ep.initAckSeq(firstSeq);
                    ep.initLastSeq(lastSeq);
                }
            }
            default -> {
            }
        }
    }

    private long relativeSeq(TcpEndpoint ep, long curBase, long last, int wraps) {
        int delta = seqDelta(curBase, last);
        if (delta < 0) {
            if (wraps != 0 && curBase > last) {
                --wraps;
            }
        } else if (delta > 0) {
            if (curBase < last) {
                ++wraps;
            }
        }
        if (wraps == 0) {
            delta = seqDelta(curBase, ep.startSeq32());
            if (delta < 0) {
                engine.tcpSeqUnderflow = true;
            }
            return delta; // sign-extended like Zeek's int32 -> uint64
        }
        return ep.toRelativeSeqSpace(curBase, wraps);
    }

    private void updateHistory(int flags, TcpEndpoint ep, long relSeq, int len) {
        int bits = ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0) + ((flags & RST) != 0 ? 1 : 0);
        if (bits > 1) {
            if ((flags & FIN) != 0 && (flags & RST) != 0) {
                endpointCheckHistory(ep, TcpEndpoint.HIST_FIN_RST_PKT, 'I');
            } else {
                endpointCheckHistory(ep, TcpEndpoint.HIST_MULTI_FLAG_PKT, 'Q');
            }
        } else if (bits == 1) {
            if ((flags & SYN) != 0) {
                char code = (flags & ACK) != 0 ? 'H' : 'S';
                if (endpointCheckHistory(ep, TcpEndpoint.HIST_SYN_PKT, code) && relSeq != ep.histLastSyn) {
                    endpointAddHistory(ep, code);
                }
                ep.histLastSyn = relSeq;
            }
            if ((flags & FIN) != 0) {
                if (endpointCheckHistory(ep, TcpEndpoint.HIST_FIN_PKT, 'F') && relSeq + len != ep.ds.histLastFin) {
                    endpointAddHistory(ep, 'F');
                }
                ep.dataState().histLastFin = relSeq + len;
            }
            if ((flags & RST) != 0) {
                if (endpointCheckHistory(ep, TcpEndpoint.HIST_RST_PKT, 'R') && relSeq != ep.ds.histLastRst) {
                    endpointAddHistory(ep, 'R');
                }
                ep.dataState().histLastRst = relSeq;
            }
        } else {
            if (len != 0) {
                endpointCheckHistory(ep, TcpEndpoint.HIST_DATA_PKT, 'D');
            } else if ((flags & ACK) != 0) {
                endpointCheckHistory(ep, TcpEndpoint.HIST_ACK_PKT, 'A');
            }
        }
    }

    private void updateWindow(TcpEndpoint ep, int rawWindow, long baseSeq, long ackSeq, int flags) {
        int scale = ep.windowScale;
        long window = TcpEndpoint.u32((long) rawWindow << scale);
        if (window == 0 && (flags & RST) == 0 && peer(ep).state != CLOSED && ep.state != RESET) {
            zeroWindow(ep);
        }
        if ((flags & (SYN | FIN | RST)) == 0 && ep.state != CLOSED && ep.state != RESET) {
            if (seqDelta(baseSeq, ep.windowSeq()) >= 0 && seqDelta(ackSeq, ep.windowAckSeq()) >= 0) {
                long newEdge = ackSeq + window;
                long oldEdge = ep.windowAckSeq() + ep.window();
                int advance = seqDelta(newEdge, oldEdge);
                if (advance < 0 && (-(long) advance) >= (1L << scale)) {
                    weird("window_recision", null, null);
                }
                ep.setWindow(window, ackSeq, baseSeq);
            }
        }
    }

    private void initWindow(TcpEndpoint ep, TcpEndpoint peer, int flags, int scale, long baseSeq, long ackSeq) {
        if (scale < 0) {
            if ((flags & ACK) != 0) {
                ep.windowScale = 0;
                peer.windowScale = 0;
            } else {
                ep.windowScale = 0;
            }
        } else {
            if (scale > 14) {
                if (!didWeird) {
                    weird("TCP_scale_range", Integer.toString(scale), "TCP");
                }
                scale = 14;
            }
            ep.windowScale = (byte) scale;
            ep.setWindowSeqs(ackSeq, baseSeq);
            peer.setWindowSeqs(baseSeq, ackSeq);
        }
    }

    private void initPeer(TcpEndpoint peer, TcpEndpoint ep, int flags, long ackSeq) {
        if ((flags & (SYN | FIN | RST)) == 0) {
            if (ep.state == SYN_SENT || ep.state == SYN_ACK_SENT || ep.state == ESTABLISHED) {
                if (!didWeird) {
                    weird("possible_split_routing", null, null);
                }
            }
        }
        peer.initStartSeq(TcpEndpoint.u32(ackSeq - 1));
        peer.initAckSeq(ackSeq - 1);
        peer.initLastSeq(ackSeq - 1);
    }

    private static void updateAckSeq(TcpEndpoint ep, long ackSeq) {
        int deltaAck = seqDelta(ackSeq, ep.ackSeq());
        if (ackSeq == 0 && deltaAck > TOO_LARGE_SEQ_DELTA) {
            return;
        }
        if (deltaAck > 0) {
            ep.updateAckSeq(ackSeq);
        }
    }

    private int updateLastSeq(TcpEndpoint ep, long lastSeq, int flags, int len) {
        int deltaLast = seqDelta(lastSeq, ep.lastSeq());
        if ((flags & (SYN | RST)) != 0 && (deltaLast > TOO_LARGE_SEQ_DELTA || deltaLast < -TOO_LARGE_SEQ_DELTA)) {
            // don't trust
        } else if ((flags & FIN) != 0 && ep.lastSeq() == TcpEndpoint.u32(ep.startSeq32() + 1)) {
            ep.updateLastSeq(lastSeq);
        } else if (ep.state == RESET) {
            // don't trust
        } else if (deltaLast > 0) {
            ep.updateLastSeq(lastSeq);
        } else if (len > 0) {
            didRxmit(ep);
        }
        return deltaLast;
    }

    private void setPartialStatus(int flags, boolean isOrig) {
        if (isOrig) {
            if ((firstPacketSeen & ORIG) == 0) {
                isPartial = (flags & SYN) == 0 || (flags & ACK) != 0;
            }
        } else {
            if ((firstPacketSeen & RESP) == 0 && !isPartial) {
                isPartial = (flags & SYN) == 0;
            }
        }
    }

    /**
     * Processes one TCP segment (TCPSessionAdapter::Process). {@code len} is the payload length from the IP header,
     * {@code caplen} the captured payload bytes;
     * the payload itself is in the engine's {@code tcpPayloadSeg}/{@code tcpPayloadOff}.
     */
    void process(boolean isOrig, long t, int flags, long baseSeq, long ackSeq, int rawWindow, int wscale, int len,
                 int caplen) {
        TcpEndpoint ep = isOrig ? orig : resp;
        TcpEndpoint peer = peer(ep);

        setPartialStatus(flags, isOrig(ep));

        int segLen = segmentLen(len, flags);
        long seqOnePast = TcpEndpoint.u32(baseSeq + segLen);

        initEndpoint(ep, flags, baseSeq, seqOnePast, t);

        engine.tcpSeqUnderflow = false;
        long relSeq = relativeSeq(ep, baseSeq, ep.lastSeq(), ep.seqWraps);
        boolean underflow = engine.tcpSeqUnderflow;
        if (underflow && (flags & RST) == 0) {
            weird("TCP_seq_underflow_or_misorder");
        }

        updateHistory(flags, ep, relSeq, len);
        updateWindow(ep, rawWindow, baseSeq, ackSeq, flags);

        if (!orig.didClose() || !resp.didClose()) {
            this.lastTime = t;
        }

        if ((flags & SYN) != 0) {
            if ((flags & RST) != 0) {
                weird("TCP_christmas", null, "TCP");
            }
            if ((flags & URG) != 0) {
                weird("baroque_SYN", null, "TCP");
            }
            if (len > 0) {
                weird("SYN_with_data", null, "TCP");
            }
            initWindow(ep, peer, flags, wscale, baseSeq, ackSeq);
        }

        if ((flags & FIN) != 0) {
            TcpSeqTracker.DataState d = ep.dataState(); // the first FIN: a state transition
            ++d.finCnt;
            if (d.finCnt > 0) { // (an int, as Zeek's FIN_cnt: the flag says finCnt > 0 also past 2^31 FINs)
                ep.setFlag(TcpSeqTracker.FIN_SEEN);
            } else {
                ep.clearFlag(TcpSeqTracker.FIN_SEEN);
            }
            if (d.finCnt >= engine.config.tcpStormThresh && t < ep.lastTime + engine.config.tcpStormInterarrival) {
                weird("FIN_storm");
            }
            d.finSeq = relSeq + segLen;
        }

        if ((flags & RST) != 0) {
            TcpSeqTracker.DataState d = ep.dataState(); // the first RST: a state transition
            ++d.rstCnt;
            if (d.rstCnt >= engine.config.tcpStormThresh && t < ep.lastTime + engine.config.tcpStormInterarrival) {
                weird("RST_storm");
            }
        }

        long relAck = 0;
        if ((flags & ACK) != 0) {
            if (peer.state == INACTIVE) {
                relAck = 1;
                initPeer(peer, ep, flags, ackSeq);
            } else {
                engine.tcpSeqUnderflow = false;
                relAck = relativeSeq(peer, ackSeq, peer.ackSeq(), peer.ackWraps);
                if (engine.tcpSeqUnderflow) {
                    relAck = 0;
                    weird("TCP_ack_underflow_or_misorder");
                } else if ((flags & RST) == 0) {
                    updateAckSeq(peer, ackSeq);
                }
            }
        }

        int deltaLast = updateLastSeq(ep, seqOnePast, flags, len);
        ep.lastTime = t;

        engine.tcpDoClose = false;
        engine.tcpGenEvent = false;
        updateStateMachine(t, ep, peer, baseSeq, ackSeq, len, deltaLast, isOrig, flags);
        boolean close = engine.tcpDoClose;
        boolean gen = engine.tcpGenEvent;

        if ((flags & ACK) != 0) {
            peer.ackReceived(this, relAck);
        }

        // CheckPIA_FirstPacket's bookkeeping of which sides were seen.
        if (isOrig) {
            firstPacketSeen |= ORIG;
        } else {
            firstPacketSeen |= RESP;
        }

        long relDataSeq = (flags & SYN) != 0 ? relSeq + 1 : relSeq;
        if (len > 0 && (flags & RST) == 0 && !underflow) {
            if (caplen >= len) {
                ep.dataSent(this, relDataSeq, len, engine.tcpPayloadSeg, engine.tcpPayloadOff);
            } else {
                weird("truncated_tcp_payload");
            }
        }
        ep.checkEof(this);

        if (close) {
            connectionClosed(ep, peer, gen);
        }
    }

    private void updateStateMachine(long t, TcpEndpoint ep, TcpEndpoint peer, long baseSeq, long ackSeq, int len,
                                    int deltaLast, boolean isOrig, int flags) {
        switch (ep.state) {
            case INACTIVE -> updateInactive(t, ep, peer, baseSeq, ackSeq, len, isOrig, flags);
            case SYN_SENT, SYN_ACK_SENT -> updateSynSent(ep, peer, len, isOrig, flags);
            case ESTABLISHED, PARTIAL -> updateEstablished(ep, peer, flags);
            case CLOSED -> updateClosed(t, ep, deltaLast, flags);
            case RESET -> updateReset(len, flags);
            default -> {
            }
        }
    }

    private static boolean seqBetween(long a, long b, long c) {
        return seqDelta(a, b) >= 0 && seqDelta(a, c) <= 0;
    }

    private void updateInactive(long t, TcpEndpoint ep, TcpEndpoint peer, long baseSeq, long ackSeq, int len,
                                boolean isOrig, int flags) {
        if ((flags & SYN) != 0) {
            if (isOrig) {
                if ((flags & ACK) != 0) {
                    weird("connection_originator_SYN_ack");
                    setState(ep, SYN_ACK_SENT);
                } else {
                    setState(ep, SYN_SENT);
                }
                if (engine.config.tcpAttemptDelay > 0) {
                    this.attemptAt = t + engine.config.tcpAttemptDelay;
                }
            } else {
                if ((flags & ACK) != 0) {
                    if (peer.state != INACTIVE && peer.state != PARTIAL
                            && !seqBetween(ackSeq, peer.startSeq32(), peer.lastSeq())) {
                        weird("bad_SYN_ack");
                    }
                } else if (peer.state == SYN_ACK_SENT && baseSeq == ep.startSeq32()) {
                    isPartial = false;
                    this.flipRoles();
                    engine.applyScheduledAfterFlip(this);
                    setState(peer, ESTABLISHED);
                    firstPacketSeen |= ORIG;
                } else {
                    weird("simultaneous_open");
                }
                if (peer.state == SYN_SENT) {
                    setState(peer, ESTABLISHED);
                } else if (peer.state == INACTIVE) {
                    weird("unsolicited_SYN_response");
                }
                setState(ep, ESTABLISHED);
                if (peer.state != PARTIAL) {
                    engine.connectionEstablished(this);
                }
            }
        }

        if ((flags & FIN) != 0) {
            setState(ep, CLOSED);
            engine.tcpDoClose = engine.tcpGenEvent = true;
            if (peer.state != PARTIAL && (flags & SYN) == 0) {
                weird("spontaneous_FIN");
            }
        }

        if ((flags & RST) != 0) {
            setState(ep, RESET);
            boolean isReject = false;
            if (isOrig) {
                if (peer.state == ESTABLISHED) {
                    isReject = true;
                }
            } else if (peer.state == SYN_SENT || peer.state == SYN_ACK_SENT) {
                isReject = true;
            }
            engine.tcpDoClose = true;
            engine.tcpGenEvent = !isReject;
            if (isReject) {
                isActive = false;
            } else if (peer.state == INACTIVE) {
                weird("spontaneous_RST");
            }
        }

        if (ep.state == INACTIVE) {
            if (!isOrig && len == 0 && orig.state == SYN_SENT) {
                // eccentric ack of an initial SYN
            } else if ((flags & ACK) != 0 && peer.state == ESTABLISHED) {
                setState(ep, ESTABLISHED);
                isPartial = false;
                firstPacketSeen |= isOrig ? ORIG : RESP;
            } else {
                setState(ep, PARTIAL);
            }
        }
    }

    private void updateSynSent(TcpEndpoint ep, TcpEndpoint peer, int len, boolean isOrig, int flags) {
        if ((flags & SYN) != 0) {
            if (isOrig) {
                if ((flags & ACK) != 0 && (flags & (FIN | RST)) == 0 && ep.state != SYN_ACK_SENT) {
                    weird("repeated_SYN_with_ack");
                }
            } else if ((flags & ACK) == 0 && ep.state != SYN_SENT) {
                weird("repeated_SYN_reply_wo_ack");
            }
        }
        if ((flags & FIN) != 0) {
            if (peer.state == INACTIVE || peer.state == SYN_SENT) {
                weird("inappropriate_FIN");
            }
            setState(ep, CLOSED);
            engine.tcpDoClose = engine.tcpGenEvent = true;
        }
        if ((flags & RST) != 0) {
            setState(ep, RESET);
            isActive = false;
            engine.tcpDoClose = true;
        } else if (len > 0) {
            weird("data_before_established");
        }
    }

    private void updateEstablished(TcpEndpoint ep, TcpEndpoint peer, int flags) {
        if ((flags & SYN) != 0) {
            if (ep.state == PARTIAL && peer.state == INACTIVE && (flags & ACK) == 0) {
                weird("SYN_after_partial");
                setState(ep, SYN_SENT);
            }
        }
        if ((flags & FIN) != 0 && (flags & RST) == 0) {
            setState(ep, CLOSED);
            if (peer.state == RESET && peer.prevState == CLOSED) {
                setState(peer, CLOSED);
            }
            engine.tcpDoClose = engine.tcpGenEvent = true;
        }
        if ((flags & RST) != 0) {
            setState(ep, RESET);
            engine.tcpDoClose = true;
            if (peer.state != RESET || peer.prevState != ESTABLISHED) {
                isActive = false;
            }
        }
    }

    private void updateClosed(long t, TcpEndpoint ep, int deltaLast, int flags) {
        if ((flags & SYN) != 0) {
            weird("SYN_after_close");
        }
        if ((flags & FIN) != 0 && deltaLast > 0) {
            weird("FIN_advanced_last_seq");
        }
        if ((flags & RST) != 0 && peer(ep).state != CLOSED) {
            setState(ep, RESET);
            if (!ep.didClose()) {
                engine.tcpDoClose = true;
            }
            if (engine.config.connectionResetHandled) {
                setResetAt(t + engine.config.tcpResetDelay);
            }
        }
    }

    private void updateReset(int len, int flags) {
        if ((flags & SYN) != 0) {
            weird("SYN_after_reset");
        }
        if ((flags & FIN) != 0) {
            weird("FIN_after_reset");
        }
        if (len > 0 && (flags & RST) == 0) {
            weird("data_after_reset");
        }
    }

    private boolean dataPending(TcpEndpoint closing) {
        return closing.dataPending(this);
    }

    void endpointEof(TcpEndpoint ep) {
        if (this.analyzers != null) {
            this.analyzers.endOfData(isOrig(ep));
        }
        if (closeDeferred) {
            if (dataPending(ep) && orig.didClose() && resp.didClose()) {
                weird("pending_data_when_closed");
            }
            connectionClosed(ep, peer(ep), deferredGenEvent);
            closeDeferred = false;
        }
    }

    private void connectionClosed(TcpEndpoint ep, TcpEndpoint peer, boolean gen) {
        if (dataPending(ep)) {
            closeDeferred = true;
            if (!deferredGenEvent) {
                deferredGenEvent = gen;
            }
            return;
        }
        closeDeferred = false;
        if (ep.didClose()) {
            return;
        }
        ep.setDidClose();
        boolean complete = ep.state == RESET || peer.didClose() || peer.state == INACTIVE;
        if (complete) {
            if (ep.prevState != INACTIVE || peer.state != INACTIVE) {
                if (deferredGenEvent) {
                    gen = true;
                    deferredGenEvent = false;
                }
                if (gen) {
                    isActive = false;
                }
            }
            this.cancelTimers();
            setDeleteAt(this.lastTime + engine.config.tcpCloseDelay);
        } else {
            if (ep.prevState == INACTIVE) {
                if (engine.config.connectionPartialCloseHandled) {
                    setPartialCloseAt(this.lastTime + engine.config.tcpPartialCloseDelay);
                }
            } else {
                this.addExpireTimer(this.lastTime + engine.config.tcpSessionTimer);
            }
        }
    }

    // ---- timers (called by the engine with t = current network time)

    /** AttemptTimer: returns true when the connection is to be removed. */
    boolean attemptTimer() {
        if (!isActive) {
            return false;
        }
        if ((orig.state == SYN_SENT || orig.state == SYN_ACK_SENT) && resp.state == INACTIVE) {
            isActive = false;
            return true;
        }
        return false;
    }

    /** PartialCloseTimer. */
    boolean partialCloseTimer() {
        if (!isActive) {
            return false;
        }
        if (orig.state != INACTIVE && resp.state != INACTIVE && (!orig.didClose() || !resp.didClose())) {
            return orig.state != RESET && resp.state != RESET;
        }
        return false;
    }

    /** ExpireTimer: true = remove; otherwise the engine reschedules at t + tcp_session_timer. */
    int expireTimer(long t) {
        if (!isActive) {
            return -1; // stop, no reschedule
        }
        if (this.lastTime + engine.config.tcpConnectionLinger < t) {
            if (orig.didClose() || resp.didClose()) {
                if ((orig.didClose() && resp.didClose()) || orig.state == RESET || resp.state == RESET
                        || orig.state == INACTIVE || resp.state == INACTIVE) {
                    isActive = false;
                    return 1;
                }
            }
            if (resp.state == INACTIVE && orig.state == INACTIVE) {
                return 1;
            }
        }
        return 0;
    }

    /** ResetTimer. */
    boolean resetTimer() {
        return isActive;
    }

    /** Zeek's IsReuse: does this SYN start a new connection on the same 5-tuple? */
    boolean isReuse(long t, int flags, long seq, int dataOffsetWords) {
        if (dataOffsetWords < 5) {
            return false;
        }
        TcpEndpoint connOrig = orig;
        if ((flags & SYN) == 0) {
            return false;
        }
        if ((flags & ACK) != 0) {
            if (orig.state != INACTIVE) {
                return false;
            }
            connOrig = resp;
        }
        boolean closed = isClosed();
        if (!closed) {
            if (seq == connOrig.startSeq32()) {
                return false;
            }
            if ((flags & ACK) == 0 && connOrig.state == SYN_ACK_SENT && resp.state == INACTIVE
                    && seq == resp.startSeq32()) {
                return false;
            }
            // Zeek raises these through the TCP analyzer (Analyzer::Weird), so weird.log's source is "TCP", unlike
            // the endpoint's SYN_seq_jump in the state machine (Connection::Weird, no source).
            if (connOrig.state == SYN_SENT) {
                weird("SYN_seq_jump");
            } else {
                weird("active_connection_reuse");
            }
        } else if ((orig.isActive() || resp.isActive()) && orig.state != RESET && resp.state != RESET) {
            weird("active_connection_reuse");
        } else if (t - this.lastTime < engine.config.tcpConnectionLinger && orig.state != RESET
                && resp.state != RESET) {
            weird("premature_connection_reuse");
        }
        return true;
    }

    /** ExpireTimer chain {@code i}'s deadline (0 <= i < {@link #EXPIRE_TIMERS}), -1 when not armed. */
    long expireAt(int i) {
        return switch (i) {
            case 0 -> expireAt0;
            case 1 -> closeTimers.expireAt1;
            default -> closeTimers.expireAt2;
        };
    }

    void setExpireAt(int i, long at) {
        if (i == 0) {
            expireAt0 = at;
            return;
        }
        CloseTimers ct = closeTimersFor(at);
        if (ct == null) {
            return;
        }
        if (i == 1) {
            ct.expireAt1 = at;
        } else {
            ct.expireAt2 = at;
        }
    }

    /** Arms one more ExpireTimer chain at {@code at}. */
    void addExpireTimer(long at) {
        for (int i = 0; i < EXPIRE_TIMERS; i++) {
            if (expireAt(i) < 0) {
                setExpireAt(i, at);
                return;
            }
        }
        // All chains armed: keep the earliest checks (a later duplicate chain cannot remove sooner).
        int latest = 0;
        for (int i = 1; i < EXPIRE_TIMERS; i++) {
            if (expireAt(i) > expireAt(latest)) {
                latest = i;
            }
        }
        if (at < expireAt(latest)) {
            setExpireAt(latest, at);
        }
    }

    @Override
    long transportDeadline() {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < EXPIRE_TIMERS; i++) {
            long e = expireAt(i);
            if (e >= 0) {
                m = Math.min(m, e);
            }
        }
        if (attemptAt >= 0) {
            m = Math.min(m, attemptAt);
        }
        CloseTimers ct = closeTimers;
        if (ct.deleteAt >= 0) {
            m = Math.min(m, ct.deleteAt);
        }
        if (ct.resetAt >= 0) {
            m = Math.min(m, ct.resetAt);
        }
        if (ct.partialCloseAt >= 0) {
            m = Math.min(m, ct.partialCloseAt);
        }
        return m;
    }

    @Override
    void cancelTransportTimers() {
        expireAt0 = attemptAt = -1;
        CloseTimers ct = closeTimers;
        if (ct != NO_CLOSE_TIMERS) {
            ct.expireAt1 = ct.expireAt2 = ct.deleteAt = ct.resetAt = ct.partialCloseAt = -1;
        }
    }

    /** conn.log's missed_bytes: bytes in content gaps of both directions (Zeek's TCP_Reassembler gap accounting). */
    long missedBytes() {
        return orig.missedBytes() + resp.missedBytes();
    }

    /** Zeek's TCPSessionAdapter::IsClosed: either side has closed. */
    private boolean isClosed() {
        return orig.didClose() || resp.didClose();
    }
}
