package io.osprey.analyzer.http;

/**
 * Settings of the HTTP analysis, named and defaulted as Zeek's script options. Filled at setup (from the CLI's
 * {@code --scripts} and {@code --redef}), read-only afterwards.
 */
public final class HttpOptions {
    /** {@code HTTP::default_capture_password}: log basic-auth passwords. */
    public boolean capturePassword;
    /**
     * {@code HTTP::max_pending_requests}: requests without reply kept per connection; beyond it all pending
     * transactions are logged and tracking restarts.
     */
    public int maxPendingRequests = 100;
    /** {@code HTTP::max_files_orig}: request files listed per transaction. */
    public int maxFilesOrig = 15;
    /** {@code HTTP::max_files_resp}: response files listed per transaction. */
    public int maxFilesResp = 15;
    /** {@code policy/protocols/http/header-names} is loaded: the header-name columns exist. */
    public boolean headerNames;
    /** {@code HTTP::log_client_header_names} (that script's option). */
    public boolean logClientHeaderNames = true;
    /** {@code HTTP::log_server_header_names} (that script's option). */
    public boolean logServerHeaderNames;
    /**
     * {@code policy/protocols/http/software} is loaded: User-Agent, Server and X-Powered-By headers are reported to the
     * software framework (Zeek's default scripts do not load it).
     */
    public boolean software;
    /**
     * {@code policy/protocols/http/software-browser-plugins} is loaded: Flash versions (X-Flash-Version,
     * X-Requested-With) and plugins leaked to Omniture servers are reported as {@code HTTP::BROWSER_PLUGIN}.
     */
    public boolean browserPlugins;
    /**
     * {@code HTTP::upgrade_analyzers}: Upgrade protocols that have their own analyzer in this run (Zeek's websocket
     * scripts add "websocket"); after an Upgrade to any other protocol, payload detection takes the connection over.
     */
    public java.util.Set<String> upgradeAnalyzers = java.util.Set.of();
    /** {@code policy/protocols/http/detect-sql-injection} is loaded: SQL injection URIs get the URI_SQLI tag. */
    public boolean sqlInjection;
    /** {@code policy/protocols/http/var-extraction-uri} is loaded: the {@code uri_vars} column exists. */
    public boolean uriVars;
}
