package io.osprey.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-packet path allocates nothing once warm (style.md 5): a bound on bytes over 100k matches. */
class FilterAllocationTest {
    @Test
    void matchingAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<byte[]> frames = TcpdumpDifferentialTest.ethernetFrames();
        MemorySegment[] segs = frames.stream().map(MemorySegment::ofArray).toArray(MemorySegment[]::new);
        for (boolean jit : new boolean[] {true, false}) {
            PacketFilter f = FilterCompiler.compile("vlan or (ip and tcp port 80) or (ip6 and udp[8:2] = 1)", 1,
                    65535, FilterCompiler.Options.tcpdumpOffline().withJit(jit));
            long sink = 0;
            for (int i = 0; i < 100_000; i++) {
                sink += run(f, frames, segs, i);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                sink += run(f, frames, segs, i);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated over 100k packets (jit " + jit + ")").isLessThan(64 * 1024);
            assertThat(sink).isPositive();
        }
    }

    private static int run(PacketFilter f, List<byte[]> frames, MemorySegment[] segs, int i) {
        int k = i % segs.length;
        int len = frames.get(k).length;
        return f.matches(segs[k], 0, len, len) ? 1 : 0;
    }
}
