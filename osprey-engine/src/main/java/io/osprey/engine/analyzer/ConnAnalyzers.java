package io.osprey.engine.analyzer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The analyzers of one connection (Zeek's session adapter children plus its PIA): the instances attached by port at
 * connection start, payload detection that attaches more, and the bookkeeping of confirmations and violations behind
 * conn.log's {@code service} and analyzer.log. Owned by the worker thread that owns the connection.
 *
 * <p><b>Payload detection</b> (Zeek's PIA with {@code dpd_match_only_beginning=T}): while an analyzer that can be
 * detected is not attached yet, the first bytes of each direction are kept (up to {@link #DPD_BUFFER_SIZE} in total,
 * Zeek's {@code dpd_buffer_size}) and offered to the analyzers' {@link Probe}s after each chunk. When a probe
 * matches (both sides, for signatures that require the reverse side), the analyzer is attached and replayed the
 * buffered chunks in their original order, gaps included, so it sees the connection from its first byte. Once the
 * buffer is full, detection stops and the buffer is freed. A gap in a direction ends detection on that direction.
 */
public final class ConnAnalyzers {
    /** Zeek's {@code dpd_buffer_size}: bytes of a connection's beginning kept for payload detection. */
    public static final int DPD_BUFFER_SIZE = 1024;
    /** Zeek's {@code dpd_max_packets}: chunks buffered for detection at most. */
    public static final int DPD_MAX_PACKETS = 100;
    /** Zeek's {@code DPD::ignore_violations_after}: violations after this many payload bytes are ignored. */
    public static final long IGNORE_VIOLATIONS_AFTER = 10 * 1024;

    private static final int ORIG_MATCHED = 1;
    private static final int RESP_MATCHED = 2;
    private static final int ORIG_DEAD = 4;
    private static final int RESP_DEAD = 8;
    private static final int ATTACHED = 16;

    final ConnInfo conn;
    final AnalyzerEnv env;

    private AnalyzerContext[] active = new AnalyzerContext[2];
    private int nActive;
    private final List<String> services = new ArrayList<>(2);
    private List<String> failed;

    // ---- payload detection state (null once detection is over)
    private AnalyzerSpec[] detectable;
    /** Every analyzer payload detection can attach here (kept for a restart after a hand-off). */
    private final AnalyzerSpec[] allDetectable;
    /** An analyzer handed the rest of the connection over during the current call: bytes of the call left over. */
    private int handOffTail = -1;
    /** An analyzer handed the connection over ({@link #handOff}): what detection attaches from then on is under it. */
    private boolean handedOff;
    private int[] probeState;
    private byte[] origPrefix;
    private int origLen;
    private byte[] respPrefix;
    private int respLen;
    /** Replay log: records of [kind:1][len:4][bytes], kind 0 orig data, 1 resp data, 2 orig gap, 3 resp gap. */
    private byte[] replay;
    private int replayLen;
    private int bufferedPayload;
    private int bufferedChunks;
    /** Past the buffer: matches can no longer attach (replay is impossible), only be recorded as late. */
    private boolean matchingOnly;
    /** Some instance reported a violation during the current call. */
    private boolean detachesPending;
    private final boolean lateMatches;
    private final ViolationPolicy violationPolicy;
    private List<String> speculative;

    ConnAnalyzers(ConnInfo conn, AnalyzerEnv env, AnalyzerSpec[] byPort, AnalyzerSpec[] detectable) {
        this(conn, env, byPort, detectable, false, ViolationPolicy.DEFAULT);
    }

    ConnAnalyzers(ConnInfo conn, AnalyzerEnv env, AnalyzerSpec[] byPort, AnalyzerSpec[] detectable,
                  boolean lateMatches, ViolationPolicy violationPolicy) {
        this(conn, env, byPort, detectable, lateMatches, violationPolicy, null);
    }

    /**
     * @param scheduled analyzers another connection scheduled for this one ({@link ExpectedConnections}), attached
     *                  after the port analyzers; null for none
     */
    ConnAnalyzers(ConnInfo conn, AnalyzerEnv env, AnalyzerSpec[] byPort, AnalyzerSpec[] detectable,
                  boolean lateMatches, ViolationPolicy violationPolicy, AnalyzerSpec[] scheduled) {
        this.conn = conn;
        this.violationPolicy = violationPolicy;
        this.env = env;
        this.lateMatches = lateMatches;
        this.allDetectable = detectable;
        for (AnalyzerSpec s : byPort) {
            attach(s, true);
        }
        if (scheduled != null) {
            for (AnalyzerSpec s : scheduled) {
                if (!isAttached(s)) {
                    attachScheduled(s);
                }
            }
        }
        int undecided = 0;
        int[] state = new int[detectable.length];
        for (int i = 0; i < detectable.length; i++) {
            // An either-side analyzer attached by port still has its signatures watched (Zeek's PIA): if a
            // violation removes it, a later match on the other side attaches a fresh instance.
            if (isAttached(detectable[i]) && !lateMatches && !detectable[i].eitherSide()) {
                state[i] = ATTACHED;
            } else {
                undecided++;
            }
        }
        if (undecided > 0) {
            this.detectable = detectable;
            this.probeState = state;
        }
    }

    /**
     * True when an analyzer of {@code s}'s name is attached (live or detached): like Zeek's PIA, detection never adds
     * an analyzer the connection already has, also when several specs share a name (one per signature of a protocol).
     */
    private boolean isAttached(AnalyzerSpec s) {
        for (int i = 0; i < nActive; i++) {
            if (active[i].spec() == s || active[i].spec().name().equals(s.name())) {
                return true;
            }
        }
        return false;
    }

    /** True when an instance of {@code s} is attached and not detached. */
    private boolean isLive(AnalyzerSpec s) {
        for (int i = 0; i < nActive; i++) {
            if (active[i].spec() == s && !active[i].detached) {
                return true;
            }
        }
        return false;
    }

    private AnalyzerContext attach(AnalyzerSpec s, boolean byPort) {
        return attach(s, byPort, false);
    }

    /**
     * Analyzers scheduled for this connection found only now, after its roles flipped (Zeek's Connection::FlipRoles
     * calls ApplyScheduledAnalyzers again): those not attached yet attach as scheduled ones. Called by the engine
     * between deliveries.
     */
    public void attachScheduled(AnalyzerSpec[] scheduled) {
        for (AnalyzerSpec s : scheduled) {
            if (!isAttached(s)) {
                attachScheduled(s);
            }
        }
    }

    private void attachScheduled(AnalyzerSpec s) {
        attach(s, false, true);
    }

    private AnalyzerContext attach(AnalyzerSpec s, boolean byPort, boolean scheduled) {
        AnalyzerContext ctx = new AnalyzerContext(this, s);
        ctx.byPort = byPort;
        ctx.scheduled = scheduled;
        ctx.underHandOff = handedOff;
        try {
            ctx.analyzer = s.factory().apply(ctx);
        } catch (RuntimeException e) {
            seatbelt(ctx, e);
            return null;
        }
        if (nActive == active.length) {
            active = Arrays.copyOf(active, nActive * 2);
        }
        active[nActive++] = ctx;
        return ctx;
    }

    /** True while at least one analyzer is attached or detection may still attach one. */
    public boolean live() {
        return nActive > 0 || detectable != null;
    }

    // ------------------------------------------------------------------------------------------------ delivery

    private static final int STREAM = 0;
    private static final int PACKET = 1;
    private static final int GAP = 2;
    private static final int END_OF_DATA = 3;
    private static final int DONE = 4;

    /**
     * Makes one call on every attached analyzer that is not detached: {@code a}/{@code b} are the offset and length
     * of a delivery, or the sequence number and length of a gap. The seatbelt lives here: an exception detaches only
     * the analyzer that threw it.
     */
    private void dispatch(int op, boolean orig, MemorySegment data, long a, long b) {
        for (int i = 0; i < nActive; i++) {
            AnalyzerContext c = active[i];
            if (c.detached) {
                continue;
            }
            try {
                switch (op) {
                    case STREAM -> c.analyzer.deliverStream(orig, data, a, (int) b);
                    case PACKET -> c.analyzer.deliverPacket(orig, data, a, (int) b);
                    case GAP -> {
                        if (!c.underHandOff) {
                            c.analyzer.gap(orig, a, b);
                        }
                    }
                    case END_OF_DATA -> c.analyzer.endOfData(orig);
                    default -> c.analyzer.done();
                }
            } catch (RuntimeException e) {
                seatbelt(c, e);
            }
        }
    }

    /** In-order stream bytes of one TCP direction. */
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        dispatch(STREAM, orig, data, offset, len);
        if (handOffTail >= 0) {
            // An analyzer handed over: detection starts afresh with what followed its last byte.
            int tail = Math.min(handOffTail, len);
            handOffTail = -1;
            handedOff = true;
            applyDetaches();
            restartDetection();
            if (detectable != null && tail > 0) {
                detect(orig, data, offset + len - tail, tail, true);
            }
        } else if (detectable != null) {
            detect(orig, data, offset, len, true);
        }
        applyDetaches();
    }

    /** One UDP datagram's payload. */
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
        dispatch(PACKET, orig, data, offset, len);
        if (detectable != null) {
            detect(orig, data, offset, len, false);
        }
        applyDetaches();
    }

    /** A content gap in one TCP direction. */
    public void gap(boolean orig, long seq, long len) {
        dispatch(GAP, orig, null, seq, len);
        if (detectable != null && !handedOff) { // after a hand-off detection runs under it and sees no gaps
            appendReplay(orig ? 2 : 3, null, 0, 0, len);
            for (int i = 0; i < detectable.length; i++) {
                probeState[i] |= orig ? ORIG_DEAD : RESP_DEAD;
            }
            checkDetectionOver();
        }
        applyDetaches();
    }

    /** End of one TCP direction. */
    public void endOfData(boolean orig) {
        dispatch(END_OF_DATA, orig, null, 0, 0);
        applyDetaches();
    }

    /**
     * Detaches the instances that reported a violation during this call (Zeek removes them once the packet is done):
     * each gets {@link Analyzer#done()}, as Zeek calls {@code Done()} on a removed analyzer.
     */
    private void applyDetaches() {
        if (!detachesPending) {
            return;
        }
        detachesPending = false;
        for (int i = 0; i < nActive; i++) {
            AnalyzerContext c = active[i];
            if (c.detachPending) {
                c.detachPending = false;
                c.detached = true;
                try {
                    c.analyzer.done();
                } catch (RuntimeException e) {
                    seatbelt(c, e);
                }
            }
        }
    }

    /** The connection is being removed: every attached analyzer flushes. */
    public void done() {
        dispatch(DONE, false, null, 0, 0);
        detectable = null;
        replay = null;
    }

    // ------------------------------------------------------------------------------------------------ detection

    private void detect(boolean orig, MemorySegment data, long offset, int len, boolean stream) {
        appendReplay(orig ? 0 : 1, data, offset, len, len);
        byte[] prefix;
        int plen;
        int take;
        if (stream) {
            if (orig) {
                origPrefix = grow(origPrefix, origLen, len);
                take = Math.min(len, DPD_BUFFER_SIZE - origLen);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, origPrefix, origLen, take);
                origLen += take;
                prefix = origPrefix;
                plen = origLen;
            } else {
                respPrefix = grow(respPrefix, respLen, len);
                take = Math.min(len, DPD_BUFFER_SIZE - respLen);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, respPrefix, respLen, take);
                respLen += take;
                prefix = respPrefix;
                plen = respLen;
            }
        } else {
            // UDP: each datagram is tested on its own (Zeek's PIA_UDP matches packet by packet).
            plen = Math.min(len, DPD_BUFFER_SIZE);
            prefix = new byte[plen];
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, prefix, 0, plen);
        }
        int deadBit = orig ? ORIG_DEAD : RESP_DEAD;
        int matchBit = orig ? ORIG_MATCHED : RESP_MATCHED;
        for (int i = 0; detectable != null && i < detectable.length; i++) {
            int st = probeState[i];
            if ((st & (ATTACHED | deadBit | matchBit)) != 0) {
                continue;
            }
            AnalyzerSpec s = detectable[i];
            Probe p = orig ? s.origProbe() : s.respProbe();
            if (p == null) {
                continue;
            }
            int r;
            try {
                r = p.test(prefix, plen, len);
            } catch (RuntimeException e) {
                r = Probe.NO_MATCH;
            }
            if (r == Probe.MATCH) {
                st |= matchBit;
            } else if (r == Probe.NO_MATCH || (stream && plen >= DPD_BUFFER_SIZE)) {
                st |= stream ? deadBit : 0;
            }
            if (s.eitherSide()) {
                // Two independent signatures (Zeek's PIA): each fires once; a firing one attaches the analyzer
                // unless an instance is live.
                boolean origDone = s.origProbe() == null || (st & (ORIG_MATCHED | ORIG_DEAD)) != 0;
                boolean respDone = s.respProbe() == null || (st & (RESP_MATCHED | RESP_DEAD)) != 0;
                if (origDone && respDone) {
                    st |= ATTACHED;
                }
                probeState[i] = st;
                if (r == Probe.MATCH) {
                    if (matchingOnly) {
                        if (!isLive(s)) {
                            if (speculative == null) {
                                speculative = new ArrayList<>(1);
                            }
                            String svc = s.service();
                            if (svc != null && !speculative.contains(svc)) {
                                speculative.add(svc);
                            }
                            stopDetection();
                            return;
                        }
                    } else if (!isLive(s)) {
                        activate(s);
                    }
                }
                continue;
            }
            probeState[i] = st;
            boolean origOk = s.origProbe() == null || (st & ORIG_MATCHED) != 0;
            boolean respOk = s.respProbe() == null || (st & RESP_MATCHED) != 0;
            if (origOk && respOk) {
                probeState[i] |= ATTACHED;
                if (matchingOnly) {
                    // Zeek's protocol_late_match, then dpd_late_match_stop.
                    if (speculative == null) {
                        speculative = new ArrayList<>(1);
                    }
                    String svc = s.service();
                    if (svc != null && !speculative.contains(svc)) {
                        speculative.add(svc);
                    }
                    stopDetection();
                    return;
                }
                if (!isAttached(s)) {
                    activate(s);
                }
            }
        }
        if (detectable != null && !matchingOnly
                && (bufferedPayload > DPD_BUFFER_SIZE || bufferedChunks > DPD_MAX_PACKETS)) {
            if (lateMatches) {
                matchingOnly = true;
                replay = null;
            } else {
                stopDetection();
            }
        } else {
            checkDetectionOver();
        }
    }

    private static byte[] grow(byte[] b, int used, int more) {
        int want = Math.min(DPD_BUFFER_SIZE, used + more);
        if (b == null) {
            return new byte[Math.max(64, want)];
        }
        if (b.length < want) {
            return Arrays.copyOf(b, Math.max(want, Math.min(DPD_BUFFER_SIZE, b.length * 2)));
        }
        return b;
    }

    private void checkDetectionOver() {
        if (detectable == null) {
            return;
        }
        for (int i = 0; i < detectable.length; i++) {
            int st = probeState[i];
            if ((st & ATTACHED) != 0) {
                continue;
            }
            AnalyzerSpec s = detectable[i];
            boolean origDead = s.origProbe() != null && (st & ORIG_DEAD) != 0;
            boolean respDead = s.respProbe() != null && (st & RESP_DEAD) != 0;
            if (s.eitherSide()) {
                return; // a side is still undecided (a decided spec is marked ATTACHED)
            } else if (!origDead && !respDead) {
                return;
            }
        }
        stopDetection();
    }

    /**
     * The calling analyzer hands the rest of the connection to whatever payload detection finds in it (Zeek's HTTP
     * analyzer creating a PIA after a successful CONNECT or an Upgrade): the caller is detached once this call
     * returns (it gets {@link Analyzer#done()}, no violation is reported), and detection restarts on both directions
     * from here, the last {@code tail} bytes of the current delivery being the first it sees. Only during a stream
     * delivery to the caller.
     */
    void handOff(AnalyzerContext ctx, int tail) {
        ctx.detachPending = true;
        detachesPending = true;
        handOffTail = Math.max(0, tail);
    }

    private void restartDetection() {
        stopDetection();
        if (allDetectable.length == 0) {
            return;
        }
        detectable = allDetectable;
        probeState = new int[allDetectable.length];
        origLen = respLen = replayLen = bufferedPayload = bufferedChunks = 0;
        matchingOnly = false;
    }

    private void stopDetection() {
        detectable = null;
        probeState = null;
        origPrefix = respPrefix = replay = null;
    }

    private void appendReplay(int kind, MemorySegment data, long offset, int len, long gapOrLen) {
        if (matchingOnly || bufferedPayload > DPD_BUFFER_SIZE) {
            return;
        }
        bufferedChunks++;
        int need = 5 + (data == null ? 0 : len);
        if (replay == null) {
            replay = new byte[Math.max(256, need)];
        } else if (replay.length - replayLen < need) {
            replay = Arrays.copyOf(replay, Math.max(replay.length * 2, replayLen + need));
        }
        replay[replayLen] = (byte) kind;
        int v = data == null ? (int) Math.min(gapOrLen, Integer.MAX_VALUE) : len;
        replay[replayLen + 1] = (byte) (v >>> 24);
        replay[replayLen + 2] = (byte) (v >>> 16);
        replay[replayLen + 3] = (byte) (v >>> 8);
        replay[replayLen + 4] = (byte) v;
        if (data != null) {
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, replay, replayLen + 5, len);
            bufferedPayload += len;
        }
        replayLen += need;
    }

    private void activate(AnalyzerSpec s) {
        AnalyzerContext ctx = attach(s, false);
        if (ctx == null || replay == null) {
            return;
        }
        MemorySegment seg = MemorySegment.ofArray(replay);
        int i = 0;
        long seq0 = 1;
        long seq1 = 1;
        while (i < replayLen && !ctx.detached) {
            int kind = replay[i];
            int v = ((replay[i + 1] & 0xFF) << 24) | ((replay[i + 2] & 0xFF) << 16) | ((replay[i + 3] & 0xFF) << 8)
                    | (replay[i + 4] & 0xFF);
            try {
                switch (kind) {
                    case 0, 1 -> {
                        if (conn.proto() == AnalyzerSpec.TCP) {
                            ctx.analyzer.deliverStream(kind == 0, seg, i + 5, v);
                        } else {
                            ctx.analyzer.deliverPacket(kind == 0, seg, i + 5, v);
                        }
                        if (kind == 0) {
                            seq0 += v;
                        } else {
                            seq1 += v;
                        }
                        i += 5 + v;
                    }
                    default -> {
                        ctx.analyzer.gap(kind == 2, kind == 2 ? seq0 : seq1, v);
                        if (kind == 2) {
                            seq0 += v;
                        } else {
                            seq1 += v;
                        }
                        i += 5;
                    }
                }
            } catch (RuntimeException e) {
                seatbelt(ctx, e);
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------ confirmation, violation

    void confirmed(AnalyzerContext ctx) {
        String svc = ctx.spec().service();
        if (svc != null && !services.contains(svc)) {
            services.add(svc);
        }
        if (env.events().wants(AnalyzerConfirmation.class)) {
            env.events().publish(new AnalyzerConfirmation(conn, ctx.spec(), ctx.byPort, env.networkTime()));
        }
    }

    void confirmedService(String svc) {
        if (svc != null && !services.contains(svc)) {
            services.add(svc);
        }
    }

    void violation(AnalyzerContext ctx, String reason, String data) {
        if (ctx.spec().proto() == AnalyzerSpec.TCP && (conn.partial() || conn.hadGap())) {
            // Zeek's TCP_ApplicationAnalyzer::AnalyzerViolation: on a partial connection, or once either direction
            // had a content gap, a TCP analyzer's violations are dropped before anything counts them ("parsing them
            // is too unreliable"), whichever analyzer raises them, however deep in the tree.
            return;
        }
        // Zeek's Analyzer::AnalyzerViolation counts every violation of the instance before DPD sees it.
        if (++ctx.violations > violationPolicy.maxAnalyzerViolations()) {
            if (ctx.violations == violationPolicy.maxAnalyzerViolations() + 1) {
                env.weird(conn, "too_many_analyzer_violations", null, ctx.spec().name());
            }
            return;
        }
        if (violationPolicy.ignore().contains(ctx.spec().name())) {
            return; // DPD::ignore_violations: the analyzer stays, no analyzer.log row
        }
        if (conn.payloadBytes() > IGNORE_VIOLATIONS_AFTER) {
            return;
        }
        if (!ctx.outsideTree) {
            ctx.detachPending = true;
            detachesPending = true;
        } // else: Zeek finds no such analyzer in the connection's tree (lookup_connection_analyzer_id is 0): it
          // raises analyzer_failed without disabling it, so the instance keeps parsing
        String svc = ctx.spec().service();
        boolean wasConfirmed = svc != null && services.contains(svc) && (failed == null || !failed.contains(svc));
        if (svc != null && services.remove(svc)) {
            if (failed == null) {
                failed = new ArrayList<>(1);
            }
            if (!failed.contains(svc)) {
                failed.add(svc);
            }
        }
        if (env.events().wants(AnalyzerFailure.class)) {
            env.events().publish(new AnalyzerFailure(conn, ctx.spec(), reason, data, wasConfirmed,
                    env.networkTime()));
        }
    }

    private void seatbelt(AnalyzerContext ctx, RuntimeException e) {
        ctx.detached = true;
        ctx.detachPending = false;
        env.weird(conn, "osprey_analyzer_error", ctx.spec().name() + ": " + e, ctx.spec().name());
    }

    // ------------------------------------------------------------------------------------------------ results

    /** The confirmed services in confirmation order (conn.log {@code service}); empty when none. */
    public List<String> services() {
        return services;
    }

    /** Services whose signature matched only after the detection buffer was exhausted; empty when none. */
    public List<String> speculative() {
        return speculative == null ? List.of() : speculative;
    }

    /** The analyzer instance attached for {@code name}, or null (for tests and cross-analyzer wiring). */
    public Analyzer analyzer(String name) {
        for (int i = 0; i < nActive; i++) {
            if (active[i].spec().name().equals(name) && !active[i].detached) {
                return active[i].analyzer;
            }
        }
        return null;
    }
}
