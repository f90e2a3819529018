package io.osprey.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osprey.pcap.CaptureWriter.Format;
import io.osprey.pcap.CaptureWriter.Options;
import io.osprey.pcap.CaptureWriter.Precision;
import io.osprey.pcap.TestCaptures.Pkt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writers: byte-exact round trips of classic pcap (as tcpdump -w writes it), pcapng read back by our reader
 * and by tcpdump when installed, header values for empty outputs, the temporary name and rename, and errors.
 */
class CaptureWriterTest {
    @TempDir
    Path dir;

    /** A µs or ns pcap of {@code n} packets with varied sizes, a snapped one and a large one. */
    static byte[] sample(boolean nanos, int n, long snaplen) {
        TestCaptures.Pcap p = new TestCaptures.Pcap(false, nanos, snaplen, LinkTypes.EN10MB);
        for (int i = 0; i < n; i++) {
            int len = i % 7 == 3 ? 9000 : 40 + (i * 37) % 1400;
            long frac = nanos ? (i * 123_457L) % 1_000_000_000L : (i * 1237L) % 1_000_000L;
            p.packet(1_700_000_000L + i / 3, frac, TestCaptures.payload(len, i), i % 5 == 0 ? len + 100 : len);
        }
        return p.toByteArray();
    }

    /** Reads {@code in} and writes every packet to {@code out}; returns what was written. */
    static Path copy(Path in, Path out, Options o) {
        try (PacketSource s = Captures.open(in.toString(), null)) {
            CaptureWriter w = CaptureWriter.open(out.toString(), o);
            PacketRecord r = new PacketRecord();
            while (s.next(r)) {
                w.write(r);
            }
            w.close();
        }
        return out;
    }

    static List<Pkt> read(Path p) {
        return TestCaptures.readAll(Captures.open(p.toString(), null));
    }

    @Test
    void classicPcapRoundTripsByteForByte() throws IOException {
        for (boolean nanos : new boolean[] {false, true}) {
            for (int buf : new int[] {OutputFile.MIN_BUFFER, OutputFile.DEFAULT_BUFFER}) {
                Path in = TestCaptures.write(dir, "in.pcap", sample(nanos, 300, 65535));
                Path out = copy(in, dir.resolve("out.pcap"), Options.pcap().withBufferSize(buf));
                assertThat(Files.readAllBytes(out)).as("nanos=%s buf=%d", nanos, buf)
                        .isEqualTo(Files.readAllBytes(in));
            }
        }
    }

    @Test
    void snaplenZeroIsWrittenAsLibpcapAdjustsIt() throws IOException {
        Path in = TestCaptures.write(dir, "in.pcap", sample(false, 3, 0));
        Path out = copy(in, dir.resolve("out.pcap"), Options.pcap());
        byte[] b = Files.readAllBytes(out);
        assertThat(java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(16)).isEqualTo(262144);
        assertThat(read(out)).isEqualTo(read(in));
    }

    @Test
    void bigEndianInputIsWrittenLittleEndianWithTheSamePackets() {
        TestCaptures.Pcap p = new TestCaptures.Pcap(true, false);
        p.packet(1_600_000_000L, 5, TestCaptures.payload(60, 1)).packet(1_600_000_001L, 6, TestCaptures.payload(70, 2));
        Path in = TestCaptures.write(dir, "be.pcap", p.toByteArray());
        Path out = copy(in, dir.resolve("le.pcap"), Options.pcap());
        try (PcapReader r = PcapReader.open(out, null)) {
            assertThat(r.bigEndian()).isFalse();
        }
        assertThat(read(out)).isEqualTo(read(in));
    }

    @Test
    void microPrecisionTruncatesNanosecondsLikeTcpdump() {
        Path in = TestCaptures.write(dir, "ns.pcap", sample(true, 20, 65535));
        Path out = copy(in, dir.resolve("us.pcap"), Options.pcap().withPrecision(Precision.MICRO));
        List<Pkt> a = read(in);
        List<Pkt> b = read(out);
        assertThat(b).hasSize(a.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).ts()).isEqualTo(a.get(i).ts() / 1000 * 1000);
            assertThat(b.get(i).hex()).isEqualTo(a.get(i).hex());
        }
        try (PcapReader r = PcapReader.open(out, null)) {
            assertThat(r.nanosecond()).isFalse();
        }
    }

    @Test
    void pcapngRoundTripKeepsPacketsAndResolution() {
        for (boolean nanos : new boolean[] {false, true}) {
            Path in = TestCaptures.write(dir, "in.pcap", sample(nanos, 200, 65535));
            Path out = copy(in, dir.resolve("out.pcapng"), Options.pcap().withFormat(Format.PCAPNG)
                    .withBufferSize(OutputFile.MIN_BUFFER));
            List<Pkt> a = read(in);
            List<Pkt> b = read(out);
            assertThat(b).hasSize(a.size());
            for (int i = 0; i < a.size(); i++) {
                Pkt x = a.get(i);
                Pkt y = b.get(i);
                assertThat(List.of(y.ts(), y.caplen(), y.wirelen(), y.linkType(), y.hex()))
                        .isEqualTo(List.of(x.ts(), x.caplen(), x.wirelen(), x.linkType(), x.hex()));
            }
            try (PcapngReader r = PcapngReader.open(out, null)) {
                PacketRecord rec = new PacketRecord();
                assertThat(r.next(rec)).isTrue();
                assertThat(r.interfaceCount()).isEqualTo(1);
                assertThat(r.tsResolution(0)).isEqualTo(nanos ? 9 : 6);
                assertThat(rec.snaplen).isEqualTo(65535);
            }
        }
    }

    @Test
    void pcapngGetsOneInterfacePerLinkTypeAndResolution() {
        TestCaptures.Pcapng in = new TestCaptures.Pcapng().shb(false)
                .idb(LinkTypes.EN10MB, 65535, null, null)
                .idb(LinkTypes.RAW, 1500, 9, null)
                .idb(LinkTypes.EN10MB, 65535, null, null) // same as interface 0: shares its output interface
                .epb(0, 1_000_000L, TestCaptures.payload(60, 1), 60)
                .epb(1, 2_000_000_123L, TestCaptures.payload(50, 2), 50)
                .epb(2, 3_000_000L, TestCaptures.payload(61, 3), 61)
                .epb(1, 4_000_000_456L, TestCaptures.payload(51, 4), 51);
        Path p = TestCaptures.write(dir, "multi.pcapng", in.toByteArray());
        Path out = copy(p, dir.resolve("out.pcapng"), Options.pcap().withFormat(Format.PCAPNG));
        List<Pkt> a = read(p);
        List<Pkt> b = read(out);
        assertThat(b).extracting(Pkt::ts).isEqualTo(a.stream().map(Pkt::ts).toList());
        assertThat(b).extracting(Pkt::linkType).containsExactly(1, 101, 1, 101);
        assertThat(b).extracting(Pkt::interfaceId).containsExactly(0, 1, 0, 1);
        assertThat(b).extracting(Pkt::hex).isEqualTo(a.stream().map(Pkt::hex).toList());
    }

    @Test
    void classicPcapRefusesASecondLinkType() {
        TestCaptures.Pcapng in = new TestCaptures.Pcapng().shb(false)
                .idb(LinkTypes.EN10MB, 65535, null, null).idb(LinkTypes.RAW, 65535, null, null)
                .epb(0, 1_000_000L, TestCaptures.payload(60, 1), 60)
                .epb(1, 2_000_000L, TestCaptures.payload(50, 2), 50);
        Path p = TestCaptures.write(dir, "multi.pcapng", in.toByteArray());
        Path target = dir.resolve("out.pcap");
        assertThatThrownBy(() -> {
            try (PacketSource s = Captures.open(p.toString(), null)) {
                CaptureWriter w = CaptureWriter.open(target.toString(), Options.pcap());
                PacketRecord r = new PacketRecord();
                try {
                    while (s.next(r)) {
                        w.write(r);
                    }
                } catch (RuntimeException e) {
                    w.abort();
                    throw e;
                }
            }
        }).isInstanceOf(CaptureWriteException.class)
                .hasMessage(target + ": packet of link type RAW in a pcap file of link type EN10MB; classic pcap "
                        + "holds one link type (write pcapng instead)");
        assertThat(target).doesNotExist();
        assertThat(dir.resolve(".out.pcap.tmp")).doesNotExist();
    }

    @Test
    void largerSnaplenOfALaterInputIsPatchedIntoTheHeader() throws IOException {
        byte[] small = new TestCaptures.Pcap(false, false, 100, 1).packet(1, 0, TestCaptures.payload(100, 1))
                .toByteArray();
        byte[] big = new TestCaptures.Pcap(false, false, 9000, 1).packet(2, 0, TestCaptures.payload(5000, 2))
                .toByteArray();
        Path a = TestCaptures.write(dir, "a.pcap", small);
        Path b = TestCaptures.write(dir, "b.pcap", big);
        Path out = dir.resolve("m.pcap");
        try (PacketSource s = Captures.openAll(List.of(a.toString(), b.toString()), null)) {
            CaptureWriter w = CaptureWriter.open(out.toString(), Options.pcap());
            PacketRecord r = new PacketRecord();
            while (s.next(r)) {
                w.write(r);
            }
            w.close();
        }
        try (PcapReader r = PcapReader.open(out, null)) {
            assertThat(r.snaplen()).isEqualTo(9000);
        }
        assertThat(read(out)).extracting(Pkt::caplen).containsExactly(100, 5000);
    }

    @Test
    void emptyOutputsGetAHeaderFromTheDefaults() throws IOException {
        Options o = Options.pcap().withDefaults(LinkTypes.LINUX_SLL, 1234, 9);
        CaptureWriter.open(dir.resolve("e.pcap").toString(), o).close();
        try (PcapReader r = PcapReader.open(dir.resolve("e.pcap"), null)) {
            assertThat(r.linkType()).isEqualTo(LinkTypes.LINUX_SLL);
            assertThat(r.snaplen()).isEqualTo(1234);
            assertThat(r.nanosecond()).isTrue();
            assertThat(r.next(new PacketRecord())).isFalse();
        }
        assertThat(Files.size(dir.resolve("e.pcap"))).isEqualTo(24);
        CaptureWriter.open(dir.resolve("e.pcapng").toString(), o.withFormat(Format.PCAPNG)).close();
        assertThat(read(dir.resolve("e.pcapng"))).isEmpty();
        assertThat(Files.size(dir.resolve("e.pcapng"))).isEqualTo(28 + 32);
    }

    @Test
    void theFileAppearsUnderItsNameOnlyWhenComplete() throws IOException {
        Path target = dir.resolve("out.pcap");
        Files.writeString(target, "old");
        Path temp = dir.resolve(".out.pcap.tmp");
        CaptureWriter w = CaptureWriter.open(target.toString(), Options.pcap());
        PacketRecord r = new PacketRecord();
        r.segment = java.lang.foreign.MemorySegment.ofArray(TestCaptures.payload(100, 1));
        r.caplen = 100;
        r.wirelen = 100;
        r.linkType = 1;
        w.write(r);
        assertThat(temp).exists();
        assertThat(Files.readString(target)).isEqualTo("old");
        w.close();
        assertThat(temp).doesNotExist();
        assertThat(Files.size(target)).isEqualTo(24 + 16 + 100);

        CaptureWriter w2 = CaptureWriter.open(target.toString(), Options.pcap());
        w2.write(r);
        w2.abort();
        assertThat(temp).doesNotExist();
        assertThat(Files.size(target)).isEqualTo(24 + 16 + 100);
    }

    /** A FIFO (like /dev/null, a device) is written in place: renaming over it would replace it with a file. */
    @Test
    void devicesAndFifosAreWrittenInPlace() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo not available");
        byte[] in = sample(false, 50, 65535);
        Path src = TestCaptures.write(dir, "in.pcap", in);
        java.util.concurrent.CompletableFuture<byte[]> got = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        copy(src, fifo, Options.pcap());
        assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo(in);
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther()).isTrue();
        assertThat(dir.resolve(".fifo.tmp")).doesNotExist();
    }

    @Test
    void symbolicLinksAreWrittenThrough() throws IOException {
        Path real = Files.writeString(dir.resolve("real.pcap"), "old contents, longer than a pcap header");
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), real);
        byte[] in = sample(false, 5, 65535);
        copy(TestCaptures.write(dir, "in.pcap", in), link, Options.pcap());
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(real)).isEqualTo(in);
    }

    @Test
    void unwritableOutputsGiveOneLine() throws IOException {
        assertThatThrownBy(() -> CaptureWriter.open(dir.resolve("nodir/out.pcap").toString(), Options.pcap()))
                .isInstanceOf(CaptureWriteException.class)
                .hasMessage(dir.resolve("nodir/out.pcap") + ": cannot create: no such directory "
                        + dir.resolve("nodir"));
        assertThatThrownBy(() -> CaptureWriter.open(dir.toString(), Options.pcap()))
                .isInstanceOf(CaptureWriteException.class).hasMessage(dir + ": is a directory");
        Path ro = Files.createDirectory(dir.resolve("ro"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("r-xr-xr-x")));
        assumeTrue(!Files.isWritable(ro), "running as a user who can write anywhere");
        assertThatThrownBy(() -> CaptureWriter.open(ro.resolve("x.pcap").toString(), Options.pcap()))
                .isInstanceOf(CaptureWriteException.class).hasMessageEndingWith("cannot create: permission denied");
    }

    @Test
    void writesToAChannel() {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        byte[] in = sample(false, 10, 65535);
        try (PacketSource s = TestCaptures.mapped("in", in, null)) {
            CaptureWriter w = CaptureWriter.open("mem", Channels.newChannel(bo), Options.pcap());
            PacketRecord r = new PacketRecord();
            while (s.next(r)) {
                w.write(r);
            }
            w.close();
            assertThat(w.packets()).isEqualTo(10);
            assertThat(w.size()).isEqualTo(in.length);
        }
        assertThat(bo.toByteArray()).isEqualTo(in);
    }

    /** tcpdump (libpcap) reads what we write, and rewrites our pcap and pcapng to the same classic pcap bytes. */
    @Test
    void tcpdumpReadsOurOutputs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tcpdump")) || Files.isExecutable(Path.of("/usr/sbin/tcpdump")),
                "tcpdump not installed");
        Path in = TestCaptures.write(dir, "in.pcap", sample(false, 100, 65535));
        Path ours = copy(in, dir.resolve("ours.pcap"), Options.pcap());
        Path ng = copy(in, dir.resolve("ours.pcapng"), Options.pcap().withFormat(Format.PCAPNG));
        Path viaTcpdump = tcpdump(ours, dir.resolve("t1.pcap"));
        Path ngViaTcpdump = tcpdump(ng, dir.resolve("t2.pcap"));
        Path inViaTcpdump = tcpdump(in, dir.resolve("t3.pcap"));
        assertThat(Files.readAllBytes(viaTcpdump)).isEqualTo(Files.readAllBytes(ours));
        assertThat(Files.readAllBytes(inViaTcpdump)).isEqualTo(Files.readAllBytes(ours));
        assertThat(read(ngViaTcpdump)).isEqualTo(read(in));
        // Wireshark's library reads both too (capinfos, from wireshark-common, when installed)
        if (Files.isExecutable(Path.of("/usr/bin/capinfos"))) {
            for (Path p : List.of(ours, ng)) {
                Process c = new ProcessBuilder("capinfos", "-M", "-c", p.toString()).redirectErrorStream(true).start();
                String text = new String(c.getInputStream().readAllBytes());
                assertThat(c.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(c.exitValue()).as(text).isZero();
                assertThat(text).contains("Number of packets:   100");
            }
        }
    }

    private static Path tcpdump(Path in, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tcpdump", "-r", in.toString(), "-w", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        return out;
    }
}
