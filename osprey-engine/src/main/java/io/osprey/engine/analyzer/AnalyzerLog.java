package io.osprey.engine.analyzer;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/**
 * analyzer.log (Zeek's {@code base/frameworks/analyzer/logging.zeek}): one row when a protocol analyzer that had
 * confirmed its protocol on a connection is detached after a violation, one for every violation of a file
 * analyzer, and one for a packet analyzer's first violation on a connection. A subscriber of
 * {@link AnalyzerFailure}, {@link FileAnalyzerFailure} and {@link PacketAnalyzerFailure}.
 */
public final class AnalyzerLog {
    /** Zeek's {@code Analyzer::Logging::Info}. */
    public static final LogSchema SCHEMA = LogSchema.of("analyzer",
            "ts", FieldType.TIME,
            "analyzer_kind", FieldType.STRING,
            "analyzer_name", FieldType.STRING,
            "uid", FieldType.STRING,
            "fuid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "proto", FieldType.ENUM,
            "failure_reason", FieldType.STRING,
            "failure_data", FieldType.STRING);

    /** Zeek's {@code Analyzer::Logging::failure_data_max_size}. */
    public static final int FAILURE_DATA_MAX_SIZE = 40;

    private AnalyzerLog() {
    }

    /** Subscribes analyzer.log to {@code events}, writing to {@code stream}. */
    public static void install(EventBus events, LogStream stream) {
        events.subscribe(AnalyzerFailure.class, f -> {
            if (f.wasConfirmed()) {
                stream.write(new Row(f));
            }
        });
        events.subscribe(FileAnalyzerFailure.class, f -> stream.write(new FileRow(f)));
        events.subscribe(PacketAnalyzerFailure.class, f -> stream.write(new PacketRow(f)));
    }

    /**
     * The columns every row shares, ts to failure_reason: Zeek's log_analyzer_failure fills uid, id and proto from
     * the connection when there is one, fuid from the file when there is one.
     */
    private static void head(FieldWriter w, long ts, String kind, String name, ConnInfo conn, String fuid,
                             String reason) {
        w.time(ts);
        w.string(kind);
        w.string(name);
        if (conn == null) {
            w.unset();
        } else {
            w.string(conn.uid());
        }
        if (fuid == null) {
            w.unset();
        } else {
            w.string(fuid);
        }
        if (conn == null) {
            for (int i = 0; i < 5; i++) {
                w.unset();
            }
        } else {
            conn.writeId(w);
            w.string(conn.transportName());
        }
        w.wireString(reason);
    }

    /** Zeek logs a packet analyzer's first violation on a connection (analyzer_violation_info). */
    private record PacketRow(PacketAnalyzerFailure f) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            head(w, f.ts(), "packet", f.analyzer(), f.conn(), null, f.reason());
            if (f.data() == null) {
                w.unset();
            } else {
                w.bytes(f.data(), 0, f.data().length);
            }
        }
    }

    /** Zeek logs file analyzers' violations unconditionally (logging.zeek's analyzer_violation_info handler). */
    private record FileRow(FileAnalyzerFailure f) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            head(w, f.ts(), "file", f.analyzer(), f.conn(), f.fuid(), f.reason());
            if (f.data() == null) {
                w.unset();
            } else {
                // One char per byte: logged as the raw bytes, escaped as Zeek escapes them.
                byte[] b = f.data().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                w.bytes(b, 0, Math.min(b.length, FAILURE_DATA_MAX_SIZE));
            }
        }
    }

    /** A protocol analyzer detached after a violation, having confirmed before (analyzer_failed). */
    private record Row(AnalyzerFailure f) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            head(w, f.ts(), "protocol", f.analyzer().name(), f.conn(), null, f.reason());
            String d = f.data();
            if (d == null) {
                w.unset();
            } else {
                w.wireString(d.length() > FAILURE_DATA_MAX_SIZE ? d.substring(0, FAILURE_DATA_MAX_SIZE) : d);
            }
        }
    }
}
