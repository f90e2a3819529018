/**
 * SIP over UDP (RFC 3261 §7): protocol recognition for conn.log's {@code service} and the weirds of Zeek's SIP
 * analyzer ({@code src/analyzer/protocol/sip}: SIP.cc, sip-protocol.pac, sip-analyzer.pac) and of its script
 * ({@code scripts/base/protocols/sip/main.zeek}: {@code unknown_SIP_method}, {@code invalid_SIP_*_body_len},
 * {@code sip_max_*_path_length_exceeded}). Known gaps: sip.log is not written yet; the path-length weirds count
 * Via headers per message rather than per script transaction record; SIP over TCP is not analyzed (Zeek's base
 * scripts do not enable it either); the exact text of binpac's parse-failure messages in analyzer.log is
 * approximated.
 */
package io.osprey.analyzer.sip;
