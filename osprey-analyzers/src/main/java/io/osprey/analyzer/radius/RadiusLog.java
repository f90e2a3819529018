package io.osprey.analyzer.radius;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/** radius.log (Zeek's {@code RADIUS::LOG}, base/protocols/radius/main.zeek): one row per {@link RadiusInfo}. */
public final class RadiusLog {
    /** Zeek's columns, in order. */
    public static final LogSchema SCHEMA = LogSchema.of("radius",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "username", FieldType.STRING,
            "mac", FieldType.STRING,
            "framed_addr", FieldType.ADDR,
            "tunnel_client", FieldType.STRING,
            "connect_info", FieldType.STRING,
            "reply_msg", FieldType.STRING,
            "result", FieldType.STRING,
            "ttl", FieldType.INTERVAL);

    private RadiusLog() {
    }

    /** Subscribes radius.log ({@code stream}) to the {@link RadiusInfo}s published on {@code events}. Setup time. */
    public static void install(EventBus events, LogStream stream) {
        events.subscribe(RadiusInfo.class, stream::write);
    }
}
