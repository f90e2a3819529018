package io.osprey.analyzer.imap;

import io.osprey.analyzer.ssl.SslAnalyzer;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated IMAP conversations (a login, and STARTTLS with its hand-over to SSL) with random cuts, gaps and direction
 * swaps: nothing may throw (the framework would report {@code osprey_analyzer_error}) and the services stay within
 * {imap, ssl}. {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class ImapFuzzTest {
    private record Segment(boolean orig, byte[] data) {
    }

    private static Segment s(boolean orig, String text) {
        return new Segment(orig, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static List<List<Segment>> conversations() {
        byte[] hello = {0x16, 3, 1, 0, 5, 1, 0, 0, 1, 3};
        return List.of(
                List.of(s(false, "* OK IMAP4rev1 ready\r\n"), s(true, "a1 capability\r\n"),
                        s(false, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK done\r\n"), s(true, "a2 login u p\r\n"),
                        s(false, "a2 OK\r\n")),
                List.of(s(false, "* OK\r\n"), s(true, "a1 STARTTLS\r\n"), s(false, "a1 OK begin\r\n"),
                        new Segment(true, hello), new Segment(false, hello)));
    }

    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        List<List<Segment>> seeds = conversations();
        int n = Mutator.iterations(500);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                run(seeds.get(i), i * 1_000_003L + k);
            }
        }));
    }

    private static void run(List<Segment> conv, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 143, ImapAnalyzer.spec(SslAnalyzer.SPEC));
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
        assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
        assertThat(h.services()).as("seed %d", seed).isSubsetOf("imap", "ssl");
    }
}
