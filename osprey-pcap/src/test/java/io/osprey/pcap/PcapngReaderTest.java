package io.osprey.pcap;

import static io.osprey.pcap.PcapReaderTest.assertError;
import static io.osprey.pcap.TestCaptures.hex;
import static io.osprey.pcap.TestCaptures.payload;
import static io.osprey.pcap.TestCaptures.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.pcap.TestCaptures.Pcapng;
import io.osprey.pcap.TestCaptures.Pkt;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapngReaderTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @ParameterizedTest(name = "bigEndian={0}")
    @ValueSource(booleans = {false, true})
    void singleSection(boolean bigEndian) {
        byte[] a = payload(61, 1);
        Pcapng w = new Pcapng();
        w.shb(bigEndian).idb(LinkTypes.EN10MB, 65535, null, null);
        long o1 = w.size();
        w.epb(0, 1_700_000_000_123_456L, a, 70);
        Path p = TestCaptures.write(dir, "s.pcapng", w.toByteArray());
        try (PcapngReader r = PcapngReader.open(p, warnings::add)) {
            assertThat(readAll(r)).containsExactly(
                    new Pkt(1_700_000_000_123_456_000L, 61, 70, LinkTypes.EN10MB, 0, 0, o1, hex(a)));
            assertThat(r.sections()).isEqualTo(1);
            assertThat(r.interfaceCount()).isEqualTo(1);
        }
        assertThat(warnings).isEmpty();
    }

    /** Two sections in opposite byte orders, four interfaces, every packet block type, skipped blocks. */
    static Pcapng multiSection(List<Pkt> expected) {
        byte[] a = payload(61, 1);
        byte[] b = payload(1500, 2);
        byte[] c = payload(80, 3);
        byte[] d = payload(150, 4);
        byte[] e = payload(33, 5);
        Pcapng w = new Pcapng();
        w.shb(false);
        w.idb(LinkTypes.EN10MB, 65535, null, null);
        w.idb(LinkTypes.RAW, 0, 9, null);
        w.block(0x0BAD, payload(8, 9));
        long o1 = w.size();
        w.epb(0, 1_700_000_000_123_456L, a, 60);
        long o2 = w.size();
        w.epb(1, 1_700_000_000_123_456_789L, b, 1500);
        w.block(5, new byte[20]); // interface statistics
        w.shb(true);
        w.idb(LinkTypes.LINUX_SLL, 100, 0x8A, 10L); // 2^-10 s units, +10 s
        w.idb(LinkTypes.IPV6, 0, 12, -5L); // picoseconds, -5 s
        long o3 = w.size();
        w.epb(0, (1000L << 10) + 512, c, 80);
        long o4 = w.size();
        w.spb(d, 150);
        long o5 = w.size();
        w.pb(1, 7_000_000_000_123_456L, e, 33);
        w.block(0x0000_0BAD, new byte[0]);
        expected.addAll(List.of(
                new Pkt(1_700_000_000_123_456_000L, 61, 61, LinkTypes.EN10MB, 0, 0, o1, hex(a)),
                new Pkt(1_700_000_000_123_456_789L, 1500, 1500, LinkTypes.RAW, 1, 0, o2, hex(b)),
                new Pkt(1_010_500_000_000L, 80, 80, LinkTypes.LINUX_SLL, 0, 0, o3, hex(c)),
                new Pkt(0, 100, 150, LinkTypes.LINUX_SLL, 0, 0, o4, hex(Arrays.copyOf(d, 100))),
                new Pkt(6_995_000_000_123L, 33, 33, LinkTypes.IPV6, 1, 0, o5, hex(e))));
        return w;
    }

    @Test
    void multipleSectionsInterfacesAndBlockTypes() {
        List<Pkt> expected = new ArrayList<>();
        byte[] file = multiSection(expected).toByteArray();
        PcapngReader r = (PcapngReader) TestCaptures.mapped("m.pcapng", file, warnings::add);
        assertThat(readAll(r)).containsExactlyElementsOf(expected);
        assertThat(r.sections()).isEqualTo(2);
        assertThat(r.linkType(1)).isEqualTo(LinkTypes.IPV6);
        assertThat(warnings).isEmpty();
    }

    @Test
    void binaryResolutionIsExact() {
        Random rnd = new Random(42);
        BigInteger billion = BigInteger.valueOf(1_000_000_000L);
        for (int i = 0; i < 20_000; i++) {
            long ts = i < 10 ? -1L - i : rnd.nextLong();
            int shift = rnd.nextInt(128);
            BigInteger exact = new BigInteger(Long.toUnsignedString(ts)).multiply(billion).shiftRight(shift);
            assertThat(PcapngReader.shiftNanos(ts, shift)).as("ts=%s shift=%d", ts, shift)
                    .isEqualTo(exact.longValue());
        }
    }

    @Test
    void decimalResolutions() {
        long[] expected = {
            // tsresol 0 (s), 3 (ms), 6, 9, 10, 12, 15: 1234.5678 s after the epoch; at 19 a u64 spans only 1.8 s,
            // so 1.2345678 s; at 30, 1234 units are far below a nanosecond
            1234_000_000_000L, 1234_567_000_000L, 1234_567_800_000L, 1234_567_800_000L, 1234_567_800_000L,
            1234_567_800_000L, 1234_567_800_000L, 1_234_567_800L, 0
        };
        int[] res = {0, 3, 6, 9, 10, 12, 15, 19, 30};
        long[] units = {1234, 1234_567, 1234_567_800L, 1234_567_800_000L, 12_345_678_000_000L,
            1_234_567_800_000_000L, 1_234_567_800_000_000_000L, Long.parseUnsignedLong("12345678000000000000"),
            1234};
        Pcapng w = new Pcapng();
        w.shb(false);
        for (int i = 0; i < res.length; i++) {
            w.idb(LinkTypes.RAW, 0, res[i], null);
        }
        for (int i = 0; i < res.length; i++) {
            w.epb(i, units[i], payload(4, i), 4);
        }
        List<Pkt> got = readAll(TestCaptures.mapped("r.pcapng", w.toByteArray(), null));
        assertThat(got).extracting(Pkt::ts).containsExactly(Arrays.stream(expected).boxed().toArray(Long[]::new));
    }

    @Test
    void sectionHeaderOnlyHasNoPackets() {
        assertThat(readAll(TestCaptures.mapped("e.pcapng", new Pcapng().shb(true).toByteArray(), warnings::add)))
                .isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void truncatedFinalBlockIsAWarning() {
        Pcapng w = new Pcapng().shb(false);
        w.idb(1, 0, null, null).epb(0, 1, payload(40, 1), 40);
        long o = w.size();
        w.epb(0, 2, payload(40, 2), 40);
        byte[] cut = Arrays.copyOf(w.toByteArray(), w.size() - 10);
        assertThat(readAll(TestCaptures.mapped("t.pcapng", cut, warnings::add))).hasSize(1);
        assertThat(warnings).containsExactly("t.pcapng: offset " + o + ": truncated final record (62 of 72 bytes),"
                + " stopped");
    }

    @Test
    void truncatedFirstSectionHeaderIsAnError() {
        byte[] f = new Pcapng().shb(false).toByteArray();
        f[4] = 32;
        assertError(() -> TestCaptures.mapped("f.pcapng", f, warnings::add), "f.pcapng", 0,
                "truncated section header block (28 of 32 bytes)");
        assertError(() -> TestCaptures.mapped("f.pcapng", Arrays.copyOf(f, 20), warnings::add), "f.pcapng", 0,
                "truncated section header block (20 of 28 bytes)");
        assertThat(warnings).isEmpty();
    }

    @Test
    void blockShorterThan12() {
        Pcapng w = new Pcapng().shb(false);
        long o = w.size();
        w.u32(1).u32(8).u32(8);
        assertBroken(w, o + 4, "block total length 8 is less than 12");
    }

    @Test
    void blockLengthNotMultipleOf4() {
        Pcapng w = new Pcapng().shb(true);
        long o = w.size();
        w.u32(1).u32(22).bytes(new byte[10]).u32(22);
        assertBroken(w, o + 4, "block total length 22 is not a multiple of 4");
    }

    @Test
    void blockLengthTooLarge() {
        Pcapng w = new Pcapng().shb(false);
        long o = w.size();
        w.u32(6).u32(0x7FFF_FFF0L).bytes(new byte[64]);
        assertBroken(w, o + 4, "block total length 2147483632 exceeds the maximum of 16777216");
    }

    @Test
    void trailingLengthMismatch() {
        Pcapng w = new Pcapng().shb(false);
        long o = w.size();
        w.u32(1).u32(20).bytes(new byte[8]).u32(24);
        assertBroken(w, o + 16, "block total length 20 does not match trailing length 24");
    }

    @Test
    void packetForUnknownInterface() {
        Pcapng w = new Pcapng().shb(false).idb(1, 0, null, null);
        long o = w.size();
        w.epb(3, 1, payload(4, 1), 4);
        assertBroken(w, o + 8, "packet for interface 3, but the section has 1 interface");
    }

    @Test
    void interfacesDoNotCarryOverToTheNextSection() {
        Pcapng w = new Pcapng().shb(false).idb(1, 0, null, null).epb(0, 1, payload(4, 1), 4).shb(true);
        long o = w.size();
        w.spb(payload(4, 1), 4);
        assertBroken(w, o, "packet for interface 0, but the section has 0 interfaces");
    }

    @Test
    void badByteOrderMagic() {
        byte[] f = new Pcapng().shb(false).toByteArray();
        f[8] = 0x11;
        assertError(() -> readAll(TestCaptures.mapped("b.pcapng", f, null)), "b.pcapng", 8,
                "bad byte-order magic 0x113c2b1a in section header block");
    }

    @Test
    void unsupportedVersion() {
        byte[] f = new Pcapng().shb(true).toByteArray();
        f[13] = 2;
        assertError(() -> readAll(TestCaptures.mapped("v.pcapng", f, null)), "v.pcapng", 12,
                "unsupported pcapng version 2.0");
    }

    @Test
    void caplenBeyondBlock() {
        Pcapng w = new Pcapng().shb(false).idb(1, 0, null, null);
        long o = w.size();
        TestCaptures.Out body = new TestCaptures.Out().u32(0).u32(0).u32(1).u32(100).u32(100).bytes(new byte[8]);
        w.block(PcapngReader.EPB, body.toByteArray());
        assertBroken(w, o + 20, "caplen 100 exceeds the block's 8 bytes of packet data");
    }

    @Test
    void interfaceOptionOverrun() {
        Pcapng w = new Pcapng().shb(false);
        long o = w.size();
        TestCaptures.Out body = new TestCaptures.Out().u16(1).u16(0).u32(0).u16(9).u16(40).u32(0);
        w.block(PcapngReader.IDB, body.toByteArray());
        assertBroken(w, o + 16, "interface option 9 of 40 bytes overruns its block");
    }

    @Test
    void classicPcapIsNotPcapng() {
        Path p = TestCaptures.write(dir, "c.pcap", new TestCaptures.Pcap(false, false).toByteArray());
        assertError(() -> PcapngReader.open(p, null), p.toString(), 0, "not a pcapng file (classic pcap)");
    }

    private void assertBroken(Pcapng w, long offset, String reason) {
        byte[] f = w.toByteArray();
        assertError(() -> readAll(TestCaptures.mapped("g.pcapng", f, warnings::add)), "g.pcapng", offset, reason);
        assertError(() -> readAll(TestCaptures.streamed("g.pcapng", f, 16, warnings::add)), "g.pcapng", offset,
                reason);
    }
}
