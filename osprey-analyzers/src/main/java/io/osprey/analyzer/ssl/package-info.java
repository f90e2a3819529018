/**
 * SSL/TLS over TCP (SSLv2, SSLv3, TLS 1.0-1.3: RFC 6101, 5246, 8446): protocol recognition for conn.log's
 * {@code service} with Zeek's confirmations and violations (analyzer.log) and the SSL weirds of its record layer.
 * Zeek's counterpart is the binpac analyzer in {@code src/analyzer/protocol/ssl} ({@code ssl-protocol.pac},
 * {@code tls-handshake-protocol.pac}) with {@code scripts/base/protocols/ssl} (ports, DPD signatures, disabling the
 * analyzer once the session is established). SMTP (STARTTLS), POP3 (STLS) and FTP (AUTH TLS) hand their connection to
 * it as a child analyzer.
 *
 * <p>Known gaps (later issues): ssl.log and x509.log are not written (no SNI, cipher, certificates, ssl_history);
 * handshake messages other than the hellos are skipped by length, so a malformed Certificate, key exchange or
 * extension body that makes Zeek's parser fail (a violation) goes unnoticed; binpac's out-of-bound violation texts are
 * approximated; DTLS (UDP) is not analysed; IMAP, XMPP, IRC and MySQL do not hand over to SSL (Osprey has no such
 * analyzers or no STARTTLS in them); no decryption.
 */
package io.osprey.analyzer.ssl;
