package io.osprey.analyzer.imap;

import io.osprey.analyzer.MutatedConversations;
import io.osprey.analyzer.MutatedConversations.Segment;
import io.osprey.analyzer.ssl.SslAnalyzer;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated IMAP conversations (a login, and STARTTLS with its hand-over to SSL) with random cuts, gaps and direction
 * swaps: nothing may throw (the framework would report {@code osprey_analyzer_error}) and the services stay within
 * {imap, ssl}. {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class ImapFuzzTest {
    private static Segment s(boolean orig, String text) {
        return Segment.text(orig, text);
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
        return MutatedConversations.tests(conversations(), 500,
                () -> new AnalyzerHarness(AnalyzerSpec.TCP, 143, ImapAnalyzer.spec(SslAnalyzer.SPEC)), (h, seed) -> {
                    assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                    assertThat(h.services()).as("seed %d", seed).isSubsetOf("imap", "ssl");
                });
    }
}
