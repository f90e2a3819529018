package io.osprey.engine.conn;

import io.osprey.engine.Analysis;
import io.osprey.engine.Worker;
import io.osprey.engine.analyzer.AnalyzerRegistry;
import io.osprey.engine.analyzer.OrigStreamRecorder;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.event.EventBus;
import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.packet.Packet;
import io.osprey.pcap.PacketRecord;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker-wide budget on reassembly range capacity ({@link ConnConfig#maxReassemblyRanges}, counted in
 * {@code ConnEngine.reassemblyRanges}): growth beyond it drops the newest range as the per-direction bound does
 * (weird once, a gap for the analyzers, processing goes on), the capacity comes back when ACKs leave a direction's
 * arrays mostly empty (with hysteresis) and on every way a connection is removed, so the counter is 0 again.
 * Packets go through the real decoder and engine one at a time, so the counter can be read between them.
 */
class ReassemblyRangeBudgetTest {
    private static final String C = "10.0.0.1";
    private static final String S = "10.0.0.2";
    /** Network time of the first packet (ns). */
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** The recording analyzer of each connection (one connection per test): the originator's bytes and gaps. */
    private final List<OrigStreamRecorder> recorders = new ArrayList<>();

    /**
     * Feeds frames one at a time into a worker writing its logs under {@code dir/out}; {@link #close()} is the end of
     * input (once).
     */
    private final class Feed implements AutoCloseable {
        final LogManager logs;
        final Worker w;
        final PacketRecord r = new PacketRecord();
        final Packet p = new Packet();
        long ts = T0;
        boolean closed;

        Feed(ConnConfig cfg) {
            try {
                java.nio.file.Files.createDirectories(dir.resolve("out"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            logs = new LogManager(LogOutputs.files(dir.resolve("out"), LogFormat.TSV));
            AnalyzerSpec rec = new AnalyzerSpec("REC", "rec", AnalyzerSpec.TCP, new int[] {80}, null, null,
                    ctx -> new OrigStreamRecorder(ctx, recorders));
            w = new Analysis(cfg, logs, new AnalyzerRegistry(List.of(rec)), new EventBus()).worker();
        }

        /** The packet {@code frame}, {@code after} ns after the previous one. */
        Feed at(long after, byte[] frame) {
            ts += after;
            r.segment = MemorySegment.ofArray(frame);
            r.offset = 0;
            r.caplen = r.wirelen = frame.length;
            r.linkType = 1;
            r.tsNanos = ts;
            w.engine().advance(ts);
            w.decoder().decode(r, p);
            return this;
        }

        Feed c2s(int flags, long seq, long ack, String data) {
            return at(MS, tcp(C, S, 40000, 80, flags, seq, ack, data));
        }

        Feed s2c(int flags, long seq, long ack, String data) {
            return at(MS, tcp(S, C, 80, 40000, flags, seq, ack, data));
        }

        long ranges() {
            return w.engine().reassemblyRanges();
        }

        List<Map<String, String>> weirds() throws IOException {
            return ZeekLogs.read(dir.resolve("out").resolve("weird.log"));
        }

        List<Map<String, String>> conns() throws IOException {
            return ZeekLogs.read(dir.resolve("out").resolve("conn.log"));
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            w.finish();
            logs.close();
        }
    }

    private static byte[] tcp(String src, String dst, int sport, int dport, int flags, long seq, long ack,
                              String data) {
        PacketBuilder b = PacketBuilder.eth().ipv4(src, dst).tcp(sport, dport).flags(flags).seq(seq).ack(ack);
        if (data != null) {
            b.payload(data);
        }
        return b.build();
    }

    /** The client's ISN is 1000 (first data byte 1001), the server's 5000. */
    private static Feed handshake(Feed f) {
        return f.c2s(SYN, 1000, 0, null).s2c(SYN | ACK, 5000, 1001, null).c2s(ACK, 1001, 5001, null);
    }

    /** {@code n} client segments of 10 bytes from stream offset {@code from} (10 * index), none acknowledged. */
    private static Feed segments(Feed f, int from, int n) {
        for (int i = from; i < from + n; i++) {
            f.c2s(PSH | ACK, 1001 + 10L * i, 5001, "0123456789");
        }
        return f;
    }

    /** The server acknowledges the client's first {@code k} 10-byte segments. */
    private static Feed ackSegments(Feed f, int k) {
        return f.s2c(ACK, 5001, 1001 + 10L * k, null);
    }

    private String origText() {
        return recorders.getFirst().bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void growthBeyondTheBudgetDropsTheNewestRangeOnceWithAWeirdAndAGapAndGoesOn() throws IOException {
        ConnConfig cfg = new ConnConfig();
        cfg.maxReassemblyRanges = 0; // no growth at all: each direction has its 2 initial slots
        List<Map<String, String>> weirds;
        try (Feed f = handshake(new Feed(cfg))) {
            f.c2s(PSH | ACK, 1006, 5001, "BBBBB"); // above a hole of 5: range 1
            f.c2s(PSH | ACK, 1011, 5001, "CCCCC"); // range 2: the arrays are full
            f.c2s(PSH | ACK, 1016, 5001, "DDDDD"); // would grow: refused, the newest ranges (C, D) are dropped
            assertThat(f.ranges()).isZero();
            f.c2s(PSH | ACK, 1001, 5001, "AAAAA"); // fills the hole: A and B delivered
            f.s2c(ACK, 5001, 1021, null);          // C and D acknowledged but never kept: a gap for the analyzer
            f.c2s(PSH | ACK, 1021, 5001, "EEEEE"); // processing goes on in order
            f.c2s(PSH | ACK, 1031, 5001, "GGGGG");
            f.c2s(PSH | ACK, 1036, 5001, "HHHHH"); // refused again (G and H dropped): no second weird
            f.c2s(PSH | ACK, 1026, 5001, "FFFFF"); // E and F fit
            f.s2c(ACK, 5001, 1041, null);          // G and H acknowledged: the second gap
            f.c2s(PSH | ACK, 1041, 5001, "IIIII");
            assertThat(f.ranges()).isZero();
            f.close();
            weirds = f.weirds();
        }
        assertThat(origText()).isEqualTo("AAAAABBBBBEEEEEFFFFFIIIII");
        assertThat(recorders.getFirst().gaps).containsExactly("gap:11:10", "gap:31:10");
        assertThat(weirds).extracting(w -> w.get("name")).containsOnlyOnce("reassembly_buffer_limit");
    }

    @Test
    void withTheDefaultBudgetTheSameSegmentsAreAllDelivered() throws IOException {
        try (Feed f = handshake(new Feed(new ConnConfig()))) {
            f.c2s(PSH | ACK, 1006, 5001, "BBBBB");
            f.c2s(PSH | ACK, 1011, 5001, "CCCCC");
            f.c2s(PSH | ACK, 1016, 5001, "DDDDD"); // the arrays grow from 2 to 4 slots: 2 counted
            assertThat(f.ranges()).isEqualTo(2);
            f.c2s(PSH | ACK, 1001, 5001, "AAAAA");
            f.s2c(ACK, 5001, 1021, null);
        }
        assertThat(origText()).isEqualTo("AAAAABBBBBCCCCCDDDDD");
        assertThat(recorders.getFirst().gaps).isEmpty();
    }

    @Test
    void acknowledgmentsShrinkTheArraysWithHysteresis() {
        try (Feed f = handshake(new Feed(new ConnConfig()))) {
            segments(f, 0, 200); // 200 ranges unacknowledged: 256 slots, 254 beyond the initial 2
            assertThat(f.ranges()).isEqualTo(254);
            ackSegments(f, 160); // 40 left, more than 256 / 8: kept
            assertThat(f.ranges()).isEqualTo(254);
            ackSegments(f, 168); // 32 left = 256 / 8: shrunk to 4 * 32 = 128 slots
            assertThat(f.ranges()).isEqualTo(126);
            ackSegments(f, 175); // 25 left, more than 128 / 8: kept
            assertThat(f.ranges()).isEqualTo(126);
            segments(f, 200, 100); // 125 in flight: fits in 128, no growth
            assertThat(f.ranges()).isEqualTo(126);
            ackSegments(f, 290); // 10 left: 4 * 8 = 32, the floor is 64
            assertThat(f.ranges()).isEqualTo(62);
            ackSegments(f, 300); // none left: arrays at the floor are kept
            assertThat(f.ranges()).isEqualTo(62);
        }
        assertThat(origText()).hasSize(3000);
    }

    @Test
    void capacityComesBackOnNormalCloseAndInactivityTimeoutAndEndOfInput() {
        try (Feed f = handshake(new Feed(new ConnConfig()))) {
            segments(f, 0, 100);
            assertThat(f.ranges()).isEqualTo(126);
            // a second connection from another client port holds capacity too
            f.at(MS, tcp(C, S, 40001, 80, SYN, 9000, 0, null));
            f.at(MS, tcp(S, C, 80, 40001, SYN | ACK, 7000, 9001, null));
            for (int i = 0; i < 20; i++) {
                f.at(MS, tcp(C, S, 40001, 80, PSH | ACK, 9001 + 10L * i, 7001, "0123456789"));
            }
            assertThat(f.ranges()).isEqualTo(126 + 30);
            // the first closes normally: FINs both ways, all acknowledged, removed after tcp_close_delay
            ackSegments(f, 100);
            f.c2s(FIN | ACK, 2001, 5001, null).s2c(FIN | ACK, 5001, 2002, null).c2s(ACK, 2002, 5002, null);
            f.at(10_000 * MS, tcp("10.9.9.9", S, 1, 2, SYN, 1, 0, null)); // moves network time on
            assertThat(f.ranges()).isEqualTo(30);
            // the second goes idle past the inactivity timeout (300 s)
            f.at(400_000 * MS, tcp("10.9.9.9", S, 3, 4, SYN, 1, 0, null));
            assertThat(f.ranges()).isZero();
            // a third is still open at the end of input: finish() (close()) removes it
            f.at(MS, tcp(C, S, 40002, 80, SYN, 100, 0, null));
            f.at(MS, tcp(S, C, 80, 40002, SYN | ACK, 300, 101, null));
            for (int i = 0; i < 10; i++) {
                f.at(MS, tcp(C, S, 40002, 80, PSH | ACK, 101 + 10L * i, 301, "0123456789"));
            }
            assertThat(f.ranges()).isEqualTo(14);
            f.close();
            assertThat(f.ranges()).isZero();
            assertThat(f.w.engine().reassemblyBytes()).isZero();
        }
    }

    @Test
    void capacityAndBufferedBytesComeBackWhenTheConnectionIsEvicted() {
        ConnConfig cfg = new ConnConfig();
        cfg.maxConnections = 1;
        try (Feed f = handshake(new Feed(cfg))) {
            // a hole at the start: every segment above it is buffered for the analyzer and holds a range
            for (int i = 1; i <= 20; i++) {
                f.c2s(PSH | ACK, 1001 + 10L * i, 5001, "0123456789");
            }
            assertThat(f.ranges()).isEqualTo(30);
            assertThat(f.w.engine().reassemblyBytes()).isEqualTo(200);
            f.at(MS, tcp("10.9.9.9", S, 1, 2, SYN, 1, 0, null)); // the table is full: the first is evicted
            assertThat(f.w.engine().evicted()).isEqualTo(1);
            assertThat(f.ranges()).isZero();
            assertThat(f.w.engine().reassemblyBytes()).isZero();
        }
    }

    @Test
    void aDirectionThatGivesUpReassemblyGivesItsCapacityBack() throws IOException {
        try (Feed f = handshake(new Feed(new ConnConfig()))) {
            // nothing acknowledged and more than 16 KiB above a hole: Zeek's above_hole_data_without_any_acks
            String kb = "x".repeat(1000);
            for (int i = 1; i <= 10; i++) {
                f.c2s(PSH | ACK, 1001 + 1000L * i, 5001, kb);
            }
            assertThat(f.ranges()).isEqualTo(14);
            for (int i = 11; i <= 18; i++) {
                f.c2s(PSH | ACK, 1001 + 1000L * i, 5001, kb);
            }
            assertThat(f.ranges()).isZero();
            assertThat(f.w.engine().reassemblyBytes()).isZero();
            f.close();
            assertThat(f.weirds()).extracting(w -> w.get("name")).contains("above_hole_data_without_any_acks");
            assertThat(f.ranges()).isZero();
        }
    }
}
