/**
 * POP3 (RFC 1939; STLS from RFC 2595, AUTH from RFC 5034): Zeek's {@code POP3} analyzer
 * (src/analyzer/protocol/pop3) with its DPD signatures (base/protocols/pop3/dpd.sig). Zeek's base scripts write no
 * pop3.log; what is observable is conn.log's {@code service} (confirmed on a +OK to USER, CAPA or STLS), Zeek's
 * {@code pop3_*} weirds, violations (unknown server replies, too many unknown client commands) and the files of the
 * MIME entities of mails fetched with RETR/TOP (files.log source "POP3", parsed by {@link io.osprey.analyzer.mime}).
 *
 * <p>Known gaps: no {@code pop3_request}/{@code pop3_reply}/{@code pop3_login_*} events (no script consumes them);
 * after a successful STLS the connection goes to an SSL child analyzer ({@link io.osprey.analyzer.ssl}), as in Zeek,
 * so conn.log shows "pop3,ssl".
 */
package io.osprey.analyzer.pop3;
