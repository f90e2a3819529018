package io.osprey.analyzer.mysql;

import io.osprey.analyzer.MutatedConversations;
import io.osprey.analyzer.MutatedConversations.Segment;
import io.osprey.analyzer.ssl.SslAnalyzer;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated MySQL connection phases (plain v10, v9, and the SSL request with its hand-over to the SSL child), with
 * random cuts, gaps and direction swaps: nothing may throw (the framework would report
 * {@code osprey_analyzer_error}) and the services stay within {mysql, ssl}. {@code -Dosprey.fuzz.iterations=N} runs
 * more mutants per seed.
 */
class MysqlFuzzTest {

    private static List<List<Segment>> conversations() {
        byte[] hello = {0x16, 3, 1, 0, 5, 1, 0, 0, 1, 3};
        return List.of(
                List.of(new Segment(false, Mysql.greetingV10()), new Segment(true, Mysql.responseV10()),
                        new Segment(false, Mysql.ok(2)), new Segment(true, Mysql.query("select * from t"))),
                List.of(new Segment(false, Mysql.greetingV9()), new Segment(true, Mysql.responseV9()),
                        new Segment(false, Mysql.ok(2))),
                List.of(new Segment(false, Mysql.greetingV10()), new Segment(true, Mysql.sslRequest()),
                        new Segment(true, hello), new Segment(false, hello)));
    }

    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        return MutatedConversations.tests(conversations(), 500,
                () -> new AnalyzerHarness(AnalyzerSpec.TCP, 3306, MysqlAnalyzer.spec(SslAnalyzer.SPEC)), (h, seed) -> {
                    assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                    assertThat(h.services()).as("seed %d", seed).isSubsetOf("mysql", "ssl");
                });
    }
}
