package io.osprey.analyzer.pop3;

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
 * Mutated POP3 conversations, cut at random and interleaved at random, with random gaps and ends, through the
 * analyzer: nothing may throw (the framework would report {@code osprey_analyzer_error}), every file ends with the
 * connection, and the pending-command queue stays within its caps. {@code -Dosprey.fuzz.iterations=N} runs more
 * mutants per seed.
 */
class Pop3FuzzTest {
    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        List<String[]> seeds = List.of(Pop3TestSupport.session(), Pop3TestSupport.authSession(),
                Pop3SplitTest.conversations().get(1),
                new String[] {"AUTH LOGIN\r\nYm9i\r\nc2VjcmV0\r\nSTLS\r\n", "+OK\r\n+ VXNlcm5hbWU6\r\n+ UGFzc3dvcmQ6\r\n"
                        + "+OK\r\n+OK begin TLS\r\n\u0016\u0003\u0001"});
        int n = Mutator.iterations(300);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                run(seeds.get(i), i * 1_000_003L + k);
            }
        }));
    }

    private static void run(String[] conv, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Pop3TestSupport t = new Pop3TestSupport(r.nextInt(3) == 0 ? 0 : 10, r.nextInt(3) == 0 ? 0 : 10);
        byte[] c = conv[0].getBytes(StandardCharsets.ISO_8859_1);
        byte[] s = conv[1].getBytes(StandardCharsets.ISO_8859_1);
        if (r.nextInt(3) != 0) {
            c = Mutator.mutate(c, r.nextLong());
        }
        if (r.nextInt(3) != 0) {
            s = Mutator.mutate(s, r.nextLong());
        }
        t.h.interleave(c, s, r, 200);
        t.done();
        assertThat(t.h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
        for (Pop3TestSupport.FakeFiles.File f : t.files.all) {
            assertThat(f.ended).as("seed %d: every file ends", seed).isTrue();
            assertThat(f.source).isEqualTo("POP3");
            assertThat(f.isOrig).isFalse();
        }
        assertThat(t.h.services()).as("seed %d", seed).isSubsetOf("pop3");
    }
}
