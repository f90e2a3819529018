package io.osprey.analyzer.socks;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * The SOCKS analyzer of one TCP connection (Zeek's {@code SOCKS_Analyzer}, src/analyzer/protocol/socks/SOCKS.cc):
 * feeds each delivery to {@link SocksParser} until both sides finished their part of the handshake (the client its
 * request, the server its reply), then hands the rest of the connection to payload detection, as Zeek puts a PIA
 * below SOCKS, so the tunneled protocol gets its own analyzer and service. Confirms at the server's reply; the
 * session ({@link SocksSession}) writes socks.log and registers the tunnel. Created by the framework per connection
 * (port 1080 or Zeek's DPD signatures); used only on the worker thread that owns the connection.
 */
public final class SocksAnalyzer extends Analyzer {
    /** Zeek's {@code SOCKS::ports} (base/protocols/socks/main.zeek). */
    static final int[] PORTS = {1080};
    /** The user Zeek passes with a SOCKS5 request (its events.bif: "not yet implemented for SOCKSv5"). */
    private static final byte[] NO_USER = new byte[0];

    private final SocksParser parser = new SocksParser();
    private final SocksSession session;
    private boolean origDone;
    private boolean respDone;
    /** Zeek's SetSkip(true) after an invalid SOCKS5 request: nothing more is parsed. */
    private boolean skip;
    /** The rest of the connection went to payload detection. */
    private boolean handedOff;
    /** A violation took effect: the service was removed (no socks.log row). */
    private boolean failed;

    private SocksAnalyzer(AnalyzerContext ctx, boolean capturePassword) {
        super(ctx);
        this.session = new SocksSession(ctx, capturePassword);
    }

    /**
     * The analyzer's declarations, all named "SOCKS" (service "socks"), one per signature pair of Zeek's
     * base/protocols/socks/dpd.sig: SOCKS4 (also attached on port 1080), SOCKS4 with the roles reversed, SOCKS5.
     * The framework attaches at most one analyzer per name to a connection.
     *
     * @param capturePassword Zeek's {@code SOCKS::default_capture_password} (default F): log RFC 1929 passwords
     */
    public static List<AnalyzerSpec> specs(boolean capturePassword) {
        java.util.function.Function<AnalyzerContext, Analyzer> f = ctx -> new SocksAnalyzer(ctx, capturePassword);
        return List.of(
                new AnalyzerSpec("SOCKS", "socks", AnalyzerSpec.TCP, PORTS, SocksAnalyzer::socks4Client,
                        SocksAnalyzer::socks4Server, f),
                new AnalyzerSpec("SOCKS", "socks", AnalyzerSpec.TCP, new int[0], SocksAnalyzer::socks4Server,
                        SocksAnalyzer::socks4Client, f),
                new AnalyzerSpec("SOCKS", "socks", AnalyzerSpec.TCP, new int[0], SocksAnalyzer::socks5Client,
                        SocksAnalyzer::socks5Server, f));
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (skip || handedOff || ctx.conn().partial()) {
            return;
        }
        if (origDone && respDone) {
            // Zeek assumes no payload arrives before both sides are done with SOCKS; what follows is the tunnel.
            handedOff = true;
            ctx.handOff(len);
            return;
        }
        int kind = parser.parse(orig, data, offset, len);
        switch (kind) {
            case SocksParser.V4_REQUEST -> {
                session.request(4, parser.code, address(), parser.port,
                        Arrays.copyOf(parser.user, parser.userLen));
                origDone = true;
            }
            case SocksParser.V4_REPLY -> {
                session.reply(4, parser.code, address(), parser.port);
                ctx.confirm();
                respDone = true;
            }
            case SocksParser.V5_REQUEST -> v5Request();
            case SocksParser.V5_REPLY -> {
                session.reply(5, parser.code, address(), parser.port);
                ctx.confirm();
                respDone = true;
            }
            case SocksParser.LOGIN_REQUEST -> session.loginRequest(Arrays.copyOf(parser.user, parser.userLen),
                    Arrays.copyOf(parser.password, parser.passwordLen));
            case SocksParser.LOGIN_REPLY -> session.loginReply(parser.code);
            case SocksParser.UNSUPPORTED_METHOD -> ctx.weird(SocksWeirds.UNSUPPORTED_AUTHENTICATION_METHOD,
                    Integer.toString(parser.authMethod));
            case SocksParser.UNSUPPORTED_AUTH_VERSION -> ctx.weird(SocksWeirds.UNSUPPORTED_AUTHENTICATION,
                    "method " + parser.authMethod + ", version " + parser.version);
            case SocksParser.VERSION_ERROR -> violation("unsupported/unknown SOCKS version " + parser.version);
            case SocksParser.OUT_OF_BOUND -> violation(parser.outOfBound());
            default -> {
            }
        }
    }

    /** socks-analyzer.pac's socks5_request: the reserved byte and the command are checked first. */
    private void v5Request() {
        if (parser.reserved != 0) {
            violation("invalid value in reserved field: " + parser.reserved);
            skip = true;
            return;
        }
        if (parser.code == 0 || parser.code > 3) {
            violation("undefined value in command field: " + parser.code);
            skip = true;
            return;
        }
        session.request(5, parser.code, address(), parser.port, NO_USER);
        origDone = true;
    }

    private SocksAddress address() {
        return new SocksAddress(parser.hasHost, parser.hostHi, parser.hostLo,
                parser.hasName ? Arrays.copyOf(parser.name, parser.nameLen) : null);
    }

    private void violation(String reason) {
        ctx.violation(reason, null);
        if (ctx.detached()) {
            failed = true;
        }
    }

    @Override
    public void done() {
        session.finish(ctx.confirmed() && !failed);
    }

    // ------------------------------------------------------------------------------------------------ probes

    /** dpd_socks4_client: {@code /^\x04[\x01\x02].{0,32}\x00/} ('.' matches any byte in signatures). */
    static int socks4Client(byte[] p, int len) {
        if (len < 1) {
            return Probe.MORE;
        }
        if (p[0] != 4) {
            return Probe.NO_MATCH;
        }
        if (len < 2) {
            return Probe.MORE;
        }
        if (p[1] != 1 && p[1] != 2) {
            return Probe.NO_MATCH;
        }
        int end = Math.min(len, 2 + 32 + 1);
        for (int i = 2; i < end; i++) {
            if (p[i] == 0) {
                return Probe.MATCH;
            }
        }
        return len >= 2 + 32 + 1 ? Probe.NO_MATCH : Probe.MORE;
    }

    /** dpd_socks4_server: {@code /^\x00[\x5a\x5b\x5c\x5d]/}. */
    static int socks4Server(byte[] p, int len) {
        if (len < 1) {
            return Probe.MORE;
        }
        if (p[0] != 0) {
            return Probe.NO_MATCH;
        }
        if (len < 2) {
            return Probe.MORE;
        }
        return p[1] >= 0x5a && p[1] <= 0x5d ? Probe.MATCH : Probe.NO_MATCH;
    }

    /** dpd_socks5_client: {@code /^\x05.[\x00\x01\x02\x03\x05\x06\x07\x08\x09]/}. */
    static int socks5Client(byte[] p, int len) {
        if (len < 1) {
            return Probe.MORE;
        }
        if (p[0] != 5) {
            return Probe.NO_MATCH;
        }
        if (len < 3) {
            return Probe.MORE;
        }
        return p[2] >= 0 && p[2] <= 9 && p[2] != 4 ? Probe.MATCH : Probe.NO_MATCH;
    }

    /** dpd_socks5_server: {@code /^\x05[\x00\x01\x02\x03\x05\x06\x07\x08\x09\xff]/}. */
    static int socks5Server(byte[] p, int len) {
        if (len < 1) {
            return Probe.MORE;
        }
        if (p[0] != 5) {
            return Probe.NO_MATCH;
        }
        if (len < 2) {
            return Probe.MORE;
        }
        int m = p[1] & 0xFF;
        return (m <= 9 && m != 4) || m == 0xFF ? Probe.MATCH : Probe.NO_MATCH;
    }
}
