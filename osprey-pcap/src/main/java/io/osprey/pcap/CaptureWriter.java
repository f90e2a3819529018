package io.osprey.pcap;

import java.nio.channels.WritableByteChannel;

/**
 * Writes packets to a capture file: classic pcap ({@link PcapWriter}) or pcapng ({@link PcapngWriter}). A file is
 * written under a temporary name beside the target ({@code .<name>.tmp}) and renamed over it by {@link #close()};
 * {@link #abort()} removes it instead, so a failed run never leaves a partial capture under the real name.
 * {@code "-"} writes to standard output.
 *
 * <p>Used by the {@code osprey trace} commands: one writer per output, owned by one thread. {@link #write} copies
 * the record's bytes into a large buffer (no allocation per packet), so the record may be reused right after.
 * Every I/O failure is a {@link CaptureWriteException} naming the output; after one, call {@link #abort()}.
 */
public abstract sealed class CaptureWriter implements AutoCloseable permits PcapWriter, PcapngWriter {
    /** Output formats. */
    public enum Format {
        /** Classic libpcap: one link type per file, microsecond or nanosecond timestamps. */
        PCAP,
        /** pcapng: one interface description per (link type, resolution, snaplen) met. */
        PCAPNG
    }

    /** Timestamp precision of a classic pcap output. */
    public enum Precision {
        /** The precision of the first packet's input (µs unless that input has nanoseconds). */
        AUTO,
        /** Microseconds (magic {@code 0xa1b2c3d4}): finer timestamps are truncated, as tcpdump does. */
        MICRO,
        /** Nanoseconds (magic {@code 0xa1b23c4d}). */
        NANO
    }

    /**
     * How to write: format, precision, and the header values used when no packet says otherwise (an output that
     * receives no packet still gets a valid file header: the link type, snaplen and precision of its input).
     *
     * @param format              pcap or pcapng
     * @param precision           timestamp precision for classic pcap (ignored for pcapng, which keeps each
     *                            input's resolution)
     * @param defaultLinkType     link type of an empty output
     * @param defaultSnaplen      snaplen of an empty output (0 = libpcap's 262144)
     * @param defaultTsResolution resolution of an empty output ({@code if_tsresol} code: 6 or 9)
     * @param bufferSize          bytes buffered before each write(2); 1 MiB is the default
     */
    public record Options(Format format, Precision precision, int defaultLinkType, int defaultSnaplen,
            int defaultTsResolution, int bufferSize) {
        /** Classic pcap, input precision, Ethernet/262144/µs when empty, 1 MiB buffer. */
        public static Options pcap() {
            return new Options(Format.PCAP, Precision.AUTO, LinkTypes.EN10MB, 0, 6, OutputFile.DEFAULT_BUFFER);
        }

        public Options withFormat(Format f) {
            return new Options(f, precision, defaultLinkType, defaultSnaplen, defaultTsResolution, bufferSize);
        }

        public Options withPrecision(Precision p) {
            return new Options(format, p, defaultLinkType, defaultSnaplen, defaultTsResolution, bufferSize);
        }

        /** Header values for an output that gets no packet, usually taken from the first input's header. */
        public Options withDefaults(int linkType, int snaplen, int tsResolution) {
            return new Options(format, precision, linkType, snaplen, tsResolution, bufferSize);
        }

        public Options withBufferSize(int bytes) {
            return new Options(format, precision, defaultLinkType, defaultSnaplen, defaultTsResolution, bytes);
        }
    }

    final OutputFile out;
    final Options options;
    long packets;
    private boolean done;

    CaptureWriter(OutputFile out, Options options) {
        this.out = out;
        this.options = options;
    }

    /**
     * Opens {@code nameOrDash} for writing ({@code "-"} = standard output) in the format of {@code options}.
     *
     * @throws CaptureWriteException when the output cannot be created
     */
    public static CaptureWriter open(String nameOrDash, Options options) {
        return create(OutputFile.open(nameOrDash, options.bufferSize()), options);
    }

    /** A writer on a caller's channel (tests, pipes); {@link #close()} closes the channel. */
    public static CaptureWriter open(String name, WritableByteChannel ch, Options options) {
        return create(OutputFile.of(name, ch, options.bufferSize()), options);
    }

    private static CaptureWriter create(OutputFile out, Options options) {
        return options.format() == Format.PCAPNG ? new PcapngWriter(out, options) : new PcapWriter(out, options);
    }

    /**
     * Appends one packet: its bytes ({@code caplen} at {@code offset} in {@code segment}), time, wire length, link
     * type and its input's resolution and snaplen. The record may be reused as soon as this returns.
     *
     * @throws CaptureWriteException on an I/O error, or a packet the format cannot hold (a second link type in a
     *                               classic pcap file)
     */
    public final void write(PacketRecord r) {
        if (done) {
            throw new IllegalStateException("writer closed");
        }
        writeRecord(r);
        packets++;
    }

    abstract void writeRecord(PacketRecord r);

    /** Writes whatever must precede the first packet or end the file (an empty output's header). */
    abstract void finish();

    /** Packets written. */
    public final long packets() {
        return packets;
    }

    /** Bytes of the output so far, headers included (what rotation by size compares). */
    public final long size() {
        return out.size();
    }

    /** The output's name as given. */
    public final String name() {
        return out.name();
    }

    /**
     * Completes the file and renames it into place. Idempotent. On failure the temporary file is removed.
     *
     * @throws CaptureWriteException when the last bytes cannot be written or the rename fails
     */
    @Override
    public final void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            finish();
        } catch (RuntimeException e) {
            out.abort();
            throw e;
        }
        out.commit();
    }

    /** Drops the output: the temporary file is deleted and the target left as it was. Idempotent, never throws. */
    public final void abort() {
        done = true;
        out.abort();
    }

    /** pcap_adjust_snapshot (libpcap pcap-common.c): 0 or too large means the link type's maximum. */
    static int adjustSnaplen(int linkType, long snaplen) {
        int max = switch (linkType) {
            case 231 -> 128 * 1024 * 1024; // DLT_DBUS
            case 279 -> 8 * 1024 * 1024; // DLT_EBHSCR
            case 249 -> 1024 * 1024; // DLT_USBPCAP
            default -> PcapReader.MAXIMUM_SNAPLEN;
        };
        return snaplen <= 0 || snaplen > max ? max : (int) snaplen;
    }

    /** True when an if_tsresol code is finer than a microsecond. */
    static boolean finerThanMicros(int tsResolution) {
        if ((tsResolution & 0x80) != 0) {
            return (tsResolution & 0x7f) > 19; // 2^-20 s is just under a microsecond
        }
        return tsResolution > 6;
    }
}
