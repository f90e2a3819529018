/**
 * IMAP (RFC 9051, RFC 3501; STARTTLS: RFC 9051 section 6.2.1): protocol recognition for conn.log's {@code service},
 * with the hand-over to SSL when the server accepts STARTTLS ({@code imap,ssl}). Zeek's counterpart is
 * {@code src/analyzer/protocol/imap} (IMAP.cc, imap.pac, imap-protocol.pac, imap-analyzer.pac) with
 * {@code scripts/base/protocols/imap}: registered for port 143/tcp, no DPD signature, no log of its own.
 *
 * <p>Zeek's rules followed (see {@link io.osprey.analyzer.imap.ImapAnalyzer}): each delivery is parsed on its own as
 * binpac's datagram flow does; confirmation on the server's {@code * OK}, the client's {@code capability} /
 * {@code STARTTLS}, and the skip-the-rest commands; the STARTTLS hand-over and its two weirds; binpac's string
 * mismatches become violations with Zeek's text and imap-protocol.pac line numbers (checked against Zeek 9.1 on
 * captures made for the purpose; see ImapAnalyzerTest).
 *
 * <p>Not in scope: the {@code imap_capabilities} and {@code imap_starttls} events (no script-level consumer in
 * Osprey). Known gaps: a STARTTLS tag longer than {@link io.osprey.analyzer.imap.ImapAnalyzer#MAX_TAG} bytes is
 * matched by its length and prefix; a mismatch message quotes the delivery's rest as Latin-1 text, which the log
 * writer encodes as UTF-8 (bytes 0x80-0xff escape differently from Zeek's {@code \xHH}).
 */
package io.osprey.analyzer.imap;
