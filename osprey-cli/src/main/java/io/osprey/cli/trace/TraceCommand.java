package io.osprey.cli.trace;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code osprey trace}: the parent of the capture tools. Built by {@link #commandLine} and attached to the root
 * command by {@code Osprey.commandLine}; each subcommand is its own class in this package.
 */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Capture file tools: read pcap/pcapng files (several at once, gzip/zstd compressed, '-' for stdin) and "
                + "write pcap or pcapng. Outputs are written under a temporary name (.NAME.tmp) and renamed when "
                + "complete. Classic pcap output is what tcpdump -w writes; timestamps keep the input's precision.",
            ""},
        footer = {"",
            "Exit status: 0 success; 1 bad usage (options, times, filter); 2 an input could not be read (or ended "
                + "inside a packet) or an output could not be written.",
            "",
            "Examples:",
            "  osprey trace filter -r big.pcap -w out.pcap               copy (all packets)",
            "  osprey trace slice -w lunch.pcap 12h +1h big.pcap          tcpslice: 12:00 to 13:00 of the first day",
            "  osprey trace merge -w all.pcap a.pcap b.pcap.gz            mergecap: one time-ordered file",
            "  osprey trace split -n 8 --by 5tuple -w part-%%d.pcap big.pcap   8 files, both directions together",
            "  osprey trace stats --json big.pcap                         capinfos"})
public final class TraceCommand implements Callable<Integer> {
    private final PrintStream err;

    TraceCommand(PrintStream err) {
        this.err = err;
    }

    /**
     * The {@code trace} command with its subcommands; {@code out} receives stats and slice {@code -d} text,
     * {@code err} every message.
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, null);
    }

    /**
     * As {@link #commandLine(PrintStream, PrintStream)}, registering only subcommand {@code only} when it names
     * one: picocli reads every registered command's annotations at start-up (about 50 ms each on one core), which
     * a run of one tool does not need. Null, or anything else, registers all (for help and errors).
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err, String only) {
        CommandLine cl = new CommandLine(new TraceCommand(err));
        boolean all = only == null || !SUBCOMMANDS.contains(only);
        for (String name : SUBCOMMANDS) {
            if (all || name.equals(only)) {
                cl.addSubcommand(name, switch (name) {
                    case "filter" -> new FilterCommand(out, err);
                    case "slice" -> new SliceCommand(out, err);
                    case "merge" -> new MergeCommand(out, err);
                    case "split" -> new SplitCommand(out, err);
                    default -> new StatsCommand(out, err);
                });
            }
        }
        return cl;
    }

    /** The subcommands, in the order help lists them. */
    static final java.util.List<String> SUBCOMMANDS = java.util.List.of("filter", "slice", "merge", "split", "stats");

    @Override
    public Integer call() {
        err.println("osprey: trace needs a subcommand: filter, slice, merge, split or stats");
        err.println("Try 'osprey trace --help' for the options.");
        return 1;
    }
}
