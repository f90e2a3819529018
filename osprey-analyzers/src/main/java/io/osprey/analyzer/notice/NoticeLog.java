package io.osprey.analyzer.notice;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

import java.util.List;

/**
 * notice.log (Zeek's {@code base/frameworks/notice/main.zeek} with its default action, {@code Notice::ACTION_LOG}):
 * a subscriber of {@link Notice} events. GeoIP ({@code remote_location}) is not resolved: those columns stay unset.
 */
public final class NoticeLog {
    /** Zeek's {@code Notice::Info} as logged. */
    public static final LogSchema SCHEMA = LogSchema.of("notice",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "fuid", FieldType.STRING,
            "file_mime_type", FieldType.STRING,
            "file_desc", FieldType.STRING,
            "proto", FieldType.ENUM,
            "note", FieldType.ENUM,
            "msg", FieldType.STRING,
            "sub", FieldType.STRING,
            "src", FieldType.ADDR,
            "dst", FieldType.ADDR,
            "p", FieldType.PORT,
            "n", FieldType.COUNT,
            "peer_descr", FieldType.STRING,
            "actions", FieldType.SET_ENUM,
            "email_dest", FieldType.SET_STRING,
            "suppress_for", FieldType.INTERVAL,
            "remote_location.country_code", FieldType.STRING,
            "remote_location.region", FieldType.STRING,
            "remote_location.city", FieldType.STRING,
            "remote_location.latitude", FieldType.DOUBLE,
            "remote_location.longitude", FieldType.DOUBLE);

    private static final List<String> ACTIONS = List.of("Notice::ACTION_LOG");

    private NoticeLog() {
    }

    /** Subscribes notice.log to {@code events}. */
    public static void install(EventBus events, LogStream stream) {
        events.subscribe(Notice.class, n -> stream.write(new Row(n)));
    }

    private record Row(Notice n) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(n.ts());
            var c = n.conn();
            if (c != null) {
                w.string(c.uid());
                c.writeId(w);
            } else {
                for (int i = 0; i < 5; i++) {
                    w.unset();
                }
            }
            w.unset();
            w.unset();
            w.unset();
            if (c != null) {
                w.string(c.transportName());
            } else {
                w.unset();
            }
            w.string(n.note());
            w.string(n.msg());
            if (n.sub() == null) {
                w.unset();
            } else {
                w.string(n.sub());
            }
            if (n.hasSrc()) {
                w.addr(n.srcHi(), n.srcLo());
            } else if (c != null) {
                w.addr(c.origHi(), c.origLo());
            } else {
                w.unset();
            }
            if (c != null) {
                w.addr(c.respHi(), c.respLo());
                w.port(c.respPort());
            } else {
                w.unset();
                w.unset();
            }
            w.unset();
            w.unset();
            w.strings(ACTIONS);
            w.strings(List.of());
            w.interval(n.suppressForNanos());
            for (int i = 0; i < 5; i++) {
                w.unset();
            }
        }
    }
}
