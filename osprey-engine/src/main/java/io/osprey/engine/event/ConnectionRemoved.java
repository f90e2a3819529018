package io.osprey.engine.event;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * Event: a connection is being removed (Zeek's {@code connection_state_remove}), after its analyzers were told
 * ({@code Analyzer.done()}) and before its conn.log row is written.
 *
 * @param conn the connection, final state
 * @param ts   network time, ns
 */
public record ConnectionRemoved(ConnInfo conn, long ts) {
}
