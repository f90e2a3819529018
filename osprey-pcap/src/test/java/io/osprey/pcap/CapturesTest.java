package io.osprey.pcap;

import static io.osprey.pcap.PcapReaderTest.assertError;
import static io.osprey.pcap.TestCaptures.payload;
import static io.osprey.pcap.TestCaptures.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.pcap.TestCaptures.Pcap;
import io.osprey.pcap.TestCaptures.Pkt;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CapturesTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    static byte[] samplePcap(boolean bigEndian, int packets) {
        Pcap w = new Pcap(bigEndian, true);
        for (int i = 0; i < packets; i++) {
            w.packet(1000 + i, i * 7, payload(40 + (i * 37) % 1400, i), 2000);
        }
        return w.toByteArray();
    }

    static byte[] samplePcapng() {
        return PcapngReaderTest.multiSection(new ArrayList<>()).toByteArray();
    }

    @Test
    void plainFileIsMapped() {
        byte[] f = samplePcap(false, 50);
        Path p = TestCaptures.write(dir, "a.pcap", f);
        try (PacketSource s = Captures.open(p.toString(), warnings::add)) {
            assertThat(s).isInstanceOf(PcapReader.class);
            assertThat(s.name()).isEqualTo(p.toString());
            assertThat(readAll(s)).hasSize(50);
        }
    }

    @ParameterizedTest(name = "pcapng={0}")
    @ValueSource(booleans = {false, true})
    void gzipRoundTrip(boolean ng) {
        byte[] f = ng ? samplePcapng() : samplePcap(true, 300);
        byte[] gz = TestCaptures.gzip(f);
        Path p = TestCaptures.write(dir, "a.gz", gz);
        PacketSource s = Captures.open(p.toString(), warnings::add);
        assertThat(s.size()).isEqualTo(gz.length);
        List<Pkt> got = new ArrayList<>();
        PacketRecord r = new PacketRecord();
        while (s.next(r)) {
            got.add(Pkt.of(r));
        }
        assertThat(s.position()).isEqualTo(gz.length);
        s.close();
        assertThat(got).isEqualTo(readAll(TestCaptures.mapped(p.toString(), f, null)));
        assertThat(warnings).isEmpty();
    }

    @Test
    void gzipConcatenatedMembers() {
        byte[] f = samplePcap(false, 100);
        int cut = 24 + 16 + 40 + 5; // split mid-record
        byte[] gz = TestCaptures.gzip(Arrays.copyOf(f, cut), Arrays.copyOfRange(f, cut, 5000),
                Arrays.copyOfRange(f, 5000, f.length));
        Path p = TestCaptures.write(dir, "multi.pcap.gz", gz);
        assertThat(readAll(Captures.open(p.toString(), warnings::add)))
                .isEqualTo(readAll(TestCaptures.mapped(p.toString(), f, null)));
    }

    @ParameterizedTest(name = "pcapng={0}")
    @ValueSource(booleans = {false, true})
    void zstdRoundTrip(boolean ng) {
        byte[] f = ng ? samplePcapng() : samplePcap(false, 300);
        byte[] z = TestCaptures.zstd(f);
        Path p = TestCaptures.write(dir, "a.zst", z);
        PacketSource s = Captures.open(p.toString(), warnings::add);
        List<Pkt> got = readAll(s);
        assertThat(got).isEqualTo(readAll(TestCaptures.mapped(p.toString(), f, null)));
        assertThat(s.size()).isEqualTo(z.length);
        assertThat(warnings).isEmpty();
    }

    @Test
    void truncatedGzipDeliversWhatItHas() {
        byte[] f = samplePcap(false, 300);
        byte[] gz = TestCaptures.gzip(f);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        List<Pkt> got = readAll(Captures.openStream("cut.gz", new ByteArrayInputStream(cut), cut.length,
                warnings::add));
        assertThat(got).isNotEmpty().hasSizeLessThan(300);
        assertThat(warnings).isNotEmpty().allSatisfy(w -> assertThat(w).startsWith("cut.gz: offset ")
                .doesNotContain("\n"));
    }

    @Test
    void corruptZstdIsACaptureFormatError() {
        byte[] z = TestCaptures.zstd(samplePcap(false, 300));
        for (int i = 8; i < z.length; i += 7) {
            z[i] ^= 0x5a;
        }
        byte[] bad = z;
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> readAll(Captures.openStream("bad.zst", new ByteArrayInputStream(bad), bad.length, null)))
                .isInstanceOf(CaptureFormatException.class).message().doesNotContain("\n");
    }

    /** The stdin path: {@code "-"} reads System.in, streaming, size unknown. */
    @Test
    void stdin() {
        byte[] f = samplePcapng();
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(TestCaptures.gzip(f)));
            PacketSource s = Captures.open("-", warnings::add);
            assertThat(s.name()).isEqualTo("-");
            assertThat(s.size()).isEqualTo(-1);
            assertThat(readAll(s)).isEqualTo(readAll(TestCaptures.mapped("-", f, null)));
        } finally {
            System.setIn(old);
        }
    }

    /** The same bytes mapped and streamed (through buffers small enough to refill and grow) give the same records. */
    @ParameterizedTest(name = "buffer={0}")
    @ValueSource(ints = {16, 100, 1500, 1 << 20})
    void mappedAndStreamedAgree(int bufSize) {
        for (byte[] f : List.of(samplePcap(false, 200), samplePcap(true, 200), samplePcapng())) {
            Path p = TestCaptures.write(dir, "same.cap", f);
            List<Pkt> mapped = readAll(Captures.open(p.toString(), null));
            List<Pkt> streamed = readAll(Captures.openStream(p.toString(), new ByteArrayInputStream(f), f.length,
                    bufSize, null));
            assertThat(streamed).hasSizeGreaterThan(4).isEqualTo(mapped);
        }
    }

    /**
     * A plain file is read from its channel straight into the native window: through buffers small enough to refill
     * and grow, it gives the records the mapping gives, and a cut last record warns the same way.
     */
    @ParameterizedTest(name = "buffer={0}")
    @ValueSource(ints = {16, 100, 1500, 1 << 20})
    void channelReadsAgreeWithTheMapping(int bufSize) throws java.io.IOException {
        for (byte[] f : List.of(samplePcap(false, 200), samplePcap(true, 200), samplePcapng(),
                Arrays.copyOf(samplePcap(false, 10), 500))) {
            Path p = TestCaptures.write(dir, "same.cap", f);
            List<String> wm = new ArrayList<>();
            List<String> wc = new ArrayList<>();
            List<Pkt> mapped = readAll(Captures.openMapped(p.toString(), p, wm::add, true));
            List<Pkt> channel = readAll(Captures.forWindow(ByteWindow.channel(p.toString(),
                    java.nio.channels.FileChannel.open(p), bufSize, f.length, wc::add), wc::add));
            assertThat(channel).isNotEmpty().isEqualTo(mapped);
            assertThat(wc).as("warnings").isEqualTo(wm);
        }
    }

    @Test
    void streamedTruncationWarnsLikeMapped() {
        byte[] f = Arrays.copyOf(samplePcap(false, 10), 500);
        List<String> w2 = new ArrayList<>();
        List<Pkt> a = readAll(TestCaptures.mapped("t", f, warnings::add));
        List<Pkt> b = readAll(TestCaptures.streamed("t", f, 32, w2::add));
        assertThat(b).isEqualTo(a);
        assertThat(w2).isEqualTo(warnings).hasSize(1);
    }

    /** A huge caplen claim on a short stream warns and ends; the buffer grows with data read, not with the claim. */
    @Test
    void hugeClaimOnShortStream() {
        Pcap w = new Pcap(false, false, PcapReader.MAX_CAPLEN, 1).packet(1, 0, payload(10, 1));
        w.u32(2).u32(0).u32(100_000_000).u32(100_000_000).bytes(payload(100, 2));
        byte[] f = w.toByteArray();
        assertThat(readAll(TestCaptures.streamed("h", f, 64, warnings::add))).hasSize(1);
        assertThat(warnings).containsExactly("h: offset 50: truncated final record (116 of 100000016 bytes), stopped");
    }

    @Test
    void emptyStreamAndGarbageStream() {
        assertError(() -> Captures.openStream("-", new ByteArrayInputStream(new byte[0]), -1, null), "-", 0,
                "empty file");
        assertError(() -> Captures.openStream("-", new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5}), -1, null),
                "-", 0, "not a capture file (unknown magic 0x01020304)");
        assertError(() -> Captures.openStream("x.gz", new ByteArrayInputStream(new byte[] {0x1f, (byte) 0x8b, 9}),
                -1, null), "x.gz", 0, "cannot decompress: ZipException: Unsupported compression method");
    }

    @Test
    void directoryIsAnError() {
        assertError(() -> Captures.open(dir.toString(), null), dir.toString(), 0, "is a directory");
    }

    @Test
    void openAllWithOneNameIsThatSource() {
        Path p = TestCaptures.write(dir, "one.pcap", samplePcap(false, 3));
        try (PacketSource s = Captures.openAll(List.of(p.toString()), null)) {
            assertThat(s).isInstanceOf(PcapReader.class);
        }
    }
}
