package io.osprey.analyzer.socks;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/**
 * socks.log (Zeek's {@code SOCKS::LOG}, base/protocols/socks/main.zeek): one row per {@link SocksInfo} published
 * on the event bus.
 */
public final class SocksLog {
    /** Zeek's columns, in order (the {@code SOCKS::Address} records flattened as {@code request.host} etc.). */
    public static final LogSchema SCHEMA = LogSchema.of("socks",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "version", FieldType.COUNT,
            "user", FieldType.STRING,
            "password", FieldType.STRING,
            "status", FieldType.STRING,
            "request.host", FieldType.ADDR,
            "request.name", FieldType.STRING,
            "request_p", FieldType.PORT,
            "bound.host", FieldType.ADDR,
            "bound.name", FieldType.STRING,
            "bound_p", FieldType.PORT);

    private SocksLog() {
    }

    /** Subscribes socks.log ({@code stream}) to the {@link SocksInfo}s published on {@code events}. */
    public static void install(EventBus events, LogStream stream) {
        events.subscribe(SocksInfo.class, info -> stream.write(new Row(info)));
    }

    /** One row. */
    record Row(SocksInfo s) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(s.ts());
            w.string(s.conn().uid());
            s.conn().writeId(w);
            w.count(s.version());
            bytes(w, s.user());
            bytes(w, s.password());
            if (s.status() == null) {
                w.unset();
            } else {
                w.string(s.status());
            }
            address(w, s.request());
            port(w, s.requestPort());
            address(w, s.bound());
            port(w, s.boundPort());
        }

        private static void address(FieldWriter w, SocksAddress a) {
            if (a != null && a.hasHost()) {
                w.addr(a.hostHi(), a.hostLo());
            } else {
                w.unset();
            }
            bytes(w, a == null ? null : a.name());
        }

        private static void port(FieldWriter w, int p) {
            if (p < 0) {
                w.unset();
            } else {
                w.port(p);
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
}
