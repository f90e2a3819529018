package io.osprey.analyzer.syslog;

import io.osprey.analyzer.MutatedConversations;
import io.osprey.analyzer.MutatedConversations.Segment;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated syslog TCP streams (mixed framing, both directions) with random cuts, gaps and direction swaps: nothing may
 * throw (the framework would report {@code osprey_analyzer_error}) and the service stays {@code syslog_tcp} or none.
 * {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class SyslogFuzzTest {
    private static List<List<Segment>> conversations() {
        return List.of(
                List.of(Segment.text(true, "51 <13>Oct 11 22:14:15 mymachine su: 'su root' failed "),
                        Segment.text(true, "<14>Oct 11 22:14:16 mymachine su: 'su root' failed\n"),
                        Segment.text(false, "<15>x\r\n\0"), Segment.text(true, "4 <1>")),
                List.of(Segment.text(true, "<191>" + "a".repeat(300) + "\n"), Segment.text(true, "3 abc")));
    }

    @TestFactory
    Stream<DynamicTest> mutatedStreamsNeverBreakTheAnalyzer() {
        return MutatedConversations.tests(conversations(), 500,
                () -> new AnalyzerHarness(AnalyzerSpec.TCP, 514, SyslogAnalyzer.TCP_SPEC), (h, seed) -> {
                    assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                    assertThat(h.services()).as("seed %d", seed).isSubsetOf("syslog_tcp");
                });
    }
}
