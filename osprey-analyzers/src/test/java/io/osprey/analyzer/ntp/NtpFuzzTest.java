package io.osprey.analyzer.ntp;

import io.osprey.analyzer.RowFields;
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

import static io.osprey.analyzer.ntp.NtpMessages.cat;
import static io.osprey.analyzer.ntp.NtpMessages.control;
import static io.osprey.analyzer.ntp.NtpMessages.ext;
import static io.osprey.analyzer.ntp.NtpMessages.priv;
import static io.osprey.analyzer.ntp.NtpMessages.std;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NTP analyzer under mutated datagrams (seeded {@link Mutator} mutations of standard messages with extension
 * fields and MACs, control and private messages, fed in random directions): the framework's seatbelt
 * ({@code osprey_analyzer_error}) never fires and every published row renders. A failure names the seed.
 * {@code -Dosprey.fuzz.iterations=N} runs longer.
 */
class NtpFuzzTest {
    private static final List<byte[]> SEEDS = List.of(std(3), std(4), cat(std(3), new byte[20]),
            cat(std(4), ext(28, 2, 2, 28), ext(28, 2, 2, 28), new byte[24]),
            control(2, 0x82, 2, 5, 7, 4, "abcd\0\0\0\u000512345678".getBytes(StandardCharsets.ISO_8859_1)),
            priv(2, 0x85, 1, 42, 0x3003, cat("xyz".getBytes(StandardCharsets.US_ASCII), new byte[20])),
            new byte[] {0x20});

    @TestFactory
    Stream<DynamicTest> mutatedDatagramsNeverBreakTheAnalyzer() {
        int n = Mutator.iterations(2_000);
        return IntStream.range(0, 4).mapToObj(chunk -> DynamicTest.dynamicTest("seeds " + chunk, () -> {
            SplittableRandom r = new SplittableRandom(chunk);
            int confirmed = 0;
            for (int i = 0; i < n / 4; i++) {
                long seed = r.nextLong();
                SplittableRandom s = new SplittableRandom(seed);
                AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
                RowFields w = new RowFields();
                h.events().subscribe(NtpInfo.class, e -> w.row(e, NtpLog.SCHEMA));
                h.events().subscribe(NtpControlInfo.class, e -> w.row(e, NtpLog.CONTROL));
                h.events().subscribe(NtpPrivateInfo.class, e -> w.row(e, NtpLog.PRIVATE));
                for (int k = 1 + s.nextInt(4); k > 0; k--) {
                    byte[] m = Mutator.mutate(SEEDS.get(s.nextInt(SEEDS.size())), s.nextLong());
                    h.packet(s.nextBoolean(), m);
                }
                assertThat(h.weirds()).as("seed %d", seed).noneMatch(x -> x.startsWith("osprey_analyzer_error"));
                confirmed += h.services().size();
            }
            assertThat(confirmed).as("some mutants still confirm").isPositive();
        }));
    }
}
