package io.osprey.analyzer.mqtt;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * One mqtt_publish.log row (Zeek's {@code MQTT::PublishInfo}): a PUBLISH whose QoS exchange completed (at once for
 * QoS 0, at PUBACK for 1, at PUBCOMP after PUBREC and PUBREL for 2), published by {@link MqttAnalyzer}.
 *
 * @param ts         network time of the PUBLISH, ns
 * @param conn       the connection
 * @param fromClient the originator sent it
 * @param retain     the RETAIN flag
 * @param qos        consts.zeek's {@code qos_levels} name
 * @param status     "ok" (only completed exchanges are logged: Zeek's pending-table expiry never fires)
 * @param topic      the topic name
 * @param payload    the payload, cut to {@code MQTT::max_payload_size} bytes
 * @param payloadLen the payload's full length
 */
public record MqttPublishInfo(long ts, ConnInfo conn, boolean fromClient, boolean retain, String qos, String status,
                              byte[] topic, byte[] payload, long payloadLen) {
}
