package io.osprey.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-packet paths allocate nothing in steady state (style.md §5): thread-allocated bytes across 100k packets
 * after warm-up stay under a small bound. An allocation check, not a timing test.
 */
class AllocationTest {
    private static final int WARMUP = 50_000;
    private static final int MEASURED = 100_000;

    @TempDir
    Path dir;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long allocationPerRun(Supplier<PacketSource> open) {
        try (PacketSource s = open.get()) {
            PacketRecord r = new PacketRecord();
            long sum = 0;
            for (int i = 0; i < WARMUP; i++) {
                assertThat(s.next(r)).isTrue();
                sum += r.caplen;
            }
            long before = allocated();
            for (int i = 0; i < MEASURED; i++) {
                if (!s.next(r)) {
                    throw new AssertionError("ended early at " + i);
                }
                sum += r.caplen + r.segment.get(java.lang.foreign.ValueLayout.JAVA_BYTE, r.offset);
            }
            long after = allocated();
            assertThat(sum).isPositive();
            return after - before;
        }
    }

    @Test
    void mappedPcapAllocatesNothingPerPacket() {
        Path p = TestCaptures.write(dir, "imix.pcap", Imix.pcap(WARMUP + MEASURED));
        assertThat(allocationPerRun(() -> Captures.open(p.toString(), null))).isLessThan(16_384);
    }

    @Test
    void mappedPcapngAllocatesNothingPerPacket() {
        Path p = TestCaptures.write(dir, "imix.pcapng", Imix.pcapng(WARMUP + MEASURED));
        assertThat(allocationPerRun(() -> Captures.open(p.toString(), null))).isLessThan(16_384);
    }

    @Test
    void streamedPcapAllocatesNothingPerPacket() {
        byte[] f = Imix.pcap(WARMUP + MEASURED);
        assertThat(allocationPerRun(() -> TestCaptures.streamed("s", f, 1 << 16, null))).isLessThan(16_384);
    }

    @Test
    void mergeAllocatesNothingPerPacket() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            names.add(TestCaptures.write(dir, "m" + i + ".pcap", Imix.pcap(WARMUP + MEASURED)).toString());
        }
        assertThat(allocationPerRun(() -> Captures.openAll(names, null))).isLessThan(16_384);
    }

    /** Reading and writing (the trace tools' copy loop): still nothing per packet, pcap and pcapng output alike. */
    @Test
    void writingAllocatesNothingPerPacket() {
        Path p = TestCaptures.write(dir, "imix.pcap", Imix.pcap(WARMUP + MEASURED));
        for (CaptureWriter.Format f : CaptureWriter.Format.values()) {
            java.nio.channels.WritableByteChannel sink = new java.nio.channels.WritableByteChannel() {
                @Override
                public int write(java.nio.ByteBuffer b) {
                    int n = b.remaining();
                    b.position(b.limit());
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
            CaptureWriter w = CaptureWriter.open("sink", sink, CaptureWriter.Options.pcap().withFormat(f));
            try (PacketSource s = Captures.open(p.toString(), null)) {
                PacketRecord r = new PacketRecord();
                for (int i = 0; i < WARMUP; i++) {
                    assertThat(s.next(r)).isTrue();
                    w.write(r);
                }
                long before = allocated();
                for (int i = 0; i < MEASURED; i++) {
                    if (!s.next(r)) {
                        throw new AssertionError("ended early at " + i);
                    }
                    w.write(r);
                }
                long after = allocated();
                assertThat(after - before).as(f.toString()).isLessThan(16_384);
            }
            w.close();
            assertThat(w.packets()).isEqualTo(WARMUP + MEASURED);
        }
    }
}
