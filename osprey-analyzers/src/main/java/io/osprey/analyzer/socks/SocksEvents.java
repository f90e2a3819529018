package io.osprey.analyzer.socks;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * The SOCKS analyzer's protocol events (Zeek's src/analyzer/protocol/socks/events.bif), published on the worker's
 * event bus when some subscriber wants them. socks.log itself is fed by {@link SocksInfo}. Times are network time in
 * nanoseconds; strings are the raw bytes from the wire.
 */
public final class SocksEvents {
    private SocksEvents() {
    }

    /**
     * {@code socks_request}: a SOCKS4 or SOCKS5 request.
     *
     * @param requestType the command (1 CONNECT, 2 BIND, 3 UDP ASSOCIATE)
     * @param user        the SOCKS4 user id (empty for SOCKS5, as Zeek passes it)
     */
    public record Request(ConnInfo conn, long ts, int version, int requestType, SocksAddress address, int port,
                          byte[] user) {
    }

    /** {@code socks_reply}: a SOCKS4 or SOCKS5 reply with its status code. */
    public record Reply(ConnInfo conn, long ts, int version, int reply, SocksAddress address, int port) {
    }

    /** {@code socks_login_userpass_request}: an RFC 1929 username/password request. */
    public record LoginRequest(ConnInfo conn, long ts, byte[] user, byte[] password) {
    }

    /** {@code socks_login_userpass_reply}: the server's RFC 1929 status (0 = success). */
    public record LoginReply(ConnInfo conn, long ts, int code) {
    }
}
