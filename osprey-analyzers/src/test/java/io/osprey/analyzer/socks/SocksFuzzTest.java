package io.osprey.analyzer.socks;

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
 * Mutated SOCKS conversations (the split test's, plus random cuts, gaps and direction swaps) through the analyzer:
 * nothing may throw (the framework would report {@code osprey_analyzer_error}), at most one row is published, and
 * every row's strings stay within the caps. {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class SocksFuzzTest {
    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        List<List<SocksSplitTest.Segment>> seeds = SocksSplitTest.conversations();
        int n = Mutator.iterations(500);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                run(seeds.get(i), i * 1_000_003L + k);
            }
        }));
    }

    private static void run(List<SocksSplitTest.Segment> conv, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        SocksTestSupport t = new SocksTestSupport(r.nextBoolean());
        for (SocksSplitTest.Segment s : conv) {
            byte[] d = r.nextInt(3) == 0 ? s.data() : Mutator.mutate(s.data(), r.nextLong());
            boolean orig = r.nextInt(20) == 0 ? !s.orig() : s.orig();
            int piece = r.nextInt(4) == 0 ? 1 + r.nextInt(Math.max(1, d.length)) : Math.max(1, d.length);
            for (int off = 0; off < d.length; off += piece) {
                t.h.stream(orig, Arrays.copyOfRange(d, off, Math.min(d.length, off + piece)));
                if (r.nextInt(30) == 0) {
                    t.h.gap(orig, off, 1 + r.nextInt(50));
                }
            }
        }
        // Payload after the handshake (the hand-off) and the end of both directions.
        t.h.stream(true, "GET / HTTP/1.0\r\n\r\n");
        t.h.endOfData(true);
        t.h.endOfData(false);
        t.done();
        assertThat(t.h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
        assertThat(t.rows).as("seed %d", seed).hasSizeLessThanOrEqualTo(1);
        for (SocksInfo row : t.rows) {
            assertThat(row.version()).isIn(4, 5);
            check(row.request());
            check(row.bound());
            assertThat(row.user() == null ? 0 : row.user().length).isLessThanOrEqualTo(SocksParser.MAX_V5_FIELD);
            assertThat(row.password() == null ? 0 : row.password().length)
                    .isLessThanOrEqualTo(SocksParser.MAX_V5_FIELD);
            assertThat(row.requestPort()).isBetween(-1, 65535);
            assertThat(row.boundPort()).isBetween(-1, 65535);
        }
    }

    private static void check(SocksAddress a) {
        if (a != null && a.name() != null) {
            assertThat(a.name().length).isLessThanOrEqualTo(Math.max(SocksParser.MAX_V4_FIELD,
                    SocksParser.MAX_V5_FIELD));
        }
    }
}
