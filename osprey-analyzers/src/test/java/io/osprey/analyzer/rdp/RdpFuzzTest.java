package io.osprey.analyzer.rdp;

import io.osprey.analyzer.MutatedConversations;
import io.osprey.analyzer.MutatedConversations.Segment;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated RDP connection sequences (standard security with an RSA certificate, an X.509 chain, a TLS hand-over) with
 * random cuts, gaps and direction swaps, and mutated RDPEUDP handshakes: nothing may throw (the framework would
 * report {@code osprey_analyzer_error}) and the services stay among the expected ones. {@code
 * -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class RdpFuzzTest {
    private static List<List<Segment>> conversations() {
        List<Segment> std = new ArrayList<>();
        for (Object[] m : RdpMessages.standardSession()) {
            std.add(new Segment((Boolean) m[0], (byte[]) m[1]));
        }
        List<Segment> x509 = List.of(new Segment(true, RdpMessages.connectionRequest("JOHN", 0)),
                new Segment(false, RdpMessages.connectionConfirm(0)),
                new Segment(true, RdpEndToEndTest.tooManyChannels()),
                new Segment(false, RdpMessages.connectResponse(0, RdpMessages.serverCore(),
                        RdpMessages.serverSecurityX509(2, 2, 3), RdpMessages.serverNetwork())));
        List<Segment> tls = List.of(new Segment(true, RdpMessages.connectionRequest("a", 3)),
                new Segment(false, RdpMessages.connectionConfirm(1)),
                new Segment(true, new byte[] {22, 3, 1, 0, 4, 1, 0, 0, 0}));
        return List.of(std, x509, tls);
    }

    @TestFactory
    Stream<DynamicTest> mutatedSessionsNeverBreakTheAnalyzer() {
        return MutatedConversations.tests(conversations(), 400,
                () -> new AnalyzerHarness(AnalyzerSpec.TCP, 3389,
                        RdpAnalyzer.spec(io.osprey.analyzer.ssl.SslAnalyzer.spec(100))), (h, seed) -> {
                    assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                    assertThat(h.services()).as("seed %d", seed).isSubsetOf("rdp", "ssl");
                });
    }

    @TestFactory
    Stream<DynamicTest> mutatedUdpHandshakesNeverBreakTheAnalyzer() {
        List<byte[]> seed = List.of(RdpEndToEndTest.udpSyn(0xffffffffL, 0x1001, 2, 1232),
                RdpEndToEndTest.udpSyn(1, 0x1805, 0x0101, 1232), new byte[] {0, 0, 0, 1, 0, 64, 0, 4, 0, 1, 0, 0},
                new byte[] {0, 0, 0});
        int n = Mutator.iterations(400);
        return IntStream.range(0, 2).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                SplittableRandom r = new SplittableRandom(i * 1_000_003L + k);
                AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 3389, RdpeudpAnalyzer.SPEC);
                for (int j = 0; j < seed.size(); j++) {
                    byte[] d = r.nextInt(3) == 0 ? seed.get(j) : Mutator.mutate(seed.get(j), r.nextLong());
                    h.packet(j % 2 == 0 ^ r.nextInt(10) == 0, d);
                }
                h.done();
                assertThat(h.weirds()).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                assertThat(h.services()).isSubsetOf("rdpeudp");
            }
        }));
    }
}
