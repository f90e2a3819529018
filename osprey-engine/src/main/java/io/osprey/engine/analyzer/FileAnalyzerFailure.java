package io.osprey.engine.analyzer;

/**
 * Event: a file analyzer reported a violation (Zeek's {@code analyzer_violation_info} for a file analyzer, which
 * base/frameworks/analyzer/logging.zeek logs to analyzer.log with {@code analyzer_kind} "file"). Published by the
 * files framework on the worker's event bus; {@link AnalyzerLog} writes it.
 *
 * @param ts       network time, ns
 * @param analyzer the file analyzer's name as Zeek tags it ("ZIP")
 * @param fuid     the file the analyzer was attached to
 * @param conn     the file's connection when it has exactly one (Zeek then fills uid and id), else null
 * @param reason   the violation's reason
 * @param data     the offending bytes as text (one char per byte), or null
 */
public record FileAnalyzerFailure(long ts, String analyzer, String fuid, ConnInfo conn, String reason, String data) {
}
