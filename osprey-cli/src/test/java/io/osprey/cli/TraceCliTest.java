package io.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osprey.pcap.Captures;
import io.osprey.pcap.LinkTypes;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
import io.osprey.pcap.PcapReader;
import io.osprey.pcap.PcapngReader;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osprey trace} end to end through the real command line: outputs against inputs (and against tcpdump,
 * tcpslice and mergecap when installed), and every error path giving one line and its exit status.
 */
class TraceCliTest {
    @TempDir
    Path dir;

    /** 2026-11-23 21:35:46 UTC, in ns: the generated captures start here. */
    static final long T0 = 1795469746_000000000L;
    static final long SEC = 1_000_000_000L;

    record Run(int exit, String out, String err) {
        /** The error output as lines. */
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run osprey(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8);
        int exit = Osprey.commandLine(out, err).execute(args);
        return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static Run trace(String... args) {
        String[] a = new String[args.length + 1];
        a[0] = "trace";
        System.arraycopy(args, 0, a, 1, args.length);
        return osprey(a);
    }

    /** A packet as read back, bytes as hex, for comparing captures. */
    record Pkt(long ts, int caplen, int wirelen, int linkType, String hex) {
    }

    static List<Pkt> read(Path p) {
        List<Pkt> l = new ArrayList<>();
        try (PacketSource s = Captures.open(p.toString(), null)) {
            PacketRecord r = new PacketRecord();
            while (s.next(r)) {
                l.add(new Pkt(r.tsNanos, r.caplen, r.wirelen, r.linkType, HexFormat.of().formatHex(
                        r.segment.asSlice(r.offset, r.caplen).toArray(ValueLayout.JAVA_BYTE))));
            }
        }
        return l;
    }

    /** Flow {@code i}'s packet {@code k}: odd k go back from server to client. */
    static byte[] flowPacket(int i, int k) {
        String c = "10.0." + (i / 200) + "." + (i % 200 + 1);
        String s = i % 3 == 0 ? "192.0.2.80" : "198.51.100." + (i % 7 + 1);
        int cp = 20000 + i;
        int sp = i % 2 == 0 ? 80 : 53;
        PacketBuilder b = (k & 1) == 0 ? PacketBuilder.eth().ipv4(c, s) : PacketBuilder.eth().ipv4(s, c);
        b = i % 2 == 0 ? ((k & 1) == 0 ? b.tcp(cp, sp) : b.tcp(sp, cp)) : ((k & 1) == 0 ? b.udp(cp, sp) : b.udp(sp, cp));
        return b.payload("flow " + i + " packet " + k).build();
    }

    /** A µs (or ns) capture of {@code flows} flows, 4 packets each, 10 ms apart, plus an ARP packet every 50. */
    static Path capture(Path p, int flows, long t0, boolean nanos) {
        try (PcapFileWriter w = PcapFileWriter.create(p, LinkTypes.EN10MB, nanos)) {
            long ts = t0;
            int n = 0;
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < flows; i++) {
                    w.write(ts + (nanos ? 7 : 0), flowPacket(i, k));
                    ts += 10_000_000L;
                    if (++n % 50 == 0) {
                        w.write(ts, PacketBuilder.eth().arp(1, 0x1, "10.0.0.1", 0, "10.0.0.2").build());
                        ts += 10_000_000L;
                    }
                }
            }
        }
        return p;
    }

    static boolean installed(String tool) {
        return Stream.of("/usr/bin/", "/usr/sbin/").anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
    }

    static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + text).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ filter

    @Test
    void filterWithoutExpressionCopiesTheCaptureByteForByte() throws IOException {
        Path in = capture(dir.resolve("in.pcap"), 100, T0, false);
        Run r = trace("filter", "-r", in.toString(), "-w", dir.resolve("out.pcap").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Files.readAllBytes(dir.resolve("out.pcap"))).isEqualTo(Files.readAllBytes(in));
        assertThat(dir.resolve(".out.pcap.tmp")).doesNotExist();
        if (installed("tcpdump")) {
            run("tcpdump", "-r", in.toString(), "-w", dir.resolve("tcpdump.pcap").toString());
            assertThat(Files.readAllBytes(dir.resolve("out.pcap")))
                    .isEqualTo(Files.readAllBytes(dir.resolve("tcpdump.pcap")));
        }
    }

    @Test
    void filterKeepsNanosecondsReadsGzipAndWritesPcapng() throws IOException {
        Path ns = capture(dir.resolve("ns.pcap"), 20, T0, true);
        Path gz = dir.resolve("ns.pcap.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(ns));
        }
        assertThat(trace("filter", "-r", gz.toString(), "-w", dir.resolve("a.pcap").toString()).exit()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("a.pcap"))).isEqualTo(Files.readAllBytes(ns));
        assertThat(trace("filter", "-r", ns.toString(), "--micro", "-w", dir.resolve("us.pcap").toString()).exit())
                .isZero();
        assertThat(read(dir.resolve("us.pcap"))).extracting(Pkt::ts).allMatch(t -> t % 1000 == 0);
        assertThat(trace("filter", "-r", ns.toString(), "--pcapng", "-w", dir.resolve("b.pcapng").toString())
                .exit()).isZero();
        assertThat(read(dir.resolve("b.pcapng"))).isEqualTo(read(ns));
        try (PcapngReader r = PcapngReader.open(dir.resolve("b.pcapng"), null)) {
            assertThat(r.next(new PacketRecord())).isTrue();
            assertThat(r.tsResolution(0)).isEqualTo(9);
        }
    }

    @Test
    void filterMergesSeveralInputsAndStopsAtTheCount() {
        Path a = capture(dir.resolve("a.pcap"), 10, T0, false);
        Path b = capture(dir.resolve("b.pcap"), 10, T0 + 5_000_000L, false);
        Run r = trace("filter", "-r", b.toString(), "-r", a.toString(), "-c", "25", "-w",
                dir.resolve("m.pcap").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<Pkt> m = read(dir.resolve("m.pcap"));
        assertThat(m).hasSize(25);
        assertThat(m).extracting(Pkt::ts).isSorted();
    }

    @Test
    void filterExpressionsSelectWhatTcpdumpSelects() throws IOException {
        Path in = capture(dir.resolve("in.pcap"), 100, T0, false); // 400 flow packets + 8 ARP
        List<Pkt> all = read(in);
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        expected.put("arp", 8);
        expected.put("udp port 53", 200);
        expected.put("host 10.0.0.1", 4 + 8); // flow 0 and the ARP packets (arp's addresses count for host)
        expected.put("tcp and dst host 192.0.2.80", 34); // flows 0, 6, 12, ... 96, client to server
        expected.put("ip[9] == 17 and udp[0:2] == 53", 100);
        expected.put("tcp[tcpflags] & tcp-syn != 0 or not ip", 8 + countSyn(all));
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            Path out = dir.resolve("out.pcap");
            Run r = trace(("filter -r " + in + " -w " + out + " " + e.getKey()).split(" "));
            assertThat(r.exit()).as(e.getKey() + ": " + r.err()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(read(out)).as(e.getKey()).hasSize(e.getValue()).isSubsetOf(all);
            if (installed("tcpdump")) {
                Path td = dir.resolve("tcpdump.pcap");
                List<String> cmd = new ArrayList<>(List.of("tcpdump", "-r", in.toString(), "-w", td.toString()));
                cmd.addAll(Arrays.asList(e.getKey().split(" ")));
                run(cmd.toArray(String[]::new));
                assertThat(Files.readAllBytes(out)).as(e.getKey()).isEqualTo(Files.readAllBytes(td));
            }
        }
    }

    /** TCP packets with SYN set, as the test builder makes them. */
    private static int countSyn(List<Pkt> all) {
        int n = 0;
        for (Pkt p : all) {
            byte[] b = HexFormat.of().parseHex(p.hex());
            if (b.length > 47 && b[23] == 6 && (b[47] & 2) != 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aBadFilterExpressionIsOneLineWithItsPositionAndNoOutput() {
        Path in = capture(dir.resolve("in.pcap"), 3, T0, false);
        Path out = dir.resolve("o.pcap");
        Run r = trace("filter", "-r", in.toString(), "-w", out.toString(), "tcp", "port");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("osprey: filter \"tcp port\": syntax error at position 8")
                .contains("'port'");
        assertThat(out).doesNotExist();
        // Valid grammar that the capture's link type cannot use: found at the first packet, still no output.
        r = trace("filter", "-r", in.toString(), "-w", out.toString(), "type", "mgt");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("osprey: filter \"type mgt\": ");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve(".o.pcap.tmp")).doesNotExist();
    }

    // ------------------------------------------------------------------ merge

    @Test
    void mergeOrdersByTimeWithTiesInInputOrder() {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        try (PcapFileWriter wa = PcapFileWriter.create(a, 1, false); PcapFileWriter wb = PcapFileWriter.create(b, 1,
                false)) {
            for (int i = 0; i < 50; i++) {
                wa.write(T0 + i * 2 * SEC, flowPacket(i, 0)); // even seconds
                wb.write(T0 + (i * 2 + (i % 5 == 0 ? 0 : 1)) * SEC, flowPacket(i, 1)); // odd, some ties
            }
        }
        Run r = trace("merge", "-w", dir.resolve("m.pcap").toString(), b.toString(), a.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<Pkt> m = read(dir.resolve("m.pcap"));
        assertThat(m).hasSize(100).extracting(Pkt::ts).isSorted();
        List<Pkt> pa = read(a);
        List<Pkt> pb = read(b);
        for (int i = 1; i < m.size(); i++) {
            if (m.get(i).ts() == m.get(i - 1).ts()) { // a tie: b (given first) comes first
                assertThat(pb).contains(m.get(i - 1));
                assertThat(pa).contains(m.get(i));
            }
        }
        if (installed("mergecap")) {
            // mergecap puts the later input first on a tie (merge.c is_earlier); apart from ties, the same order
            run("mergecap", "-F", "pcap", "-w", dir.resolve("mc.pcap").toString(), b.toString(), a.toString());
            List<Pkt> mc = read(dir.resolve("mc.pcap"));
            assertThat(mc).extracting(Pkt::ts).isEqualTo(m.stream().map(Pkt::ts).toList());
            assertThat(mc).containsExactlyInAnyOrderElementsOf(m);
        }
        Run c = trace("merge", "-a", "-w", dir.resolve("c.pcap").toString(), b.toString(), a.toString());
        assertThat(c.exit()).isZero();
        List<Pkt> cat = new ArrayList<>(pb);
        cat.addAll(pa);
        assertThat(read(dir.resolve("c.pcap"))).isEqualTo(cat);
    }

    @Test
    void mergeOfTwoLinkTypesNeedsPcapng() throws IOException {
        Path eth = capture(dir.resolve("eth.pcap"), 3, T0, false);
        Path raw = dir.resolve("raw.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(raw, LinkTypes.RAW, false)) {
            w.write(T0 + 1, PacketBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build());
        }
        Path out = dir.resolve("m.pcap");
        Run r = trace("merge", "-w", out.toString(), eth.toString(), raw.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("osprey: " + out + ": packet of link type RAW")
                .endsWith("(write pcapng instead)");
        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
        Run ng = trace("merge", "--pcapng", "-w", dir.resolve("m.pcapng").toString(), eth.toString(), raw.toString());
        assertThat(ng.exit()).as(ng.err()).isZero();
        assertThat(read(dir.resolve("m.pcapng"))).extracting(Pkt::linkType).containsExactly(1, 101, 1, 1, 1, 1, 1, 1,
                1, 1, 1, 1, 1);
    }

    // ------------------------------------------------------------------ slice

    @Test
    void sliceTakesAnInclusiveRangeInTcpslicesSyntax() {
        Path in = capture(dir.resolve("in.pcap"), 100, T0, false); // 408 packets, 10 ms apart from T0
        List<Pkt> all = read(in);
        Path out = dir.resolve("s.pcap");
        Run r = trace("slice", "--tz", "UTC", "-w", out.toString(), "+1", "+0.5", in.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(read(out)).isEqualTo(all.stream().filter(p -> p.ts() >= T0 + SEC && p.ts() <= T0 + 1500_000_000L)
                .toList()).hasSize(51); // both ends inclusive
        // 2026-11-23 21:35:48 UTC = T0 + 2 s, to the end
        assertThat(trace("slice", "--tz", "UTC", "-w", out.toString(), "21h35m48s", in.toString()).exit()).isZero();
        assertThat(read(out)).isEqualTo(all.stream().filter(p -> p.ts() >= T0 + 2 * SEC).toList());
        assertThat(trace("slice", "-w", out.toString(), "1795469747", "1795469747.1", in.toString()).exit()).isZero();
        assertThat(read(out)).hasSize(11);
        if (installed("tcpslice")) {
            Path t = dir.resolve("tcpslice.pcap");
            run("tcpslice", "-w", t.toString(), "+1", "+0.5", in.toString());
            assertThat(trace("slice", "-w", out.toString(), "+1", "+0.5", in.toString()).exit()).isZero();
            assertThat(read(t)).isEqualTo(read(out));
        }
    }

    /** Large enough (1.4 MB) for the binary search to jump: the slice still has exactly the packets in range. */
    @Test
    void sliceOfALargeFileSeeksAndMissesNothing() {
        Path a = capture(dir.resolve("a.pcap"), 4000, T0, false); // 16,320 packets over 163 s
        Path b = capture(dir.resolve("b.pcap"), 3000, T0 + 3_000_000L, true); // ns, interleaved
        List<Pkt> all = new ArrayList<>(read(a));
        all.addAll(read(b));
        all.sort(java.util.Comparator.comparingLong(Pkt::ts));
        Path out = dir.resolve("s.pcap");
        for (String[] range : new String[][] {{"+100", "+5"}, {"+150.005", "+30"}, {"+0.02", "+0.1"}}) {
            Run r = trace("slice", "--nano", "-w", out.toString(), range[0], range[1], a.toString(), b.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            long lo = TraceCliTestTimes.offset(T0, range[0]);
            long hi = lo + TraceCliTestTimes.offset(0, range[1]);
            List<Pkt> want = all.stream().filter(p -> p.ts() >= lo && p.ts() <= hi).toList();
            assertThat(want).isNotEmpty();
            assertThat(read(out)).as(String.join(" ", range)).isEqualTo(want);
        }
    }

    /** "+s.fff" offsets in ns, for expectations. */
    static final class TraceCliTestTimes {
        static long offset(long base, String plus) {
            return base + new java.math.BigDecimal(plus.substring(1)).movePointRight(9).longValueExact();
        }
    }

    @Test
    void sliceDropsDuplicatesAcrossFilesUnlessToldNot() throws IOException {
        Path a = capture(dir.resolve("a.pcap"), 20, T0, false);
        Path b = dir.resolve("b.pcap");
        Files.copy(a, b); // the same capture taken twice (two taps)
        Path out = dir.resolve("s.pcap");
        assertThat(trace("slice", "-w", out.toString(), a.toString(), b.toString()).exit()).isZero();
        assertThat(read(out)).isEqualTo(read(a));
        assertThat(trace("slice", "-D", "-w", out.toString(), a.toString(), b.toString()).exit()).isZero();
        assertThat(read(out)).hasSize(2 * read(a).size());
    }

    @Test
    void sliceDumpPrintsTheRange() {
        Path in = capture(dir.resolve("in.pcap"), 10, T0 + 456089000L, false);
        Run r = trace("slice", "-d", "+3", "+5", in.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("start\t1795469749.456089\nstop\t1795469754.456089\n");
        Run all = trace("slice", "-d", in.toString());
        assertThat(all.out()).isEqualTo("start\t1795469746.456089\nstop\t1795469746.846089\n"); // 40 packets
    }

    @Test
    void badTimesGiveOneLineAndExit1() {
        Path in = capture(dir.resolve("in.pcap"), 3, T0, false);
        for (String[] c : new String[][] {{"25h", "hour 25 is not valid"}, {"21h75m", "minute 75 is not valid"},
            {"2m30d", "day 30 is not valid"}}) {
            Run r = trace("slice", "--tz", "UTC", "-w", dir.resolve("o.pcap").toString(), c[0], in.toString());
            assertThat(r.exit()).as(c[0]).isEqualTo(1);
            assertThat(r.errLines()).singleElement().isEqualTo("osprey: bad time '" + c[0] + "': " + c[1]);
            assertThat(dir.resolve("o.pcap")).doesNotExist();
        }
        Run r = trace("slice", "-w", dir.resolve("o.pcap").toString(), "+5x", in.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).singleElement()
                .isEqualTo("osprey: '+5x' is neither a time (tcpslice syntax, see --help) nor a file");
        Run z = trace("slice", "--tz", "Mars/Olympus", "-w", dir.resolve("o.pcap").toString(), in.toString());
        assertThat(z.exit()).isEqualTo(1);
        assertThat(z.errLines()).singleElement().isEqualTo("osprey: unknown time zone 'Mars/Olympus'");
    }

    // ------------------------------------------------------------------ split

    @Test
    void splitKeepsBothDirectionsOfEveryFlowInOneFile() throws IOException {
        Path in = capture(dir.resolve("in.pcap"), 200, T0, false);
        Run r = trace("split", "-n", "4", "-w", dir.resolve("part-%d.pcap").toString(), in.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Integer> fileOfFlow = new HashMap<>();
        List<Pkt> union = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            Path p = dir.resolve("part-" + f + ".pcap");
            assertThat(p).exists();
            List<Pkt> pk = read(p);
            assertThat(pk).as("file %d", f).hasSizeBetween(100, 300);
            union.addAll(pk);
            for (Pkt x : pk) {
                if (x.hex().startsWith("000000000002000000000001" + "0806")) {
                    assertThat(f).as("ARP goes to file 0").isZero();
                    continue;
                }
                String flow = new String(HexFormat.of().parseHex(x.hex()), StandardCharsets.ISO_8859_1)
                        .replaceAll("(?s).*flow (\\d+) packet.*", "$1");
                assertThat(fileOfFlow.putIfAbsent(flow, f)).as("flow %s", flow).isIn(null, f);
            }
        }
        assertThat(fileOfFlow).hasSize(200);
        union.sort(java.util.Comparator.comparingLong(Pkt::ts));
        assertThat(union).isEqualTo(read(in));
    }

    @Test
    void splitRotatesByTimeAndBySize() throws IOException {
        Path in = capture(dir.resolve("in.pcap"), 100, T0, false); // 408 packets over 4.08 s
        Run r = trace("split", "--rotate-seconds", "1", "-w", dir.resolve("sec.pcap").toString(), in.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<Pkt> all = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            List<Pkt> p = read(dir.resolve("sec-" + k + ".pcap"));
            long lo = T0 + k * SEC;
            assertThat(p).isNotEmpty().allMatch(x -> x.ts() >= lo && x.ts() < lo + SEC);
            all.addAll(p);
        }
        assertThat(dir.resolve("sec-5.pcap")).doesNotExist();
        assertThat(all).isEqualTo(read(in));

        Run s = trace("split", "-n", "2", "--rotate-bytes", "4KiB", "-w", dir.resolve("b-%d-%02r.pcap").toString(),
                in.toString());
        assertThat(s.exit()).as(s.err()).isZero();
        List<Path> files;
        try (Stream<Path> l = Files.list(dir)) {
            files = l.filter(p -> p.getFileName().toString().startsWith("b-")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(4).contains(dir.resolve("b-0-00.pcap"), dir.resolve("b-1-01.pcap"));
        long total = 0;
        for (Path p : files) {
            assertThat(Files.size(p)).as(p.toString()).isLessThanOrEqualTo(4096);
            total += read(p).size();
        }
        assertThat(total).isEqualTo(408);
    }

    @Test
    void splitOptionsAreChecked() {
        Path in = capture(dir.resolve("in.pcap"), 3, T0, false);
        String w = dir.resolve("p.pcap").toString();
        assertThat(trace("split", "-n", "0", "-w", w, in.toString()).errLines()).singleElement()
                .isEqualTo("osprey: -n must be between 1 and 4096");
        assertThat(trace("split", "-n", "2", "--by", "6tuple", "-w", w, in.toString()).errLines()).singleElement()
                .asString().startsWith("osprey: unknown --by '6tuple'");
        assertThat(trace("split", "--rotate-bytes", "10X", "-w", w, in.toString()).errLines()).singleElement()
                .asString().startsWith("osprey: --rotate-bytes: unknown unit 'X'");
        assertThat(trace("split", "--rotate-seconds", "-1", "-w", w, in.toString()).exit()).isEqualTo(1);
        Run bad = trace("split", "-n", "2", "-w", dir.resolve("p-%s.pcap").toString(), in.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.errLines()).singleElement().asString().contains("only %d, %r and %% may follow a %");
    }

    // ------------------------------------------------------------------ stats

    @Test
    void statsCountsWhatCapinfosCounts() throws IOException {
        Path in = dir.resolve("in.pcap");
        byte[] f = flowPacket(1, 0);
        try (PcapFileWriter w = PcapFileWriter.create(in, 1, false)) {
            w.write(T0 + 500_000_000L, f);
            w.write(T0 + 1_500_000_000L, Arrays.copyOf(f, 40), f.length); // snapped: 40 of f.length bytes
            w.write(T0 + 1_000_000_000L, f); // out of order
            w.write(T0 + 4_500_000_000L, f);
        }
        Run r = trace("stats", in.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        int n = f.length;
        assertThat(r.out()).contains("File type:            pcap (microsecond timestamps, version 2.4)\n",
                "Compression:          none\n",
                "File size:            " + Files.size(in) + " bytes\n",
                "Link types:           EN10MB (1)\n", "Snapshot length:      262144\n",
                "Packets:              4\n", "Bytes captured:       " + (3 * n + 40) + "\n",
                "Bytes on wire:        " + 4 * n + "\n", "Truncated packets:    1 ",
                "First packet:         2026-11-23 21:35:46.500000 UTC (1795469746.500000)\n",
                "Last packet:          2026-11-23 21:35:50.500000 UTC (1795469750.500000)\n",
                "Duration:             4.000000 s\n",
                String.format(java.util.Locale.ROOT, "Data rate:            %.2f bytes/s", 4 * n / 4.0),
                "Average packet rate:  1.00 packets/s\n", "Time order:           1 packets earlier than the one before");
        Run j = trace("stats", "--json", in.toString());
        assertThat(j.exit()).isZero();
        assertThat(j.out().lines().toList()).singleElement().asString().startsWith("{\"file\":\"" + in + "\"")
                .contains("\"packets\":4,", "\"bytes_captured\":" + (3 * n + 40) + ",",
                        "\"truncated_packets\":1,", "\"first\":1795469746.500000,", "\"duration\":4.000000,",
                        "\"out_of_order\":1}", "\"link_types\":[{\"linktype\":1,\"name\":\"EN10MB\",\"packets\":4}]");
    }

    // ------------------------------------------------------------------ bad input, bad output

    @Test
    void unreadableInputsGiveOneLineAndExit2() throws IOException {
        Path good = capture(dir.resolve("good.pcap"), 3, T0, false);
        Path missing = dir.resolve("missing.pcap");
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a capture\n");
        byte[] absurd = Files.readAllBytes(good);
        absurd[24 + 11] = (byte) 0x7F; // caplen of the first record beyond any limit
        Path bad = Files.write(dir.resolve("absurd.pcap"), absurd);
        String out = dir.resolve("o.pcap").toString();
        for (Path p : List.of(missing, text, bad)) {
            for (String[] cmd : new String[][] {{"filter", "-r", p.toString(), "-w", out},
                {"merge", "-w", out, good.toString(), p.toString()}, {"slice", "-w", out, p.toString()},
                {"split", "-n", "2", "-w", dir.resolve("p-%d.pcap").toString(), p.toString()},
                {"stats", p.toString()}}) {
                Run r = trace(cmd);
                assertThat(r.exit()).as(String.join(" ", cmd) + ": " + r.err()).isEqualTo(2);
                assertThat(r.errLines()).as(String.join(" ", cmd)).singleElement().asString()
                        .startsWith("osprey: " + p + ": offset ").doesNotContain("Exception");
                assertThat(Path.of(out)).doesNotExist();
                assertThat(dir.resolve("p-0.pcap")).doesNotExist();
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    @Test
    void truncatedInputKeepsThePacketsBeforeButExits2() throws IOException {
        Path good = capture(dir.resolve("good.pcap"), 5, T0, false);
        byte[] b = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(b, b.length - 7));
        Path out = dir.resolve("o.pcap");
        Run r = trace("filter", "-r", cut.toString(), "-w", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("osprey: " + cut + ": offset ")
                .contains("truncated final record");
        assertThat(read(out)).isEqualTo(read(good).subList(0, read(good).size() - 1));
        Run s = trace("stats", cut.toString());
        assertThat(s.exit()).isEqualTo(2);
        assertThat(s.out()).contains("Packets:              19\n");
        assertThat(s.errLines()).singleElement().asString().contains("truncated final record");
    }

    @Test
    void unwritableOutputsGiveOneLineAndExit2() throws IOException {
        Path in = capture(dir.resolve("in.pcap"), 3, T0, false);
        Path notDir = Files.writeString(dir.resolve("file"), "x");
        for (Path target : List.of(dir.resolve("no/such/dir/o.pcap"), notDir.resolve("o.pcap"), dir)) {
            for (String[] cmd : new String[][] {{"filter", "-r", in.toString(), "-w", target.toString()},
                {"merge", "-w", target.toString(), in.toString()}, {"slice", "-w", target.toString(), in.toString()},
                {"split", "-w", target.toString(), in.toString()}}) {
                Run r = trace(cmd);
                assertThat(r.exit()).as(String.join(" ", cmd)).isEqualTo(2);
                assertThat(r.errLines()).as(String.join(" ", cmd)).singleElement().asString()
                        .startsWith("osprey: " + target + ": ").doesNotContain("Exception");
            }
        }
    }

    @Test
    void usageErrorsNameTheSubcommand() {
        Run r = trace("merge", "--bogus", "-w", "o.pcap", "x.pcap");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("osprey: Unknown option: '--bogus'",
                "Try 'osprey trace merge --help' for the options.");
        Run none = trace();
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).startsWith("osprey: trace needs a subcommand");
        Run root = osprey();
        assertThat(root.exit()).isEqualTo(1);
        assertThat(root.errLines()).containsExactly("osprey: Missing required option: '--read=FILE'",
                "Try 'osprey --help' for the options.");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String c : new String[] {"filter", "slice", "merge", "split", "stats"}) {
            Run r = trace(c, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).startsWith("Usage: osprey trace " + c);
        }
        assertThat(Osprey.commandLine(System.err).getSubcommands().get("trace").getSubcommands())
                .containsOnlyKeys("filter", "slice", "merge", "split", "stats");
        assertThat(Files.exists(Path.of("x"))).isFalse();
        assertThat(PcapReader.MAXIMUM_SNAPLEN).isEqualTo(262144);
    }
}
