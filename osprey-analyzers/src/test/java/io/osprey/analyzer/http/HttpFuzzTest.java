package io.osprey.analyzer.http;

import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated HTTP conversations (the split test's, plus gaps and random cuts) through the analyzer: nothing may throw
 * (the framework would report {@code osprey_analyzer_error}), every row stays within the caps, and the connection
 * always ends cleanly. {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class HttpFuzzTest {
    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        List<List<HttpSplitTest.Segment>> seeds = HttpSplitTest.conversations();
        int n = Mutator.iterations(300);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                long seed = i * 1_000_003L + k;
                run(seeds.get(i), seed);
            }
        }));
    }

    private static void run(List<HttpSplitTest.Segment> conv, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        HttpOptions o = new HttpOptions();
        o.capturePassword = r.nextBoolean();
        HttpTestSupport t = new HttpTestSupport(o);
        List<HttpSplitTest.Segment> mutated = new ArrayList<>();
        for (HttpSplitTest.Segment s : conv) {
            byte[] d = r.nextInt(3) == 0 ? s.data() : Mutator.mutate(s.data(), r.nextLong());
            mutated.add(new HttpSplitTest.Segment(s.orig(), d));
        }
        for (HttpSplitTest.Segment s : mutated) {
            int piece = 1 + r.nextInt(Math.max(1, s.data().length));
            for (int off = 0; off < s.data().length; off += piece) {
                t.h.stream(s.orig(), Arrays.copyOfRange(s.data(), off, Math.min(s.data().length, off + piece)));
                if (r.nextInt(40) == 0) {
                    t.h.gap(s.orig(), off, 1 + r.nextInt(100));
                }
            }
        }
        if (r.nextBoolean()) {
            t.h.endOfData(true);
            t.h.endOfData(false);
        }
        t.done();
        assertThat(t.h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
        for (HttpTransaction x : t.rows) {
            assertThat(x.uri == null ? 0 : x.uri.length).isLessThanOrEqualTo(HttpLines.MAX_LINE_LENGTH);
            assertThat(x.transDepth).isPositive();
            assertThat(x.requestBodyLen).isNotNegative();
            assertThat(x.responseBodyLen).isNotNegative();
        }
    }
}
