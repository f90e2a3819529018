package io.osprey.analyzer.ftp;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No allocation per byte in the control connection's line reader: once its buffer has grown, lines (with Telnet
 * commands and CRs inside) are split without garbage. An allocation check (the thread's allocated bytes), not a
 * timing test.
 */
class FtpAllocationTest {
    private static final int DELIVERIES = 20_000;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void linesAreSplitWithoutAllocating() {
        int[] count = new int[1];
        FtpLines lines = new FtpLines(new FtpLines.Sink() {
            @Override
            public void line(boolean orig, byte[] buf, int len) {
                count[0] += len > 0 ? 1 : 0;
            }

            @Override
            public void lineWeird(String name, String addl) {
            }
        }, true);
        byte[] chunk = "RETR some/file/name.txt\r\nNOOP\u00ff\u00f1\r\nSTOR a\rb\r\n".repeat(8)
                .getBytes(StandardCharsets.ISO_8859_1);
        MemorySegment seg = MemorySegment.ofArray(chunk);
        for (int i = 0; i < 2000; i++) {
            lines.deliver(seg, 0, chunk.length);
        }
        long before = allocated();
        for (int i = 0; i < DELIVERIES; i++) {
            lines.deliver(seg, 0, chunk.length);
        }
        long used = allocated() - before;
        assertThat(count[0]).isEqualTo((2000 + DELIVERIES) * 24);
        assertThat(used).as("bytes allocated for %d deliveries", DELIVERIES).isLessThan(64 * 1024);
    }
}
