package io.osprey.analyzer.radius;

import io.osprey.analyzer.RowFields;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.osprey.analyzer.radius.RadiusExchangeTest.msg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RADIUS analyzer under exchanges of mutated messages (seeded {@link Mutator} mutations of requests with the
 * logged attributes, challenges, accepts and rejects, in random directions, then the connection's end): the
 * framework's seatbelt ({@code osprey_analyzer_error}) never fires and every row renders its columns. A failure names
 * the seed. {@code -Dosprey.fuzz.iterations=N} runs longer.
 */
class RadiusFuzzTest {
    private static final List<byte[]> SEEDS = List.of(
            msg(1, 1, "steve", 31, "00-14-22-E9-54-5E", 66, "\u0001192.0.2.7", 77, "CONNECT 54Mbps"),
            msg(11, 8, new byte[] {10, 80, 0, 99}, 18, "Enter the code", 24, "state"),
            msg(2, 8, new byte[] {10, 0, 0, 1}), msg(3), msg(12, 80, new byte[16]));

    @TestFactory
    Stream<DynamicTest> mutatedExchangesNeverBreakTheAnalyzer() {
        int n = Mutator.iterations(2_000);
        return IntStream.range(0, 4).mapToObj(chunk -> DynamicTest.dynamicTest("seeds " + chunk, () -> {
            SplittableRandom r = new SplittableRandom(chunk);
            int rows = 0;
            for (int i = 0; i < n / 4; i++) {
                long seed = r.nextLong();
                SplittableRandom s = new SplittableRandom(seed);
                AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 1812, RadiusAnalyzer.SPEC);
                RowFields w = new RowFields();
                int[] count = {0};
                h.events().subscribe(RadiusInfo.class, e -> {
                    w.row(e, RadiusLog.SCHEMA);
                    count[0]++;
                });
                for (int k = 1 + s.nextInt(5); k > 0; k--) {
                    byte[] m = SEEDS.get(s.nextInt(SEEDS.size()));
                    h.packet(s.nextBoolean(), s.nextInt(3) == 0 ? m : Mutator.mutate(m, s.nextLong()));
                }
                h.done();
                assertThat(h.weirds()).as("seed %d", seed).noneMatch(x -> x.startsWith("osprey_analyzer_error"));
                rows += count[0];
            }
            assertThat(rows).as("some exchanges are logged").isPositive();
        }));
    }
}
