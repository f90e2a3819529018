package io.osprey.analyzer.mqtt;

import io.osprey.engine.analyzer.ConnInfo;

import java.util.List;

/**
 * One mqtt_subscribe.log row (Zeek's {@code MQTT::SubscribeInfo}): a SUBSCRIBE at its SUBACK or an UNSUBSCRIBE at
 * its UNSUBACK, published by {@link MqttAnalyzer}.
 *
 * @param ts         network time of the request, ns
 * @param conn       the connection
 * @param subscribe  true for MQTT::SUBSCRIBE, false for MQTT::UNSUBSCRIBE
 * @param topics     the topic filters (bytes as ISO-8859-1 text)
 * @param qosLevels  the requested QoS levels (subscribe), or null
 * @param grantedQos the first granted QoS of the SUBACK, or -1
 * @param ack        the request was acknowledged
 */
public record MqttSubscribeInfo(long ts, ConnInfo conn, boolean subscribe, List<String> topics, long[] qosLevels,
                                int grantedQos, boolean ack) {
}
