package io.osprey.analyzer.ssl;

import io.osprey.engine.analyzer.AnalyzerContext;

/**
 * What the SSL (TCP) and DTLS (UDP) analyzers and their shared handshake layer ({@link TlsHandshake}) report and
 * decide together for one connection: Zeek's proc_client_hello / proc_server_hello (confirmation, version
 * violations), the scripts' view of the session ({@code c$ssl$version} set, {@code c$ssl$established}) and whether
 * parsing has stopped (Zeek's {@code SetSkip}, a content gap, or the analyzer disabled once established). Owned by
 * the analyzer of the connection; worker thread only.
 */
final class SslSession {
    /** Zeek's {@code SSL::max_ssl_history_length} default (base/protocols/ssl/main.zeek). */
    static final int DEFAULT_MAX_HISTORY = 100;

    private final AnalyzerContext ctx;
    /** {@code SSL::max_ssl_history_length}. */
    private final int maxHistory;
    /** Length of the scripts' {@code c$ssl$ssl_history} (its letters are not kept: ssl.log is not written yet). */
    private int history;
    /** Nothing more is parsed. */
    boolean stopped;
    /** The scripts' {@code c$ssl$established}: an {@code ssl_established} event was raised. */
    boolean established;
    /** The scripts' {@code c$ssl$version} is set: a server hello was parsed. */
    boolean serverHelloSeen;

    SslSession(AnalyzerContext ctx, int maxHistory) {
        this.ctx = ctx;
        this.maxHistory = maxHistory;
    }

    /**
     * One letter of the scripts' {@code ssl_history} (add_to_history in base/protocols/ssl/main.zeek: a handshake
     * message, ChangeCipherSpec, alert, heartbeat, or an SSLv2 hello): the history stops growing at
     * {@code SSL::max_ssl_history_length}, and reaching it is Zeek's limit weird (source "SSL", 'X' in conn.log's
     * history).
     */
    void history() {
        if (history == maxHistory) {
            return;
        }
        history++;
        if (history == maxHistory) {
            ctx.env().weird(ctx.conn(), "SSL_max_ssl_history_length_reached", Integer.toString(history), "SSL");
            ctx.limitReached();
        }
    }

    /** proc_client_hello: a client hello with an acceptable version confirms the protocol (Zeek's version_ok). */
    void clientHello(int version) {
        if (!versionOk(version)) {
            violation(String.format("unsupported client SSL version 0x%04x", version));
            stopped = true;
        } else {
            ctx.confirm();
        }
    }

    /** proc_server_hello: an unacceptable version is a violation; a server hello never confirms. */
    void serverHello(int version) {
        serverHelloSeen = true;
        if (!versionOk(version)) {
            violation(String.format("unsupported server SSL version 0x%04x", version));
            stopped = true;
        }
    }

    /**
     * The {@code ssl_established} event: base/protocols/ssl/main.zeek marks the session established and, with
     * {@code SSL::disable_analyzer_after_detection} (default true), disables the analyzer if it had confirmed.
     */
    void sslEstablished() {
        established = true;
        if (ctx.confirmed()) {
            stopped = true;
        }
    }

    /** The analyzer confirmed its protocol. */
    boolean confirmed() {
        return ctx.confirmed();
    }

    /** Zeek's version_ok (ssl-defs.pac). */
    static boolean versionOk(int v) {
        if (v >> 8 == 0x7F) {
            return true; // TLS 1.3 drafts
        }
        return switch (v) {
            case SslAnalyzer.SSLV20, SslAnalyzer.SSLV30, SslAnalyzer.TLSV10, SslAnalyzer.TLSV11, SslAnalyzer.TLSV12,
                 SslAnalyzer.TLSV13, SslAnalyzer.DTLSV10, SslAnalyzer.DTLSV12, SslAnalyzer.DTLSV13 -> true;
            default -> false;
        };
    }

    /** A binpac parse failure, as Zeek's analyzers report it ("Binpac exception: " + binpac's message). */
    void outOfBound(String where, int need, int have) {
        violation("Binpac exception: binpac exception: out_of_bound: " + where + ": " + need + " > " + have);
    }

    void violation(String reason) {
        ctx.violation(reason, null);
    }

    /** A weird of the analyzer (source: its name). */
    void weird(String name, String addl) {
        ctx.weird(name, addl);
    }

    /** A weird of Zeek's SSL scripts ({@code Reporter::conn_weird}: no source). */
    void scriptWeird(String name) {
        ctx.env().weird(ctx.conn(), name, null, null);
    }

    static String label(boolean isOrig) {
        return isOrig ? "originator" : "responder";
    }
}
