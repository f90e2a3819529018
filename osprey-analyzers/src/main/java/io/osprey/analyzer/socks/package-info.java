/**
 * SOCKS 4, 4a and 5 (RFC 1928) with username/password authentication (RFC 1929): Zeek's {@code SOCKS} analyzer
 * (src/analyzer/protocol/socks: SOCKS.cc and its binpac grammar) and scripts (base/protocols/socks: main.zeek,
 * consts.zeek, dpd.sig). Writes socks.log ({@link io.osprey.analyzer.socks.SocksLog}), registers each proxy as a
 * {@code Tunnel::SOCKS} tunnel (tunnel.log, originator port 0), confirms the service at the server's reply and hands
 * the tunneled stream to payload detection, so e.g. HTTP through the proxy gets its own analyzer ("http,socks").
 *
 * <p>Like Zeek's binpac datagram parser, each delivery is parsed as one message: a message split across segments is
 * a protocol violation ("Binpac exception: ... out_of_bound ..."), bytes after a message in the same segment are
 * ignored, and a SOCKS4 reply must start with 4 (the RFC's 0 is "unsupported/unknown SOCKS version 0"). Known deviation: SOCKS5 IPv6 addresses are logged as
 * sent, where Zeek 9.1 logs bytes of a heap pointer (its binpac glue casts the address of the parsed vector).
 * Known gaps: SOCKS4 user ids and SOCKS4a names longer than 255 bytes are cut (Zeek keeps them whole).
 */
package io.osprey.analyzer.socks;
