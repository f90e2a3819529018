package io.osprey.analyzer.mqtt;

import io.osprey.analyzer.MutatedConversations;
import io.osprey.analyzer.MutatedConversations.Segment;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static io.osprey.analyzer.mqtt.MqttAnalyzerTest.cat;
import static io.osprey.analyzer.mqtt.MqttAnalyzerTest.hex;
import static io.osprey.analyzer.mqtt.MqttAnalyzerTest.packet;
import static io.osprey.analyzer.mqtt.MqttAnalyzerTest.publish;
import static io.osprey.analyzer.mqtt.MqttAnalyzerTest.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated MQTT sessions (connect with a will, every QoS, subscribe and unsubscribe) with random cuts, gaps and
 * direction swaps: nothing may throw (the framework would report {@code osprey_analyzer_error}) and the service stays
 * {@code mqtt} or none. {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class MqttFuzzTest {
    private static List<List<Segment>> conversations() {
        return List.of(
                List.of(new Segment(true, packet(0x10, cat(str("MQTT"), hex("04 c6 003c"), str("c"), str("w"),
                                str("m"), str("u"), str("p")))), new Segment(false, MqttAnalyzerTest.CONNACK),
                        new Segment(true, publish(2, 9, "t/c", "three")), new Segment(false, hex("50 02 0009")),
                        new Segment(true, hex("62 02 0009")), new Segment(false, hex("70 02 0009"))),
                List.of(new Segment(true, MqttAnalyzerTest.CONNECT), new Segment(false, MqttAnalyzerTest.CONNACK),
                        new Segment(true, packet(0x82, cat(hex("000b"), str("a/#"), hex("01"), str("b"), hex("02")))),
                        new Segment(false, hex("90 04 000b 01 02")),
                        new Segment(true, packet(0xa2, cat(hex("000c"), str("a/#")))),
                        new Segment(false, hex("b0 02 000c")), new Segment(true, publish(1, 3, "q", "1")),
                        new Segment(false, hex("40 02 0003"))));
    }

    @TestFactory
    Stream<DynamicTest> mutatedSessionsNeverBreakTheAnalyzer() {
        return MutatedConversations.tests(conversations(), 500,
                () -> new AnalyzerHarness(AnalyzerSpec.TCP, 1883, MqttAnalyzer.spec(100)), (h, seed) -> {
                    assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                    assertThat(h.services()).as("seed %d", seed).isSubsetOf("mqtt");
                });
    }
}
