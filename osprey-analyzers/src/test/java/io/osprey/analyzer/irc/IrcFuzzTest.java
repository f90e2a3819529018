package io.osprey.analyzer.irc;

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
 * Mutated IRC conversations (the split test's, mutated, cut at random, with random gaps and ends) through the
 * analyzer and its probes: nothing may throw (the framework would report {@code osprey_analyzer_error}), rows stay
 * within the line limit and the DCC transfers scheduled stay bounded. {@code -Dosprey.fuzz.iterations=N} runs more
 * mutants per seed.
 */
class IrcFuzzTest {
    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        List<String[]> seeds = IrcSplitTest.conversations();
        int n = Mutator.iterations(300);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                run(seeds.get(i), i * 1_000_003L + k);
            }
        }));
    }

    private static void run(String[] conv, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] c = conv[0].getBytes(StandardCharsets.ISO_8859_1);
        byte[] s = conv[1].getBytes(StandardCharsets.ISO_8859_1);
        if (r.nextInt(3) != 0) {
            c = Mutator.mutate(c, r.nextLong());
        }
        if (r.nextInt(3) != 0) {
            s = Mutator.mutate(s, r.nextLong());
        }
        // The probes see the same bytes as DPD would.
        IrcProbes.client(c, c.length);
        IrcProbes.server(s, s.length);
        IrcTestSupport t = new IrcTestSupport();
        t.h.interleave(c, s, r, 64);
        t.h.done();
        assertThat(t.h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
        for (IrcMessage m : t.rows) {
            assertThat(m.command()).isNotNull();
            assertThat(m.value() == null ? 0 : m.value().length()).isLessThanOrEqualTo(IrcAnalyzer.MAX_MESSAGE);
        }
        assertThat(t.h.expected().size()).isLessThanOrEqualTo(IrcDccTable.MAX_TRANSFERS);
    }
}
