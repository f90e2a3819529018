package io.osprey.analyzer.dhcp;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/** dhcp.log (Zeek's {@code DHCP::LOG}, base/protocols/dhcp/main.zeek): one row per {@link DhcpInfo}. */
public final class DhcpLog {
    /** Zeek's columns, in order. */
    public static final LogSchema SCHEMA = LogSchema.of("dhcp",
            "ts", FieldType.TIME,
            "uids", FieldType.SET_STRING,
            "client_addr", FieldType.ADDR,
            "server_addr", FieldType.ADDR,
            "mac", FieldType.STRING,
            "host_name", FieldType.STRING,
            "client_fqdn", FieldType.STRING,
            "domain", FieldType.STRING,
            "requested_addr", FieldType.ADDR,
            "assigned_addr", FieldType.ADDR,
            "lease_time", FieldType.INTERVAL,
            "client_message", FieldType.STRING,
            "server_message", FieldType.STRING,
            "msg_types", FieldType.VECTOR_STRING,
            "duration", FieldType.INTERVAL);

    private DhcpLog() {
    }

    /** Subscribes dhcp.log ({@code stream}) to the {@link DhcpInfo}s published on {@code events}. Setup time. */
    public static void install(EventBus events, LogStream stream) {
        events.subscribe(DhcpInfo.class, stream::write);
    }
}
