package io.osprey.analyzer.ftp;

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
 * Mutated FTP conversations (the split test's, each side concatenated, mutated, cut at random, with random gaps and
 * ends) through the analyzer: nothing may throw (the framework would report {@code osprey_analyzer_error}), every
 * row stays within the caps, and the data channels scheduled stay bounded. {@code -Dosprey.fuzz.iterations=N} runs
 * more mutants per seed.
 */
class FtpFuzzTest {
    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        List<String[]> seeds = FtpSplitTest.conversations();
        int n = Mutator.iterations(300);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                run(seeds.get(i), i * 1_000_003L + k);
            }
        }));
    }

    private static void run(String[] steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder cs = new StringBuilder();
        StringBuilder ss = new StringBuilder();
        for (String step : steps) {
            (step.startsWith("C:") ? cs : ss).append(step, 2, step.length());
        }
        byte[] c = cs.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] s = ss.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (r.nextInt(3) != 0) {
            c = Mutator.mutate(c, r.nextLong());
        }
        if (r.nextInt(3) != 0) {
            s = Mutator.mutate(s, r.nextLong());
        }
        FtpOptions o = new FtpOptions();
        o.maxArgLength = 64;
        o.maxReplyMsgLength = 64;
        o.loggedCommands.addAll(List.of("USER", "PASS", "CWD", "<init>", "SIZE", "QUIT", "LIST"));
        FtpTestSupport t = new FtpTestSupport(o, null);
        t.h.interleave(c, s, r, 64);
        t.done();
        assertThat(t.h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
        for (FtpCommand x : t.rows) {
            assertThat(x.user()).isNotNull();
            assertThat(x.user().length()).isLessThanOrEqualTo(o.maxUserLength);
            assertThat(x.arg() == null ? 0 : x.arg().length()).isLessThanOrEqualTo(o.maxArgLength);
            assertThat(x.replyMsg() == null ? 0 : x.replyMsg().length()).isLessThanOrEqualTo(o.maxReplyMsgLength);
            assertThat(x.replyCode()).isLessThan(1000);
        }
        assertThat(t.h.expected().size()).isLessThanOrEqualTo(c.length);
    }
}
