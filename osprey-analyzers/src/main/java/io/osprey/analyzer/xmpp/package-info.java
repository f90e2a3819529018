/**
 * XMPP (RFC 6120; STARTTLS: RFC 6120 section 5): protocol recognition for conn.log's {@code service}, with the
 * hand-over to SSL when the server answers the client's {@code <starttls>} with {@code <proceed>} ({@code xmpp,ssl}).
 * Zeek's counterpart is src/analyzer/protocol/xmpp (XMPP.cc, xmpp-protocol.pac, xmpp-analyzer.pac) with
 * base/protocols/xmpp: ports 5222/tcp and 5269/tcp, a DPD signature on the stream header, no log of its own.
 *
 * <p>Zeek's rules followed (see {@link io.osprey.analyzer.xmpp.XmppAnalyzer}): each delivery is parsed on its own
 * as binpac's datagram flow does; confirmation on the client's {@code stream:stream}; the skip-the-rest tokens; the
 * STARTTLS hand-over and the weird "XMPP: proceed without starttls"; binpac's string mismatches become violations
 * with Zeek's text and xmpp-protocol.pac line numbers (checked against Zeek 9.1 on captures made for the purpose).
 *
 * <p>Not in scope: the {@code xmpp_starttls} event (no script-level consumer in Osprey). Known gaps: a mismatch
 * message quotes the delivery's rest as Latin-1 text, which the log writer encodes as UTF-8 (bytes 0x80-0xff escape
 * differently from Zeek's {@code \xHH}).
 */
package io.osprey.analyzer.xmpp;
