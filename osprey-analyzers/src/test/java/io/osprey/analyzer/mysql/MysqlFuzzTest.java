package io.osprey.analyzer.mysql;

import io.osprey.analyzer.ssl.SslAnalyzer;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated MySQL connection phases (plain v10, v9, and the SSL request with its hand-over to the SSL child), with
 * random cuts, gaps and direction swaps: nothing may throw (the framework would report
 * {@code osprey_analyzer_error}) and the services stay within {mysql, ssl}. {@code -Dosprey.fuzz.iterations=N} runs
 * more mutants per seed.
 */
class MysqlFuzzTest {
    private record Segment(boolean orig, byte[] data) {
    }

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
        List<List<Segment>> seeds = conversations();
        int n = Mutator.iterations(500);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                run(seeds.get(i), i * 1_000_003L + k);
            }
        }));
    }

    private static void run(List<Segment> conv, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 3306, MysqlAnalyzer.spec(SslAnalyzer.SPEC));
        for (Segment s : conv) {
            byte[] d = r.nextInt(3) == 0 ? s.data() : Mutator.mutate(s.data(), r.nextLong());
            boolean orig = r.nextInt(20) == 0 ? !s.orig() : s.orig();
            int piece = r.nextInt(4) == 0 ? 1 + r.nextInt(Math.max(1, d.length)) : Math.max(1, d.length);
            for (int off = 0; off < d.length; off += piece) {
                h.stream(orig, Arrays.copyOfRange(d, off, Math.min(d.length, off + piece)));
                if (r.nextInt(40) == 0) {
                    h.gap(orig, off, 1 + r.nextInt(50));
                }
            }
        }
        h.endOfData(true);
        h.endOfData(false);
        h.done();
        assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
        assertThat(h.services()).as("seed %d", seed).isSubsetOf("mysql", "ssl");
    }
}
