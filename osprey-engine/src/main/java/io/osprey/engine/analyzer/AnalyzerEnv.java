package io.osprey.engine.analyzer;

import io.osprey.engine.event.EventBus;

/**
 * What the framework gives analyzers that is not about one connection: network time, the worker's event bus,
 * deterministic ids (file ids), and the weird sink. One per worker; owned by its thread.
 */
public interface AnalyzerEnv {
    /** Network time (the current packet's timestamp), ns since the epoch. */
    long networkTime();

    /** The worker's event bus. */
    EventBus events();

    /** A new deterministic id with the given prefix (Zeek's unique_id: 'F' for files). */
    String newId(char prefix);

    /** Raises a connection weird (Zeek's {@code Analyzer::Weird}), filtered as weird.log filters it. */
    void weird(ConnInfo conn, String name, String addl, String source);

    /**
     * Swaps the connection's originator and responder (Zeek's {@code Connection::FlipRoles}, '^' in conn.log's
     * history), for an analyzer that finds the roles reversed (DNS: the first message from the originator is a
     * response). Default: nothing.
     */
    default void flipRoles(ConnInfo conn) {
    }

    /**
     * An analyzer hit one of its limits on this connection: Zeek's {@code HIST_ANALYZER_LIMIT_REACHED} ('X' in
     * conn.log's history, once). Default: nothing.
     */
    default void limitReached(ConnInfo conn) {
    }

    /**
     * Schedules {@code spec} for a connection that has not started yet (Zeek's {@code Analyzer::schedule_analyzer}):
     * a new connection from {@code orig} (0/0 for any originator) to {@code resp}:{@code respPort} over
     * {@code proto}, with any originator port, starting within {@code timeout} ns from now, gets an instance of
     * {@code spec} attached at creation (see {@link ExpectedConnections}). Default: nothing is scheduled.
     *
     * @return true when recorded (false: not supported here, or the worker's table is full)
     */
    default boolean expectConnection(long origHi, long origLo, long respHi, long respLo, int respPort, int proto,
                                     AnalyzerSpec spec, long timeout) {
        return false;
    }

    /**
     * This worker's instance of {@code type}, made by {@code make} the first time it is asked for: state that the
     * analyzers of all the worker's connections share, such as pools of reusable buffers (owned by the worker's
     * thread like everything else here). Default: a new instance each time, i.e. nothing shared.
     */
    default <T> T workerLocal(Class<T> type, java.util.function.Supplier<T> make) {
        return make.get();
    }

    /** A flow weird, for analyzers that have no connection (file analysis): logged without uid. */
    default void weird(String name, String addl, String source) {
        weird(null, name, addl, source);
    }
}
