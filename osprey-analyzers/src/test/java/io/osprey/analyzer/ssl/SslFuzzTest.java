package io.osprey.analyzer.ssl;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.osprey.analyzer.ssl.Tls.V10;
import static io.osprey.analyzer.ssl.Tls.V12;
import static io.osprey.analyzer.ssl.Tls.concat;
import static io.osprey.analyzer.ssl.Tls.ext;
import static io.osprey.analyzer.ssl.Tls.message;
import static io.osprey.analyzer.ssl.Tls.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated SSL/TLS conversations (seeded {@link Mutator} mutations, cut and interleaved at random, with random gaps),
 * through the analyzer: nothing may throw (the framework's seatbelt weird {@code osprey_analyzer_error} never fires),
 * the only service is "ssl", and buffers stay within their caps. A failure names the seed;
 * {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class SslFuzzTest {
    /** Client and server streams that cover the record layer, hellos, SSLv2, alerts and encryption. */
    static List<byte[][]> seeds() {
        byte[] ccs = record(20, V12, new byte[] {1});
        byte[] app = record(23, V12, Tls.filled(30, 0x61));
        byte[] sh12 = record(22, V12, concat(message(2, Tls.serverHello(V12, ext(0xff01, (byte) 0))),
                message(11, new byte[] {0, 0, 3, 0, 0, 0}), message(14, new byte[0])));
        byte[] sh13 = record(22, V12, message(2, Tls.serverHello(V12, ext(43, (byte) 3, (byte) 4))));
        byte[] hello = message(1, Tls.clientHello(V12, ext(0, new byte[20]), ext(10, (byte) 0, (byte) 2, (byte) 0,
                (byte) 29)));
        byte[] fragmented = concat(record(22, V10, Arrays.copyOfRange(hello, 0, 9)),
                record(22, V10, Arrays.copyOfRange(hello, 9, hello.length)));
        return List.of(
                new byte[][] {concat(Tls.clientHelloRecord12(), ccs, app), concat(sh12, ccs, app)},
                new byte[][] {concat(Tls.clientHelloRecord13(), ccs, app), concat(sh13, ccs, app, app)},
                new byte[][] {concat(Tls.v2ClientHello(V10), Tls.filled(12, 0x80)),
                        new byte[] {(byte) 0x80, 0x0b, 0x04, 0x00, 0x01, 0, 2, 0, 0, 0, 0, 0, 0}},
                new byte[][] {fragmented, concat(record(21, V12, new byte[] {2, 40}), sh12)});
    }

    @TestFactory
    Stream<DynamicTest> mutatedConversationsNeverBreakTheAnalyzer() {
        List<byte[][]> seeds = seeds();
        int n = Mutator.iterations(400);
        return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest("seed " + i, () -> {
            for (int k = 0; k < n; k++) {
                run(seeds.get(i), i * 1_000_003L + k);
            }
        }));
    }

    private static void run(byte[][] conv, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] c = r.nextInt(4) == 0 ? conv[0] : Mutator.mutate(conv[0], r.nextLong());
        byte[] s = r.nextInt(4) == 0 ? conv[1] : Mutator.mutate(conv[1], r.nextLong());
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 443, SslAnalyzer.SPEC);
        SslAnalyzer ssl = (SslAnalyzer) h.analyzer("SSL");
        if (r.nextInt(8) == 0) {
            h.gap(r.nextBoolean(), 1, 1 + r.nextInt(100));
        }
        h.interleave(c, s, r, 1 + r.nextInt(64));
        h.endOfData(true).endOfData(false).done();
        assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
        assertThat(h.services()).as("seed %d", seed).isSubsetOf("ssl");
        assertThat(ssl.bufferedCapacity()).as("seed %d", seed)
                .isLessThanOrEqualTo(2 * SslAnalyzer.MAX_RECORD_BODY + 2 * TlsHandshake.MAX_HELLO);
    }
}
