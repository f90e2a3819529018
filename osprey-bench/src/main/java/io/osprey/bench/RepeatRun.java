package io.osprey.bench;

import io.osprey.engine.Analysis;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.log.LogManager;
import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketSource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Runs the conn-only pipeline over a capture several times in one JVM and prints each run's time, to separate the
 * steady-state packet rate from JVM start-up and JIT warm-up (which the whole-process benchmark in
 * scripts/bench.sh includes). Usage: {@code RepeatRun FILE [RUNS] [map|stream]}: {@code map} (default) opens the file
 * as the CLI does ({@code Captures.open}: memory-mapped), {@code stream} reads it through
 * {@code Captures.openStream} (the path stdin takes: chunked reads into a heap buffer). Logs are discarded (no
 * writer).
 */
public final class RepeatRun {
    private RepeatRun() {
    }

    public static void main(String[] args) {
        String file = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean stream = args.length > 2 && args[2].equals("stream");
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            ConnConfig cfg = new ConnConfig();
            cfg.weirdLog = false;
            cfg.tunnelLog = false;
            Analysis a = new Analysis(cfg, new LogManager(List.of()));
            try (PacketSource src = stream ? openStream(file) : Captures.open(file, w -> { })) {
                a.worker().run(src, null, 1 << 30);
                a.worker().finish();
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "run %d: %.3f s, %d packets, %.1f MB/s, %.2f Mpps, %d connections%n", i, s,
                        a.worker().packets(), src.size() / s / 1e6, a.worker().packets() / s / 1e6,
                        a.worker().engine().connections());
            }
        }
    }

    private static PacketSource openStream(String file) {
        try {
            Path p = Path.of(file);
            return Captures.openStream(file, new BufferedInputStream(Files.newInputStream(p), 1 << 16), Files.size(p),
                    w -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
