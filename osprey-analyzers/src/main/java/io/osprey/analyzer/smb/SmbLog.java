package io.osprey.analyzer.smb;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/**
 * smb_files.log and smb_mapping.log (Zeek's {@code SMB::FILES_LOG} and {@code SMB::MAPPING_LOG}): subscribers of the
 * analyzer's {@link SmbFileRow} and {@link SmbMappingRow} events. Field names, types and order are Zeek 9.1's.
 */
public final class SmbLog {
    /** Zeek's {@code SMB::FileInfo}. */
    public static final LogSchema FILES = LogSchema.of("smb_files",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "fuid", FieldType.STRING,
            "action", FieldType.ENUM,
            "path", FieldType.STRING,
            "name", FieldType.STRING,
            "size", FieldType.COUNT,
            "prev_name", FieldType.STRING,
            "times.modified", FieldType.TIME,
            "times.accessed", FieldType.TIME,
            "times.created", FieldType.TIME,
            "times.changed", FieldType.TIME);

    /** Zeek's {@code SMB::TreeInfo}. */
    public static final LogSchema MAPPING = LogSchema.of("smb_mapping",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "path", FieldType.STRING,
            "service", FieldType.STRING,
            "native_file_system", FieldType.STRING,
            "share_type", FieldType.STRING);

    private SmbLog() {
    }

    /** Subscribes both logs to {@code events}. */
    public static void install(EventBus events, LogStream files, LogStream mapping) {
        events.subscribe(SmbFileRow.class, r -> files.write(new FileRecord(r)));
        events.subscribe(SmbMappingRow.class, r -> mapping.write(new MappingRecord(r)));
    }

    private record FileRecord(SmbFileRow r) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(r.ts());
            w.string(r.conn().uid());
            r.conn().writeId(w);
            w.optionalString(r.fuid());
            w.string(r.action().zeekName());
            bytes(w, r.path());
            bytes(w, r.name());
            w.count(r.size());
            bytes(w, r.prevName());
            if (r.times() == null) {
                w.unset();
                w.unset();
                w.unset();
                w.unset();
            } else {
                for (long t : r.times()) {
                    // A time Zeek computed as a double (not from a packet): both writers print a double time and
                    // a double interval alike.
                    w.intervalSeconds(SmbTime.zeekTime(t));
                }
            }
        }
    }

    private record MappingRecord(SmbMappingRow r) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(r.ts());
            w.string(r.conn().uid());
            r.conn().writeId(w);
            bytes(w, r.path());
            w.optionalString(r.service());
            bytes(w, r.nativeFs());
            w.string(r.shareType());
        }
    }

    private static void bytes(FieldWriter w, byte[] b) {
        if (b == null) {
            w.unset();
        } else {
            w.bytes(b, 0, b.length);
        }
    }
}
