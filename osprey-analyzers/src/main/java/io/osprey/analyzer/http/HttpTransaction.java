package io.osprey.analyzer.http;

import io.osprey.engine.analyzer.ConnInfo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Event: one HTTP request/response pair, complete as http.log records it (Zeek's {@code HTTP::Info}), published when
 * Zeek writes the row: after the final (non-1xx) reply's body, or, for transactions still pending, when the
 * connection ends or the pipelining limit is hit. Built by the HTTP analyzer while the transaction runs and not
 * changed after it is published; handlers may keep it. Byte-string fields are as seen on the wire (not decoded).
 */
public final class HttpTransaction {
    // ---- identity (Zeek copies c$id when the record is created)
    final String uid;
    final long origHi;
    final long origLo;
    final int origPort;
    final long respHi;
    final long respLo;
    final int respPort;
    final ConnInfo conn;
    final long ts;
    final int transDepth;

    byte[] method;
    byte[] host;
    byte[] uri;
    byte[] referrer;
    String version;
    byte[] userAgent;
    byte[] origin;
    long requestBodyLen;
    long responseBodyLen;
    int statusCode = -1;
    byte[] statusMsg;
    int infoCode = -1;
    byte[] infoMsg;
    Set<String> tags;
    byte[] username;
    byte[] password;
    Set<byte[]> proxied;
    List<String> origFuids;
    List<byte[]> origFilenames;
    List<String> origMimeTypes;
    List<String> respFuids;
    List<byte[]> respFilenames;
    List<String> respMimeTypes;
    List<byte[]> clientHeaderNames;
    List<byte[]> serverHeaderNames;
    List<byte[]> uriVars;

    // ---- script state that is not logged
    boolean capturePassword;
    boolean rangeRequest;
    /** Zeek's current_entity: present between http_begin_entity and http_end_entity. */
    boolean hasEntity;
    /** current_entity$filename. */
    byte[] entityFilename;
    int origMimeDepth;
    int respMimeDepth;
    /** software-browser-plugins.zeek: the Flash version the client announced, or null. */
    String flashVersion;
    /** software-browser-plugins.zeek: the server is Omniture's. */
    boolean omniture;
    /** The row was written: later changes (a late MIME sniff) no longer count. */
    boolean logged;

    HttpTransaction(ConnInfo conn, long ts, int transDepth) {
        this.conn = conn;
        this.uid = conn.uid();
        this.origHi = conn.origHi();
        this.origLo = conn.origLo();
        this.origPort = conn.origPort();
        this.respHi = conn.respHi();
        this.respLo = conn.respLo();
        this.respPort = conn.respPort();
        this.ts = ts;
        this.transDepth = transDepth;
    }

    /** The connection it ran on. */
    public ConnInfo conn() {
        return conn;
    }

    /** Connection uid. */
    public String uid() {
        return uid;
    }

    /** When the transaction's record was created (normally the request), ns since the epoch. */
    public long ts() {
        return ts;
    }

    /** Pipelined depth into the connection of this request/response transaction (1-based). */
    public int transDepth() {
        return transDepth;
    }

    /** Request method (GET, POST, ...), or null. */
    public byte[] method() {
        return method;
    }

    /** Value of the Host header, or null. */
    public byte[] host() {
        return host;
    }

    /** URI of the request, %-decoded, or null. */
    public byte[] uri() {
        return uri;
    }

    /** Value of the User-Agent header, or null. */
    public byte[] userAgent() {
        return userAgent;
    }

    /** Status code of the reply, or -1. */
    public int statusCode() {
        return statusCode;
    }

    /** Uncompressed size of the request body. */
    public long requestBodyLen() {
        return requestBodyLen;
    }

    /** Uncompressed size of the response body. */
    public long responseBodyLen() {
        return responseBodyLen;
    }

    /** File ids of the response's bodies, in order; empty when none. */
    public List<String> respFuids() {
        return respFuids == null ? List.of() : respFuids;
    }

    /** File ids of the request's bodies, in order; empty when none. */
    public List<String> origFuids() {
        return origFuids == null ? List.of() : origFuids;
    }

    /** Indicators attached to this transaction (Zeek's {@code HTTP::Tags}); empty in the base analysis. */
    public Set<String> tags() {
        return tags == null ? Set.of() : tags;
    }

    /** Adds a tag (Zeek's {@code add c$http$tags[...]}); for policy code running before the row is written. */
    public void addTag(String tag) {
        if (tags == null) {
            tags = new LinkedHashSet<>();
        }
        tags.add(tag);
    }

    static <T> List<T> add(List<T> l, T v) {
        if (l == null) {
            l = new ArrayList<>(2);
        }
        l.add(v);
        return l;
    }
}
