package io.osprey.engine.analyzer;

/**
 * Event: an analyzer recognised its protocol on a connection (Zeek's {@code analyzer_confirmation_info}).
 *
 * @param conn     the connection
 * @param analyzer the analyzer
 * @param byPort   true when it was attached because of the responder port, false when payload detection attached it
 * @param ts       network time, ns
 */
public record AnalyzerConfirmation(ConnInfo conn, AnalyzerSpec analyzer, boolean byPort, long ts) {
}
