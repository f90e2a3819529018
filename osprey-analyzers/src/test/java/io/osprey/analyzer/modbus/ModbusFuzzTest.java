package io.osprey.analyzer.modbus;

import io.osprey.analyzer.MutatedConversations;
import io.osprey.analyzer.MutatedConversations.Segment;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static io.osprey.analyzer.modbus.ModbusAnalyzerTest.pdu;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated Modbus conversations (every function with a body record, requests and responses, an exception) with random
 * cuts, gaps and direction swaps: nothing may throw (the framework would report {@code osprey_analyzer_error}) and
 * the service stays {@code modbus} or none. {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class ModbusFuzzTest {
    private static List<List<Segment>> conversations() {
        return List.of(
                List.of(new Segment(true, pdu(1, 1, 1, "0000 0008")), new Segment(false, pdu(1, 1, 1, "01ff")),
                        new Segment(true, pdu(2, 1, 0x10, "0000 0002 04 00010002")),
                        new Segment(false, pdu(2, 1, 0x10, "0000 0002")),
                        new Segment(true, pdu(3, 1, 0x17, "0000 0001 0000 0001 02 0000")),
                        new Segment(false, pdu(3, 1, 0x97, "02"))),
                List.of(new Segment(true, pdu(1, 1, 0x14, "07 06 0001 0000 0001")),
                        new Segment(false, pdu(1, 1, 0x14, "04 03 06 0000")),
                        new Segment(true, pdu(2, 1, 0x15, "09 06 0001 0000 0001 abcd")),
                        new Segment(false, pdu(2, 1, 0x18, "0004 0001 0001")),
                        new Segment(true, pdu(3, 1, 0x08, "0000 1234")),
                        new Segment(false, pdu(3, 1, 0x2b, "0e 01"))));
    }

    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        return MutatedConversations.tests(conversations(), 500,
                () -> new AnalyzerHarness(AnalyzerSpec.TCP, 502, ModbusAnalyzer.SPEC), (h, seed) -> {
                    assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                    assertThat(h.services()).as("seed %d", seed).isSubsetOf("modbus");
                });
    }
}
