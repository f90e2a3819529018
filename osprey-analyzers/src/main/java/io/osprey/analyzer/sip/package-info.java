/**
 * SIP over UDP (RFC 3261 §7, §20): conn.log's {@code service}, sip.log and the SIP weirds as Zeek 9.1 writes them.
 * Zeek's counterparts: {@code src/analyzer/protocol/sip} (SIP.cc, sip-protocol.pac, sip-analyzer.pac: the parser,
 * {@link io.osprey.analyzer.sip.SipAnalyzer}) and {@code scripts/base/protocols/sip/main.zeek} (transactions and
 * logging, {@code SipScript}; the row, {@link io.osprey.analyzer.sip.SipInfo} and
 * {@link io.osprey.analyzer.sip.SipLog}). Known gaps: SIP over TCP is not analyzed (Zeek's base scripts do not
 * enable it either); a Content-Length of "-N" (a count wrapped by strtoull) logs as unset; Zeek's pending table is
 * unbounded, ours is capped (see SipScript); when a violation comes before the reply that confirms SIP, Zeek keeps
 * the analyzer until the confirmation and then logs the violation in analyzer.log, while the framework detaches it
 * at once (conn.log's service is "-" either way).
 */
package io.osprey.analyzer.sip;
