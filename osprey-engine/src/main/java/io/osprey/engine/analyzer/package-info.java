/**
 * The application-analyzer framework (Zeek's {@code analyzer::Manager}, PIA and {@code base/frameworks/analyzer}):
 * an {@link io.osprey.engine.analyzer.AnalyzerSpec} declares an analyzer (ports, payload probes, factory); the
 * {@link io.osprey.engine.analyzer.AnalyzerRegistry} attaches instances to new connections by responder port, and
 * {@link io.osprey.engine.analyzer.ConnAnalyzers} attaches more by payload detection on the first 1024 bytes, replays
 * the buffered beginning to them, tracks confirmations (conn.log {@code service}) and violations (analyzer.log,
 * detaching only the failed analyzer). TCP analyzers get the reassembled stream from the connection's reassembler,
 * UDP analyzers each datagram. Known gaps: no signature language (probes are Java), no expected-connection
 * scheduling yet (ftp-data), analyzers do not nest (no analyzer feeds another's stream).
 */
package io.osprey.engine.analyzer;
