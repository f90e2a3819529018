package io.osprey.bench;

import io.osprey.packet.transport.Checksums;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The Internet checksum's one's-complement sum ({@link Checksums#sum}) over one off-heap buffer of {@code size}
 * bytes (64, 576 and 1500: a minimal frame, the IPv4 minimum MTU, an Ethernet MTU), as used for every TCP/UDP/ICMP
 * checksum check. Unit: ns per buffer summed. Expected allocation: 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChecksumBenchmark {
    @Param({"64", "576", "1500"})
    public int size;

    private Arena arena;
    private MemorySegment seg;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        seg = arena.allocate(size, 8);
        byte[] b = BenchFrames.payload(size);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, seg, 0, size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int sum() {
        return Checksums.sum(seg, 0, size, 0);
    }
}
