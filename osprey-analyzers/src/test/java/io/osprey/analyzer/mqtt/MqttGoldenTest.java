package io.osprey.analyzer.mqtt;

import io.osprey.analyzer.GoldenLogs;
import io.osprey.analyzer.Pipelines;
import io.osprey.analyzer.ZeekBaselines;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden test on the project's own capture {@code mqtt-golden.pcap} (made with {@code make-capture.sh}: Mosquitto
 * with mosquitto_sub and mosquitto_pub: QoS 0, 1 and 2, a retained message, a will, MQTT 3.1 and 5, a payload over
 * {@code MQTT::max_payload_size}, a broker on a port only payload detection finds). The three MQTT logs and conn.log
 * must equal what Zeek 9.1 wrote ({@code zeek-*.log}; update with {@code ./mvnw -q test -pl osprey-analyzers -am
 * -Dosprey.golden.update=true -Dtest=MqttGoldenTest -Dsurefire.failIfNoSpecifiedTests=false}).
 */
class MqttGoldenTest {
    private static final List<String> LOGS = List.of("mqtt_connect.log", "mqtt_publish.log", "mqtt_subscribe.log",
            "conn.log");

    @TempDir
    Path dir;

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = ZeekBaselines.resource(MqttGoldenTest.class, "mqtt-golden.pcap");
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(MqttGoldenTest.class, pcap, dir, "mqtt-golden.pcap", LOGS);
        }
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        GoldenLogs golden = new GoldenLogs(Set.of("uid"), Set.of("service"));
        for (String log : LOGS) {
            golden.compare(MqttGoldenTest.class, log, out);
        }
        golden.assertSame();
        assertThat(ZeekLogs.read(out.resolve("mqtt_publish.log"))).extracting(r -> r.get("qos"))
                .contains("at most once", "at least once", "exactly once");
    }
}
