package io.osprey.files;

import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

import java.util.ArrayList;
import java.util.List;

/**
 * files.log (Zeek 9.1's {@code Files::LOG}, base/frameworks/files/main.zeek): one row per file and connection it
 * was seen on, written when the file's analysis ends; a subscriber of {@link FileInfo}. The md5/sha1/sha256 columns
 * exist when Zeek loaded base/files/hash, the extracted ones when it loaded base/files/extract (both are part of
 * Zeek's default scripts), in that order.
 */
public final class FilesLog {
    private FilesLog() {
    }

    /** The columns every files.log has (Files::Info). */
    private static final Object[] BASE = {
        "ts", FieldType.TIME,
        "fuid", FieldType.STRING,
        "uid", FieldType.STRING,
        "id.orig_h", FieldType.ADDR,
        "id.orig_p", FieldType.PORT,
        "id.resp_h", FieldType.ADDR,
        "id.resp_p", FieldType.PORT,
        "source", FieldType.STRING,
        "depth", FieldType.COUNT,
        "analyzers", FieldType.SET_STRING,
        "mime_type", FieldType.STRING,
        "filename", FieldType.STRING,
        "duration", FieldType.INTERVAL,
        "local_orig", FieldType.BOOL,
        "is_orig", FieldType.BOOL,
        "seen_bytes", FieldType.COUNT,
        "total_bytes", FieldType.COUNT,
        "missing_bytes", FieldType.COUNT,
        "overflow_bytes", FieldType.COUNT,
        "timedout", FieldType.BOOL,
        "parent_fuid", FieldType.STRING,
    };
    private static final Object[] HASH = {
        "md5", FieldType.STRING,
        "sha1", FieldType.STRING,
        "sha256", FieldType.STRING,
    };
    private static final Object[] EXTRACT = {
        "extracted", FieldType.STRING,
        "extracted_cutoff", FieldType.BOOL,
        "extracted_size", FieldType.COUNT,
    };

    /** The files.log schema with or without the hash and extraction columns. */
    public static LogSchema schema(boolean hashColumns, boolean extractColumns) {
        List<Object> f = new ArrayList<>(List.of(BASE));
        if (hashColumns) {
            f.addAll(List.of(HASH));
        }
        if (extractColumns) {
            f.addAll(List.of(EXTRACT));
        }
        return LogSchema.of("files", f.toArray());
    }

    /** The schema for {@code config}'s column choice. */
    public static LogSchema schema(FilesConfig config) {
        return schema(config.hashColumns, config.extractColumns);
    }

    /** Subscribes files.log to {@code events}: every finished file becomes its rows in {@code stream}. */
    public static void install(EventBus events, LogStream stream, FilesConfig config) {
        boolean hash = config.hashColumns;
        boolean extract = config.extractColumns;
        events.subscribe(FileInfo.class, f -> {
            if (f.conns().isEmpty()) {
                stream.write(new Row(f, null, hash, extract));
            } else {
                for (ConnInfo c : f.conns()) {
                    stream.write(new Row(f, c, hash, extract));
                }
            }
        });
    }

    /** One files.log row: a file as seen on one connection (or on none). */
    record Row(FileInfo f, ConnInfo c, boolean hash, boolean extract) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(f.ts());
            w.string(f.fuid());
            if (c == null) {
                for (int i = 0; i < 5; i++) {
                    w.unset();
                }
            } else {
                w.string(c.uid());
                c.writeId(w);
            }
            w.optionalString(f.source());
            w.count(f.depth());
            w.strings(f.analyzers());
            w.optionalString(f.mimeType());
            w.optionalString(f.filename());
            w.intervalBetween(f.ts(), f.lastActive());
            if (f.localOrig() == null) {
                w.unset();
            } else {
                w.bool(f.localOrig());
            }
            if (f.isOrig() == null) {
                w.unset();
            } else {
                w.bool(f.isOrig());
            }
            w.count(f.seenBytes());
            w.optionalCount(f.totalBytes());
            w.count(f.missingBytes());
            w.count(f.overflowBytes());
            w.bool(f.timedout());
            w.optionalString(f.parentFuid());
            if (hash) {
                w.optionalString(f.md5());
                w.optionalString(f.sha1());
                w.optionalString(f.sha256());
            }
            if (extract) {
                w.optionalString(f.extracted());
                if (f.extractedCutoff() == null) {
                    w.unset();
                } else {
                    w.bool(f.extractedCutoff());
                }
                w.optionalCount(f.extractedSize());
            }
        }

    }
}
