package io.osprey.analyzer.http;

import io.osprey.analyzer.mime.MimeSyntax;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import io.osprey.files.Files;

import java.lang.foreign.MemorySegment;

/**
 * The HTTP/1.x analyzer of one TCP connection (Zeek's {@code HTTP} analyzer): glue between the framework and
 * {@link HttpParser} (the protocol) and {@link HttpState} (Zeek's HTTP scripts, which write http.log rows through
 * {@link HttpTransaction} events). Created by the framework per connection, by port or by payload detection; used
 * only on the worker thread that owns the connection.
 *
 * <p>Like Zeek's, it ignores connections whose beginning was not seen ({@code ConnInfo#partial}), and its
 * violations are ignored there and after content gaps.
 */
public final class HttpAnalyzer extends Analyzer {
    /** Zeek's {@code HTTP::ports} (base/protocols/http/main.zeek). */
    static final int[] PORTS = {80, 81, 631, 1080, 3128, 8000, 8080, 8888};

    private static final String[] METHODS = {"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "QUERY", "ACL",
        "BASELINE-CONTROL", "BIND", "CHECKIN", "CHECKOUT", "CONNECT", "COPY", "LABEL", "LINK", "LOCK", "MERGE",
        "MKACTIVITY", "MKCALENDAR", "MKCOL", "MKREDIRECTREF", "MOVE", "ORDERPATCH", "PATCH", "PROPFIND", "PROPPATCH",
        "REBIND", "REPORT", "SEARCH", "TRACE", "UNBIND", "UNCHECKOUT", "UNLINK", "UNLOCK", "UPDATE",
        "VERSION-CONTROL", "BCOPY", "BDELETE", "BMOVE", "BPROPFIND", "BPROPPATCH", "NOTIFY", "POLL", "SUBSCRIBE",
        "UNSUBSCRIBE", "X-MS-ENUMATTS", "MKWORKSPACE", "RPC_IN_DATA", "RPC_OUT_DATA"};

    private final HttpSessions sessions;
    private final HttpState state;
    private final HttpParser parser;
    private boolean finished;

    private HttpAnalyzer(AnalyzerContext ctx, HttpSessions sessions) {
        super(ctx);
        this.sessions = sessions;
        this.state = sessions.attach(ctx);
        this.parser = new HttpParser(state);
    }

    /**
     * The analyzer's declaration: name "HTTP", service "http", Zeek's HTTP ports, and the two independent payload
     * signatures of Zeek's {@code base/protocols/http/dpd.sig} (a request method at the originator's start, or
     * {@code HTTP/<digit>} at the responder's).
     *
     * @param files   where bodies go (files framework); null for none
     * @param options the HTTP settings
     */
    public static AnalyzerSpec spec(Files files, HttpOptions options) {
        HttpSessions sessions = new HttpSessions(files, options);
        return new AnalyzerSpec("HTTP", "http", AnalyzerSpec.TCP, PORTS, HttpAnalyzer::probeRequest,
                HttpAnalyzer::probeReply, ctx -> new HttpAnalyzer(ctx, sessions), true);
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (finished || ctx.conn().partial()) {
            return;
        }
        parser.deliverStream(orig, data, offset, len);
    }

    @Override
    public void gap(boolean orig, long seq, long len) {
        if (!finished) {
            parser.gap(orig, len);
        }
    }

    @Override
    public void endOfData(boolean orig) {
        if (!finished) {
            parser.endOfData(orig);
        }
    }

    @Override
    public void done() {
        finish();
    }

    /**
     * Detached after a violation, or the connection ends: the messages in progress end (Zeek's Done()). The
     * connection's script state outlives a detached instance; at the connection's end it is written out.
     */
    private void finish() {
        if (!finished) {
            finished = true;
            parser.done();
            state.endOrigFile();
            if (!ctx.detached()) {
                sessions.end(ctx.conn());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ probes

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= 9 && c <= 13);
    }

    /** dpd_http_client: {@code /^[[:space:]]*(OPTIONS|GET|...)/}. */
    static int probeRequest(byte[] p, int len) {
        int i = 0;
        while (i < len && isSpace(p[i])) {
            i++;
        }
        if (i == len) {
            return Probe.MORE;
        }
        boolean more = false;
        for (String m : METHODS) {
            int n = Math.min(m.length(), len - i);
            boolean prefix = true;
            for (int k = 0; k < n; k++) {
                if (p[i + k] != m.charAt(k)) {
                    prefix = false;
                    break;
                }
            }
            if (prefix) {
                if (n == m.length()) {
                    return Probe.MATCH;
                }
                more = true;
            }
        }
        return more ? Probe.MORE : Probe.NO_MATCH;
    }

    /** dpd_http_server: {@code /^[hH][tT][tT][pP]\/[0-9]/}. */
    static int probeReply(byte[] p, int len) {
        String want = "http/";
        for (int i = 0; i < 6; i++) {
            if (i >= len) {
                return Probe.MORE;
            }
            int c = p[i];
            if (i < 5) {
                if (MimeSyntax.lower(c) != want.charAt(i)) {
                    return Probe.NO_MATCH;
                }
            } else if (c < '0' || c > '9') {
                return Probe.NO_MATCH;
            }
        }
        return Probe.MATCH;
    }
}
