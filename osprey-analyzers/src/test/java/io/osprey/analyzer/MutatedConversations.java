package io.osprey.analyzer;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The fuzz loop the TCP analyzers' fuzz tests share: seed conversations (segments in order, each from one side),
 * mutated per segment with the testkit {@link Mutator}, cut into random pieces, with occasional gaps and direction
 * swaps, replayed through an {@link AnalyzerHarness} to the end of both directions and {@code done()}. The test
 * checks what must hold afterwards. {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
public final class MutatedConversations {
    private MutatedConversations() {
    }

    /** One delivery of a seed conversation. */
    public record Segment(boolean orig, byte[] data) {
        /** A segment of ISO-8859-1 text. */
        public static Segment text(boolean orig, String s) {
            return new Segment(orig, s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    /** What a test checks on the harness after a mutant ran ({@code seed} identifies the mutant). */
    public interface Check {
        void check(AnalyzerHarness h, long seed);
    }

    /**
     * One dynamic test per seed conversation, each running {@code defaultIterations} mutants (or
     * {@code -Dosprey.fuzz.iterations}) through a fresh harness from {@code harness}.
     */
    public static Stream<DynamicTest> tests(List<List<Segment>> seeds, int defaultIterations,
                                            Supplier<AnalyzerHarness> harness, Check check) {
        int n = Mutator.iterations(defaultIterations);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                long seed = i * 1_000_003L + k;
                AnalyzerHarness h = harness.get();
                replay(h, seeds.get(i), new SplittableRandom(seed));
                check.check(h, seed);
            }
        }));
    }

    /** Replays one mutant of {@code conv} into {@code h}, then ends both directions and calls {@code done()}. */
    public static void replay(AnalyzerHarness h, List<Segment> conv, SplittableRandom r) {
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
    }
}
