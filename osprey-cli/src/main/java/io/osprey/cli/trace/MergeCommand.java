package io.osprey.cli.trace;

import io.osprey.pcap.CaptureWriter;
import io.osprey.pcap.PacketSource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code osprey trace merge}: mergecap. Packets of all inputs in timestamp order, or inputs one after another. */
@Command(name = "merge", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Merges captures into one file in timestamp order, like mergecap: a k-way merge of the inputs, ties "
                + "kept in input order (inputs are expected to be in time order themselves, as mergecap expects). "
                + "With -a the inputs are concatenated instead. Inputs with different link types need --pcapng.",
            ""})
final class MergeCommand extends TraceSubcommand {
    @Option(names = {"-w", "--write"}, paramLabel = "FILE", required = true,
            description = "Output capture ('-' = stdout; refused on a terminal).")
    String output;

    @Option(names = "-a", description = "Concatenate the inputs in the order given instead of merging by time "
            + "(mergecap -a).")
    boolean concatenate;

    @Mixin
    WriteOptions write = new WriteOptions();

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Captures to merge (pcap/pcapng, .gz/.zst, '-').")
    List<String> inputs = new ArrayList<>();

    MergeCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    int run() {
        checkNotTerminal(output);
        try (Inputs in = Inputs.open(inputs, warnings::add)) {
            CaptureWriter w = CaptureWriter.open(output, write.options(in));
            try {
                if (concatenate) {
                    for (PacketSource s : in.parts) {
                        FilterCommand.copy(s, PacketPredicate.ALL, w, Long.MAX_VALUE);
                    }
                } else {
                    FilterCommand.copy(in.source, PacketPredicate.ALL, w, Long.MAX_VALUE);
                }
            } catch (RuntimeException e) {
                w.abort();
                throw e;
            }
            w.close();
        }
        return 0;
    }
}
