package io.osprey.cli.trace;

import io.osprey.pcap.CaptureFormatException;
import io.osprey.pcap.CaptureWriteException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * What every {@code osprey trace} subcommand shares: the streams, the reader warnings, and the mapping of failures
 * to one line and an exit status (1 usage, 2 input or output), so that no stack trace ever reaches the user.
 */
abstract class TraceSubcommand implements Callable<Integer> {
    /** Bad usage: options, times, filter expressions. */
    static final int EXIT_USAGE = 1;
    /** An input could not be read completely, or an output could not be written. */
    static final int EXIT_IO = 2;

    final PrintStream out;
    final PrintStream err;
    /** Reader warnings (a truncated final record, a compressed input cut short): each makes the exit status 2. */
    final List<String> warnings = new ArrayList<>();

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    TraceSubcommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** A usage problem found by a subcommand; the message is the line printed. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Runs the subcommand; returns its exit status (0 unless a warning came up). */
    abstract int run();

    @Override
    public final Integer call() {
        warnings.clear();
        int rc;
        try {
            rc = run();
        } catch (IllegalArgumentException e) { // UsageException, TimeSpec.BadTimeException, bad --by...
            flushWarnings();
            return fail(EXIT_USAGE, e.getMessage(), e);
        } catch (CaptureFormatException | CaptureWriteException e) {
            flushWarnings();
            return fail(EXIT_IO, e.getMessage(), e);
        }
        return flushWarnings() ? Math.max(rc, EXIT_IO) : rc;
    }

    private boolean flushWarnings() {
        for (String w : warnings) {
            err.println("osprey: " + w);
        }
        boolean any = !warnings.isEmpty();
        warnings.clear();
        return any;
    }

    private int fail(int rc, String message, Throwable e) {
        err.println("osprey: " + message);
        if (debug) {
            e.printStackTrace(err);
        }
        return rc;
    }

    /** Refuses to write a capture to a terminal (tcpslice: "stdout is a terminal; redirect or use -w"). */
    static void checkNotTerminal(String output) {
        if ("-".equals(output)) {
            java.io.Console c = System.console();
            if (c != null && c.isTerminal()) {
                throw new UsageException("standard output is a terminal; redirect it or use -w FILE");
            }
        }
    }
}
