/**
 * Syslog (RFC 3164, RFC 5424; over TCP RFC 6587's octet counting and non-transparent framing): syslog.log and
 * conn.log's {@code service} ({@code syslog} over UDP, {@code syslog_tcp} over TCP) as Zeek 9 writes them. Zeek's
 * counterparts: the Spicy analyzers {@code Syslog} and {@code Syslog_TCP} (src/analyzer/protocol/syslog/syslog.spicy,
 * syslog.evt: the parser, {@link io.osprey.analyzer.syslog.SyslogAnalyzer}) and base/protocols/syslog (main.zeek,
 * consts.zeek: the log, {@link io.osprey.analyzer.syslog.SyslogLog}). Ports 514/udp and 514/tcp; no DPD signature.
 *
 * <p>Known gaps: the reference Zeek build (zeek-run) has no Spicy and runs the legacy binpac analyzer, which does not
 * analyze TCP and never confirms; behaviour here follows syslog.spicy and Zeek's test baselines, and the violation
 * reasons are Spicy's error texts without its source locations. A TCP message longer than
 * {@link io.osprey.analyzer.syslog.SyslogAnalyzer#MAX_MESSAGE} bytes is logged cut to that length.
 */
package io.osprey.analyzer.syslog;
