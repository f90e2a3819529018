/**
 * SSL/TLS over TCP (SSLv2, SSLv3, TLS 1.0-1.3: RFC 6101, 5246, 8446) and DTLS over UDP (RFC 6347, 9147): protocol
 * recognition for conn.log's {@code service} ("ssl", "dtls") with Zeek's confirmations and violations
 * (analyzer.log) and the SSL weirds of its record layer and scripts. Zeek's counterparts are the binpac analyzers in
 * {@code src/analyzer/protocol/ssl} ({@code ssl-protocol.pac}, {@code tls-handshake-protocol.pac},
 * {@code dtls-protocol.pac}, {@code dtls-analyzer.pac}) with {@code scripts/base/protocols/ssl} (ports, DPD
 * signatures, the ssl_history cap, disabling the analyzer once the session is established).
 * {@link io.osprey.analyzer.ssl.SslAnalyzer} follows TCP records, {@link io.osprey.analyzer.ssl.DtlsAnalyzer}
 * datagrams; both feed {@link io.osprey.analyzer.ssl.TlsHandshake} (hello parsing) and report through
 * {@link io.osprey.analyzer.ssl.SslSession}. SMTP, IRC, IMAP and XMPP (STARTTLS), POP3 (STLS), FTP (AUTH TLS), MySQL
 * (CLIENT_SSL) and RDP (TLS/CredSSP negotiated) hand their connection to SSL as a child analyzer
 * ({@link io.osprey.engine.analyzer.ChildAnalyzer}).
 *
 * <p>Known gaps (later issues): ssl.log and x509.log are not written (no SNI, cipher, certificates, ssl_history
 * letters: only the history's length is kept, for its weird); handshake messages other than the hellos are skipped by
 * length, and extension bodies are not parsed beyond their framing (a server's supported_versions excepted), so a
 * malformed Certificate, key exchange or extension that makes Zeek's parser fail (a violation) goes unnoticed;
 * binpac's out-of-bound violation texts are approximated; FTP's GSSAPI ADAT exchange does not feed SSL; no decryption.
 */
package io.osprey.analyzer.ssl;
