package io.osprey.analyzer;

import io.osprey.engine.Analysis;
import io.osprey.engine.analyzer.AnalyzerRegistry;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.engine.event.EventBus;
import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a capture through the real pipeline, as the CLI does (decoder, connection engine, the built-in analyzers and
 * their logs, TSV), for the analyzers' end-to-end and golden tests.
 */
public final class Pipelines {
    private Pipelines() {
    }

    /** {@link #run(Path, Path, Set, AnalyzerOptions, ConnConfig)} with Zeek's default options and settings. */
    public static Path run(Path pcap, Path out, Set<String> enabled) {
        return run(pcap, out, enabled, new AnalyzerOptions(), new ConnConfig());
    }

    /**
     * Runs {@code pcap} with the built-in analyzers named in {@code enabled} ({@code --analyzers}; null: all) and
     * writes the logs into {@code out} (created if needed).
     *
     * @return {@code out}
     */
    public static Path run(Path pcap, Path out, Set<String> enabled, AnalyzerOptions options, ConnConfig config) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (LogManager logs = new LogManager(LogOutputs.files(out, LogFormat.TSV));
             PacketSource src = Captures.open(pcap.toString(), w -> { })) {
            EventBus events = new EventBus();
            AnalyzerRegistry registry = new AnalyzerRegistry(BuiltinAnalyzers.install(enabled, options, events, logs));
            Analysis a = new Analysis(config, logs, registry, events);
            a.worker().run(src, null, 1 << 16);
            a.worker().finish();
            // Every connection is removed at the end of input and gives back its share of the worker-wide
            // reassembly budgets: anything left is a leak (spurious reassembly_buffer_limit gaps on a long run).
            io.osprey.engine.conn.ConnEngine e = a.worker().engine();
            if (e.reassemblyBytes() != 0 || e.reassemblyRanges() != 0) {
                throw new AssertionError("reassembly budgets not returned: " + e.reassemblyBytes() + " bytes, "
                        + e.reassemblyRanges() + " range slots");
            }
        }
        return out;
    }

    /** conn.log's {@code service} column in {@code out}, keyed by the column {@code keyField} (e.g. id.resp_p). */
    public static Map<String, String> services(Path out, String keyField) {
        Map<String, String> services = new TreeMap<>();
        try {
            for (Map<String, String> c : io.osprey.testkit.ZeekLogs.read(out.resolve("conn.log"))) {
                services.put(c.get(keyField), c.get("service"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return services;
    }

    /**
     * Copies a capture a test built to the path in system property {@code property}, when set: how the expectations
     * of a test were taken from real Zeek on the same capture (e.g. {@code -Dosprey.ssl.pcap=/tmp/ssl.pcap}).
     */
    public static void keepCopy(Path pcap, String property) {
        String keep = System.getProperty(property);
        if (keep != null) {
            try {
                Files.copy(pcap, Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
