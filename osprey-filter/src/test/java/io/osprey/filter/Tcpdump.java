package io.osprey.filter;

import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
import io.osprey.testkit.PcapFileWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system's tcpdump as the reference for which packets a filter selects: {@code tcpdump -r FILE -w -
 * EXPR}. To know which packets came back, captures are first rewritten with packet {@code i} stamped at second
 * {@code i} (bytes, lengths and link type unchanged).
 */
final class Tcpdump {
    private Tcpdump() {
    }

    private static Boolean available;

    /** Whether a usable tcpdump is on the PATH. */
    static synchronized boolean available() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder("tcpdump", "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                available = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                available = false;
            }
        }
        return available;
    }

    /** One packet of a capture as read. */
    record Packet(byte[] data, int wirelen) {
    }

    /** A capture's link type and packets (single link type only), or null when it cannot be read as one. */
    record Capture(int linkType, List<Packet> packets) {
    }

    static Capture read(Path file) {
        List<Packet> out = new ArrayList<>();
        int lt = -1;
        try (PacketSource src = Captures.open(file.toString(), w -> { })) {
            PacketRecord r = new PacketRecord();
            while (src.next(r)) {
                if (lt == -1) {
                    lt = r.linkType;
                } else if (lt != r.linkType) {
                    return null;
                }
                byte[] b = new byte[r.caplen];
                java.lang.foreign.MemorySegment.copy(r.segment, java.lang.foreign.ValueLayout.JAVA_BYTE, r.offset,
                        b, 0, r.caplen);
                out.add(new Packet(b, r.wirelen));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return lt < 0 ? null : new Capture(lt, out);
    }

    /** Writes {@code c} with packet i at second i. */
    static Path writeIndexed(Capture c, Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        try (PcapFileWriter w = PcapFileWriter.create(f, c.linkType(), false)) {
            for (int i = 0; i < c.packets().size(); i++) {
                Packet p = c.packets().get(i);
                w.write(i * 1_000_000_000L, p.data(), p.wirelen());
            }
        }
        return f;
    }

    /**
     * The indices of the packets tcpdump selects from an indexed capture, or null when tcpdump refuses the
     * expression ({@code error[0]} then holds its message).
     */
    static List<Integer> select(Path indexed, String expr, String[] error) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tcpdump", "-r", indexed.toString(), "-w", "-", "--", expr).start();
        byte[][] err = new byte[1][];
        Thread drain = Thread.ofVirtual().start(() -> {
            try (InputStream e = p.getErrorStream()) {
                err[0] = e.readAllBytes();
            } catch (IOException ex) {
                err[0] = new byte[0];
            }
        });
        byte[] out;
        try (InputStream o = p.getInputStream()) {
            out = o.readAllBytes();
        }
        drain.join();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            if (error != null) {
                error[0] = new String(err[0]).strip();
            }
            return null;
        }
        List<Integer> sel = new ArrayList<>();
        if (out.length == 0) {
            return sel;
        }
        try (PacketSource src = Captures.openStream("tcpdump", new ByteArrayInputStream(out), out.length, w -> { })) {
            PacketRecord r = new PacketRecord();
            while (src.next(r)) {
                sel.add((int) (r.tsNanos / 1_000_000_000L));
            }
        }
        return sel;
    }

    /** The indices of the packets our compiled filter selects. */
    static List<Integer> ours(Capture c, PacketFilter f) {
        List<Integer> sel = new ArrayList<>();
        for (int i = 0; i < c.packets().size(); i++) {
            Packet p = c.packets().get(i);
            if (f.matches(java.lang.foreign.MemorySegment.ofArray(p.data()), 0, p.data().length, p.wirelen())) {
                sel.add(i);
            }
        }
        return sel;
    }

    static boolean isFile(Path p) {
        return Files.isRegularFile(p);
    }
}
