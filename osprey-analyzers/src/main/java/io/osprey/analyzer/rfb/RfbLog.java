package io.osprey.analyzer.rfb;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/** rfb.log (Zeek's {@code RFB::LOG}): one row per {@link RfbInfo} on the event bus. Installed by BuiltinAnalyzers. */
public final class RfbLog {
    /** Zeek's columns, in order. */
    public static final LogSchema SCHEMA = LogSchema.of("rfb",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "client_major_version", FieldType.STRING,
            "client_minor_version", FieldType.STRING,
            "server_major_version", FieldType.STRING,
            "server_minor_version", FieldType.STRING,
            "authentication_method", FieldType.STRING,
            "auth", FieldType.BOOL,
            "share_flag", FieldType.BOOL,
            "desktop_name", FieldType.STRING,
            "width", FieldType.COUNT,
            "height", FieldType.COUNT);

    private RfbLog() {
    }

    /** Subscribes rfb.log ({@code stream}) to the {@link RfbInfo}s published on {@code events}. */
    public static void install(EventBus events, LogStream stream) {
        events.subscribe(RfbInfo.class, info -> stream.write(new Row(info)));
    }

    /** One row. */
    record Row(RfbInfo r) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(r.ts());
            w.string(r.conn().uid());
            r.conn().writeId(w);
            for (byte[] b : new byte[][] {r.clientMajor(), r.clientMinor(), r.serverMajor(), r.serverMinor()}) {
                bytes(w, b);
            }
            w.optionalString(r.authenticationMethod());
            bool(w, r.auth());
            bool(w, r.shareFlag());
            bytes(w, r.desktopName());
            w.optionalCount(r.width());
            w.optionalCount(r.height());
        }

        private static void bytes(FieldWriter w, byte[] b) {
            if (b == null) {
                w.unset();
            } else {
                w.bytes(b, 0, b.length);
            }
        }

        private static void bool(FieldWriter w, Boolean b) {
            if (b == null) {
                w.unset();
            } else {
                w.bool(b);
            }
        }
    }
}
