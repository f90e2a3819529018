package io.osprey.engine.analyzer;

/**
 * Event: a packet analyzer (a tunnel decapsulation: GTPV1, VXLAN, GENEVE, TEREDO, AYIYA) found a violation on a
 * connection for the first time (Zeek's {@code packet_analysis::Analyzer::AnalyzerViolation}, which raises
 * {@code analyzer_violation_info} once per session and analyzer; base/frameworks/analyzer/logging.zeek logs it with
 * {@code analyzer_kind} "packet"). Published by the connection engine; analyzer.log subscribes.
 *
 * @param conn     the (outer) connection
 * @param analyzer Zeek's name of the packet analyzer, e.g. "GTPV1"
 * @param reason   the violation's reason
 * @param data     the start of the data the analyzer rejected (at most {@code AnalyzerLog.FAILURE_DATA_MAX_SIZE}
 *                 bytes; Zeek passes it for VXLAN, Geneve and Teredo), or null
 * @param ts       network time, ns
 */
public record PacketAnalyzerFailure(ConnInfo conn, String analyzer, String reason, byte[] data, long ts) {
}
