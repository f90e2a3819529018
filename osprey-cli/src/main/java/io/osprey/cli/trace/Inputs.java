package io.osprey.cli.trace;

import io.osprey.pcap.CaptureWriter;
import io.osprey.pcap.Captures;
import io.osprey.pcap.LinkTypes;
import io.osprey.pcap.MergedSource;
import io.osprey.pcap.PacketSource;
import io.osprey.pcap.PcapReader;
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
        if (names.isEmpty()) {
            throw new TraceSubcommand.UsageException("no input files given");
        }
        if (names.stream().filter("-"::equals).count() > 1) {
            throw new TraceSubcommand.UsageException("standard input ('-') can be read only once");
        }
        List<PacketSource> parts = new ArrayList<>(names.size());
        try {
            for (String n : names) {
                parts.add(Captures.open(n, warnings));
            }
        } catch (RuntimeException e) {
            parts.forEach(PacketSource::close);
            throw e;
        }
        return new Inputs(parts.size() == 1 ? parts.getFirst() : new MergedSource(parts), parts);
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
