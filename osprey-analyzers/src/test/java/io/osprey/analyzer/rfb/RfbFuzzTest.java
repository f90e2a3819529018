package io.osprey.analyzer.rfb;

import io.osprey.analyzer.MutatedConversations;
import io.osprey.analyzer.MutatedConversations.Segment;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated RFB sessions (3.8 with VNC authentication and client messages; 3.3 without authentication; Apple Remote
 * Desktop) with random cuts, gaps and direction swaps: nothing may throw (the framework would report
 * {@code osprey_analyzer_error}) and the service stays {@code rfb} or none. {@code -Dosprey.fuzz.iterations=N} runs
 * more mutants per seed.
 */
class RfbFuzzTest {
    private static Segment seg(boolean orig, String s) {
        return new Segment(orig, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static List<List<Segment>> conversations() {
        List<Segment> vnc = new ArrayList<>();
        for (Object[] m : RfbAnalyzerTest.vncSession()) {
            vnc.add(new Segment((Boolean) m[0], (byte[]) m[1]));
        }
        return List.of(vnc,
                List.of(seg(false, "RFB 003.003\n"), seg(true, "RFB 003.003\n"), seg(false, "\0\0\0\1"),
                        seg(true, "\1"), new Segment(false, RfbAnalyzerTest.serverInit("d", 10, 10))),
                List.of(seg(false, "RFB 003.889\n"), seg(true, "RFB 003.889\n"), seg(false, "\2\36\2"),
                        seg(true, "\36"), seg(false, "\0\2\0\4abcdwxyz"), seg(true, "01234567"),
                        seg(false, "\0\0\0\0"), seg(true, "\0")));
    }

    @TestFactory
    Stream<DynamicTest> mutatedSessionsNeverBreakTheAnalyzer() {
        return MutatedConversations.tests(conversations(), 500,
                () -> new AnalyzerHarness(AnalyzerSpec.TCP, 5900, RfbAnalyzer.SPEC), (h, seed) -> {
                    assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                    assertThat(h.services()).as("seed %d", seed).isSubsetOf("rfb");
                });
    }
}
