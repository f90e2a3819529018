package io.osprey.engine;

import io.osprey.engine.conn.ConnConfig;
import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketSource;
import io.osprey.testkit.PcapFileWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test helper: a capture built in code (timestamped frames), run through the real pipeline (reader, decoder,
 * engine, ASCII writer) into a temporary directory, with the logs parsed back into rows of field name → text.
 */
public final class Trace {
    private final List<long[]> times = new ArrayList<>();
    private final List<byte[]> frames = new ArrayList<>();
    private final Path dir;
    private int linkType = 1;

    public Trace(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a frame at {@code seconds} (fractional) since the epoch. */
    public Trace at(double seconds, byte[] frame) {
        times.add(new long[] {Math.round(seconds * 1e6) * 1000});
        frames.add(frame);
        return this;
    }

    /** Adds a frame at {@code seconds} captured only to its first {@code keep} bytes (a snap length). */
    public Trace atTruncated(double seconds, byte[] frame, int keep) {
        times.add(new long[] {Math.round(seconds * 1e6) * 1000, frame.length});
        frames.add(java.util.Arrays.copyOf(frame, keep));
        return this;
    }

    public Trace linkType(int lt) {
        this.linkType = lt;
        return this;
    }

    /** Writes the capture and returns its path. */
    public Path write(String name) {
        Path f = dir.resolve(name);
        try (PcapFileWriter w = PcapFileWriter.create(f, linkType, false)) {
            for (int i = 0; i < frames.size(); i++) {
                long[] t = times.get(i);
                if (t.length > 1) {
                    w.write(t[0], frames.get(i), (int) t[1]);
                } else {
                    w.write(t[0], frames.get(i));
                }
            }
        }
        return f;
    }

    /** Runs the pipeline with default settings. */
    public Result run() {
        return run(new ConnConfig());
    }

    /** Runs the pipeline with {@code cfg} over the frames added so far. */
    public Result run(ConnConfig cfg) {
        Path pcap = write("trace.pcap");
        String keep = System.getProperty("osprey.test.keep");
        if (keep != null) {
            // -Dosprey.test.keep=DIR keeps every capture a test builds, e.g. to run real Zeek on it.
            try {
                Path k = Path.of(keep);
                Files.createDirectories(k);
                Files.copy(pcap, k.resolve(StackWalker.getInstance().walk(f -> f.skip(1)
                        .filter(x -> !x.getClassName().equals(Trace.class.getName())).findFirst()
                        .map(x -> x.getMethodName()).orElse("trace")) + "-" + dir.getFileName() + ".pcap"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return run(cfg, dir.resolve("out"), List.of(pcap.toString()));
    }

    /** Runs the pipeline over capture files. */
    public static Result run(ConnConfig cfg, Path out, List<String> inputs) {
        try {
            Files.createDirectories(out);
            Analysis a;
            try (LogManager logs = new LogManager(LogOutputs.files(out, LogFormat.TSV));
                 PacketSource src = Captures.openAll(inputs, w -> { })) {
                a = new Analysis(cfg, logs);
                a.worker().run(src, null, 1 << 30);
                a.worker().finish();
            }
            assertBudgetsReturned(a.worker().engine());
            return new Result(read(out.resolve("conn.log")), read(out.resolve("weird.log")),
                    read(out.resolve("tunnel.log")), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * After the end of input every connection is removed, and each gives back what it held of the worker-wide
     * reassembly budgets (buffered bytes, range slots): a counter left above 0 is a leak that would, over a long
     * run, turn into spurious {@code reassembly_buffer_limit} gaps.
     */
    public static void assertBudgetsReturned(io.osprey.engine.conn.ConnEngine engine) {
        if (engine.reassemblyBytes() != 0 || engine.reassemblyRanges() != 0) {
            throw new AssertionError("reassembly budgets not returned after the run: " + engine.reassemblyBytes()
                    + " bytes, " + engine.reassemblyRanges() + " range slots");
        }
    }

    /** Parses a Zeek ASCII log into rows (empty when the file does not exist). */
    public static List<Map<String, String>> read(Path log) throws IOException {
        return io.osprey.testkit.ZeekLogs.read(log);
    }

    /** The logs of a run. */
    public record Result(List<Map<String, String>> conn, List<Map<String, String>> weird,
                         List<Map<String, String>> tunnel, Path dir) {
        /** The only conn.log row (fails otherwise). */
        public Map<String, String> onlyConn() {
            if (conn.size() != 1) {
                throw new AssertionError("expected one connection, got " + conn);
            }
            return conn.get(0);
        }
    }
}
