package io.osprey.analyzer.gssapi;

import io.osprey.analyzer.ntlm.NtlmAnalyzer;
import io.osprey.analyzer.ntlm.NtlmChallenge;
import io.osprey.analyzer.ntlm.NtlmMsg;
import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated SPNEGO blobs (with NTLM and Kerberos tokens inside) through {@link GssapiAnalyzer}, and mutated NTLMSSP
 * messages through {@link NtlmAnalyzer}: nothing may throw (the framework would report
 * {@code osprey_analyzer_error}), every blob ends in a confirmation or a violation, and names stay within the blob.
 * {@code -Dosprey.fuzz.iterations=N} runs more mutants per seed.
 */
class GssapiNtlmFuzzTest {
    static List<byte[]> gssapiSeeds() {
        byte[] apReq = Spnego.tlv(0x6E, Spnego.tlv(0x30, Spnego.tlv(0xA0, Spnego.tlv(0x02, new byte[] {5}))));
        byte[] krb = Spnego.tlv(0x60, Spnego.tlv(0x06, new byte[] {0x2a, (byte) 0x86, 0x48}), new byte[] {1, 0},
                apReq);
        return List.of(Spnego.negTokenInit(null),
                Spnego.negTokenInit(NtlmMsg.negotiate(NtlmMsg.UNICODE | NtlmMsg.OEM_DOMAIN, "D", null)),
                Spnego.negTokenResp(1, ntlmSeeds().get(1)),
                Spnego.negTokenResp(-1, ntlmSeeds().get(2)),
                Spnego.negTokenResp(0, null),
                Spnego.negTokenInit(krb));
    }

    static List<byte[]> ntlmSeeds() {
        return List.of(NtlmMsg.negotiate(NtlmMsg.UNICODE | NtlmMsg.OEM_DOMAIN | NtlmMsg.OEM_WORKSTATION
                        | NtlmMsg.VERSION, "DOM", "WS"),
                NtlmMsg.challenge(NtlmMsg.UNICODE | NtlmMsg.REQUEST_TARGET | NtlmMsg.TARGET_INFO, "T",
                        NtlmMsg.avPairs(1, "A", 2, "B", 3, "C", 4, "D", 5, "E", 6, new byte[4], 7, new byte[8],
                                8, new byte[16], 9, "F", 10, new byte[2])),
                NtlmMsg.authenticate(NtlmMsg.UNICODE | NtlmMsg.VERSION, "DOM", "user", "WS"));
    }

    @TestFactory
    Stream<DynamicTest> mutatedBlobsNeverBreakTheAnalyzers() {
        int n = Mutator.iterations(2000);
        return Stream.of(true, false).flatMap(gss -> {
            List<byte[]> seeds = gss ? gssapiSeeds() : ntlmSeeds();
            return IntStream.range(0, seeds.size()).mapToObj(i -> DynamicTest.dynamicTest(
                    (gss ? "gssapi" : "ntlm") + " seed " + i, () -> {
                        for (int k = 0; k < n; k++) {
                            run(gss, seeds.get(i), i * 1_000_003L + k);
                        }
                    }));
        });
    }

    private static void run(boolean gss, byte[] seed, long rs) {
        SplittableRandom r = new SplittableRandom(rs);
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 445, gss ? GssapiAnalyzer.SPEC : NtlmAnalyzer.SPEC);
        int[] outcomes = new int[1];
        h.events().subscribe(AnalyzerFailure.class, f -> outcomes[0]++);
        int[] longest = new int[1];
        h.events().subscribe(NtlmChallenge.class, c -> {
            for (byte[] s : new byte[][] {c.targetName(), c.nbComputerName(), c.dnsComputerName(), c.dnsTreeName()}) {
                if (s != null) {
                    longest[0] = Math.max(longest[0], s.length);
                }
            }
        });
        byte[] m = r.nextInt(4) == 0 ? seed : Mutator.mutate(seed, r.nextLong());
        h.stream(r.nextBoolean(), m);
        assertThat(h.weirds()).as("seed %d", rs).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
        assertThat(outcomes[0] > 0 || !h.services().isEmpty()).as("seed %d: confirmed or violated", rs).isTrue();
        // UTF-8 of UTF-16 units takes at most 3 bytes per 2 input bytes (4 per surrogate pair)
        assertThat(longest[0]).as("seed %d", rs).isLessThanOrEqualTo(2 * m.length);
    }
}
