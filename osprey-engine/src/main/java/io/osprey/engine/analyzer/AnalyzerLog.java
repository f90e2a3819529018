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

    /** Zeek logs a packet analyzer's first violation on a connection (analyzer_violation_info). */
    private record PacketRow(PacketAnalyzerFailure f) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(f.ts());
            w.string("packet");
            w.string(f.analyzer());
            w.string(f.conn().uid());
            w.unset();
            f.conn().writeId(w);
            w.string(f.conn().transportName());
            w.string(f.reason());
            w.unset();
        }
    }

    /** Zeek logs file analyzers' violations unconditionally (logging.zeek's analyzer_violation_info handler). */
    private record FileRow(FileAnalyzerFailure f) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(f.ts());
            w.string("file");
            w.string(f.analyzer());
            if (f.conn() == null) {
                w.unset();
                w.string(f.fuid());
                for (int i = 0; i < 5; i++) {
                    w.unset();
                }
            } else {
                w.string(f.conn().uid());
                w.string(f.fuid());
                f.conn().writeId(w);
                w.string(f.conn().transportName());
            }
            w.string(f.reason());
            if (f.data() == null) {
                w.unset();
            } else {
                // One char per byte: logged as the raw bytes, escaped as Zeek escapes them.
                byte[] b = f.data().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                w.bytes(b, 0, Math.min(b.length, FAILURE_DATA_MAX_SIZE));
            }
        }
    }

    private static void data(FieldWriter w, String d) {
        if (d == null) {
            w.unset();
        } else {
            w.string(d.length() > FAILURE_DATA_MAX_SIZE ? d.substring(0, FAILURE_DATA_MAX_SIZE) : d);
        }
    }

    private record Row(AnalyzerFailure f) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(f.ts());
            w.string("protocol");
            w.string(f.analyzer().name());
            w.string(f.conn().uid());
            w.unset();
            f.conn().writeId(w);
            w.string(f.conn().transportName());
            w.string(f.reason());
            data(w, f.data());
        }
    }
}
