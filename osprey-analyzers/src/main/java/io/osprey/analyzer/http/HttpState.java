package io.osprey.analyzer.http;

import io.osprey.analyzer.mime.MimeBase64;
import io.osprey.analyzer.mime.MimeHeader;
import io.osprey.analyzer.mime.MimeSyntax;
import io.osprey.analyzer.software.SoftwareFound;
import io.osprey.common.pattern.ZeekPattern;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.files.FileHandle;
import io.osprey.files.Files;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-connection state of Zeek's HTTP scripts ({@code base/protocols/http/main.zeek}, {@code entities.zeek},
 * {@code files.zeek}, and the policy scripts {@code software.zeek}, {@code header-names.zeek},
 * {@code var-extraction-uri.zeek}): transactions pending a reply (pipelining, at most
 * {@link HttpOptions#maxPendingRequests}), which one is "current" ({@code c$http}), the http.log fields, the files
 * of each transaction, and when a row is written. {@link HttpParser} calls it where Zeek raises its events, in the
 * same order, so the same records result.
 */
final class HttpState {
    private static final Set<String> METHODS = Set.of("GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE",
            "CONNECT", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "POLL", "REPORT",
            "SUBSCRIBE", "BMOVE", "SEARCH", "QUERY");
    private static final String[] PROXY_HEADERS = {"FORWARDED", "X-FORWARDED-FOR", "X-FORWARDED-FROM", "CLIENT-IP",
        "VIA", "XROXY-CONNECTION", "PROXY-CONNECTION"};
    private static final byte[] EMPTY_REASON = "<empty>".getBytes(StandardCharsets.ISO_8859_1);

    /** The context of the analyzer instance now attached (a later instance takes the state over). */
    private AnalyzerContext ctx;
    private final Files files;
    private final HttpOptions options;
    /** A request-body file was opened on this connection (see {@link #endOrigFile}). */
    private boolean origFiles;

    /** Zeek's c$http_state$pending, keyed by request/response counter. */
    private final Map<Integer, HttpTransaction> pending = new LinkedHashMap<>();
    private int currentRequest;
    private int currentResponse;
    private int transDepth;
    /** Zeek's c$http. */
    private HttpTransaction current;

    /** This worker's copy of {@link #SQLI_URI} when detect-sql-injection is loaded, else null. */
    private final ZeekPattern sqli;

    HttpState(AnalyzerContext ctx, Files files, HttpOptions options, ZeekPattern sqli) {
        this.ctx = ctx;
        this.files = files;
        this.options = options;
        this.sqli = sqli;
    }

    /** A new analyzer instance on the same connection takes this state over. */
    void rebind(AnalyzerContext newCtx) {
        ctx = newCtx;
    }

    private ConnInfo conn() {
        return ctx.conn();
    }

    /** The worker's pool of body inflaters. */
    HttpInflater.Pool inflaters() {
        return ctx.env().workerLocal(HttpInflater.Pool.class, HttpInflater.Pool::new);
    }

    // ============================================================================================ framework

    void weird(String name, String addl) {
        ctx.weird(name, addl);
    }

    void weird(String name, String addl, String source) {
        ctx.env().weird(conn(), name, addl, source);
    }

    /** Zeek's LimitReachedWeird: the weird ("value" or "value > max") and 'X' in conn.log's history. */
    void limitReached(String name, long value, long max) {
        ctx.weird(name, max > 0 ? value + " > " + max : Long.toString(value));
        ctx.limitReached();
    }

    /** A weird raised by a script (Reporter::conn_weird without source). */
    private void scriptWeird(String name, String addl) {
        ctx.env().weird(conn(), name, addl, null);
    }

    void confirm() {
        ctx.confirm();
    }

    /**
     * A violation; on a partial connection or after a content gap the framework drops it (Zeek's
     * TCP_ApplicationAnalyzer::AnalyzerViolation, {@code ConnAnalyzers.violation}).
     */
    void violation(String reason) {
        ctx.violation(reason, null); // the framework detaches us after this delivery and calls done()
    }

    // ============================================================================================ main.zeek

    private HttpTransaction newSession() {
        return new HttpTransaction(conn(), ctx.networkTime(), ++transDepth);
    }

    private HttpTransaction setState(boolean isOrig) {
        int idx = isOrig ? currentRequest : currentResponse;
        HttpTransaction t = pending.get(idx);
        if (t == null) {
            t = newSession();
            t.capturePassword = options.capturePassword;
            pending.put(idx, t);
        }
        current = t;
        return t;
    }

    /** http_request. */
    void request(byte[] method, byte[] uri, byte[] unescapedUri, String version) {
        if (currentRequest < currentResponse) {
            // More replies than requests: fast-forward so the next reply matches the request in flight.
            scriptWeird(HttpWeirds.HTTP_RESPONSE_BEFORE_REQUEST, null);
            currentRequest = currentResponse;
        }
        if (options.maxPendingRequests > 0 && pending.size() > options.maxPendingRequests) {
            // Excessive pipelining, one-sided capture or a dead reply side: log what is pending and start over.
            limitReached(HttpWeirds.HTTP_EXCESSIVE_PIPELINING, pending.size(), options.maxPendingRequests);
            if (currentResponse == 0) {
                ++currentResponse;
            }
            while (currentResponse < currentRequest) {
                HttpTransaction t = pending.remove(currentResponse);
                if (t != null) {
                    log(t);
                }
                ++currentResponse;
            }
        }
        ++currentRequest;
        HttpTransaction t = setState(true);
        t.method = method;
        t.uri = unescapedUri;
        String m = new String(method, StandardCharsets.ISO_8859_1);
        if (!METHODS.contains(m)) {
            scriptWeird(HttpWeirds.UNKNOWN_HTTP_METHOD, m);
        }
        if (options.uriVars) {
            uriVars(t, uri);
        }
        if (sqli != null && sqli.find(unescapedUri)) {
            t.addTag("HTTP::URI_SQLI"); // detect-sql-injection.zeek (its SumStats notices are not done)
        }
        if (ctx.events().wants(HttpRequest.class)) {
            ctx.events().publish(new HttpRequest(conn(), method, uri, unescapedUri, version, ctx.networkTime()));
        }
    }

    /** http_reply. */
    void reply(String version, int code, byte[] reason) {
        HttpTransaction p = pending.get(currentResponse);
        // After a 1xx the final reply to the same request is still to come: keep its record.
        if (p == null || (p.statusCode >= 0 && !(p.statusCode >= 100 && p.statusCode <= 199))) {
            ++currentResponse;
        }
        HttpTransaction t = setState(false);
        byte[] msg = reason == null ? EMPTY_REASON : reason;
        t.statusCode = code;
        t.statusMsg = msg;
        t.version = version;
        if (code >= 100 && code <= 199) {
            t.infoCode = code;
            t.infoMsg = msg;
        }
        if (ctx.events().wants(HttpReply.class)) {
            ctx.events().publish(new HttpReply(conn(), version, code, msg, ctx.networkTime()));
        }
        if (code == 200 && t.method != null && java.util.Arrays.equals(t.method, CONNECT)) {
            // main.zeek's http_reply: a successful CONNECT is a tunnel, its id the connection's with the
            // originator port 0 (a proxy sees a new source port per proxied connection: one tunnel for them all).
            ConnInfo c = conn();
            ctx.events().publish(new io.osprey.engine.tunnel.TunnelRegistration(ctx.networkTime(), c.origHi(),
                    c.origLo(), 0, c.respHi(), c.respLo(), c.respPort(), "Tunnel::HTTP"));
        }
    }

    private static final byte[] CONNECT = "CONNECT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** http_header (main.zeek, entities.zeek, header-names.zeek, software.zeek, in their priority order). */
    void header(boolean isOrig, MimeHeader h) {
        HttpTransaction t = setState(isOrig);
        byte[] d = h.data();
        int ns = h.nameStart();
        int ne = h.nameEnd();
        if (isOrig) {
            if (h.nameIs("REFERER")) {
                t.referrer = h.value();
            } else if (h.nameIs("HOST")) {
                t.host = h.value(); // with any port, as sent (Zeek #1844)
            } else if (h.nameIs("RANGE")) {
                t.rangeRequest = true;
            } else if (h.nameIs("ORIGIN")) {
                t.origin = h.value();
            } else if (h.nameIs("USER-AGENT")) {
                t.userAgent = h.value();
            } else if (isProxyHeader(h)) {
                if (t.proxied == null) {
                    t.proxied = new LinkedHashSet<>();
                }
                byte[] entry = concat(upper(d, ns, ne), " -> ".getBytes(StandardCharsets.ISO_8859_1), h.value());
                if (!containsBytes(t.proxied, entry)) {
                    t.proxied.add(entry);
                }
            } else if (h.nameIs("AUTHORIZATION") || h.nameIs("PROXY-AUTHORIZATION")) {
                basicAuth(t, h);
            }
        }
        // entities.zeek (priority 3)
        if (!t.hasEntity) {
            ctx.weird(HttpWeirds.MISSING_HTTP_ENTITY, null);
        } else if (h.nameIs("CONTENT-DISPOSITION")) {
            String v = latin1(h);
            if (FILENAME_PARAM.matcher(v).find()) {
                t.entityFilename = MimeSyntax.filenameFromContentDisposition(v);
            }
        } else if (h.nameIs("CONTENT-TYPE")) {
            String v = latin1(h);
            if (NAME_PARAM.matcher(v).find()) {
                t.entityFilename = MimeSyntax.filenameFromContentDisposition(v);
            }
        }
        // header-names.zeek (priority 3, loaded after entities.zeek)
        if (options.headerNames) {
            if (isOrig && options.logClientHeaderNames) {
                t.clientHeaderNames = HttpTransaction.add(t.clientHeaderNames, upper(d, ns, ne));
            } else if (!isOrig && options.logServerHeaderNames) {
                t.serverHeaderNames = HttpTransaction.add(t.serverHeaderNames, upper(d, ns, ne));
            }
        }
        // software-browser-plugins.zeek (priority 3)
        if (options.browserPlugins) {
            if (isOrig) {
                if (h.nameIs("X-FLASH-VERSION")) {
                    t.flashVersion = "Flash/" + utf8(h);
                } else if (h.nameIs("X-REQUESTED-WITH") && utf8(h).contains("Flash")) {
                    t.flashVersion = utf8(h);
                }
            } else if (h.nameIs("SERVER") && utf8(h).startsWith("Omniture")) {
                t.omniture = true;
            }
        }
        // software.zeek (priority 2)
        if (options.software && ctx.events().wants(SoftwareFound.class)) {
            software(isOrig, h);
        }
    }

    private static boolean isProxyHeader(MimeHeader h) {
        for (String p : PROXY_HEADERS) {
            if (h.nameIs(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsBytes(Set<byte[]> set, byte[] v) {
        for (byte[] b : set) {
            if (java.util.Arrays.equals(b, v)) {
                return true;
            }
        }
        return false;
    }

    /** Basic auth (RFC 7617): "basic" and one space, then base64 of user:password. */
    private void basicAuth(HttpTransaction t, MimeHeader h) {
        byte[] d = h.data();
        int vs = h.valueStart();
        int ve = h.valueEnd();
        if (ve - vs < 6 || !MimeSyntax.equalsIgnoreCase(d, vs, vs + 5, "basic") || d[vs + 5] != ' ') {
            return;
        }
        int p = vs + 5;
        while (p < ve && (d[p] == ' ' || d[p] == '\t')) {
            p++;
        }
        byte[] userpass = MimeBase64.decodeAll(d, p, ve, new MimeBase64.Sink() {
            @Override
            public void octets(byte[] b, int off, int len) {
            }

            @Override
            public void illegalEncoding(String msg) {
                scriptWeird(HttpWeirds.BASE64_ILLEGAL_ENCODING, msg);
            }
        });
        if (userpass == null) {
            userpass = new byte[0];
        }
        int colon = -1;
        for (int i = 0; i < userpass.length; i++) {
            if (userpass[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon >= 0) {
            t.username = java.util.Arrays.copyOfRange(userpass, 0, colon);
            if (t.capturePassword) {
                t.password = java.util.Arrays.copyOfRange(userpass, colon + 1, userpass.length);
            }
        } else {
            t.username = concat("<problem-decoding> (".getBytes(StandardCharsets.ISO_8859_1), h.value(),
                    new byte[] {')'});
            if (t.capturePassword) {
                t.password = userpass;
            }
        }
    }

    private void software(boolean isOrig, MimeHeader h) {
        ConnInfo c = conn();
        String value = new String(h.data(), h.valueStart(), h.valueLength(), StandardCharsets.UTF_8);
        long now = ctx.networkTime();
        if (isOrig) {
            if (h.nameIs("USER-AGENT") && !value.contains("NO_DEFAULT")) { // HTTP::ignored_user_agents
                ctx.events().publish(new SoftwareFound(c, c.origHi(), c.origLo(), -1, "HTTP::BROWSER", value, now));
            }
        } else if (h.nameIs("SERVER")) {
            ctx.events().publish(new SoftwareFound(c, c.respHi(), c.respLo(), c.respPort(), "HTTP::SERVER", value,
                    now));
        } else if (h.nameIs("X-POWERED-BY")) {
            ctx.events().publish(new SoftwareFound(c, c.respHi(), c.respLo(), c.respPort(), "HTTP::APPSERVER",
                    value, now));
        } else if (h.nameIs("MICROSOFTSHAREPOINTTEAMSERVICES")) {
            ctx.events().publish(new SoftwareFound(c, c.respHi(), c.respLo(), c.respPort(), "HTTP::APPSERVER",
                    "SharePoint/" + value, now));
        }
    }

    /** http_begin_entity. */
    void beginEntity(boolean isOrig) {
        HttpTransaction t = setState(isOrig);
        if (isOrig) {
            ++t.origMimeDepth;
        } else {
            ++t.respMimeDepth;
        }
        t.hasEntity = true;
        t.entityFilename = null;
    }

    /** http_end_entity. */
    void endEntity(boolean isOrig) {
        if (current != null) {
            current.hasEntity = false;
            current.entityFilename = null;
        }
    }

    /** http_message_done: body length, and for a final reply the row is written. */
    void messageDone(boolean isOrig, long bodyLength, boolean interrupted) {
        HttpTransaction t = setState(isOrig);
        if (isOrig) {
            t.requestBodyLen = bodyLength;
            // software-browser-plugins.zeek (priority 0)
            if (t.flashVersion != null && options.browserPlugins) {
                if (t.userAgent != null && new String(t.userAgent, StandardCharsets.ISO_8859_1).contains("AdobeAIR")) {
                    t.flashVersion = "AdobeAIR-" + t.flashVersion;
                }
                browserPlugin(t.flashVersion);
            }
        } else {
            t.responseBodyLen = bodyLength;
            if (!(t.statusCode >= 100 && t.statusCode <= 199)) {
                log(t);
                pending.remove(currentResponse);
            }
        }
    }

    /**
     * HTTP_Analyzer::Done's {@code file_mgr->EndOfFile(tag, conn, is_orig=T)}: the originator's file that the
     * handle of the current transaction (c$http) names ends now, normally (not timed out), if it is live; no file
     * is created. Only the originator's side: a response's file may be a range download continued elsewhere.
     * Matters when a body's file was ended at its size and content for it came again (a gap, say): that second
     * file ends with the connection, not at the end of input.
     */
    void endOrigFile() {
        // Only a connection that opened a request-body file can name a live one (its handles hold its start time
        // and tuple): the others skip the id's hashing.
        if (files != null && current != null && origFiles) {
            files.open(ctx, "HTTP", true, 0, fileHandle(current, true)).end();
        }
    }

    /** The connection ends (finalize_http): every pending transaction is written. */
    void done() {
        for (Map.Entry<Integer, HttpTransaction> e : pending.entrySet()) {
            if (e.getKey() != 0) {
                log(e.getValue());
            }
        }
        pending.clear();
        current = null;
    }

    private void log(HttpTransaction t) {
        t.logged = true; // a MIME type sniffed later does not reach the row (Zeek writes the record now)
        ctx.events().publish(t);
        if (t.omniture && t.uri != null && options.browserPlugins) {
            // software-browser-plugins.zeek's log_http: plugins leaked in "&p=...;&" of Omniture requests.
            Matcher m = OMNITURE_PLUGINS.matcher(new String(t.uri, StandardCharsets.UTF_8));
            if (m.find()) {
                String sw = m.group().substring(3, m.group().length() - 2);
                for (String plugin : sw.split("[ \\t]*;[ \\t]*", -1)) {
                    browserPlugin(plugin);
                }
            }
        }
    }

    private static final Pattern OMNITURE_PLUGINS = Pattern.compile("&p=([^&]{5,});&");

    private void browserPlugin(String version) {
        if (ctx.events().wants(SoftwareFound.class)) {
            ConnInfo c = conn();
            ctx.events().publish(new SoftwareFound(c, c.origHi(), c.origLo(), -1, "HTTP::BROWSER_PLUGIN", version,
                    ctx.networkTime()));
        }
    }

    private static String utf8(MimeHeader h) {
        return new String(h.data(), h.valueStart(), h.valueLength(), StandardCharsets.UTF_8);
    }

    /** The rest of the connection is another protocol: payload detection takes over after {@code tail} bytes. */
    void handOff(int tail) {
        ctx.handOff(tail);
    }

    /** True when HTTP::upgrade_analyzers names an analyzer for the protocol (as sent, else lowercased). */
    boolean upgradeAnalyzer(byte[] protocol) {
        String p = new String(protocol, StandardCharsets.ISO_8859_1);
        return options.upgradeAnalyzers.contains(p)
                || options.upgradeAnalyzers.contains(p.toLowerCase(java.util.Locale.ROOT));
    }

    /** A connection upgraded to another protocol (http_connection_upgrade). */
    void upgrade(byte[] protocol) {
        // No log field; the next protocol's analyzer would attach here.
    }

    // ============================================================================================ files

    /**
     * Decoded body bytes of an entity: opened as a file on the first ones (Zeek's file_mgr->DataIn); a 206 part's
     * bytes go to their place in the file.
     */
    void fileData(HttpEntity e, boolean isOrig, long totalBytes, MemorySegment data, int len) {
        FileHandle f = file(e, isOrig);
        if (f == null) {
            return;
        }
        if (totalBytes >= 0) {
            f.setTotalBytes(totalBytes);
        }
        if (e.partialContent()) {
            f.deliverAt(e.fileOffset, data, 0, len);
            e.fileOffset += len;
        } else {
            f.deliver(data, 0, len);
        }
    }

    /** Bytes of an entity's body that will never be seen (Zeek passes the body length so far as the offset). */
    void fileGap(HttpEntity e, boolean isOrig, long len) {
        FileHandle f = file(e, isOrig);
        if (f == null) {
            return;
        }
        if (e.partialContent()) {
            f.gap(e.bodyLength, len);
            e.fileOffset += len;
        } else {
            f.gap(len);
        }
    }

    /** The entity's body is over (Zeek's EndOfFile). */
    void fileEnd(HttpEntity e, boolean isOrig) {
        FileHandle f = e.file;
        if (f == null) {
            return;
        }
        e.file = null;
        f.end();
    }

    private static int size(java.util.List<?> l) {
        return l == null ? 0 : l.size();
    }

    private FileHandle file(HttpEntity e, boolean isOrig) {
        if (e.file != null) {
            return e.file;
        }
        if (files == null || current == null) {
            return null; // get_file_handle returns "" without c$http: no file
        }
        HttpTransaction t = current;
        // files.log's depth stays 0 for HTTP: nothing in Zeek's scripts sets it.
        origFiles |= isOrig;
        FileHandle f = files.open(ctx, "HTTP", isOrig, 0, fileHandle(t, isOrig));
        if (f == null) {
            return null;
        }
        e.file = f;
        // file_over_new_connection is the file's: it fires when this entity's content, gap or size creates the
        // file, or joins a live file this connection had not carried. A range download's parts share one id across
        // entities; once its file ended (it reached its size), the next part's content starts a new file with that
        // id, and that file is listed in the transaction carrying it.
        f.onNewConnection(() -> fileOverNewConnection(f, t, isOrig));
        return f;
    }

    /** Zeek's get_file_handle for HTTP: equal handles are the same file. */
    private String fileHandle(HttpTransaction t, boolean isOrig) {
        if (t.rangeRequest && !isOrig) {
            // The parts of a range download are one file, whichever connection carries them.
            return "HTTP|F|" + io.osprey.common.net.Addr.toString(conn().origHi(), conn().origLo()) + "|" + buildUrl(t);
        }
        // Zeek: cat(ANALYZER_HTTP, c$start_time, is_orig, trans_depth, mime_depth, id_string(c$id)). No uid: a
        // connection replayed with the same tuple and start time continues the same files, as in Zeek.
        int mimeDepth = isOrig ? t.origMimeDepth : t.respMimeDepth;
        return "HTTP|" + conn().startTime() + "|" + (isOrig ? "T" : "F") + "|" + t.transDepth + "|" + mimeDepth
                + "|" + conn().idString();
    }

    /** Zeek's HTTP::build_url (without "http://"). */
    private String buildUrl(HttpTransaction t) {
        String uri = t.uri != null ? new String(t.uri, StandardCharsets.ISO_8859_1) : "/<missed_request>";
        if (uri.contains("://")) {
            return uri;
        }
        String host = t.host != null ? new String(t.host, StandardCharsets.ISO_8859_1)
                : addrToUri(conn().respHi(), conn().respLo());
        if (conn().respPort() != 80) {
            host = host + ":" + conn().respPort();
        }
        return host + uri;
    }

    private static String addrToUri(long hi, long lo) {
        String a = io.osprey.common.net.Addr.toString(hi, lo);
        return a.indexOf(':') >= 0 ? "[" + a + "]" : a;
    }

    /**
     * file_over_new_connection (entities.zeek): the file is listed in the current transaction, and file_sniff will
     * add its MIME type there (f$http).
     */
    private void fileOverNewConnection(FileHandle f, HttpTransaction t, boolean isOrig) {
        byte[] filename = t.hasEntity ? t.entityFilename : null;
        if (filename != null) {
            f.setFilename(new String(filename, StandardCharsets.UTF_8));
        }
        f.onMimeType(mime -> sniffed(t, isOrig, mime));
        if (isOrig) {
            if (size(t.origFuids) >= options.maxFilesOrig) {
                return;
            }
            t.origFuids = HttpTransaction.add(t.origFuids, f.fuid());
            if (filename != null) {
                t.origFilenames = HttpTransaction.add(t.origFilenames, filename);
            }
        } else {
            if (size(t.respFuids) >= options.maxFilesResp) {
                return;
            }
            t.respFuids = HttpTransaction.add(t.respFuids, f.fuid());
            if (filename != null) {
                t.respFilenames = HttpTransaction.add(t.respFilenames, filename);
            }
        }
    }

    /** file_sniff (entities.zeek): the MIME type joins the transaction's list (at most max_files). */
    private void sniffed(HttpTransaction t, boolean isOrig, String mime) {
        if (t.logged || mime == null) {
            return;
        }
        if (isOrig) {
            if (size(t.origMimeTypes) < options.maxFilesOrig) {
                t.origMimeTypes = HttpTransaction.add(t.origMimeTypes, mime);
            }
        } else if (size(t.respMimeTypes) < options.maxFilesResp) {
            t.respMimeTypes = HttpTransaction.add(t.respMimeTypes, mime);
        }
    }

    // ============================================================================================ helpers

    /**
     * {@code HTTP::match_sql_injection_uri} of policy/protocols/http/detect-sql-injection.zeek, verbatim (Zeek's
     * regular expression semantics: {@link ZeekPattern}); its {@code /.../i} parts as {@code (?i:...)}.
     */
    static final ZeekPattern SQLI_URI = ZeekPattern.compile(
            "(?i:[\\?&][^[:blank:]\\x00-\\x1f\\|\\+]+?=[\\-[:alnum:]%]+([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/)*'?([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/|\\)?;)+.*?(having|union|exec|select|delete|drop|declare|create|insert)([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/)+)"
            + "|" + "(?i:[\\?&][^[:blank:]\\x00-\\x1f\\|\\+]+?=[\\-0-9%]+([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/)*'?([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/|\\)?;)+(x?or|n?and)([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/)+'?(([^a-zA-Z&]+)?=|exists))"
            + "|" + "(?i:[\\?&][^[:blank:]\\x00-\\x1f\\+]+?=[\\-0-9%]*([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/)*'([[:blank:]\\x00-\\x1f]|\\/\\*.*?\\*\\/)*(-|=|\\+|\\|\\|)([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/)*([0-9]|\\(?convert|cast))"
            + "|" + "(?i:[\\?&][^[:blank:]\\x00-\\x1f\\|\\+]+?=([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/)*'([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/|;)*(x?or|n?and|having|union|exec|select|delete|drop|declare|create|regexp|insert)([[:blank:]\\x00-\\x1f\\+]|\\/\\*.*?\\*\\/|[\\[(])+[a-zA-Z&]{2,})"
            + "|" + "(?i:[\\?&][^[:blank:]\\x00-\\x1f\\+]+?=[^\\.]*?(char|ascii|substring|truncate|version|length)\\()"
            + "|" + "(\\/\\*![[:digit:]]{5}.*?\\*\\/)");

    private static final Pattern FILENAME_PARAM = Pattern.compile("[fF][iI][lL][eE][nN][aA][mM][eE][ \\t]*\\*?=");
    private static final Pattern NAME_PARAM = Pattern.compile("[nN][aA][mM][eE][ \\t]*=");
    /** var-extraction-uri.zeek: the keys of the query string. */
    private static void uriVars(HttpTransaction t, byte[] uri) {
        int q = -1;
        for (int i = 0; i < uri.length; i++) {
            if (uri[i] == '?') {
                q = i;
                break;
            }
        }
        if (q < 0) {
            return;
        }
        java.util.List<byte[]> keys = new ArrayList<>();
        int start = q + 1;
        for (int i = start; i <= uri.length; i++) {
            if (i == uri.length || uri[i] == '&') {
                int end = i;
                for (int j = start; j < i; j++) {
                    if (uri[j] == '=') {
                        end = j;
                        break;
                    }
                }
                keys.add(java.util.Arrays.copyOfRange(uri, start, end));
                start = i + 1;
            }
        }
        t.uriVars = keys;
    }

    private static String latin1(MimeHeader h) {
        return new String(h.data(), h.valueStart(), h.valueLength(), StandardCharsets.ISO_8859_1);
    }

    private static byte[] upper(byte[] b, int from, int to) {
        byte[] u = java.util.Arrays.copyOfRange(b, from, to);
        for (int i = 0; i < u.length; i++) {
            if (u[i] >= 'a' && u[i] <= 'z') {
                u[i] -= 32;
            }
        }
        return u;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
