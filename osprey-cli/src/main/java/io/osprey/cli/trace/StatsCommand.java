package io.osprey.cli.trace;

import io.osprey.pcap.Captures;
import io.osprey.pcap.LinkTypes;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
import io.osprey.pcap.PcapReader;
import io.osprey.pcap.PcapngReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code osprey trace stats}: capinfos. Counts, sizes, times and rates of each capture file. */
@Command(name = "stats", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Prints what capinfos prints about each capture: format, compression, link types, snapshot length, "
                + "timestamp precision, packets, bytes captured and on the wire, truncated packets (captured "
                + "shorter than on the wire), first and last packet time, duration, data and packet rates, and "
                + "whether the packets are in time order. Times are UTC.",
            ""})
final class StatsCommand extends TraceSubcommand {
    @Option(names = "--json", description = "One JSON object per file (JSON lines) instead of text.")
    boolean json;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Captures (pcap/pcapng, .gz/.zst, '-').")
    List<String> inputs = new ArrayList<>();

    StatsCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    /** The figures for one file. Public fields: filled by {@link #measure}, read by the printers and tests. */
    static final class Stats {
        String file;
        String format;
        String compression;
        long fileSize = -1;
        long packets;
        long capturedBytes;
        long wireBytes;
        long truncated;
        long outOfOrder;
        long first;
        long last;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int maxResolution = -1;
        long minSnaplen = Long.MAX_VALUE;
        long maxSnaplen = -1;
        int[] linkTypes = new int[0];
        long[] linkCounts = new long[0];

        void add(PacketRecord r) {
            long ts = r.tsNanos;
            if (packets == 0) {
                first = ts;
            } else if (ts < last) {
                outOfOrder++;
            }
            last = ts;
            min = Math.min(min, ts);
            max = Math.max(max, ts);
            packets++;
            capturedBytes += r.caplen;
            wireBytes += r.wirelen;
            if (r.caplen < r.wirelen) {
                truncated++;
            }
            if (rank(r.tsResolution) > rank(maxResolution)) {
                maxResolution = r.tsResolution;
            }
            minSnaplen = Math.min(minSnaplen, Integer.toUnsignedLong(r.snaplen));
            maxSnaplen = Math.max(maxSnaplen, Integer.toUnsignedLong(r.snaplen));
            int lt = r.linkType;
            for (int i = 0; i < linkTypes.length; i++) {
                if (linkTypes[i] == lt) {
                    linkCounts[i]++;
                    return;
                }
            }
            linkTypes = Arrays.copyOf(linkTypes, linkTypes.length + 1);
            linkCounts = Arrays.copyOf(linkCounts, linkCounts.length + 1);
            linkTypes[linkTypes.length - 1] = lt;
            linkCounts[linkCounts.length - 1] = 1;
        }

        /** Seconds from the earliest to the latest packet (capinfos's duration). */
        double duration() {
            return packets < 2 ? 0 : (max - min) / 1e9;
        }

        /** Fraction digits the timestamps have (6 for µs, 9 for ns). */
        int digits() {
            return maxResolution < 0 || (maxResolution & 0x80) != 0 || maxResolution > 6 ? 9 : 6;
        }
    }

    /** Ordering of resolutions by fineness (pcapng if_tsresol codes; binary 2^-n as about n*0.3 decimal digits). */
    private static double rank(int resol) {
        if (resol < 0) {
            return -1;
        }
        return (resol & 0x80) != 0 ? (resol & 0x7f) * 0.30103 : resol;
    }

    @Override
    int run() {
        for (String f : inputs) {
            Stats s = measure(f);
            if (json) {
                out.println(json(s));
            } else {
                out.print(text(s));
                if (inputs.size() > 1) {
                    out.println();
                }
            }
        }
        out.flush();
        return 0;
    }

    /** Reads {@code name} to the end and counts. Reader warnings go to {@link #warnings}. */
    Stats measure(String name) {
        Stats s = new Stats();
        s.file = name;
        s.compression = compression(name);
        if (!"-".equals(name)) {
            try {
                s.fileSize = Files.size(Path.of(name));
            } catch (IOException | RuntimeException e) {
                s.fileSize = -1; // Captures.open below says what is wrong
            }
        }
        try (PacketSource src = Captures.open(name, warnings::add)) {
            s.format = switch (src) {
                case PcapReader r -> "pcap (" + (r.nanosecond() ? "nanosecond" : "microsecond") + " timestamps"
                        + (r.bigEndian() ? ", big-endian" : "") + ", version " + r.version() + ")";
                case PcapngReader r -> "pcapng";
                default -> "unknown";
            };
            PacketRecord r = new PacketRecord();
            while (src.next(r)) {
                s.add(r);
            }
        }
        return s;
    }

    /** "gzip", "zstd" or "none" from the file's first bytes ("unknown" for stdin or an unreadable file). */
    static String compression(String name) {
        if ("-".equals(name)) {
            return "unknown";
        }
        try (InputStream in = Files.newInputStream(Path.of(name))) {
            byte[] b = in.readNBytes(4);
            if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
                return "gzip";
            }
            if (b.length == 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f
                    && (b[3] & 0xff) == 0xfd) {
                return "zstd";
            }
            return "none";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A packet time as "2026-11-23 21:35:46.456089 UTC (1795469746.456089)". */
    static String time(long nanos, int digits) {
        String frac = String.format(Locale.ROOT, "%09d", Math.floorMod(nanos, 1_000_000_000L)).substring(0, digits);
        return DAY_TIME.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L))) + "." + frac + " UTC ("
                + TimeSpec.raw(nanos, digits) + ")";
    }

    static String text(Stats s) {
        StringBuilder b = new StringBuilder();
        line(b, "File name", s.file);
        line(b, "File type", s.format);
        line(b, "Compression", s.compression);
        if (s.fileSize >= 0) {
            line(b, "File size", s.fileSize + " bytes");
        }
        StringBuilder lt = new StringBuilder();
        for (int i = 0; i < s.linkTypes.length; i++) {
            lt.append(i == 0 ? "" : ", ").append(LinkTypes.name(s.linkTypes[i])).append(" (").append(s.linkTypes[i])
                    .append(")");
            if (s.linkTypes.length > 1) {
                lt.append(": ").append(s.linkCounts[i]).append(" packets");
            }
        }
        line(b, "Link types", s.linkTypes.length == 0 ? "none (no packets)" : lt.toString());
        if (s.maxSnaplen >= 0) {
            line(b, "Snapshot length", s.minSnaplen == s.maxSnaplen ? Long.toString(s.maxSnaplen)
                    : s.minSnaplen + " to " + s.maxSnaplen);
        }
        line(b, "Time precision", s.packets == 0 ? "-" : s.digits() == 6 ? "microseconds (6)" : "nanoseconds (9)");
        line(b, "Packets", Long.toString(s.packets));
        line(b, "Bytes captured", Long.toString(s.capturedBytes));
        line(b, "Bytes on wire", Long.toString(s.wireBytes));
        line(b, "Truncated packets", s.truncated + " (captured shorter than on the wire)");
        if (s.packets > 0) {
            line(b, "First packet", time(s.min, s.digits()));
            line(b, "Last packet", time(s.max, s.digits()));
            double d = s.duration();
            line(b, "Duration", String.format(Locale.ROOT, "%." + s.digits() + "f s", d));
            line(b, "Data rate", d > 0 ? String.format(Locale.ROOT, "%.2f bytes/s, %.2f bits/s", s.wireBytes / d,
                    s.wireBytes * 8 / d) : "n/a");
            line(b, "Average packet size", String.format(Locale.ROOT, "%.2f bytes", s.wireBytes / (double) s.packets));
            line(b, "Average packet rate", d > 0 ? String.format(Locale.ROOT, "%.2f packets/s", s.packets / d) : "n/a");
            line(b, "Time order", s.outOfOrder == 0 ? "in order" : s.outOfOrder + " packets earlier than the one "
                    + "before");
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append(':').append(" ".repeat(Math.max(1, 21 - key.length()))).append(value).append('\n');
    }

    static String json(Stats s) {
        StringBuilder b = new StringBuilder("{");
        field(b, "file", str(s.file));
        field(b, "format", str(s.format));
        field(b, "compression", str(s.compression));
        if (s.fileSize >= 0) {
            field(b, "file_size", Long.toString(s.fileSize));
        }
        StringBuilder lt = new StringBuilder("[");
        for (int i = 0; i < s.linkTypes.length; i++) {
            lt.append(i == 0 ? "" : ",").append("{\"linktype\":").append(s.linkTypes[i]).append(",\"name\":")
                    .append(str(LinkTypes.name(s.linkTypes[i]))).append(",\"packets\":").append(s.linkCounts[i])
                    .append('}');
        }
        field(b, "link_types", lt.append(']').toString());
        if (s.maxSnaplen >= 0) {
            field(b, "snaplen", Long.toString(s.maxSnaplen));
        }
        if (s.packets > 0) {
            field(b, "ts_digits", Integer.toString(s.digits()));
        }
        field(b, "packets", Long.toString(s.packets));
        field(b, "bytes_captured", Long.toString(s.capturedBytes));
        field(b, "bytes_wire", Long.toString(s.wireBytes));
        field(b, "truncated_packets", Long.toString(s.truncated));
        if (s.packets > 0) {
            double d = s.duration();
            field(b, "first", TimeSpec.raw(s.min, s.digits()));
            field(b, "last", TimeSpec.raw(s.max, s.digits()));
            field(b, "duration", String.format(Locale.ROOT, "%." + s.digits() + "f", d));
            field(b, "data_rate_bytes", d > 0 ? String.format(Locale.ROOT, "%.2f", s.wireBytes / d) : "null");
            field(b, "data_rate_bits", d > 0 ? String.format(Locale.ROOT, "%.2f", s.wireBytes * 8 / d) : "null");
            field(b, "avg_packet_size", String.format(Locale.ROOT, "%.2f", s.wireBytes / (double) s.packets));
            field(b, "avg_packet_rate", d > 0 ? String.format(Locale.ROOT, "%.2f", s.packets / d) : "null");
            field(b, "out_of_order", Long.toString(s.outOfOrder));
        }
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String k, String v) {
        b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v);
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static String str(String v) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
