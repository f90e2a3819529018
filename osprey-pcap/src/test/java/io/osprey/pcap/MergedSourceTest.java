package io.osprey.pcap;

import static io.osprey.pcap.TestCaptures.payload;
import static io.osprey.pcap.TestCaptures.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.pcap.TestCaptures.Pcap;
import io.osprey.pcap.TestCaptures.Pkt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergedSourceTest {
    @TempDir
    Path dir;

    /** A capture whose packets carry (input, seq) in their first bytes so the merge output can be checked. */
    static byte[] input(int index, long[] tsMicros) {
        Pcap w = new Pcap(index % 2 == 1, false);
        for (int i = 0; i < tsMicros.length; i++) {
            byte[] d = payload(20 + (i * 13) % 200, index * 1000 + i);
            d[0] = (byte) index;
            d[1] = (byte) i;
            w.packet(tsMicros[i] / 1_000_000, tsMicros[i] % 1_000_000, d);
        }
        return w.toByteArray();
    }

    @Test
    void mergesByTimeWithStableTies() {
        long[][] ts = {
            {1, 5, 5, 9, 20},
            {0, 5, 6, 9},
            {},
            {5, 5, 30},
        };
        List<PacketSource> sources = new ArrayList<>();
        List<Pkt> expected = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            byte[] f = input(i, ts[i]);
            // Small streaming buffers: a merge that advanced a source early would see its bytes overwritten.
            sources.add(TestCaptures.streamed("in" + i, f, 16, null));
            for (Pkt p : readAll(TestCaptures.mapped("in" + i, f, null))) {
                expected.add(new Pkt(p.ts(), p.caplen(), p.wirelen(), p.linkType(), p.interfaceId(), i,
                        p.fileOffset(), p.hex()));
            }
        }
        // Stable sort by time: ties keep input order (then file order within an input).
        expected.sort(Comparator.comparingLong(Pkt::ts).thenComparingInt(Pkt::sourceIndex));
        MergedSource m = new MergedSource(sources);
        assertThat(m.name()).isEqualTo("in0,in1,in2,in3");
        assertThat(m.inputCount()).isEqualTo(4);
        List<Pkt> got = readAll(m);
        assertThat(got).isEqualTo(expected);
        assertThat(got).extracting(Pkt::sourceIndex).startsWith(1, 0, 0, 0, 1, 3, 3);
    }

    @Test
    void randomInputsMatchAStableSort() {
        Random rnd = new Random(7);
        for (int round = 0; round < 20; round++) {
            int k = 1 + rnd.nextInt(9);
            List<PacketSource> sources = new ArrayList<>();
            List<Pkt> expected = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                long[] ts = new long[rnd.nextInt(40)];
                long t = 0;
                for (int j = 0; j < ts.length; j++) {
                    t += rnd.nextInt(3) * 1000L;
                    ts[j] = t;
                }
                byte[] f = input(i, ts);
                sources.add(TestCaptures.streamed("r" + i, f, 64, null));
                for (Pkt p : readAll(TestCaptures.mapped("r" + i, f, null))) {
                    expected.add(new Pkt(p.ts(), p.caplen(), p.wirelen(), p.linkType(), p.interfaceId(), i,
                            p.fileOffset(), p.hex()));
                }
            }
            expected.sort(Comparator.comparingLong(Pkt::ts).thenComparingInt(Pkt::sourceIndex));
            assertThat(readAll(new MergedSource(sources))).isEqualTo(expected);
        }
    }

    @Test
    void openAllMergesFilesAndSumsSizes() {
        byte[] a = input(0, new long[] {10, 30});
        byte[] b = input(1, new long[] {20});
        Path pa = TestCaptures.write(dir, "a.pcap", a);
        Path pb = TestCaptures.write(dir, "b.pcap.gz", TestCaptures.gzip(b));
        try (PacketSource s = Captures.openAll(List.of(pa.toString(), pb.toString()), null)) {
            assertThat(s).isInstanceOf(MergedSource.class);
            assertThat(s.size()).isEqualTo(a.length + pb.toFile().length());
            PacketRecord r = new PacketRecord();
            List<Integer> order = new ArrayList<>();
            while (s.next(r)) {
                order.add(r.sourceIndex);
            }
            assertThat(order).containsExactly(0, 1, 0);
            assertThat(s.position()).isEqualTo(s.size());
        }
    }

    @Test
    void anUnreadableInputEndsTheMerge() {
        TestCaptures.Pcap bad = new Pcap(false, false).packet(0, 0, payload(10, 1));
        bad.u32(0).u32(6).u32(999_999).u32(999_999);
        byte[] good = input(1, new long[] {1, 2, 3, 4});
        MergedSource m = new MergedSource(List.of(TestCaptures.mapped("bad", bad.toByteArray(), null),
                TestCaptures.mapped("good", good, null)));
        PacketRecord r = new PacketRecord();
        assertThat(m.next(r)).isTrue();
        assertThat(r.sourceIndex).isEqualTo(0);
        assertThatThrownBy(() -> m.next(r)).isInstanceOf(CaptureFormatException.class)
                .hasMessage("bad: offset 50: record caplen 999999 exceeds the maximum of 262144 (snaplen 65535)");
        assertThat(m.next(r)).isFalse();
        m.close();
    }

    @Test
    void openAllClosesWhatItOpenedOnError() {
        Path a = TestCaptures.write(dir, "a.pcap", input(0, new long[] {1}));
        String missing = dir.resolve("missing.pcap").toString();
        assertThatThrownBy(() -> Captures.openAll(List.of(a.toString(), missing), null))
                .isInstanceOf(CaptureFormatException.class).hasMessage(missing + ": offset 0: cannot open: no such file");
    }
}
