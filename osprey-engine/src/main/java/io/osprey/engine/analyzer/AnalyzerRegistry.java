package io.osprey.engine.analyzer;

import java.util.ArrayList;
import java.util.List;

/**
 * The analyzers enabled for a run, indexed for the connection engine: which analyzers attach to a new connection by
 * its responder port (Zeek's {@code analyzers_by_port}), and which can be attached later by payload detection. Built
 * once at setup from the enabled {@link AnalyzerSpec}s; immutable and shareable between workers afterwards.
 */
public final class AnalyzerRegistry {
    private static final AnalyzerSpec[] NONE = new AnalyzerSpec[0];

    private final List<AnalyzerSpec> specs;
    private final AnalyzerSpec[][] tcpByPort = new AnalyzerSpec[65536][];
    private final AnalyzerSpec[][] udpByPort = new AnalyzerSpec[65536][];
    private final AnalyzerSpec[] tcpDetectable;
    private final AnalyzerSpec[] udpDetectable;

    /** Indexes {@code specs} (in that order: it is the order analyzers attach in). */
    public AnalyzerRegistry(List<AnalyzerSpec> specs) {
        this.specs = List.copyOf(specs);
        List<AnalyzerSpec> td = new ArrayList<>();
        List<AnalyzerSpec> ud = new ArrayList<>();
        for (AnalyzerSpec s : this.specs) {
            AnalyzerSpec[][] byPort = s.proto() == AnalyzerSpec.TCP ? tcpByPort : udpByPort;
            for (int p : s.ports()) {
                AnalyzerSpec[] old = byPort[p];
                AnalyzerSpec[] n = old == null ? new AnalyzerSpec[1] : java.util.Arrays.copyOf(old, old.length + 1);
                n[n.length - 1] = s;
                byPort[p] = n;
            }
            if (s.detectable()) {
                (s.proto() == AnalyzerSpec.TCP ? td : ud).add(s);
            }
        }
        tcpDetectable = td.toArray(NONE);
        udpDetectable = ud.toArray(NONE);
    }

    private boolean lateMatches;

    /**
     * Keep matching payload signatures after the detection buffer is exhausted and record late matches as
     * speculative services (Zeek's {@code policy/protocols/conn/speculative-service}: {@code dpd_match_only_beginning=F},
     * {@code dpd_late_match_stop=T}). Setup time only.
     */
    public void recordLateMatches(boolean on) {
        lateMatches = on;
    }

    private ViolationPolicy violationPolicy = ViolationPolicy.DEFAULT;

    /** Zeek's {@code max_analyzer_violations} and {@code DPD::ignore_violations} for this run. Setup time only. */
    public void violationPolicy(ViolationPolicy policy) {
        violationPolicy = policy;
    }

    /** A registry with no analyzers (conn-only runs): no connection gets any. */
    public static AnalyzerRegistry empty() {
        return new AnalyzerRegistry(List.of());
    }

    /** The enabled analyzers, in attach order. */
    public List<AnalyzerSpec> specs() {
        return specs;
    }

    /** True when no analyzer is enabled. */
    public boolean isEmpty() {
        return specs.isEmpty();
    }

    /** The analyzer with this name (case-insensitive), or null. */
    public AnalyzerSpec byName(String name) {
        for (AnalyzerSpec s : specs) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The analyzer set for a new connection, or null when nothing can ever analyze it (no port analyzer and no
     * payload detection for its transport), so conn-only traffic costs nothing.
     *
     * @param conn     the new connection (roles already decided)
     * @param env      the worker's services
     */
    public ConnAnalyzers attach(ConnInfo conn, AnalyzerEnv env) {
        return attach(conn, env, null);
    }

    /**
     * As {@link #attach(ConnInfo, AnalyzerEnv)}, with the analyzers other connections scheduled for this one
     * ({@link ExpectedConnections#match}); they attach even when the registry has nothing for the connection's port.
     *
     * @param scheduled the scheduled analyzers, or null
     */
    public ConnAnalyzers attach(ConnInfo conn, AnalyzerEnv env, AnalyzerSpec[] scheduled) {
        AnalyzerSpec[] byPort;
        AnalyzerSpec[] detectable;
        switch (conn.proto()) {
            case AnalyzerSpec.TCP -> {
                byPort = tcpByPort[conn.respPort()];
                detectable = tcpDetectable;
            }
            case AnalyzerSpec.UDP -> {
                byPort = udpByPort[conn.respPort()];
                detectable = udpDetectable;
            }
            default -> {
                return null;
            }
        }
        if (byPort == null && detectable.length == 0 && scheduled == null) {
            return null;
        }
        return new ConnAnalyzers(conn, env, byPort == null ? NONE : byPort, detectable, lateMatches, violationPolicy,
                scheduled);
    }
}
