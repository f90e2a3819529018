package io.osprey.engine.analyzer;

/**
 * Event: an analyzer was detached from a connection after a protocol violation (Zeek's {@code analyzer_failed}).
 *
 * @param conn         the connection
 * @param analyzer     the analyzer
 * @param reason       the violation's reason
 * @param data         the offending bytes as text, or null
 * @param wasConfirmed the analyzer had confirmed its protocol before (only then does Zeek log it to analyzer.log)
 * @param ts           network time, ns
 */
public record AnalyzerFailure(ConnInfo conn, AnalyzerSpec analyzer, String reason, String data, boolean wasConfirmed,
                              long ts) {
}
