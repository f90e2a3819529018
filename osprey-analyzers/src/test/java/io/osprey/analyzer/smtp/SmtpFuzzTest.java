package io.osprey.analyzer.smtp;

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
 * Mutated SMTP conversations (the split test's, cut at random, with random gaps and ends) through the analyzer:
 * nothing may throw (the framework would report {@code osprey_analyzer_error}), every row and file stays within the
 * caps, and the connection always ends cleanly. {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class SmtpFuzzTest {
    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        List<String[]> seeds = SmtpSplitTest.conversations();
        int n = Mutator.iterations(300);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                run(seeds.get(i), i * 1_000_003L + k);
            }
        }));
    }

    private static void run(String[] conv, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        SmtpTestSupport t = new SmtpTestSupport();
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
        for (SmtpTransaction x : t.rows) {
            assertThat(x.transDepth).isPositive();
            assertThat(x.pathLen).isBetween(2, SmtpSession.MAX_PATH);
            assertThat(x.rcptto == null ? 0 : x.rcptto.size()).isLessThanOrEqualTo(SmtpSession.MAX_RCPTTO);
            assertThat(x.helo == null ? 0 : x.helo.length).isLessThanOrEqualTo(io.osprey.analyzer.mime.ContentLines.MAX_LINE_LENGTH);
        }
        for (SmtpTestSupport.FakeFiles.File f : t.files.all()) {
            assertThat(f.ended).as("seed %d: every file ends", seed).isTrue();
            assertThat(f.depth).isPositive();
        }
    }
}
