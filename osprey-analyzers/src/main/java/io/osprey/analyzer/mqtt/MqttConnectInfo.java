package io.osprey.analyzer.mqtt;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * One mqtt_connect.log row (Zeek's {@code MQTT::ConnectInfo} as base/protocols/mqtt/main.zeek writes it at each
 * CONNACK): a snapshot of the session, published by {@link MqttAnalyzer}. Byte strings are as sent; unset ones null.
 *
 * @param ts            network time of the session's first MQTT event, ns
 * @param conn          the connection
 * @param protoName     the CONNECT's protocol name
 * @param protoVersion  consts.zeek's {@code versions} name of the protocol level
 * @param clientId      the client identifier
 * @param connectStatus consts.zeek's {@code return_codes} name of the CONNACK's return code
 * @param willTopic     the will topic, when the will flag was set
 * @param willPayload   the will message, when the will flag was set
 */
public record MqttConnectInfo(long ts, ConnInfo conn, byte[] protoName, String protoVersion, byte[] clientId,
                              String connectStatus, byte[] willTopic, byte[] willPayload) {
}
