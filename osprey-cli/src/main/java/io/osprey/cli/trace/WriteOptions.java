package io.osprey.cli.trace;

import io.osprey.pcap.CaptureWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Output format options shared by the subcommands that write captures (a picocli mixin). */
final class WriteOptions {
    @Option(names = "--pcapng", description = "Write pcapng instead of classic pcap (needed when the inputs have "
            + "several link types).")
    boolean pcapng;

    @ArgGroup(exclusive = true)
    Precision precision = new Precision();

    static final class Precision {
        @Option(names = "--nano", description = "Classic pcap with nanosecond timestamps (default: the input's).")
        boolean nano;
        @Option(names = "--micro", description = "Classic pcap with microsecond timestamps, finer ones truncated, "
                + "as tcpdump writes by default (default: the input's).")
        boolean micro;
    }

    /** The writer options these flags ask for, with the header values of {@code in} for empty outputs. */
    CaptureWriter.Options options(Inputs in) {
        CaptureWriter.Options o = in.defaults(CaptureWriter.Options.pcap());
        if (pcapng) {
            o = o.withFormat(CaptureWriter.Format.PCAPNG);
        }
        if (precision.nano) {
            o = o.withPrecision(CaptureWriter.Precision.NANO);
        } else if (precision.micro) {
            o = o.withPrecision(CaptureWriter.Precision.MICRO);
        }
        return o;
    }
}
