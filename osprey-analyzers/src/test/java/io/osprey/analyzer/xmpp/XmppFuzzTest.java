package io.osprey.analyzer.xmpp;

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
 * Mutated XMPP streams (STARTTLS with its hand-over to SSL, and a plain login) with random cuts, gaps and direction
 * swaps: nothing may throw (the framework would report {@code osprey_analyzer_error}) and the services stay within
 * {xmpp, ssl}. {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class XmppFuzzTest {
    private static List<List<Segment>> conversations() {
        byte[] hello = {0x16, 3, 1, 0, 5, 1, 0, 0, 1, 3};
        return List.of(
                List.of(Segment.text(true, XmppAnalyzerTest.HELLO), Segment.text(false, XmppAnalyzerTest.FEATURES),
                        Segment.text(true, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
                        Segment.text(false, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
                        new Segment(true, hello), new Segment(false, hello)),
                List.of(Segment.text(true, XmppAnalyzerTest.HELLO), Segment.text(false, XmppAnalyzerTest.FEATURES),
                        Segment.text(true, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg"
                                + "==</auth>"), Segment.text(false, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"),
                        Segment.text(true, "<presence/>")));
    }

    @TestFactory
    Stream<DynamicTest> mutatedStreamsNeverBreakTheAnalyzer() {
        return MutatedConversations.tests(conversations(), 500,
                () -> new AnalyzerHarness(AnalyzerSpec.TCP, 5222, XmppAnalyzer.spec(SslAnalyzer.SPEC)), (h, seed) -> {
                    assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                    assertThat(h.services()).as("seed %d", seed).isSubsetOf("xmpp", "ssl");
                });
    }
}
