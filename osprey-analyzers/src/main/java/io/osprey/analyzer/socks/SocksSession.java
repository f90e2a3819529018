package io.osprey.analyzer.socks;

import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.tunnel.TunnelRegistration;

/**
 * Zeek's SOCKS script for one connection (base/protocols/socks/main.zeek and consts.zeek): fills the
 * {@code SOCKS::Info} from the analyzer's events, registers the proxy as a tunnel at each request, and publishes
 * the row ({@link SocksInfo}) when the connection is finalised. Owned by one {@link SocksAnalyzer}.
 */
final class SocksSession {
    private final AnalyzerContext ctx;
    private final boolean capturePassword;

    /** {@code c$socks} exists (set_session ran). */
    private boolean started;
    private boolean published;
    private long ts;
    private int version;
    private byte[] user;
    private byte[] password;
    private String status;
    private SocksAddress request;
    private int requestPort = -1;
    private SocksAddress bound;
    private int boundPort = -1;

    SocksSession(AnalyzerContext ctx, boolean capturePassword) {
        this.ctx = ctx;
        this.capturePassword = capturePassword;
    }

    private void setSession(int v) {
        if (!started) {
            started = true;
            ts = ctx.networkTime();
            version = v;
        }
    }

    /** {@code socks_request}: records the request and registers the tunnel (originator port 0, Tunnel::SOCKS). */
    void request(int v, int command, SocksAddress sa, int port, byte[] userId) {
        if (ctx.events().wants(SocksEvents.Request.class)) {
            ctx.events().publish(new SocksEvents.Request(ctx.conn(), ctx.networkTime(), v, command, sa, port,
                    userId));
        }
        setSession(v);
        request = sa;
        requestPort = port;
        // A proxy sees a new source port per proxied connection: main.zeek treats them all as one tunnel.
        ConnInfo c = ctx.conn();
        ctx.events().publish(new TunnelRegistration(ctx.networkTime(), c.origHi(), c.origLo(), 0, c.respHi(),
                c.respLo(), c.respPort(), "Tunnel::SOCKS"));
    }

    /** {@code socks_reply}: the status (consts.zeek's tables) and the bound address. */
    void reply(int v, int code, SocksAddress sa, int port) {
        if (ctx.events().wants(SocksEvents.Reply.class)) {
            ctx.events().publish(new SocksEvents.Reply(ctx.conn(), ctx.networkTime(), v, code, sa, port));
        }
        setSession(v);
        if (v == 5) {
            status = v5Status(code);
        } else if (v == 4) {
            status = v4Status(code);
        }
        bound = sa;
        boundPort = port;
    }

    /** {@code socks_login_userpass_request}: the user, and the password only when passwords are captured. */
    void loginRequest(byte[] u, byte[] p) {
        if (ctx.events().wants(SocksEvents.LoginRequest.class)) {
            ctx.events().publish(new SocksEvents.LoginRequest(ctx.conn(), ctx.networkTime(), u, p));
        }
        setSession(5);
        user = u;
        if (capturePassword) {
            password = p;
        }
    }

    /** {@code socks_login_userpass_reply}: main.zeek reads the RFC 1929 status through the SOCKS5 reply table. */
    void loginReply(int code) {
        if (ctx.events().wants(SocksEvents.LoginReply.class)) {
            ctx.events().publish(new SocksEvents.LoginReply(ctx.conn(), ctx.networkTime(), code));
        }
        setSession(5);
        status = v5Status(code);
    }

    /**
     * {@code finalize_socks}: the row is written when the session exists and "SOCKS" is among the connection's
     * services (confirmed, not removed by a violation). Once.
     */
    void finish(boolean serviceStands) {
        if (published || !started || !serviceStands) {
            return;
        }
        published = true;
        ctx.events().publish(new SocksInfo(ts, ctx.conn(), version, user, password, status, request, requestPort,
                bound, boundPort));
    }

    /** consts.zeek's {@code v5_status}. */
    static String v5Status(int code) {
        return switch (code) {
            case 0 -> "succeeded";
            case 1 -> "general SOCKS server failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "Network unreachable";
            case 4 -> "Host unreachable";
            case 5 -> "Connection refused";
            case 6 -> "TTL expired";
            case 7 -> "Command not supported";
            case 8 -> "Address type not supported";
            default -> "unknown-" + code;
        };
    }

    /** consts.zeek's {@code v4_status}. */
    static String v4Status(int code) {
        return switch (code) {
            case 0x5a -> "succeeded";
            case 0x5b -> "general SOCKS server failure";
            case 0x5c -> "request failed because client is not running identd";
            case 0x5d -> "request failed because client's identd could not confirm the user ID string in the request";
            default -> "unknown-" + code;
        };
    }
}
