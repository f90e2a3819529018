package io.osprey.analyzer.rdp;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/** rdp.log (Zeek's {@code RDP::LOG}): one row per {@link RdpInfo} on the event bus. Installed by BuiltinAnalyzers. */
public final class RdpLog {
    /** Zeek's columns, in order (base/protocols/rdp/main.zeek). */
    public static final LogSchema SCHEMA = LogSchema.of("rdp",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "cookie", FieldType.STRING,
            "result", FieldType.STRING,
            "security_protocol", FieldType.STRING,
            "client_channels", FieldType.VECTOR_STRING,
            "keyboard_layout", FieldType.STRING,
            "client_build", FieldType.STRING,
            "client_name", FieldType.STRING,
            "client_dig_product_id", FieldType.STRING,
            "desktop_width", FieldType.COUNT,
            "desktop_height", FieldType.COUNT,
            "requested_color_depth", FieldType.STRING,
            "cert_type", FieldType.STRING,
            "cert_count", FieldType.COUNT,
            "cert_permanent", FieldType.BOOL,
            "encryption_level", FieldType.STRING,
            "encryption_method", FieldType.STRING);

    private RdpLog() {
    }

    /** Subscribes rdp.log ({@code stream}) to the {@link RdpInfo}s published on {@code events}. */
    public static void install(EventBus events, LogStream stream) {
        events.subscribe(RdpInfo.class, info -> stream.write(new Row(info)));
    }

    /** One row. */
    record Row(RdpInfo r) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(r.ts());
            w.string(r.conn().uid());
            r.conn().writeId(w);
            bytes(w, r.cookie());
            w.optionalString(r.result());
            w.optionalString(r.securityProtocol());
            if (r.clientChannels() == null) {
                w.unset();
            } else {
                w.byteStrings(r.clientChannels());
            }
            w.optionalString(r.keyboardLayout());
            w.optionalString(r.clientBuild());
            bytes(w, r.clientName());
            bytes(w, r.clientDigProductId());
            w.optionalCount(r.desktopWidth());
            w.optionalCount(r.desktopHeight());
            w.optionalString(r.requestedColorDepth());
            w.optionalString(r.certType());
            w.count(r.certCount());
            if (r.certPermanent() == null) {
                w.unset();
            } else {
                w.bool(r.certPermanent());
            }
            w.optionalString(r.encryptionLevel());
            w.optionalString(r.encryptionMethod());
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
