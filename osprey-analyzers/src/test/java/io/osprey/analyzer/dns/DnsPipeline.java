package io.osprey.analyzer.dns;

import io.osprey.analyzer.AnalyzerOptions;
import io.osprey.analyzer.Pipelines;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.ZeekLogs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs captures through the real pipeline (decoder, connection engine, the built-in analyzers with DNS enabled, the
 * log writers) into a directory, as the CLI does, and reads the logs back. For the end-to-end and golden tests.
 */
final class DnsPipeline {
    private final Path dir;
    private final List<long[]> times = new ArrayList<>();
    private final List<byte[]> frames = new ArrayList<>();
    /** Analyzer options (defaults: Zeek's base scripts). */
    final AnalyzerOptions options = new AnalyzerOptions();

    DnsPipeline(Path dir) {
        this.dir = dir;
    }

    /** Adds an Ethernet frame at {@code tsNanos}. */
    DnsPipeline frame(long tsNanos, byte[] frame) {
        times.add(new long[] {tsNanos});
        frames.add(frame);
        return this;
    }

    /** Writes the frames as a pcap and runs it; returns the output directory. */
    Path run() {
        Path pcap = dir.resolve("in.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            for (int i = 0; i < frames.size(); i++) {
                w.write(times.get(i)[0], frames.get(i));
            }
        }
        return run(pcap);
    }

    /** Runs {@code pcap} (Zeek's default settings, all analyzers, checksums not verified); returns the directory. */
    Path run(Path pcap) {
        ConnConfig cfg = new ConnConfig();
        cfg.checksums = cfg.checksums.withIgnoreChecksums(true);
        return Pipelines.run(pcap, dir.resolve("out"), Set.of("dns"), options, cfg);
    }

    /** The rows of {@code name} in the last run's output. */
    List<Map<String, String>> log(String name) {
        try {
            return ZeekLogs.read(dir.resolve("out").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
