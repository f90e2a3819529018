package io.osprey.pcap;

import static io.osprey.pcap.TestCaptures.hex;
import static io.osprey.pcap.TestCaptures.payload;
import static io.osprey.pcap.TestCaptures.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.osprey.pcap.TestCaptures.Pcap;
import io.osprey.pcap.TestCaptures.Pkt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapReaderTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @ParameterizedTest(name = "bigEndian={0} nanos={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void readsBothByteOrdersAndResolutions(boolean bigEndian, boolean nanos) {
        byte[] a = payload(60, 1);
        byte[] b = payload(1514, 2);
        byte[] c = payload(0, 3);
        byte[] file = new Pcap(bigEndian, nanos).packet(1_700_000_000L, 123_456, a)
                .packet(0xFFFF_FFF0L, nanos ? 999_999_999 : 999_999, b, 1600).packet(1, 0, c).toByteArray();
        Path p = TestCaptures.write(dir, "t.pcap", file);
        try (PcapReader r = PcapReader.open(p, warnings::add)) {
            assertThat(r.bigEndian()).isEqualTo(bigEndian);
            assertThat(r.nanosecond()).isEqualTo(nanos);
            assertThat(r.linkType()).isEqualTo(LinkTypes.EN10MB);
            assertThat(r.snaplen()).isEqualTo(65535);
            assertThat(r.version()).isEqualTo("2.4");
            assertThat(r.size()).isEqualTo(file.length);
            List<Pkt> got = readAll(r);
            long mult = nanos ? 1 : 1000;
            assertThat(got).containsExactly(
                    new Pkt(1_700_000_000_000_000_000L + 123_456 * mult, 60, 60, 1, 0, 0, 24, hex(a)),
                    new Pkt(0xFFFF_FFF0L * 1_000_000_000L + (nanos ? 999_999_999 : 999_999_000), 1514, 1600, 1, 0, 0,
                            24 + 16 + 60, hex(b)),
                    new Pkt(1_000_000_000L, 0, 0, 1, 0, 0, 24 + 16 + 60 + 16 + 1514, hex(c)));
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void masksFcsBitsInLinkType() {
        // LT_FCS_LENGTH_PRESENT (0x04000000) with a 4-byte FCS length (4 << 28) over LINKTYPE_ETHERNET.
        byte[] file = new Pcap(false, false, 65535, 0x4400_0001L).packet(1, 2, payload(20, 1)).toByteArray();
        List<Pkt> got = readAll(TestCaptures.mapped("fcs.pcap", file, warnings::add));
        assertThat(got).singleElement().extracting(Pkt::linkType).isEqualTo(LinkTypes.EN10MB);
    }

    @Test
    void readsModifiedPcapRecords() {
        TestCaptures.Out o = new TestCaptures.Out();
        o.u32(PcapReader.MAGIC_MODIFIED).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(LinkTypes.EN10MB);
        byte[] data = payload(10, 5);
        o.u32(7).u32(8).u32(10).u32(10).u32(1).u16(0x800).u8(0).u8(0).bytes(data);
        List<Pkt> got = readAll(TestCaptures.mapped("mod.pcap", o.toByteArray(), warnings::add));
        assertThat(got).containsExactly(new Pkt(7_000_008_000L, 10, 10, 1, 0, 0, 24, hex(data)));
    }

    @Test
    void caplenAboveWirelenKeepsInvariant() {
        byte[] file = new Pcap(false, false).packet(1, 0, payload(40, 1), 0).toByteArray();
        assertThat(readAll(TestCaptures.mapped("x.pcap", file, null))).singleElement()
                .satisfies(p -> assertThat(p.wirelen()).isEqualTo(40));
    }

    @Test
    void emptyFile() {
        Path p = TestCaptures.write(dir, "empty.pcap", new byte[0]);
        assertError(() -> Captures.open(p.toString(), warnings::add), p.toString(), 0, "empty file");
    }

    @Test
    void notACapture() {
        Path p = TestCaptures.write(dir, "x.txt", "hello, world\n".getBytes());
        assertError(() -> Captures.open(p.toString(), warnings::add), p.toString(), 0,
                "not a capture file (unknown magic 0x68656c6c)");
    }

    @Test
    void missingFile() {
        String p = dir.resolve("nope.pcap").toString();
        assertError(() -> Captures.open(p, warnings::add), p, 0, "cannot open: no such file");
    }

    @Test
    void truncatedFileHeader() {
        byte[] file = Arrays.copyOf(new Pcap(false, false).toByteArray(), 10);
        assertError(() -> TestCaptures.mapped("h.pcap", file, warnings::add), "h.pcap", 0,
                "truncated file header (10 of 24 bytes)");
        assertError(() -> TestCaptures.mapped("h.pcap", Arrays.copyOf(file, 3), warnings::add), "h.pcap", 0,
                "truncated file header (3 of 24 bytes)");
    }

    @Test
    void unsupportedVersion() {
        byte[] file = new Pcap(true, false).toByteArray();
        file[5] = 3; // version 3.4, big-endian
        assertError(() -> TestCaptures.mapped("v.pcap", file, warnings::add), "v.pcap", 4,
                "unsupported pcap version 3.4");
    }

    @Test
    void absurdCaplenIsAnError() {
        Pcap w = new Pcap(false, false).packet(1, 0, payload(10, 1));
        w.u32(2).u32(0).u32(262145).u32(262145).bytes(payload(64, 2));
        byte[] file = w.toByteArray();
        PacketSource s = TestCaptures.mapped("big.pcap", file, warnings::add);
        PacketRecord r = new PacketRecord();
        assertThat(s.next(r)).isTrue();
        assertError(() -> s.next(r), "big.pcap", 24 + 16 + 10,
                "record caplen 262145 exceeds the maximum of 262144 (snaplen 65535)");
        assertThat(s.next(r)).isFalse();
    }

    @Test
    void caplenUpToALargeSnaplenIsAccepted() {
        byte[] data = payload(300_000, 1);
        byte[] file = new Pcap(false, false, 400_000, 1).packet(1, 0, data).toByteArray();
        assertThat(readAll(TestCaptures.mapped("j.pcap", file, null))).singleElement()
                .extracting(Pkt::caplen).isEqualTo(300_000);
    }

    @Test
    void truncatedFinalRecordIsAWarning() {
        byte[] full = new Pcap(false, false).packet(1, 0, payload(50, 1)).packet(2, 0, payload(100, 2))
                .toByteArray();
        byte[] cut = Arrays.copyOf(full, full.length - 30);
        List<Pkt> got = readAll(TestCaptures.mapped("cut.pcap", cut, warnings::add));
        assertThat(got).hasSize(1);
        assertThat(warnings).containsExactly(
                "cut.pcap: offset 90: truncated final record (86 of 116 bytes), stopped");
    }

    @Test
    void truncatedFinalRecordHeaderIsAWarning() {
        byte[] full = new Pcap(true, true).packet(1, 0, payload(50, 1)).toByteArray();
        byte[] cut = Arrays.copyOf(full, full.length + 5);
        List<Pkt> got = readAll(TestCaptures.mapped("cut.pcap", cut, warnings::add));
        assertThat(got).hasSize(1);
        assertThat(warnings).containsExactly(
                "cut.pcap: offset 90: truncated final record (5 of 16 bytes), stopped");
    }

    @Test
    void headerOnlyFileHasNoPackets() {
        assertThat(readAll(TestCaptures.mapped("h.pcap", new Pcap(false, false).toByteArray(), warnings::add)))
                .isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void positionAdvancesToSize() {
        byte[] file = new Pcap(false, false).packet(1, 0, payload(50, 1)).packet(2, 0, payload(70, 1))
                .toByteArray();
        try (PacketSource s = TestCaptures.mapped("p.pcap", file, null)) {
            PacketRecord r = new PacketRecord();
            assertThat(s.position()).isEqualTo(24);
            s.next(r);
            assertThat(s.position()).isEqualTo(24 + 16 + 50);
            s.next(r);
            assertThat(s.position()).isEqualTo(s.size()).isEqualTo(file.length);
        }
    }

    /**
     * A sparse file of just over 2 GiB: 17 records of 128 MiB (only their headers are written), then one real
     * packet beyond the 2 GiB mark. Only record headers are touched, so this stays fast.
     */
    @Test
    void filesLargerThan2GiB() throws IOException {
        Path p = dir.resolve("big.pcap");
        int big = PcapReader.MAX_CAPLEN;
        byte[] last = payload(42, 9);
        long lastOffset;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.wrap(new Pcap(false, false, big, 1).toByteArray()), 0);
            long off = 24;
            for (int i = 0; i < 17; i++) {
                ch.write(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(i).putInt(0).putInt(big)
                        .putInt(big).flip(), off);
                off += 16 + big;
            }
            lastOffset = off;
            ch.write(ByteBuffer.allocate(16 + 42).order(ByteOrder.LITTLE_ENDIAN).putInt(99).putInt(5).putInt(42)
                    .putInt(60).put(last).flip(), off);
        }
        assumeThat(lastOffset).isGreaterThan(1L << 31);
        try (PacketSource s = Captures.open(p.toString(), warnings::add)) {
            PacketRecord r = new PacketRecord();
            int n = 0;
            Pkt lastPkt = null;
            while (s.next(r)) {
                n++;
                if (r.caplen == 42) {
                    lastPkt = Pkt.of(r);
                }
            }
            assertThat(n).isEqualTo(18);
            assertThat(lastPkt).isEqualTo(new Pkt(99_000_005_000L, 42, 60, 1, 0, 0, lastOffset, hex(last)));
            assertThat(s.position()).isEqualTo(s.size()).isEqualTo(lastOffset + 16 + 42);
        }
        assertThat(warnings).isEmpty();
    }

    static void assertError(Runnable r, String file, long offset, String reason) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).isEqualTo(file + ": offset " + offset + ": " + reason).doesNotContain("\n");
        });
    }
}
