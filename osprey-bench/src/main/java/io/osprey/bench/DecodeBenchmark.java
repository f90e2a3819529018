package io.osprey.bench;

import io.osprey.packet.DecoderConfig;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketSink;
import io.osprey.packet.WeirdSink;
import io.osprey.pcap.PacketRecord;
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
import java.util.concurrent.TimeUnit;

/**
 * {@link PacketDecoder#decode} alone: the layer tree (Ethernet, 802.1Q, IPv4/IPv6, TCP/UDP/ICMP, one VXLAN tunnel)
 * over the 16-frame {@link BenchFrames#mix()} preloaded in one off-heap segment, into a sink that only counts IP
 * datagrams (no connection engine). Unit: ns per frame decoded, averaged over the mix. Expected allocation:
 * 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeBenchmark {
    private Arena arena;
    private BenchFrames.Laid frames;
    private PacketDecoder decoder;
    private final PacketRecord record = new PacketRecord();
    private final Packet packet = new Packet();
    private final CountingSink sink = new CountingSink();
    private int next;

    /** Counts datagrams; does nothing else. */
    static final class CountingSink implements PacketSink, WeirdSink {
        long datagrams;
        long weirds;

        @Override
        public void ip(Packet p) {
            datagrams++;
        }

        @Override
        public void netWeird(Packet p, String name, String addl, String source) {
            weirds++;
        }

        @Override
        public void flowWeird(Packet p, String name, String addl, String source) {
            weirds++;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        frames = new BenchFrames.Laid(arena, BenchFrames.mix());
        decoder = new PacketDecoder(sink, sink, DecoderConfig.defaults());
        record.segment = frames.seg;
        record.linkType = 1;
        record.tsNanos = 1_700_000_000L * 1_000_000_000L;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (sink.weirds != 0) {
            throw new IllegalStateException("the benchmark mix raised " + sink.weirds + " weirds");
        }
        arena.close();
    }

    @Benchmark
    public long decode() {
        int i = next;
        next = i + 1 == frames.offsets.length ? 0 : i + 1;
        record.offset = frames.offsets[i];
        record.caplen = record.wirelen = frames.lengths[i];
        decoder.decode(record, packet);
        return sink.datagrams;
    }
}
