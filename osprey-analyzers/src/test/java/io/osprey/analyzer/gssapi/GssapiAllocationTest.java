package io.osprey.analyzer.gssapi;

import io.osprey.analyzer.ntlm.NtlmMsg;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Allocation when nobody subscribed to the events (no ntlm.log): parsing SPNEGO blobs and the NTLM messages inside
 * them costs nothing once the analyzers exist (an allocation check on the thread's allocated bytes, not a timing
 * test).
 */
class GssapiAllocationTest {
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void blobsCostNothingWithoutSubscribers() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 445, GssapiAnalyzer.SPEC);
        long flags = NtlmMsg.UNICODE | NtlmMsg.REQUEST_TARGET | NtlmMsg.TARGET_INFO;
        byte[][] blobs = {
            Spnego.negTokenInit(NtlmMsg.negotiate(NtlmMsg.UNICODE, null, null)),
            Spnego.negTokenResp(1, NtlmMsg.challenge(flags, "T", NtlmMsg.avPairs(1, "SRV", 3, "srv.example"))),
            Spnego.negTokenResp(-1, NtlmMsg.authenticate(NtlmMsg.UNICODE, "D", "U", "W")),
            Spnego.negTokenResp(0, null)};
        MemorySegment[] segs = new MemorySegment[blobs.length];
        for (int i = 0; i < blobs.length; i++) {
            segs[i] = MemorySegment.ofArray(blobs[i]);
        }
        int rounds = 2000;
        for (int k = 0; k < rounds; k++) { // warm-up: analyzers created, code compiled
            for (int i = 0; i < segs.length; i++) {
                h.stream(i % 2 == 0, segs[i], 0, blobs[i].length);
            }
        }
        long before = allocated();
        for (int k = 0; k < rounds; k++) {
            for (int i = 0; i < segs.length; i++) {
                h.stream(i % 2 == 0, segs[i], 0, blobs[i].length);
            }
        }
        long used = allocated() - before;
        assertThat(h.services()).containsExactly("ntlm", "gssapi");
        assertThat(used / rounds).as("bytes allocated per round of 4 blobs").isLessThan(16);
    }
}
