package io.osprey.analyzer.syslog;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * One syslog message (Zeek's {@code syslog_message} event, and the syslog.log row base/protocols/syslog writes for
 * it): published on the event bus by {@link SyslogAnalyzer}, consumed by {@link SyslogLog}. The message bytes are
 * the analyzer's copy, owned by the record.
 *
 * @param ts       network time of the event, ns
 * @param conn     the connection
 * @param facility the facility code ({@code (PRI & 0x3f8) >> 3}), or {@link SyslogAnalyzer#UNSPECIFIED} without PRI
 * @param severity the severity code ({@code PRI & 7}), or {@link SyslogAnalyzer#UNSPECIFIED} without PRI
 * @param message  the message text after the PRI part, as sent
 */
public record SyslogMessage(long ts, ConnInfo conn, int facility, int severity, byte[] message) {
}
