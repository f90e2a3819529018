package io.osprey.bench;

import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The capture reader loop: {@link PacketSource#next} over a memory-mapped pcap file, one packet per operation
 * (record header parsed, a {@link PacketRecord} filled; the packet bytes are not touched). At the end of the file
 * the source is closed and reopened, so the open/map cost is spread over the file's packets. {@code file}: a pcap
 * path, or {@code generated} (default) for a 200,000-packet file of the {@link BenchFrames#mix()} written to a
 * temporary file at set-up, so the benchmark runs anywhere; {@code -p file=/tmp/bench/mixed.pcap} reads the 1 GB
 * bench capture (run it once first so the page cache is warm). Unit: ns per packet. Expected allocation: 0 B/op
 * (plus the reopen, amortised).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PcapReadBenchmark {
    @Param({"generated"})
    public String file;

    private Path path;
    private boolean generated;
    private PacketSource source;
    private final PacketRecord record = new PacketRecord();

    @Setup(Level.Trial)
    public void setUp() {
        generated = "generated".equals(file);
        path = generated ? BenchFrames.writeMixPcap(200_000) : Path.of(file);
        source = Captures.open(path.toString(), w -> { });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        source.close();
        if (generated) {
            Files.deleteIfExists(path);
        }
    }

    @Benchmark
    public int next() {
        if (!source.next(record)) {
            source.close();
            source = Captures.open(path.toString(), w -> { });
            source.next(record);
        }
        return record.caplen;
    }
}
