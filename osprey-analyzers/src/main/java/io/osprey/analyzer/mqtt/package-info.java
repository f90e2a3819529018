/**
 * MQTT 3.1 / 3.1.1 (OASIS MQTT Version 3.1.1): mqtt_connect.log, mqtt_publish.log, mqtt_subscribe.log and conn.log's
 * {@code service} "mqtt" as Zeek 9.1 writes them. Zeek's counterparts: the binpac analyzer
 * src/analyzer/protocol/mqtt (MQTT.cc, mqtt-protocol.pac, commands/*.pac: {@link io.osprey.analyzer.mqtt.MqttAnalyzer})
 * and base/protocols/mqtt (main.zeek, consts.zeek: the session, the pending tables and
 * {@link io.osprey.analyzer.mqtt.MqttLog}; dpd.sig: the probe). Port 1883/tcp and payload detection; the
 * {@code MQTT::max_payload_size} option (default 100) cuts logged payloads.
 *
 * <p>Known gaps: pending publishes and subscriptions are capped at
 * {@link io.osprey.analyzer.mqtt.MqttAnalyzer#MAX_PENDING} per connection (Zeek's tables are unbounded); when a
 * violation comes before confirmation Zeek keeps parsing until it disables the analyzer, which the framework does at
 * once (conn.log's service is "-" either way).
 */
package io.osprey.analyzer.mqtt;
