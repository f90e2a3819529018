package io.osprey.analyzer.ssl;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No allocation per record in steady state: encrypted records are followed by their headers and skipped by count,
 * whatever the segmentation. An allocation check (the thread's allocated bytes), not a timing test.
 */
class SslAllocationTest {
    private static final int DELIVERIES = 20_000;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void encryptedRecordsAreSkippedWithoutAllocating() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 443, SslAnalyzer.SPEC);
        // Only the client side is seen encrypting (no established session), so the analyzer keeps following records.
        h.stream(true, Tls.clientHelloRecord12());
        h.stream(true, Tls.record(20, Tls.V12, new byte[] {1}));
        SslAnalyzer ssl = (SslAnalyzer) h.analyzer("SSL");
        byte[] chunk = Tls.concat(Tls.record(23, Tls.V12, new byte[700]), Tls.record(23, Tls.V12, new byte[300]));
        MemorySegment seg = MemorySegment.ofArray(chunk);
        for (int i = 0; i < 2000; i++) {
            ssl.deliverStream(true, seg, 0, 333);
            ssl.deliverStream(true, seg, 333, chunk.length - 333);
        }
        long before = allocated();
        for (int i = 0; i < DELIVERIES; i++) {
            ssl.deliverStream(true, seg, 0, 333);
            ssl.deliverStream(true, seg, 333, chunk.length - 333);
        }
        long used = allocated() - before;
        assertThat(h.analyzer("SSL")).isSameAs(ssl);
        assertThat(h.services()).containsExactly("ssl");
        assertThat(used).as("bytes allocated for %d deliveries", DELIVERIES).isLessThan(64 * 1024);
    }
}
