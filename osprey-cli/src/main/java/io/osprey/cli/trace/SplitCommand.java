package io.osprey.cli.trace;

import io.osprey.pcap.CaptureWriter;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code osprey trace split}: tcpsplit and rotation. Each packet goes to file {@code hash(flow) mod N}, the hash
 * symmetric so both directions of a flow share a file ({@link FlowHash}); non-IP packets go to file 0. Each of
 * the N streams may also rotate into a new file after a time span or a size.
 */
@Command(name = "split", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Splits captures into N files by a symmetric flow hash (both directions of a flow land in the same file, "
                + "like tcpsplit -d), and/or rotates files by time or size. Packets without an IP header "
                + "(ARP, LLDP...) go to file 0. Without rotation all N files are written, empty ones included.",
            "",
            "Output names: PATTERN with %%d = file number (0..N-1) and %%r = rotation number (0, 1, ... per file; "
                + "%%03d, %%03r pad), %%%% = %%. Missing ones are added before the extension: out.pcap with -n 4 and "
                + "rotation gives out-%%d-%%r.pcap.",
            ""},
        footer = {"", "Examples:",
            "  osprey trace split -n 8 -w part-%%d.pcap big.pcap                 8 files by 5-tuple",
            "  osprey trace split -n 4 --by vlan+2tuple -w host-%%d.pcap big.pcap  host pairs, per VLAN",
            "  osprey trace split --rotate-seconds 60 -w min-%%03r.pcap big.pcap   one file per minute",
            "  osprey trace split --rotate-bytes 100M -w chunk.pcap big.pcap      chunk-0.pcap, chunk-1.pcap..."})
final class SplitCommand extends TraceSubcommand {
    /** Most output files at once: each holds a file descriptor and a buffer. */
    static final int MAX_FILES = 4096;
    /** Write buffers of all files together (each gets its share, between 64 KiB and 1 MiB). */
    static final long BUFFER_BUDGET = 64L << 20;

    @Option(names = {"-w", "--write"}, paramLabel = "PATTERN", required = true,
            description = "Output name pattern (%%d file number, %%r rotation number).")
    String pattern;

    @Option(names = "-n", paramLabel = "N", defaultValue = "1",
            description = "Number of files to split into by flow (default ${DEFAULT-VALUE}: no flow split).")
    int files;

    @Option(names = "--by", paramLabel = "KEY", defaultValue = "5tuple",
            description = "Flow key: 5tuple (default), 4tuple (no protocol), 2tuple (addresses), net24 (IPv4 /24, "
                    + "IPv6 /64), each optionally vlan+ (VLAN ids too).")
    String by;

    @Option(names = "--rotate-seconds", paramLabel = "S",
            description = "Start a new file when a packet is S seconds or more after the start of the current "
                    + "period; periods are counted from the first packet (decimals allowed).")
    String rotateSeconds;

    @Option(names = "--rotate-bytes", paramLabel = "SIZE",
            description = "Start a new file before one would exceed SIZE bytes (suffixes k, M, G = 10^3.., "
                    + "KiB, MiB, GiB = 2^10..). A packet larger than SIZE gets a file of its own.")
    String rotateBytes;

    @Mixin
    WriteOptions write = new WriteOptions();

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Captures to split (merged by time if several).")
    List<String> inputs = new ArrayList<>();

    SplitCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    int run() {
        if (files < 1 || files > MAX_FILES) {
            throw new UsageException("-n must be between 1 and " + MAX_FILES);
        }
        FlowHash hash = FlowHash.parse(by);
        long periodNanos = rotateSeconds == null ? 0 : seconds(rotateSeconds);
        long maxBytes = rotateBytes == null ? 0 : size(rotateBytes);
        boolean rotating = periodNanos > 0 || maxBytes > 0;
        String names = completePattern(pattern, files > 1, rotating);
        try (Inputs in = Inputs.open(inputs, warnings::add)) {
            int buf = (int) Math.max(64 << 10, Math.min(1 << 20, BUFFER_BUDGET / files));
            CaptureWriter.Options opts = write.options(in).withBufferSize(buf);
            Splitter s = new Splitter(names, files, hash, periodNanos, maxBytes, opts);
            try {
                s.run(in.source);
            } catch (RuntimeException e) {
                s.abort();
                throw e;
            }
            s.close();
        }
        return 0;
    }

    /** The per-packet part: picks the file, rotates, writes. One instance per run. */
    static final class Splitter {
        private final String names;
        private final int n;
        private final FlowHash hash;
        private final long periodNanos;
        private final long maxBytes;
        private final CaptureWriter.Options opts;
        private final CaptureWriter[] writers;
        private final int[] rotation;
        private final long[] period;
        /** Bytes a packet adds besides its own: a pcap record header, or an EPB plus padding plus a possible IDB. */
        private final int overhead;
        private long first = Long.MIN_VALUE;

        Splitter(String names, int n, FlowHash hash, long periodNanos, long maxBytes, CaptureWriter.Options opts) {
            this.names = names;
            this.n = n;
            this.hash = hash;
            this.periodNanos = periodNanos;
            this.maxBytes = maxBytes;
            this.opts = opts;
            this.writers = new CaptureWriter[n];
            this.rotation = new int[n];
            this.period = new long[n];
            this.overhead = opts.format() == CaptureWriter.Format.PCAPNG ? 32 + 3 + 32 : 16;
            if (periodNanos == 0 && maxBytes == 0) {
                for (int i = 0; i < n; i++) {
                    writers[i] = CaptureWriter.open(name(names, i, 0), opts); // tcpsplit writes all N files
                }
            }
        }

        void run(PacketSource src) {
            PacketRecord r = new PacketRecord();
            while (src.next(r)) {
                int b = n == 1 ? 0 : hash.bucket(r.segment, r.offset, r.caplen, r.linkType, n);
                CaptureWriter w = writers[b];
                if (periodNanos > 0) {
                    if (first == Long.MIN_VALUE) {
                        first = r.tsNanos;
                    }
                    long p = Math.floorDiv(r.tsNanos - first, periodNanos);
                    if (w != null && p != period[b]) {
                        w = rotate(b);
                    }
                    period[b] = p;
                }
                if (maxBytes > 0 && w != null && w.packets() > 0 && w.size() + overhead + r.caplen > maxBytes) {
                    w = rotate(b);
                }
                if (w == null) {
                    w = writers[b] = CaptureWriter.open(name(names, b, rotation[b]), opts);
                }
                w.write(r);
            }
        }

        private CaptureWriter rotate(int b) {
            writers[b].close();
            writers[b] = null;
            rotation[b]++;
            return null;
        }

        void close() {
            for (CaptureWriter w : writers) {
                if (w != null) {
                    w.close();
                }
            }
        }

        void abort() {
            for (CaptureWriter w : writers) {
                if (w != null) {
                    w.abort();
                }
            }
        }
    }

    /** Adds %d (several files) and %r (rotation) before the extension when the pattern lacks them. */
    static String completePattern(String p, boolean needFile, boolean needRotation) {
        String add = (needFile && !has(p, 'd') ? "-%d" : "") + (needRotation && !has(p, 'r') ? "-%r" : "");
        if (add.isEmpty()) {
            return p;
        }
        int slash = p.lastIndexOf('/');
        int dot = p.lastIndexOf('.');
        return dot > slash + 1 ? p.substring(0, dot) + add + p.substring(dot) : p + add;
    }

    private static boolean has(String p, char conv) {
        for (int i = 0; i < p.length() - 1; i++) {
            if (p.charAt(i) == '%') {
                int j = i + 1;
                while (j < p.length() && Character.isDigit(p.charAt(j))) {
                    j++;
                }
                if (j < p.length() && p.charAt(j) == conv) {
                    return true;
                }
                i = j;
            }
        }
        return false;
    }

    /** Expands %d, %r (with optional zero padding, %03d) and %% in {@code p}. */
    static String name(String p, int file, int rot) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c != '%' || i + 1 == p.length()) {
                sb.append(c);
                continue;
            }
            int j = i + 1;
            while (j < p.length() && Character.isDigit(p.charAt(j))) {
                j++;
            }
            char conv = j < p.length() ? p.charAt(j) : 0;
            if (conv == '%' && j == i + 1) {
                sb.append('%');
                i = j;
            } else if (conv == 'd' || conv == 'r') {
                String width = p.substring(i + 1, j);
                int v = conv == 'd' ? file : rot;
                sb.append(width.isEmpty() ? Integer.toString(v) : String.format(Locale.ROOT, "%" + width + "d", v));
                i = j;
            } else {
                throw new UsageException("bad -w pattern '" + p + "': only %d, %r and %% may follow a % (e.g. "
                        + "part-%03d.pcap)");
            }
        }
        return sb.toString();
    }

    /** Seconds, decimals allowed, as nanoseconds. */
    static long seconds(String s) {
        try {
            BigDecimal v = new BigDecimal(s.trim());
            if (v.signum() <= 0 || v.compareTo(BigDecimal.valueOf(1L << 32)) > 0) {
                throw new UsageException("--rotate-seconds must be positive (and at most 2^32): '" + s + "'");
            }
            long ns = v.movePointRight(9).longValue();
            if (ns == 0) {
                throw new UsageException("--rotate-seconds below a nanosecond: '" + s + "'");
            }
            return ns;
        } catch (NumberFormatException e) {
            throw new UsageException("--rotate-seconds needs a number of seconds, not '" + s + "'");
        }
    }

    /** A size with an optional suffix: k M G T (powers of 1000), KiB MiB GiB TiB (powers of 1024). */
    static long size(String s) {
        String t = s.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        String unit = t.substring(i).trim();
        long mul = switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "k", "kb" -> 1_000L;
            case "m", "mb" -> 1_000_000L;
            case "g", "gb" -> 1_000_000_000L;
            case "t", "tb" -> 1_000_000_000_000L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> throw new UsageException("--rotate-bytes: unknown unit '" + unit + "' in '" + s
                    + "' (k, M, G, KiB, MiB, GiB)");
        };
        try {
            long v = new BigDecimal(t.substring(0, i)).multiply(BigDecimal.valueOf(mul)).longValueExact();
            if (v < 1024) {
                throw new UsageException("--rotate-bytes must be at least 1024 bytes: '" + s + "'");
            }
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("--rotate-bytes needs a size such as 100M, not '" + s + "'");
        }
    }
}
