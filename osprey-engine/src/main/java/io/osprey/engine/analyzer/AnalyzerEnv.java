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

    /** A flow weird, for analyzers that have no connection (file analysis): logged without uid. */
    default void weird(String name, String addl, String source) {
        weird(null, name, addl, source);
    }
}
