package io.osprey.cli.trace;

import io.osprey.pcap.CaptureWriter;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
import io.osprey.pcap.PcapReader;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code osprey trace slice}: tcpslice. The packets whose time lies in {@code [START, END]} (inclusive), from one or
 * several files merged by time, with tcpslice's duplicate suppression across files.
 */
@Command(name = "slice", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Extracts the packets between two times (inclusive) from one or more captures, like tcpslice. START "
                + "defaults to the first packet, END to the last; several files are merged by time, and a packet "
                + "identical (time and bytes) to the previous one from another file is dropped unless -D.",
            "",
            "Times (tcpslice syntax; dates in the local zone, or --tz):",
            "  1795469746.456089     Unix seconds (as tcpdump -tt prints), up to 9 decimals",
            "  2026y11m23d13h15m     a date: fields before the first one given come from",
            "                        the first packet (for END: from START), later ones are",
            "                        0; '13h15m' is 13:15 on the first packet's day",
            "  +200  +1h10m  +1.5    offsets from the first packet (for END: from START)",
            "  2026-11-23T13:15:00Z  ISO-8601 (zone optional)",
            "  Units: y m d h m s u; an m followed by a d field is the month, else minutes.",
            ""},
        footer = {"", "Examples:",
            "  osprey trace slice -w out.pcap 13h15m +5m in.pcap     five minutes from 13:15",
            "  osprey trace slice -w out.pcap +30 +10 a.pcap b.pcap  seconds 30 to 40, merged",
            "  osprey trace slice -d +1h in.pcap                     print the range (tcpslice -d)"})
final class SliceCommand extends TraceSubcommand {
    @Option(names = {"-w", "--write"}, paramLabel = "FILE", defaultValue = "-",
            description = "Output capture ('-' = stdout, the default, as tcpslice; refused on a terminal).")
    String output;

    @Option(names = "-d", description = "Print the start and end times of the range (raw seconds) and exit "
            + "(tcpslice -d).")
    boolean dump;

    @Option(names = "-D", description = "Keep duplicate packets seen in more than one file (tcpslice -D).")
    boolean keepDuplicates;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone for dates, e.g. UTC or Europe/Berlin. "
            + "Default: the local zone (TZ), as tcpslice.")
    String zone;

    @Mixin
    WriteOptions write = new WriteOptions();

    @Parameters(paramLabel = "[START [END]] FILE", arity = "1..*",
            description = "Optional start and end times, then the captures.")
    List<String> args = new ArrayList<>();

    /**
     * How far before START a seek lands at the latest: packets out of time order by less than this are still found.
     * Real captures reorder by micro- to milliseconds (the 1 GB benchmark capture: at most 128 µs); tcpslice drops
     * every packet earlier than its predecessor instead.
     */
    static final long SEEK_MARGIN_NANOS = 1_000_000_000L;

    SliceCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    int run() {
        ZoneId tz;
        try {
            tz = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new UsageException("unknown time zone '" + zone + "'");
        }
        // As tcpslice: an argument shaped like a time is a time, whatever its value.
        int i = 0;
        String startArg = null;
        String endArg = null;
        if (i < args.size() && TimeSpec.looksLikeTime(args.get(i))) {
            startArg = args.get(i++);
            if (i < args.size() && TimeSpec.looksLikeTime(args.get(i))) {
                endArg = args.get(i++);
            }
        }
        List<String> files = args.subList(i, args.size());
        if (files.isEmpty()) {
            throw new UsageException("no input files given (after the times)");
        }
        for (String f : files) {
            if (!"-".equals(f) && !Files.exists(Path.of(f)) && (f.startsWith("+") || Character.isDigit(f.charAt(0)))) {
                throw new UsageException("'" + f + "' is neither a time (tcpslice syntax, see --help) nor a file");
            }
        }
        if (!dump) {
            checkNotTerminal(output);
        }
        try (Inputs in = Inputs.open(files, warnings::add, startArg != null && !dump)) {
            PacketSource src = in.source;
            PacketRecord r = new PacketRecord();
            List<PcapReader> seekable = startArg != null && !dump ? in.seekableParts() : null;
            long first;
            long start;
            boolean any;
            if (seekable != null) {
                // tcpslice's way: the first time is the earliest first packet; each file then jumps close to START
                // instead of being read from its beginning (a binary search over the mapped file).
                first = Long.MAX_VALUE;
                for (PcapReader p : seekable) {
                    first = Math.min(first, p.firstTimestamp());
                }
                start = TimeSpec.resolve(startArg, first, tz);
                for (PcapReader p : seekable) {
                    p.seekBefore(start - SEEK_MARGIN_NANOS);
                }
                any = src.next(r);
            } else {
                any = src.next(r);
                first = any ? r.tsNanos : 0;
                start = startArg == null ? first : TimeSpec.resolve(startArg, first, tz);
            }
            long end = endArg == null ? Long.MAX_VALUE : TimeSpec.resolve(endArg, start, tz);
            if (dump) {
                long stop = end;
                if (endArg == null) {
                    stop = first;
                    while (any) {
                        stop = Math.max(stop, r.tsNanos);
                        any = src.next(r);
                    }
                }
                out.println("start\t" + TimeSpec.raw(start, 6));
                out.println("stop\t" + TimeSpec.raw(stop, 6));
                return 0;
            }
            CaptureWriter w = CaptureWriter.open(output, write.options(in));
            try {
                if (any) {
                    slice(src, r, start, end, w, in.parts.size() > 1 && !keepDuplicates);
                }
            } catch (RuntimeException e) {
                w.abort();
                throw e;
            }
            w.close();
        }
        return 0;
    }

    /**
     * Writes the packets of {@code src} (whose current packet is {@code r}) with {@code start <= ts <= end}, and
     * stops at the first packet after {@code end}, as tcpslice does (inputs are in time order). With
     * {@code dedup}, a packet equal in time, lengths and bytes to the last one written, but from another input, is
     * dropped (tcpslice's duplicate rule).
     */
    static void slice(PacketSource src, PacketRecord r, long start, long end, CaptureWriter w, boolean dedup) {
        int lastSource = -1;
        long lastTs = 0;
        int lastCaplen = 0;
        int lastWirelen = 0;
        MemorySegment last = MemorySegment.ofArray(new byte[dedup ? 65536 : 0]);
        do {
            long ts = r.tsNanos;
            if (ts > end) {
                break;
            }
            if (ts < start) {
                continue;
            }
            if (dedup) {
                int caplen = r.caplen;
                if (r.sourceIndex != lastSource && ts == lastTs && caplen == lastCaplen && r.wirelen == lastWirelen
                        && MemorySegment.mismatch(r.segment, r.offset, r.offset + caplen, last, 0, caplen) < 0) {
                    continue;
                }
                if (caplen > last.byteSize()) {
                    last = MemorySegment.ofArray(new byte[Math.max(caplen, (int) Math.min(Integer.MAX_VALUE - 8,
                            last.byteSize() * 2))]);
                }
                MemorySegment.copy(r.segment, r.offset, last, 0, caplen);
                lastSource = r.sourceIndex;
                lastTs = ts;
                lastCaplen = caplen;
                lastWirelen = r.wirelen;
            }
            w.write(r);
        } while (src.next(r));
    }
}
