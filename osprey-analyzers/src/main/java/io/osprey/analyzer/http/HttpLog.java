package io.osprey.analyzer.http;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogManager;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

import java.util.ArrayList;
import java.util.List;

/**
 * http.log (Zeek's {@code HTTP::LOG}, base/protocols/http/main.zeek and entities.zeek): one row per
 * {@link HttpTransaction}. Optional columns follow Zeek's policy scripts: {@code protocols/http/header-names}
 * adds {@code client_header_names} and {@code server_header_names}, {@code protocols/http/var-extraction-uri}
 * adds {@code uri_vars}.
 */
public final class HttpLog {
    /** The columns of the base scripts, in Zeek's order. */
    private static final Object[] BASE = {
        "ts", FieldType.TIME,
        "uid", FieldType.STRING,
        "id.orig_h", FieldType.ADDR,
        "id.orig_p", FieldType.PORT,
        "id.resp_h", FieldType.ADDR,
        "id.resp_p", FieldType.PORT,
        "trans_depth", FieldType.COUNT,
        "method", FieldType.STRING,
        "host", FieldType.STRING,
        "uri", FieldType.STRING,
        "referrer", FieldType.STRING,
        "version", FieldType.STRING,
        "user_agent", FieldType.STRING,
        "origin", FieldType.STRING,
        "request_body_len", FieldType.COUNT,
        "response_body_len", FieldType.COUNT,
        "status_code", FieldType.COUNT,
        "status_msg", FieldType.STRING,
        "info_code", FieldType.COUNT,
        "info_msg", FieldType.STRING,
        "tags", FieldType.SET_ENUM,
        "username", FieldType.STRING,
        "password", FieldType.STRING,
        "proxied", FieldType.SET_STRING,
        "orig_fuids", FieldType.VECTOR_STRING,
        "orig_filenames", FieldType.VECTOR_STRING,
        "orig_mime_types", FieldType.VECTOR_STRING,
        "resp_fuids", FieldType.VECTOR_STRING,
        "resp_filenames", FieldType.VECTOR_STRING,
        "resp_mime_types", FieldType.VECTOR_STRING,
    };

    private HttpLog() {
    }

    /** The schema for these options (extra columns of the policy scripts they enable). */
    public static LogSchema schema(HttpOptions options) {
        List<Object> f = new ArrayList<>(List.of(BASE));
        if (options.headerNames) {
            f.addAll(List.of("client_header_names", FieldType.VECTOR_STRING,
                    "server_header_names", FieldType.VECTOR_STRING));
        }
        if (options.uriVars) {
            f.addAll(List.of("uri_vars", FieldType.VECTOR_STRING));
        }
        return LogSchema.of("http", f.toArray());
    }

    /** Subscribes http.log to the transactions published on {@code events}. */
    public static void install(EventBus events, LogManager logs, HttpOptions options) {
        LogStream stream = logs.stream(schema(options));
        events.subscribe(HttpTransaction.class, tx -> stream.write(new Row(tx, options)));
    }

    /** One row. */
    record Row(HttpTransaction t, HttpOptions options) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(t.ts);
            w.string(t.uid);
            w.addr(t.origHi, t.origLo);
            w.port(t.origPort);
            w.addr(t.respHi, t.respLo);
            w.port(t.respPort);
            w.count(t.transDepth);
            bytes(w, t.method);
            bytes(w, t.host);
            bytes(w, t.uri);
            bytes(w, t.referrer);
            if (t.version == null) {
                w.unset();
            } else {
                w.string(t.version);
            }
            bytes(w, t.userAgent);
            bytes(w, t.origin);
            w.count(t.requestBodyLen);
            w.count(t.responseBodyLen);
            count(w, t.statusCode);
            bytes(w, t.statusMsg);
            count(w, t.infoCode);
            bytes(w, t.infoMsg);
            w.strings(t.tags == null ? List.of() : t.tags);
            bytes(w, t.username);
            bytes(w, t.password);
            if (t.proxied == null) {
                w.unset();
            } else {
                w.byteStrings(t.proxied);
            }
            strings(w, t.origFuids);
            byteStrings(w, t.origFilenames);
            strings(w, t.origMimeTypes);
            strings(w, t.respFuids);
            byteStrings(w, t.respFilenames);
            strings(w, t.respMimeTypes);
            if (options.headerNames) {
                byteStrings(w, t.clientHeaderNames);
                byteStrings(w, t.serverHeaderNames);
            }
            if (options.uriVars) {
                byteStrings(w, t.uriVars);
            }
        }

        private static void bytes(FieldWriter w, byte[] b) {
            if (b == null) {
                w.unset();
            } else {
                w.bytes(b, 0, b.length);
            }
        }

        private static void count(FieldWriter w, int n) {
            if (n < 0) {
                w.unset();
            } else {
                w.count(n);
            }
        }

        private static void strings(FieldWriter w, List<String> l) {
            if (l == null) {
                w.unset();
            } else {
                w.strings(l);
            }
        }

        private static void byteStrings(FieldWriter w, List<byte[]> l) {
            if (l == null) {
                w.unset();
            } else {
                w.byteStrings(l);
            }
        }
    }
}
