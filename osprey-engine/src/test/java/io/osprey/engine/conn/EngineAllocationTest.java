package io.osprey.engine.conn;

import com.sun.management.ThreadMXBean;
import io.osprey.engine.Analysis;
import io.osprey.engine.Worker;
import io.osprey.log.LogManager;
import io.osprey.packet.Packet;
import io.osprey.pcap.PacketRecord;
import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-packet path (timers, decode, flow lookup, TCP state, counters) allocates nothing in steady state: 100k
 * packets of established TCP and UDP flows after warm-up stay under a small allocation bound. An allocation
 * check, not a timing test.
 */
class EngineAllocationTest {
    private static final int PACKETS = 100_000;

    @Test
    void steadyStateDoesNotAllocatePerPacket() {
        check(new Analysis(new ConnConfig(), new LogManager(List.of())), exchange());
    }

    /**
     * A bulk transfer with a thousand segments in flight (ACKed every second segment, a window behind): the
     * reassembler holds about a thousand ranges the whole time, so its arrays grow once (to 1,024 slots, granted by
     * the worker-wide budget) and then are neither grown nor shrunk again: an ACK leaves them nearly full, far from
     * the eighth that would shrink them.
     */
    @Test
    void bulkTransferWithThousandsOfSegmentsInFlightDoesNotAllocatePerPacket() {
        Analysis a = new Analysis(new ConnConfig(), new LogManager(List.of()));
        check(a, bulk(1000));
        assertThat(a.worker().engine().reassemblyRanges()).as("range slots held at the end")
                .isEqualTo(1024 - TcpSeqTracker.INITIAL_BLOCKS);
        a.worker().finish();
        io.osprey.engine.Trace.assertBudgetsReturned(a.worker().engine());
    }

    /** With analyzers attached, the in-order reassembly and delivery path (no copy, no buffer) allocates nothing. */
    @Test
    void inOrderReassemblyAndDeliveryDoNotAllocatePerPacket() {
        long[] delivered = new long[1];
        java.util.function.Function<io.osprey.engine.analyzer.AnalyzerContext, io.osprey.engine.analyzer.Analyzer> f =
                ctx -> new io.osprey.engine.analyzer.Analyzer(ctx) {
                    @Override
                    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
                        delivered[0] += len;
                    }

                    @Override
                    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
                        delivered[0] += len;
                    }
                };
        io.osprey.engine.analyzer.AnalyzerRegistry reg = new io.osprey.engine.analyzer.AnalyzerRegistry(List.of(
                new io.osprey.engine.analyzer.AnalyzerSpec("T", "t", 6, new int[] {80}, null, null, f),
                new io.osprey.engine.analyzer.AnalyzerSpec("U", "u", 17, new int[] {9999}, null, null, f)));
        check(new Analysis(new ConnConfig(), new LogManager(List.of()), reg, new io.osprey.engine.event.EventBus()),
                exchange());
        assertThat(delivered[0]).isGreaterThanOrEqualTo(100L * PACKETS);
        delivered[0] = 0;
        check(new Analysis(new ConnConfig(), new LogManager(List.of()), reg, new io.osprey.engine.event.EventBus()),
                bulk(1000));
        assertThat(delivered[0]).isGreaterThanOrEqualTo(100L * PACKETS);
    }

    /** A TCP exchange (each data segment acknowledged) interleaved with UDP datagrams of several flows. */
    private static List<byte[]> exchange() {
        List<byte[]> frames = new ArrayList<>();
        frames.add(PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).flags(SYN).seq(1000).build());
        frames.add(PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(80, 40000).flags(SYN | ACK).seq(5000)
                .ack(1001).build());
        byte[] payload = new byte[100];
        long seq = 1001;
        for (int i = 0; i < 2 * PACKETS; i++) {
            if (i % 2 == 0) {
                frames.add(PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).flags(PSH | ACK).seq(seq)
                        .ack(5001).payload(payload).build());
                seq += payload.length;
            } else if (i % 4 == 1) {
                frames.add(PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(80, 40000).flags(ACK).seq(5001)
                        .ack(seq).build());
            } else {
                frames.add(PacketBuilder.eth().ipv4("10.0.0." + (3 + i % 7), "10.0.0.2").udp(5353, 9999)
                        .payload(payload).build());
            }
        }
        return frames;
    }

    /**
     * A bulk transfer of 100-byte segments: every second segment the receiver acknowledges all but the last
     * {@code inFlight}, so between {@code inFlight} and {@code inFlight + 2} segments are unacknowledged throughout.
     */
    private static List<byte[]> bulk(int inFlight) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).flags(SYN).seq(1000).build());
        frames.add(PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(80, 40000).flags(SYN | ACK).seq(5000)
                .ack(1001).build());
        byte[] payload = new byte[100];
        for (int i = 0; i < 2 * PACKETS; i++) {
            frames.add(PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).flags(PSH | ACK)
                    .seq(1001 + 100L * i).ack(5001).payload(payload).build());
            if (i % 2 == 1 && i + 1 >= inFlight) {
                frames.add(PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(80, 40000).flags(ACK).seq(5001)
                        .ack(1001 + 100L * (i + 1 - inFlight)).build());
            }
        }
        return frames;
    }

    private void check(Analysis a, List<byte[]> frames) {
        long total = frames.stream().mapToLong(f -> f.length).sum();
        Arena arena = Arena.ofConfined();
        MemorySegment seg = arena.allocate(total);
        long[] offsets = new long[frames.size()];
        long off = 0;
        for (int i = 0; i < frames.size(); i++) {
            offsets[i] = off;
            MemorySegment.copy(MemorySegment.ofArray(frames.get(i)), 0, seg, off, frames.get(i).length);
            off += frames.get(i).length;
        }
        Worker w = a.worker();
        PacketRecord r = new PacketRecord();
        Packet p = new Packet();
        io.osprey.packet.PacketDecoder decoder = decoderOf(w);
        r.segment = seg;
        r.linkType = 1;
        long ts = 1_000_000_000_000_000L;
        // warm-up: first half; measured: second half
        int half = frames.size() / 2;
        for (int i = 0; i < half; i++) {
            ts = feed(w, decoder, r, p, frames, offsets, i, ts);
        }
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = half; i < frames.size(); i++) {
            ts = feed(w, decoder, r, p, frames, offsets, i, ts);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(frames.size() - half).isGreaterThanOrEqualTo(PACKETS);
        assertThat(allocated).as("bytes allocated over %d packets", frames.size() - half).isLessThan(64 * 1024);
        arena.close();
    }

    private static long feed(Worker w, io.osprey.packet.PacketDecoder d, PacketRecord r, Packet p, List<byte[]> frames,
                             long[] offsets, int i, long ts) {
        r.offset = offsets[i];
        r.caplen = r.wirelen = frames.get(i).length;
        r.tsNanos = ts;
        w.engine().advance(ts);
        d.decode(r, p);
        return ts + 10_000;
    }

    private static io.osprey.packet.PacketDecoder decoderOf(Worker w) {
        return w.decoder();
    }
}
