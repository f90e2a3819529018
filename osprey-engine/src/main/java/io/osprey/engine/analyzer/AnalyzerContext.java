package io.osprey.engine.analyzer;

import io.osprey.engine.event.EventBus;

/**
 * The framework's handle for one analyzer instance on one connection: what the analyzer reads (its connection,
 * network time, the event bus) and how it reports (confirmation, violations, weirds). Created by the framework and
 * passed to the analyzer's constructor; used only on the worker thread that owns the connection.
 */
public final class AnalyzerContext {
    private final ConnAnalyzers owner;
    private final AnalyzerSpec spec;
    Analyzer analyzer;
    boolean confirmed;
    boolean detached;
    /** A violation detaches this instance at the end of the current delivery (Zeek disables it after the packet). */
    boolean detachPending;
    boolean byPort;
    /** Violations reported so far (Zeek's analyzer_violations counter). */
    long violations;
    /**
     * Created by {@link #instantiate}: owned by its parent, not in the connection's analyzer tree, so a violation
     * does not detach it.
     */
    boolean outsideTree;
    /** Attached because an earlier connection scheduled it ({@link AnalyzerEnv#expectConnection}). */
    boolean scheduled;
    /**
     * Attached by the detection that an analyzer's {@link #handOff} restarted: in Zeek it sits under that analyzer's
     * PIA child, and content gaps reach it no more (Analyzer::Undelivered does not forward them to children), so it
     * sees the bytes after a hole as if they followed on.
     */
    boolean underHandOff;

    AnalyzerContext(ConnAnalyzers owner, AnalyzerSpec spec) {
        this.owner = owner;
        this.spec = spec;
    }

    /**
     * A context for an analyzer (or a framework such as the files framework) driven outside the connection engine:
     * unit tests and tools. It belongs to a connection analyzer set of its own, so confirmations and violations
     * behave as usual without touching any engine state.
     *
     * @param conn the connection it reports about
     * @param env  network time, event bus, ids, weirds
     * @param spec the analyzer it stands for
     */
    public static AnalyzerContext standalone(ConnInfo conn, AnalyzerEnv env, AnalyzerSpec spec) {
        return new AnalyzerContext(new ConnAnalyzers(conn, env, new AnalyzerSpec[0], new AnalyzerSpec[0]), spec);
    }

    /** The connection this instance analyzes. */
    public ConnInfo conn() {
        return owner.conn;
    }

    /** The analyzer's declaration. */
    public AnalyzerSpec spec() {
        return spec;
    }

    /** The worker's services (event bus, ids, weirds). */
    public AnalyzerEnv env() {
        return owner.env;
    }

    /** Network time, ns since the epoch. */
    public long networkTime() {
        return owner.env.networkTime();
    }

    /** The worker's event bus. */
    public EventBus events() {
        return owner.env.events();
    }

    /** True once {@link #confirm()} was called. */
    public boolean confirmed() {
        return confirmed;
    }

    /**
     * True once a violation detached this instance (it takes effect at the end of the current delivery, as Zeek
     * disables an analyzer after the packet); further confirmations and violations are ignored.
     */
    public boolean detached() {
        return detached || detachPending;
    }

    /**
     * The bytes are this analyzer's protocol (Zeek's {@code AnalyzerConfirmation}): the first call adds the
     * analyzer's service to conn.log's {@code service} and raises {@link AnalyzerConfirmation}; later calls do nothing.
     */
    public void confirm() {
        if (!confirmed && !detached && !detachPending) {
            confirmed = true;
            owner.confirmed(this);
        }
    }

    /**
     * A protocol that this analyzer parses inside its own traffic confirmed (Zeek's child analyzers that a protocol
     * analyzer instantiates itself, e.g. SMB's GSSAPI, NTLM, KRB and DCE_RPC): {@code service} joins conn.log's
     * {@code service} after those already there, once. No confirmation event is raised for it.
     */
    public void confirmService(String service) {
        if (!detached && !detachPending) {
            owner.confirmedService(service);
        }
    }

    /**
     * The bytes are not this protocol (Zeek's {@code AnalyzerViolation}), as Zeek's DPD script handles it: ignored
     * once the connection carried more than {@link ConnAnalyzers#IGNORE_VIOLATIONS_AFTER} payload bytes; otherwise
     * the analyzer is detached from this connection, and if it had been confirmed its service is removed and
     * analyzer.log gets a row.
     *
     * @param reason what was wrong (analyzer.log {@code failure_reason})
     * @param data   the offending bytes as text, or null (analyzer.log {@code failure_data}, cut to 40 bytes)
     */
    public void violation(String reason, String data) {
        if (!detached && !detachPending) {
            owner.violation(this, reason, data);
        }
    }

    /** Swaps the connection's roles (Zeek's {@code Connection::FlipRoles}); see {@link AnalyzerEnv#flipRoles}. */
    public void flipRoles() {
        if (!detached) {
            owner.env.flipRoles(owner.conn);
        }
    }

    /** Marks that this analyzer hit a limit ('X' in conn.log's history); see {@link AnalyzerEnv#limitReached}. */
    public void limitReached() {
        owner.env.limitReached(owner.conn);
    }

    /**
     * This analyzer is done with the connection and hands the rest of it to payload detection (Zeek: HTTP after a
     * successful CONNECT, or after an Upgrade to a protocol it has no analyzer for, puts a PIA in its place): it is
     * detached after the current delivery (and gets {@code done()}), and detection starts afresh on both directions,
     * beginning with the last {@code tail} bytes of the current delivery. Call only from {@code deliverStream}.
     */
    public void handOff(int tail) {
        if (!detached && !detachPending) {
            owner.handOff(this, tail);
        }
    }

    /**
     * Creates an analyzer of {@code spec} as this analyzer's child on the same connection (Zeek's
     * {@code AddChildAnalyzer}): the caller feeds it (see {@link ChildAnalyzer}); its confirmations and violations
     * count as the connection's. Used by protocols that switch to another one in mid-stream (STARTTLS).
     *
     * @return the child, or null when this analyzer is detached or the child could not be created
     */
    public ChildAnalyzer attachChild(AnalyzerSpec spec) {
        if (detached || detachPending) {
            return null;
        }
        AnalyzerContext child = new AnalyzerContext(owner, spec);
        try {
            child.analyzer = spec.factory().apply(child);
        } catch (RuntimeException e) {
            weird("osprey_analyzer_error", spec.name() + ": " + e);
            return null;
        }
        return new ChildAnalyzer(child, child.analyzer);
    }

    /**
     * Creates an analyzer of {@code spec} that this analyzer owns and feeds itself without adding it to the
     * connection's analyzer tree (Zeek's {@code analyzer_mgr->InstantiateAnalyzer} as SMB does for GSSAPI and NTLM,
     * and GSSAPI for NTLM and KRB). Its confirmation adds its service to conn.log's {@code service} like any
     * analyzer's; a violation removes that service again and is reported (analyzer.log when it had confirmed),
     * but does not detach it: Zeek's DPD script cannot find it in the tree to disable it, so it keeps parsing.
     *
     * @return the child, or null when this analyzer is detached or the child could not be created
     */
    public ChildAnalyzer instantiate(AnalyzerSpec spec) {
        ChildAnalyzer c = attachChild(spec);
        if (c != null) {
            c.ctx().outsideTree = true;
        }
        return c;
    }

    /**
     * True when this instance was attached because another connection expected this one (Zeek's
     * {@code scheduled_analyzer_applied}), not by port or payload detection.
     */
    public boolean scheduled() {
        return scheduled;
    }

    /**
     * Schedules {@code spec} for a future connection (Zeek's {@code Analyzer::schedule_analyzer}); see
     * {@link AnalyzerEnv#expectConnection}. Called by analyzers that announce other connections (FTP's data
     * channels).
     *
     * @return true when recorded
     */
    public boolean expectConnection(long origHi, long origLo, long respHi, long respLo, int respPort,
                                    AnalyzerSpec spec, long timeout) {
        return owner.env.expectConnection(origHi, origLo, respHi, respLo, respPort, spec.proto(), spec, timeout);
    }

    /** A weird on this connection, with the analyzer's name as source. */
    public void weird(String name, String addl) {
        owner.env.weird(owner.conn, name, addl, spec.name());
    }
}
