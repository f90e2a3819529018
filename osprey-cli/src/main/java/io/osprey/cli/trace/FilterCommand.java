package io.osprey.cli.trace;

import io.osprey.pcap.CaptureWriter;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code osprey trace filter}: tcpdump {@code -r IN -w OUT EXPR}, with several inputs merged by time. */
@Command(name = "filter", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Reads one or more captures (merged by timestamp) and writes the packets that match a tcpdump filter "
                + "expression to a pcap or pcapng file. An empty expression keeps every packet; the output is then "
                + "byte-identical to 'tcpdump -r IN -w OUT' for a microsecond pcap input.",
            "The expression is compiled as tcpdump compiles it (pcap-filter(7)) and selects the same packets, "
                + "e.g. 'host 10.0.0.1 and tcp port 80', 'tcp[tcpflags] & tcp-syn != 0', 'vlan and udp'.",
            ""})
final class FilterCommand extends TraceSubcommand {
    @Option(names = {"-r", "--read"}, paramLabel = "FILE", required = true,
            description = "Capture to read (pcap/pcapng, .gz/.zst, '-' = stdin). Repeat for several: they are merged "
                    + "by timestamp.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-w", "--write"}, paramLabel = "FILE", defaultValue = "-",
            description = "Output capture ('-' = stdout, the default; refused on a terminal).")
    String output;

    @Option(names = "-c", paramLabel = "N", description = "Stop after writing N packets (as tcpdump -c).")
    long count = -1;

    @Mixin
    WriteOptions write = new WriteOptions();

    @Parameters(paramLabel = "EXPR", arity = "0..*",
            description = "tcpdump filter expression; several words are joined with spaces, as tcpdump does.")
    List<String> expression = new ArrayList<>();

    FilterCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    int run() {
        PacketPredicate keep = Filters.compile(String.join(" ", expression));
        if (count == 0 || count < -1) {
            throw new UsageException("-c needs a positive count");
        }
        checkNotTerminal(output);
        try (Inputs in = Inputs.open(inputs, warnings::add)) {
            CaptureWriter w = CaptureWriter.open(output, write.options(in));
            try {
                copy(in.source, keep, w, count < 0 ? Long.MAX_VALUE : count);
            } catch (RuntimeException e) {
                w.abort();
                throw e;
            }
            w.close();
        }
        return 0;
    }

    /** The filter loop: every packet of {@code src} that {@code keep} accepts, up to {@code max}, into {@code w}. */
    static long copy(PacketSource src, PacketPredicate keep, CaptureWriter w, long max) {
        PacketRecord r = new PacketRecord();
        long n = 0;
        while (n < max && src.next(r)) {
            if (keep.test(r)) {
                w.write(r);
                n++;
            }
        }
        return n;
    }
}
