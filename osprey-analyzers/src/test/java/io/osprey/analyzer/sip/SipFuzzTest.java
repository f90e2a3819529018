package io.osprey.analyzer.sip;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SIP analyzer under mutated datagrams (seeded {@link Mutator} mutations of requests and replies, fed in random
 * directions and sequences): the framework's seatbelt ({@code osprey_analyzer_error}) never fires. A failure names
 * the seed. {@code -Dosprey.fuzz.iterations=N} runs longer.
 */
class SipFuzzTest {
    private static final List<byte[]> SEEDS = Stream.of(SipAnalyzerTest.INVITE, SipAnalyzerTest.OK,
            "\0\0FOO sip:x SIP/2.0\r\nl: bad\r\nv: a\r\nContent-Length: 3\r\n\r\nabc",
            "SIP/2.0 180 Ringing\r\nL: -4\r\n\r\n", "\r\n").map(s -> s.getBytes(StandardCharsets.ISO_8859_1))
            .toList();

    @TestFactory
    Stream<DynamicTest> mutatedDatagramsNeverBreakTheAnalyzer() {
        int n = Mutator.iterations(2_000);
        return IntStream.range(0, 4).mapToObj(chunk -> DynamicTest.dynamicTest("seeds " + chunk, () -> {
            SplittableRandom r = new SplittableRandom(chunk);
            int confirmed = 0;
            for (int i = 0; i < n / 4; i++) {
                long seed = r.nextLong();
                SplittableRandom s = new SplittableRandom(seed);
                AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 5060, SipAnalyzer.SPEC);
                for (int k = 1 + s.nextInt(4); k > 0; k--) {
                    byte[] m = Mutator.mutate(SEEDS.get(s.nextInt(SEEDS.size())), s.nextLong());
                    h.packet(s.nextBoolean(), m);
                }
                assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                confirmed += h.services().size();
            }
            assertThat(confirmed).as("some mutants still confirm").isPositive();
        }));
    }
}
