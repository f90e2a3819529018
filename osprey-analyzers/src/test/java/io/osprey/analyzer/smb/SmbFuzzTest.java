package io.osprey.analyzer.smb;

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
 * Mutated SMB conversations (the split test's, plus gaps and random cuts) through the analyzer and the real files
 * framework: nothing may throw (the framework would report {@code osprey_analyzer_error}) and files stay within what
 * was sent. {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class SmbFuzzTest {
    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        List<List<SmbMsg.Segment>> seeds = List.of(SmbSplitTest.conversation(),
                SmbMsg.writeAndReadConversation(new byte[3000], new byte[70_000]), SmbAuthTest.conversation(),
                Smb1Test.conversation());
        int n = Mutator.iterations(300);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                run(seeds.get(i), i * 1_000_003L + k);
            }
        }));
    }

    private static void run(List<SmbMsg.Segment> conv, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        SmbOptions o = new SmbOptions();
        o.loggedFileActions = java.util.EnumSet.allOf(SmbAction.class);
        o.maxPendingMessages = r.nextInt(4);
        SmbTestSupport t = new SmbTestSupport(o);
        long sent = 0;
        for (SmbMsg.Segment s : conv) {
            byte[] d = r.nextInt(3) == 0 ? s.data() : Mutator.mutate(s.data(), r.nextLong());
            sent += d.length;
            int piece = 1 + r.nextInt(Math.max(1, d.length));
            for (int off = 0; off < d.length; off += piece) {
                t.h.stream(s.orig(), Arrays.copyOfRange(d, off, Math.min(d.length, off + piece)));
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
        for (io.osprey.files.FileInfo f : t.fileRows) {
            assertThat(f.seenBytes()).as("seed %d", seed).isLessThanOrEqualTo(sent);
            assertThat(f.source()).isEqualTo("SMB");
        }
    }
}
