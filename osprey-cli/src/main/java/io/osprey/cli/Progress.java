package io.osprey.cli;

import io.osprey.engine.Worker;
import io.osprey.pcap.PacketSource;

import java.io.PrintStream;
import java.util.Locale;

/** The progress bar (bytes, packets/s, ETA) and the one-line summary, for off-line runs on a terminal. */
final class Progress implements Runnable {
    private final PrintStream err;
    private final PacketSource source;
    private final Worker worker;
    private final long start;
    private long lastDraw;

    Progress(PrintStream err, PacketSource source, Worker worker, long start) {
        this.err = err;
        this.source = source;
        this.worker = worker;
        this.start = start;
    }

    /** True when stderr is probably a terminal (a console is attached and TERM is set). */
    static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal() && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        double secs = (now - start) / 1e9;
        long pos = source.position();
        long size = source.size();
        double pps = worker.packets() / Math.max(secs, 1e-9);
        StringBuilder sb = new StringBuilder("\r");
        if (size > 0) {
            double frac = Math.min(1.0, pos / (double) size);
            int width = 30;
            int fill = (int) (frac * width);
            sb.append('[').append("#".repeat(fill)).append(" ".repeat(width - fill)).append("] ");
            sb.append(String.format(Locale.ROOT, "%3.0f%% %s/%s", frac * 100, mb(pos), mb(size)));
            double eta = frac > 0 ? secs / frac - secs : 0;
            sb.append(String.format(Locale.ROOT, " %.0f kpkt/s ETA %.0fs", pps / 1e3, eta));
        } else {
            sb.append(String.format(Locale.ROOT, "%s read, %d packets, %.0f kpkt/s", mb(pos), worker.packets(), pps / 1e3));
        }
        sb.append("   ");
        err.print(sb);
        err.flush();
    }

    private static String mb(long b) {
        return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }

    void clear() {
        err.print("\r" + " ".repeat(79) + "\r");
    }

    void summary(Worker w) {
        double secs = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "osprey: %d packets, %s, %d connections in %.2f s (%.0f kpkt/s, %.1f MB/s)%n",
                w.packets(), mb(w.bytes()), w.engine().connections(), secs, w.packets() / secs / 1e3,
                w.bytes() / secs / 1e6);
    }
}
