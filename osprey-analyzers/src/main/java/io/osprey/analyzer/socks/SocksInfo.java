package io.osprey.analyzer.socks;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * One socks.log row (Zeek's {@code SOCKS::Info}, base/protocols/socks/main.zeek): what the SOCKS session of one
 * connection established, published once when the connection is finalised and the SOCKS service stands (confirmed
 * and not removed by a violation), as Zeek's {@code finalize_socks} hook writes it. Immutable.
 *
 * @param ts       when the proxy connection was first detected (the first SOCKS event), ns since the epoch
 * @param conn     the proxy connection
 * @param version  protocol version of SOCKS (4 or 5)
 * @param user     user name of an RFC 1929 login, or null
 * @param password its password when passwords are captured ({@code SOCKS::default_capture_password}), else null
 * @param status   the server's status for the attempt, or null
 * @param request  the address the client asked for, or null
 * @param requestPort the port the client asked for, or -1
 * @param bound    the address the server bound, or null
 * @param boundPort   the port the server bound, or -1
 */
public record SocksInfo(long ts, ConnInfo conn, int version, byte[] user, byte[] password, String status,
                        SocksAddress request, int requestPort, SocksAddress bound, int boundPort) {
}
