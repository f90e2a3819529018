package io.osprey.analyzer.http;

import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.event.ConnectionRemoved;
import io.osprey.files.Files;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The HTTP script state of every connection of one worker that has (or had) an HTTP analyzer: Zeek keeps
 * {@code c$http_state} on the connection, so when a violation removes the analyzer and payload detection attaches a
 * new one, the new instance continues the same transaction numbering and pending requests. A state ends with its
 * connection: from the last analyzer's {@code done()}, or, when none is attached any more, on
 * {@link ConnectionRemoved}. One per worker, created with the analyzer's spec; used on the worker's thread.
 */
final class HttpSessions {
    private final Files files;
    private final HttpOptions options;
    private final Map<ConnInfo, HttpState> states = new IdentityHashMap<>();
    private boolean subscribed;
    /** The worker's own matcher (a pattern's DFA cache is not shared between threads). */
    private final io.osprey.common.pattern.ZeekPattern sqli;

    HttpSessions(Files files, HttpOptions options) {
        this.files = files;
        this.options = options;
        this.sqli = options.sqlInjection ? HttpState.SQLI_URI.copy() : null;
    }

    /** The connection's state, created for its first HTTP analyzer; later instances take it over. */
    HttpState attach(AnalyzerContext ctx) {
        if (!subscribed) {
            subscribed = true;
            ctx.events().subscribe(ConnectionRemoved.class, e -> end(e.conn()));
        }
        HttpState s = states.get(ctx.conn());
        if (s == null) {
            s = new HttpState(ctx, files, options, sqli);
            states.put(ctx.conn(), s);
        } else {
            s.rebind(ctx);
        }
        return s;
    }

    /** The connection ends: its pending transactions are written (Zeek's finalize_http). */
    void end(ConnInfo conn) {
        HttpState s = states.remove(conn);
        if (s != null) {
            s.done();
        }
    }
}
