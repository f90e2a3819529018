package io.osprey.cli.trace;

import io.osprey.pcap.CaptureWriter;
import io.osprey.pcap.Captures;
import io.osprey.pcap.LinkTypes;
import io.osprey.pcap.MergedSource;
import io.osprey.pcap.PacketSource;
import io.osprey.pcap.PcapReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The inputs of a trace command, opened together: one source, or a {@link MergedSource} over several in timestamp
 * order. Also knows the first input's header values, which an output that receives no packet is written with
 * (tcpdump writes the input's header even when the filter matched nothing).
 */
final class Inputs implements AutoCloseable {
    final PacketSource source;
    final List<PacketSource> parts;
    final int linkType;
    final int snaplen;
    final int tsResolution;

    private Inputs(PacketSource source, List<PacketSource> parts) {
        this.source = source;
        this.parts = parts;
        if (parts.getFirst() instanceof PcapReader r) {
            linkType = r.linkType();
            snaplen = (int) Math.min(Integer.MAX_VALUE, r.snaplen());
            tsResolution = r.nanosecond() ? 9 : 6;
        } else {
            linkType = LinkTypes.EN10MB; // pcapng: interfaces come with the packets
            snaplen = 0;
            tsResolution = 6;
        }
    }

    /**
     * Opens every input ({@code "-"} = stdin, at most once) and merges them by time.
     *
     * @throws io.osprey.pcap.CaptureFormatException when one cannot be opened (the others are closed)
     */
    static Inputs open(List<String> names, Consumer<String> warnings) {
        return open(names, warnings, false);
    }

    /**
     * As {@link #open(List, Consumer)}; with {@code seekable}, plain (uncompressed) classic pcap files are
     * memory-mapped ({@link PcapReader#open}) so that {@link PcapReader#seekBefore} can jump to a time.
     */
    static Inputs open(List<String> names, Consumer<String> warnings, boolean seekable) {
        if (names.isEmpty()) {
            throw new TraceSubcommand.UsageException("no input files given");
        }
        if (names.stream().filter("-"::equals).count() > 1) {
            throw new TraceSubcommand.UsageException("standard input ('-') can be read only once");
        }
        List<PacketSource> parts = new ArrayList<>(names.size());
        try {
            for (String n : names) {
                parts.add(seekable && plainPcap(n) ? PcapReader.open(Path.of(n), warnings) : Captures.open(n, warnings));
            }
        } catch (RuntimeException e) {
            parts.forEach(PacketSource::close);
            throw e;
        }
        return new Inputs(parts.size() == 1 ? parts.getFirst() : new MergedSource(parts), parts);
    }

    /** Whether {@code name} is a regular file starting with a classic pcap magic (either byte order). */
    static boolean plainPcap(String name) {
        if ("-".equals(name)) {
            return false;
        }
        Path p = Path.of(name);
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            if (b.length < 4) {
                return false;
            }
            int m = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
            for (int magic : new int[] {PcapReader.MAGIC_MICROS, PcapReader.MAGIC_NANOS, PcapReader.MAGIC_MODIFIED}) {
                if (m == magic || Integer.reverseBytes(m) == magic) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // Captures.open says what is wrong
        }
    }

    /** The inputs as seekable readers, or null when any of them cannot seek (compressed, pcapng, stdin). */
    List<PcapReader> seekableParts() {
        List<PcapReader> l = new ArrayList<>(parts.size());
        for (PacketSource s : parts) {
            if (!(s instanceof PcapReader r) || r.firstTimestamp() < 0) {
                return null;
            }
            l.add(r);
        }
        return l;
    }

    /** Writer options completed with the first input's header values for an empty output. */
    CaptureWriter.Options defaults(CaptureWriter.Options o) {
        return o.withDefaults(linkType, snaplen, tsResolution);
    }

    @Override
    public void close() {
        source.close();
        parts.forEach(PacketSource::close);
    }
}
