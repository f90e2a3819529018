package io.osprey.analyzer.mqtt;

import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MQTT analyzer with control packets in code. The expected rows and violation texts are what Zeek 9.1 wrote for
 * the same packets, each sent as one TCP segment (captures made for the purpose, run through {@code zeek -r} with
 * policy/frameworks/analyzer/debug-logging).
 */
class MqttAnalyzerTest {
    private final List<String> rows = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness(long maxPayload) {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 1883, MqttAnalyzer.spec(maxPayload));
        h.events().subscribe(MqttConnectInfo.class, i -> rows.add("connect " + s(i.protoName()) + " "
                + i.protoVersion() + " " + s(i.clientId()) + " " + i.connectStatus() + " " + s(i.willTopic()) + " "
                + s(i.willPayload())));
        h.events().subscribe(MqttPublishInfo.class, i -> rows.add("publish " + i.fromClient() + " " + i.retain() + " "
                + i.qos() + " " + i.status() + " " + s(i.topic()) + " " + s(i.payload()) + " " + i.payloadLen()));
        h.events().subscribe(MqttSubscribeInfo.class, i -> rows.add((i.subscribe() ? "subscribe " : "unsubscribe ")
                + i.topics() + " " + (i.qosLevels() == null ? "-" : Arrays.toString(i.qosLevels())) + " "
                + i.grantedQos() + " " + i.ack()));
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        return h;
    }

    private AnalyzerHarness harness() {
        return harness(100);
    }

    private static String s(byte[] b) {
        return b == null ? "-" : new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return cat(new byte[] {(byte) (b.length >> 8), (byte) b.length}, b);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** A control packet: header, remaining length (MQTT's variable-length encoding), body. */
    static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(header);
        int n = body.length;
        do {
            int d = n % 128;
            n /= 128;
            o.write(n > 0 ? d | 0x80 : d);
        } while (n > 0);
        o.writeBytes(body);
        return o.toByteArray();
    }

    static final byte[] CONNECT = packet(0x10, cat(str("MQTT"), hex("04 02 003c"), str("cli")));
    static final byte[] CONNACK = hex("20 02 00 00");

    static byte[] publish(int qos, int msgId, String topic, String payload) {
        byte[] id = qos == 0 ? new byte[0] : new byte[] {(byte) (msgId >> 8), (byte) msgId};
        return packet(0x30 | qos << 1, cat(str(topic), id, payload.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void sessionPublishesAndSubscriptions() {
        AnalyzerHarness h = harness();
        h.stream(true, CONNECT).stream(false, CONNACK);
        assertThat(h.services()).containsExactly("mqtt");
        h.stream(true, publish(2, 9, "t/c", "three")).stream(false, hex("50 02 0009")).stream(true, hex("62 02 0009"))
                .stream(false, hex("70 02 0009"));
        h.stream(true, publish(1, 10, "t/d", "four")).stream(false, hex("40 02 000a"));
        h.stream(true, packet(0x82, cat(hex("000b"), str("a/#"), hex("01"), str("b"), hex("02"))))
                .stream(false, hex("90 04 000b 01 02"));
        h.stream(true, packet(0xa2, cat(hex("000c"), str("a/#")))).stream(false, hex("b0 02 000c"));
        // Never answered: never logged (Zeek's pending tables do not expire).
        h.stream(true, packet(0x82, cat(hex("000d"), str("zz"), hex("00")))).stream(true, publish(1, 11, "x", "y"));
        h.stream(false, publish(0, 0, "srv", "z".repeat(150)));
        h.done();
        assertThat(rows).containsExactly("connect MQTT 3.1.1 cli Connection Accepted - -",
                "publish true false exactly once ok t/c three 5", "publish true false at least once ok t/d four 4",
                "subscribe [a/#, b] [1, 2] 1 true", "unsubscribe [a/#] - -1 true",
                "publish false false at most once ok srv " + "z".repeat(100) + " 150");
        assertThat(violations).isEmpty();
    }

    @Test
    void payloadCapAndWill() {
        AnalyzerHarness h = harness(8);
        byte[] connect = packet(0x10, cat(str("MQIsdp"), hex("03 06 003c"), str("paho"), str("w/t"), str("bye")));
        h.stream(true, connect).stream(false, hex("20 02 00 05")).stream(false, publish(0, 0, "SampleTopic",
                "Hello from the Paho blocking client"));
        assertThat(rows).containsExactly("connect MQIsdp 3.1 paho Refused: not authorized w/t bye",
                "publish false false at most once ok SampleTopic Hello fr 35");
    }

    @Test
    void onlyTheFirstPacketOfADeliveryIsParsed() {
        AnalyzerHarness h = harness();
        h.stream(true, CONNECT).stream(false, CONNACK)
                .stream(true, cat(hex("30 05 0001 61 62"), hex("30 05 0001 63 64")));
        assertThat(rows).last().isEqualTo("publish true false at most once ok a b0 2");
        assertThat(violations).isEmpty();
    }

    @Test
    void malformedPacketsAreViolationsWithBinpacText() {
        String o = MqttAnalyzer.BINPAC;
        Object[][] cases = {
                {hex("30"), List.of(o + "MQTT_string:len: 2 > 0")},
                {hex("30 80"), List.of(o + "MQTT_string:len: 2 > 0")},
                {hex("30 05 6162"), List.of(o + "MQTT_PDU:command: 7 > 4")},
                {hex("10 03 0004 4d"), List.of(o + "MQTT_string:str: 6 > 3")},
                {hex("10 07 0004 4d515454 04"), List.of(o + "MQTT_connect:keep_alive: 10 > 7")},
                {hex("32 04 0002 6162"), List.of(o + "MQTT_publish:msg_id: 6 > 4")},
                {hex("40 01 00"), List.of(o + "MQTT_puback: 2 > 1")},
                {hex("82 06 0001 0005 6162"), List.of(o + "MQTT_string:str: 7 > 4")},
                {hex("90 02 0001"), List.of(o + "MQTT_suback: 3 > 2")},
                {hex("a2 04 0001 0005"), List.of(o + "MQTT_string:str: 7 > 2")},
                {hex("30 ffffffff01"), List.of(MqttAnalyzer.TOO_MANY)},
                {hex("30 80808001"), List.of(MqttAnalyzer.TOO_LARGE)},
                {hex("20 01 00"), List.of(o + "MQTT_connack: 2 > 1")},
                {hex("10 0c 0004 4d515454 04 c2 003c 0001 78"), List.of(o + "MQTT_string:str: 3 > 2")},
                {hex("82 05 0001 0001 61"), List.of(o + "MQTT_subscribe_topic:requested_QoS: 4 > 3")},
                {hex("b0 00"), List.of(o + "MQTT_unsuback: 2 > 0")},
        };
        for (Object[] c : cases) {
            violations.clear();
            AnalyzerHarness h = harness();
            h.stream(true, CONNECT).stream(false, CONNACK).stream(true, (byte[]) c[0]);
            assertThat(violations).as(HexFormat.of().formatHex((byte[]) c[0])).isEqualTo(c[1]);
            assertThat(h.services()).isEmpty();
        }
        // Reserved types and the empty commands parse.
        violations.clear();
        AnalyzerHarness h = harness();
        h.stream(true, CONNECT).stream(true, hex("f0 00")).stream(true, hex("c0 00")).stream(false, hex("d0 00"))
                .stream(true, hex("e0 00"));
        assertThat(violations).isEmpty();
        assertThat(h.services()).containsExactly("mqtt");
    }

    @Test
    void aPacketSplitOverDeliveriesFails() {
        // Each delivery is one packet on its own (binpac's datagram flow): every split fails somewhere.
        for (int cut = 1; cut < CONNECT.length; cut++) {
            violations.clear();
            AnalyzerHarness h = harness();
            h.stream(true, Arrays.copyOf(CONNECT, cut)).stream(true, Arrays.copyOfRange(CONNECT, cut, CONNECT.length));
            assertThat(violations).as("cut %d", cut).isNotEmpty();
        }
    }

    @Test
    void probeFollowsTheSignature() {
        byte[] c = CONNECT;
        assertThat(MqttAnalyzer.PROBE.test(c, c.length)).isEqualTo(Probe.MATCH);
        assertThat(MqttAnalyzer.PROBE.test(c, 5)).isEqualTo(Probe.MORE);
        byte[] v31 = packet(0x10, cat(str("MQIsdp"), hex("03 02 003c"), str("x")));
        assertThat(MqttAnalyzer.PROBE.test(v31, v31.length)).isEqualTo(Probe.MATCH);
        byte[] seven = "1234567MQ".getBytes(StandardCharsets.US_ASCII);
        assertThat(MqttAnalyzer.PROBE.test(seven, seven.length)).isEqualTo(Probe.MATCH);
        byte[] eight = "12345678MQ".getBytes(StandardCharsets.US_ASCII);
        assertThat(MqttAnalyzer.PROBE.test(eight, eight.length)).isEqualTo(Probe.NO_MATCH);
        byte[] three = "123MQ".getBytes(StandardCharsets.US_ASCII);
        assertThat(MqttAnalyzer.PROBE.test(three, three.length)).isEqualTo(Probe.MORE);
        byte[] nl = "12\n45MQ".getBytes(StandardCharsets.US_ASCII);
        assertThat(MqttAnalyzer.PROBE.test(nl, nl.length)).isEqualTo(Probe.NO_MATCH);
        byte[] http = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(MqttAnalyzer.PROBE.test(http, http.length)).isEqualTo(Probe.NO_MATCH);
    }

    @Test
    void probeDoesNotAllocate() {
        // The probe runs on the first bytes of every connection.
        byte[] yes = CONNECT;
        byte[] no = "GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
        int sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += MqttAnalyzer.PROBE.test(yes, yes.length) + MqttAnalyzer.PROBE.test(no, no.length);
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) {
            sum += MqttAnalyzer.PROBE.test(yes, yes.length) + MqttAnalyzer.PROBE.test(no, no.length);
        }
        assertThat(mx.getCurrentThreadAllocatedBytes() - before).isLessThan(16 * 1024);
        assertThat(sum).isEqualTo(220_000 * Probe.MATCH);
    }
}
