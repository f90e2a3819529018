package io.osprey.analyzer.mqtt;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogManager;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/**
 * mqtt_connect.log, mqtt_publish.log and mqtt_subscribe.log (Zeek's base/protocols/mqtt/main.zeek): one row per
 * {@link MqttConnectInfo}, {@link MqttPublishInfo} and {@link MqttSubscribeInfo} on the event bus. Installed by
 * BuiltinAnalyzers.
 */
public final class MqttLog {
    private static final Object[] ID = {"ts", FieldType.TIME, "uid", FieldType.STRING, "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT, "id.resp_h", FieldType.ADDR, "id.resp_p", FieldType.PORT};

    /** mqtt_connect.log's columns. */
    public static final LogSchema CONNECT = schema("mqtt_connect",
            "proto_name", FieldType.STRING,
            "proto_version", FieldType.STRING,
            "client_id", FieldType.STRING,
            "connect_status", FieldType.STRING,
            "will_topic", FieldType.STRING,
            "will_payload", FieldType.STRING);
    /** mqtt_publish.log's columns. */
    public static final LogSchema PUBLISH = schema("mqtt_publish",
            "from_client", FieldType.BOOL,
            "retain", FieldType.BOOL,
            "qos", FieldType.STRING,
            "status", FieldType.STRING,
            "topic", FieldType.STRING,
            "payload", FieldType.STRING,
            "payload_len", FieldType.COUNT);
    /** mqtt_subscribe.log's columns. */
    public static final LogSchema SUBSCRIBE = schema("mqtt_subscribe",
            "action", FieldType.ENUM,
            "topics", FieldType.VECTOR_STRING,
            "qos_levels", FieldType.VECTOR_COUNT,
            "granted_qos_level", FieldType.COUNT,
            "ack", FieldType.BOOL);

    private MqttLog() {
    }

    private static LogSchema schema(String path, Object... fields) {
        Object[] all = new Object[ID.length + fields.length];
        System.arraycopy(ID, 0, all, 0, ID.length);
        System.arraycopy(fields, 0, all, ID.length, fields.length);
        return LogSchema.of(path, all);
    }

    /** Subscribes the three logs to the MQTT records published on {@code events}. */
    public static void install(EventBus events, LogManager logs) {
        LogStream connect = logs.stream(CONNECT);
        LogStream publish = logs.stream(PUBLISH);
        LogStream subscribe = logs.stream(SUBSCRIBE);
        events.subscribe(MqttConnectInfo.class, i -> connect.write(new ConnectRow(i)));
        events.subscribe(MqttPublishInfo.class, i -> publish.write(new PublishRow(i)));
        events.subscribe(MqttSubscribeInfo.class, i -> subscribe.write(new SubscribeRow(i)));
    }

    private static void bytes(FieldWriter w, byte[] b) {
        if (b == null) {
            w.unset();
        } else {
            w.bytes(b, 0, b.length);
        }
    }

    /** One mqtt_connect.log row. */
    record ConnectRow(MqttConnectInfo i) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(i.ts());
            w.string(i.conn().uid());
            i.conn().writeId(w);
            bytes(w, i.protoName());
            w.optionalString(i.protoVersion());
            bytes(w, i.clientId());
            w.optionalString(i.connectStatus());
            bytes(w, i.willTopic());
            bytes(w, i.willPayload());
        }
    }

    /** One mqtt_publish.log row. */
    record PublishRow(MqttPublishInfo i) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(i.ts());
            w.string(i.conn().uid());
            i.conn().writeId(w);
            w.bool(i.fromClient());
            w.bool(i.retain());
            w.string(i.qos());
            w.string(i.status());
            bytes(w, i.topic());
            bytes(w, i.payload());
            w.count(i.payloadLen());
        }
    }

    /** One mqtt_subscribe.log row. */
    record SubscribeRow(MqttSubscribeInfo i) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(i.ts());
            w.string(i.conn().uid());
            i.conn().writeId(w);
            w.string(i.subscribe() ? "MQTT::SUBSCRIBE" : "MQTT::UNSUBSCRIBE");
            w.strings(i.topics());
            if (i.qosLevels() == null) {
                w.unset();
            } else {
                w.counts(i.qosLevels(), i.qosLevels().length);
            }
            w.optionalCount(i.grantedQos());
            w.bool(i.ack());
        }
    }
}
