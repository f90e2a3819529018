package io.osprey.bench;

import io.osprey.engine.Analysis;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.engine.conn.ConnEngine;
import io.osprey.log.LogManager;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.pcap.PacketRecord;
import io.osprey.testkit.PacketBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;

/**
 * The conn-only pipeline per packet, as {@code Worker.run} drives it: {@code ConnEngine.advance} (timers) then
 * {@code PacketDecoder.decode} into the {@link ConnEngine} (flow lookup, TCP state, counters), over frames preloaded
 * in one off-heap segment; logs are discarded. Two cases, unit ns per packet:
 * <ul>
 *   <li>{@code steady}: 32 established flows (24 TCP over IPv4/IPv6 whose handshakes are fed at set-up, 8 UDP),
 *   data segments of 200 bytes and pure ACKs in turn (one pass is fed at set-up); no connection is created or
 *   removed while measuring. After each pass over the 128 frames the TCP sequence/ack numbers are advanced in
 *   place (with an RFC 1624
 *   incremental checksum update) so the flows keep moving forward; that costs about one 32-bit patch per TCP
 *   frame per pass and is included. Expected allocation: 0 B/op.</li>
 *   <li>{@code newConnection}: each packet is a SYN of a 5-tuple not currently tracked (a pool of 65,536 tuples,
 *   1 ms of network time apart, TCP inactivity timeout 10 s), so every operation creates one connection and, in
 *   steady state, expires one older connection and emits its conn record (to no writer). Allocation is the
 *   per-connection cost.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConnEngineBenchmark {
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int DATA = 200;

    /** Pipeline state shared by both cases. */
    abstract static class Pipeline {
        Arena arena;
        BenchFrames.Laid frames;
        Analysis analysis;
        ConnEngine engine;
        PacketDecoder decoder;
        final PacketRecord record = new PacketRecord();
        final Packet packet = new Packet();
        long ts = 1_700_000_000L * 1_000_000_000L;
        int next;

        void open(ConnConfig cfg, List<byte[]> frameList) {
            cfg.weirdLog = false;
            cfg.tunnelLog = false;
            analysis = new Analysis(cfg, new LogManager(List.of()));
            engine = analysis.worker().engine();
            decoder = analysis.worker().decoder();
            arena = Arena.ofShared();
            frames = new BenchFrames.Laid(arena, frameList);
            record.segment = frames.seg;
            record.linkType = 1;
        }

        final void feed(int i, long step) {
            ts += step;
            record.offset = frames.offsets[i];
            record.caplen = record.wirelen = frames.lengths[i];
            record.tsNanos = ts;
            engine.advance(ts);
            decoder.decode(record, packet);
        }
    }

    /** 32 established flows. */
    @State(Scope.Thread)
    public static class Steady extends Pipeline {
        /** Per frame: offset of the TCP field to advance (seq for data, ack for ACKs), or -1 for UDP. */
        long[] patchAt;
        long[] csumAt;
        int passDelta;
        long weirdsAtStart;

        @Setup(Level.Trial)
        public void setUp() {
            List<byte[]> handshakes = new ArrayList<>();
            List<byte[]> cycle = new ArrayList<>();
            List<long[]> patches = new ArrayList<>();
            int perPass = 2; // data segments per TCP flow per pass
            passDelta = perPass * DATA;
            byte[] data = BenchFrames.payload(DATA);
            for (int f = 0; f < 24; f++) {
                boolean v6 = f % 4 == 3;
                String c = v6 ? "fd00::" + Integer.toHexString(0x100 + f) : "10.2." + f + ".1";
                String s = v6 ? "fd00::1" : "10.1.0.1";
                int cport = 40000 + f;
                int sport = f % 2 == 0 ? 443 : 80;
                long l4 = 14 + (v6 ? 40 : 20);
                long cIsn = 1000L * f + 1, sIsn = 900_000L * f + 1;
                handshakes.add(ip(PacketBuilder.eth(), v6, c, s).tcp(cport, sport).flags(SYN).seq(cIsn - 1).build());
                handshakes.add(ip(PacketBuilder.eth(), v6, s, c).tcp(sport, cport).flags(SYN | ACK).seq(sIsn - 1)
                        .ack(cIsn).build());
                handshakes.add(ip(PacketBuilder.eth(), v6, c, s).tcp(cport, sport).flags(ACK).seq(cIsn).ack(sIsn)
                        .build());
                for (int k = 0; k < perPass; k++) {
                    long seq = cIsn + (long) k * DATA;
                    cycle.add(ip(PacketBuilder.eth(), v6, c, s).tcp(cport, sport).flags(PSH | ACK).seq(seq).ack(sIsn)
                            .payload(data).build());
                    patches.add(new long[] {l4 + 4, l4 + 16});
                    cycle.add(ip(PacketBuilder.eth(), v6, s, c).tcp(sport, cport).flags(ACK).seq(sIsn)
                            .ack(seq + DATA).build());
                    patches.add(new long[] {l4 + 8, l4 + 16});
                }
            }
            for (int u = 0; u < 8; u++) {
                for (int k = 0; k < 4; k++) {
                    cycle.add(PacketBuilder.eth().ipv4(k % 2 == 0 ? "10.3.0." + u : "10.1.0.53",
                            k % 2 == 0 ? "10.1.0.53" : "10.3.0." + u).udp(k % 2 == 0 ? 53000 + u : 53,
                            k % 2 == 0 ? 53 : 53000 + u).payload(BenchFrames.payload(60)).build());
                    patches.add(null);
                }
            }
            List<byte[]> all = new ArrayList<>(handshakes);
            all.addAll(cycle);
            open(new ConnConfig(), all);
            for (int i = 0; i < handshakes.size(); i++) {
                feed(i, 10_000);
            }
            int h = handshakes.size();
            // keep only the cycle in the arrays the benchmark walks
            long[] offs = new long[cycle.size()];
            int[] lens = new int[cycle.size()];
            patchAt = new long[cycle.size()];
            csumAt = new long[cycle.size()];
            for (int i = 0; i < cycle.size(); i++) {
                offs[i] = frames.offsets[h + i];
                lens[i] = frames.lengths[h + i];
                long[] p = patches.get(i);
                patchAt[i] = p == null ? -1 : offs[i] + p[0];
                csumAt[i] = p == null ? -1 : offs[i] + p[1];
            }
            System.arraycopy(offs, 0, frames.offsets, 0, offs.length);
            System.arraycopy(lens, 0, frames.lengths, 0, lens.length);
            cycleLength = cycle.size();
            // one pass creates the UDP flows; from here on nothing is created
            for (int i = 0; i < cycleLength; i++) {
                feed(i, 10_000);
            }
            advancePass();
            weirdsAtStart = analysis.weirdCount();
            connsAtStart = engine.connections();
        }

        int cycleLength;
        long connsAtStart;

        @TearDown(Level.Trial)
        public void tearDown() {
            long weirds = analysis.weirdCount() - weirdsAtStart;
            long created = engine.connections() - connsAtStart;
            arena.close();
            if (weirds != 0 || created != 0) {
                throw new IllegalStateException("not steady: " + weirds + " weirds, " + created + " new connections");
            }
        }

        /** Advances every TCP frame's seq (data) or ack (ACK) by one pass worth of bytes. */
        void advancePass() {
            MemorySegment s = frames.seg;
            for (int i = 0; i < cycleLength; i++) {
                long at = patchAt[i];
                if (at >= 0) {
                    addU32(s, at, csumAt[i], passDelta);
                }
            }
        }
    }

    /** A new connection per packet. */
    @State(Scope.Thread)
    public static class Fresh extends Pipeline {
        static final int POOL = 65_536;
        long invocations;
        long connsAtStart;

        @Setup(Level.Trial)
        public void setUp() {
            List<byte[]> syns = new ArrayList<>(POOL);
            for (int i = 0; i < POOL; i++) {
                syns.add(PacketBuilder.eth().ipv4("10." + (20 + (i >>> 16)) + "." + ((i >>> 8) & 255) + "." + (i & 255),
                        "10.1.0.1").tcp(40000 + (i & 1023), 80).flags(SYN).seq(1000 + i).build());
            }
            ConnConfig cfg = new ConnConfig();
            cfg.tcpInactivityTimeout = 10L * 1_000_000_000L;
            open(cfg, syns);
            connsAtStart = engine.connections();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            long created = engine.connections() - connsAtStart;
            arena.close();
            if (created < invocations) {
                throw new IllegalStateException("only " + created + " connections for " + invocations + " SYNs");
            }
        }
    }

    @Benchmark
    public int steady(Steady s) {
        int i = s.next;
        if (i == s.cycleLength) {
            s.advancePass();
            i = 0;
        }
        s.next = i + 1;
        s.feed(i, 10_000);
        return s.engine.active();
    }

    @Benchmark
    public int newConnection(Fresh s) {
        int i = s.next;
        s.next = i + 1 == Fresh.POOL ? 0 : i + 1;
        s.invocations++;
        s.feed(i, 1_000_000);
        return s.engine.active();
    }

    private static PacketBuilder ip(PacketBuilder b, boolean v6, String src, String dst) {
        return v6 ? b.ipv6(src, dst) : b.ipv4(src, dst);
    }

    /** Adds {@code delta} to the big-endian 32-bit field at {@code at}, updating the checksum at {@code csum}. */
    static void addU32(MemorySegment s, long at, long csum, int delta) {
        int old = s.get(BE32, at);
        int neu = old + delta;
        s.set(BE32, at, neu);
        // RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') for each 16-bit word changed
        int sum = (~Short.toUnsignedInt(s.get(BE16, csum)) & 0xFFFF) + (~(old >>> 16) & 0xFFFF) + (~old & 0xFFFF)
                + (neu >>> 16) + (neu & 0xFFFF);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        s.set(BE16, csum, (short) ~sum);
    }
}
