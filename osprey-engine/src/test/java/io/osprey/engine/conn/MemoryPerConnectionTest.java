package io.osprey.engine.conn;

import com.sun.management.ThreadMXBean;
import io.osprey.engine.Analysis;
import io.osprey.engine.Worker;
import io.osprey.log.LogManager;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.pcap.PacketRecord;
import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heap retained per tracked connection: 100,000 TCP SYNs (or UDP datagrams, or established TCP connections that
 * carried data both ways) of distinct 5-tuples (one off-heap segment, 1 µs of network time apart, so no timer
 * fires) go through the real decoder and engine; the heap in use after full GCs, minus the heap in use before,
 * divided by the number of connections tracked, is the cost of one connection including its share of the flow
 * table and timer heap. Allocated bytes of the thread ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}) are a
 * cross-check (an upper bound: they include garbage).
 *
 * <p>Bound: the target is about 300 B per tracked connection. Measured on 2026-11-24 (JDK 25, G1,
 * compressed oops and class pointers, 12-byte headers): {@value #MEASURED} B per TCP connection after its SYN (976 B
 * before the layout work of that day, 548 B after its first round), {@value #UDP_MEASURED} B per UDP flow,
 * {@value #ESTABLISHED_MEASURED} B per established TCP connection with data both ways (869 B before the second
 * round); the assertions are those figures + 10% ({@value #BOUND} B, {@value #UDP_BOUND} B,
 * {@value #ESTABLISHED_BOUND} B) so that a regression fails. BENCHMARKS.md breaks the figures down by object and says
 * what is still above 300 B; lower the bounds when more lands.
 */
class MemoryPerConnectionTest {
    private static final int N = 100_000;
    /** Bytes per TCP connection measured when the bound was set. */
    static final int MEASURED = 353;
    /** MEASURED + 10%. */
    static final int BOUND = MEASURED * 11 / 10;
    /** Bytes per UDP flow measured when the bound was set. */
    static final int UDP_MEASURED = 201;
    /** UDP_MEASURED + 10%. */
    static final int UDP_BOUND = UDP_MEASURED * 11 / 10;
    /** Bytes per established TCP connection with data both ways measured when the bound was set. */
    static final int ESTABLISHED_MEASURED = 673;
    /** ESTABLISHED_MEASURED + 10%. */
    static final int ESTABLISHED_BOUND = ESTABLISHED_MEASURED * 11 / 10;

    @Test
    void retainedHeapPerTrackedTcpConnection() {
        double perConn = retainedPerConnection(MemoryPerConnectionTest::syn);
        assertThat(perConn).as("retained heap bytes per tracked TCP connection").isLessThan(BOUND);
    }

    @Test
    void retainedHeapPerTrackedUdpFlow() {
        double perConn = retainedPerConnection(MemoryPerConnectionTest::udp);
        assertThat(perConn).as("retained heap bytes per tracked UDP flow").isLessThan(UDP_BOUND);
    }

    /**
     * An established TCP connection that carried data both ways and is still open: handshake, one data segment
     * each way (each acknowledging the other's), so the per-direction state a connection with data needs is in
     * the figure, not only what a SYN costs.
     */
    @Test
    void retainedHeapPerEstablishedTcpConnectionWithData() {
        double perConn = retainedPerConnection(MemoryPerConnectionTest::established);
        assertThat(perConn).as("retained heap bytes per established TCP connection with data")
                .isLessThan(ESTABLISHED_BOUND);
    }

    /**
     * Feeds the frames {@code frames} makes for each of N connections (distinct 5-tuples; every connection's frames
     * have the same lengths) and returns retained bytes per flow.
     */
    private static double retainedPerConnection(java.util.function.IntFunction<byte[][]> frames) {
        try (Arena arena = Arena.ofConfined()) {
            byte[][] first = frames.apply(0);
            int[] lens = new int[first.length];
            int len = 0;
            for (int k = 0; k < first.length; k++) {
                lens[k] = first[k].length;
                len += lens[k];
            }
            MemorySegment seg = arena.allocate((long) len * N, 8);
            for (int i = 0; i < N; i++) {
                byte[][] fs = i == 0 ? first : frames.apply(i);
                long off = (long) i * len;
                for (int k = 0; k < fs.length; k++) {
                    assertThat(fs[k].length).isEqualTo(lens[k]);
                    MemorySegment.copy(MemorySegment.ofArray(fs[k]), 0, seg, off, lens[k]);
                    off += lens[k];
                }
            }
            ConnConfig cfg = new ConnConfig();
            cfg.weirdLog = false;
            cfg.tunnelLog = false;
            Analysis a = new Analysis(cfg, new LogManager(List.of()));
            Worker w = a.worker();
            PacketDecoder decoder = w.decoder();
            ConnEngine engine = w.engine();
            PacketRecord r = new PacketRecord();
            Packet p = new Packet();
            r.segment = seg;
            r.linkType = 1;
            long ts = 1_700_000_000L * 1_000_000_000L;
            // one warm-up connection so class loading and the engine's fixed structures are in the baseline
            feed(engine, decoder, r, p, 0, lens, ts);

            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = usedAfterGc(mem);
            long alloc0 = threads.getCurrentThreadAllocatedBytes();
            for (int i = 1; i < N; i++) {
                feed(engine, decoder, r, p, (long) i * len, lens, ts + i * 1_000L);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - alloc0;
            long after = usedAfterGc(mem);
            int tracked = engine.active();
            assertThat(tracked).isEqualTo(N);
            assertThat(engine.connections()).isEqualTo(N);
            double perConn = (after - before) / (double) (N - 1);
            double allocPerConn = allocated / (double) (N - 1);
            System.out.printf(Locale.ROOT, "MemoryPerConnectionTest: %d connections tracked (%d frame(s), %d bytes), "
                    + "retained %.1f B/conn, allocated %.1f B/conn%n", tracked, lens.length, len, perConn,
                    allocPerConn);
            // keep the pipeline reachable until after the measurement
            assertThat(a.worker().engine().active()).isEqualTo(N);
            assertThat(allocPerConn).as("allocated bytes per connection (cross-check)")
                    .isGreaterThanOrEqualTo(perConn * 0.9);
            return perConn;
        }
    }

    private static String src(int i) {
        return "10." + ((i >>> 16) & 255) + "." + ((i >>> 8) & 255) + "." + (i & 255);
    }

    private static byte[][] syn(int i) {
        return new byte[][] {PacketBuilder.eth().ipv4(src(i), "172.16.0.1").tcp(1024 + i % 50_000, 80).flags(SYN)
                .seq(1000L + i).build()};
    }

    /** One UDP datagram with 8 payload bytes to a port no analyzer or timer treats specially. */
    private static byte[][] udp(int i) {
        return new byte[][] {PacketBuilder.eth().ipv4(src(i), "172.16.0.1").udp(1024 + i % 50_000, 9999)
                .payload("datagram").build()};
    }

    /**
     * Handshake with window scaling on both sides, then 8 bytes each way (each segment acknowledging the other's
     * data), to a port no analyzer treats specially; the connection stays open.
     */
    private static byte[][] established(int i) {
        String c = src(i);
        String s = "172.16.0.1";
        int cp = 1024 + i % 50_000;
        long cs = 1000L + i;
        long ss = 500_000L + i;
        return new byte[][] {
            PacketBuilder.eth().ipv4(c, s).tcp(cp, 9999).flags(SYN).seq(cs).windowScale(7).build(),
            PacketBuilder.eth().ipv4(s, c).tcp(9999, cp).flags(SYN | ACK).seq(ss).ack(cs + 1).windowScale(7).build(),
            PacketBuilder.eth().ipv4(c, s).tcp(cp, 9999).flags(ACK).seq(cs + 1).ack(ss + 1).build(),
            PacketBuilder.eth().ipv4(c, s).tcp(cp, 9999).flags(ACK | PSH).seq(cs + 1).ack(ss + 1).payload("request!")
                .build(),
            PacketBuilder.eth().ipv4(s, c).tcp(9999, cp).flags(ACK | PSH).seq(ss + 1).ack(cs + 9).payload("response")
                .build(),
            PacketBuilder.eth().ipv4(c, s).tcp(cp, 9999).flags(ACK).seq(cs + 9).ack(ss + 9).build(),
        };
    }

    /** Feeds one connection's frames (lengths {@code lens}, back to back from {@code off}), 1 ns apart. */
    private static void feed(ConnEngine engine, PacketDecoder decoder, PacketRecord r, Packet p, long off, int[] lens,
                             long ts) {
        for (int k = 0; k < lens.length; k++) {
            r.offset = off;
            r.caplen = r.wirelen = lens[k];
            r.tsNanos = ts + k;
            engine.advance(ts + k);
            decoder.decode(r, p);
            off += lens[k];
        }
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
