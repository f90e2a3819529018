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
    private final boolean lateMatches;
    private List<String> speculative;

    ConnAnalyzers(ConnInfo conn, AnalyzerEnv env, AnalyzerSpec[] byPort, AnalyzerSpec[] detectable) {
        this(conn, env, byPort, detectable, false);
    }

    ConnAnalyzers(ConnInfo conn, AnalyzerEnv env, AnalyzerSpec[] byPort, AnalyzerSpec[] detectable,
                  boolean lateMatches) {
        this.conn = conn;
        this.env = env;
        this.lateMatches = lateMatches;
        for (AnalyzerSpec s : byPort) {
            attach(s, true);
        }
        int undecided = 0;
        int[] state = new int[detectable.length];
        for (int i = 0; i < detectable.length; i++) {
            if (isAttached(detectable[i]) && !lateMatches) {
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

    private boolean isAttached(AnalyzerSpec s) {
        for (int i = 0; i < nActive; i++) {
            if (active[i].spec() == s) {
                return true;
            }
        }
        return false;
    }

    private AnalyzerContext attach(AnalyzerSpec s, boolean byPort) {
        AnalyzerContext ctx = new AnalyzerContext(this, s);
        ctx.byPort = byPort;
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

    /** In-order stream bytes of one TCP direction. */
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        for (int i = 0; i < nActive; i++) {
            AnalyzerContext c = active[i];
            if (!c.detached) {
                try {
                    c.analyzer.deliverStream(orig, data, offset, len);
                } catch (RuntimeException e) {
                    seatbelt(c, e);
                }
            }
        }
        if (detectable != null) {
            detect(orig, data, offset, len, true);
        }
    }

    /** One UDP datagram's payload. */
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
        for (int i = 0; i < nActive; i++) {
            AnalyzerContext c = active[i];
            if (!c.detached) {
                try {
                    c.analyzer.deliverPacket(orig, data, offset, len);
                } catch (RuntimeException e) {
                    seatbelt(c, e);
                }
            }
        }
        if (detectable != null) {
            detect(orig, data, offset, len, false);
        }
    }

    /** A content gap in one TCP direction. */
    public void gap(boolean orig, long seq, long len) {
        for (int i = 0; i < nActive; i++) {
            AnalyzerContext c = active[i];
            if (!c.detached) {
                try {
                    c.analyzer.gap(orig, seq, len);
                } catch (RuntimeException e) {
                    seatbelt(c, e);
                }
            }
        }
        if (detectable != null) {
            appendReplay(orig ? 2 : 3, null, 0, 0, len);
            for (int i = 0; i < detectable.length; i++) {
                probeState[i] |= orig ? ORIG_DEAD : RESP_DEAD;
            }
            checkDetectionOver();
        }
    }

    /** End of one TCP direction. */
    public void endOfData(boolean orig) {
        for (int i = 0; i < nActive; i++) {
            AnalyzerContext c = active[i];
            if (!c.detached) {
                try {
                    c.analyzer.endOfData(orig);
                } catch (RuntimeException e) {
                    seatbelt(c, e);
                }
            }
        }
    }

    /** The connection is being removed: every attached analyzer flushes. */
    public void done() {
        for (int i = 0; i < nActive; i++) {
            AnalyzerContext c = active[i];
            if (!c.detached) {
                try {
                    c.analyzer.done();
                } catch (RuntimeException e) {
                    seatbelt(c, e);
                }
            }
        }
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
                r = p.test(prefix, plen);
            } catch (RuntimeException e) {
                r = Probe.NO_MATCH;
            }
            if (r == Probe.MATCH) {
                st |= matchBit;
            } else if (r == Probe.NO_MATCH || (stream && plen >= DPD_BUFFER_SIZE)) {
                st |= stream ? deadBit : 0;
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
            if (!origDead && !respDead) {
                return;
            }
        }
        stopDetection();
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

    void violation(AnalyzerContext ctx, String reason, String data) {
        if (conn.payloadBytes() > IGNORE_VIOLATIONS_AFTER) {
            return;
        }
        ctx.detached = true;
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
