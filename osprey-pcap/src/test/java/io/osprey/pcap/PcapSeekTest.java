package io.osprey.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.pcap.TestCaptures.Pkt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PcapReader#seekBefore}: after a seek, reading on meets every record at or after the time asked for, and
 * starts before it; payloads full of fake record headers do not fool the resynchronisation.
 */
class PcapSeekTest {
    @TempDir
    Path dir;

    /** Packets whose payloads are themselves pcap record headers with plausible values (the worst case). */
    static byte[] capture(boolean nanos, boolean bigEndian, int n, long seed) {
        Random rnd = new Random(seed);
        TestCaptures.Pcap p = new TestCaptures.Pcap(bigEndian, nanos, 65535, LinkTypes.EN10MB);
        long sec = 1_700_000_000L;
        long frac = 0;
        for (int i = 0; i < n; i++) {
            int len = 20 + rnd.nextInt(i % 50 == 0 ? 60_000 : 1500);
            ByteBuffer b = ByteBuffer.allocate(len).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            while (b.remaining() >= 16) { // fake headers: right time, small caplen
                b.putInt((int) sec).putInt((int) frac).putInt(rnd.nextInt(100)).putInt(100);
            }
            frac += rnd.nextInt(nanos ? 50_000_000 : 50_000);
            long one = nanos ? 1_000_000_000L : 1_000_000L;
            if (frac >= one) {
                sec += frac / one;
                frac %= one;
            }
            long f = i % 97 == 5 && frac > 100 ? frac - 100 : frac; // now and then slightly out of order
            p.packet(sec, f, b.array());
        }
        return p.toByteArray();
    }

    @Test
    void readingOnAfterASeekMeetsEveryLaterRecord() {
        for (boolean nanos : new boolean[] {false, true}) {
            for (boolean be : new boolean[] {false, true}) {
                Path f = TestCaptures.write(dir, "s.pcap", capture(nanos, be, 3000, nanos ? 1 : 2));
                List<Pkt> all = TestCaptures.readAll(Captures.open(f.toString(), null));
                long first = all.getFirst().ts();
                long last = all.getLast().ts();
                Random rnd = new Random(7);
                for (int k = 0; k < 40; k++) {
                    long t = k == 0 ? first : k == 1 ? last + 1 : first + (long) (rnd.nextDouble() * (last - first));
                    try (PcapReader r = PcapReader.open(f, null)) {
                        assertThat(r.firstTimestamp()).isEqualTo(first);
                        boolean moved = r.seekBefore(t);
                        List<Pkt> rest = TestCaptures.readAll(r);
                        List<Pkt> expect = all.stream().filter(x -> x.ts() >= t).toList();
                        assertThat(rest.stream().filter(x -> x.ts() >= t).toList()).as("t=%d", t).isEqualTo(expect);
                        if (moved) {
                            assertThat(rest.getFirst().ts()).isLessThan(t);
                            assertThat(rest.size()).isLessThan(all.size());
                        }
                        if (t > first + (last - first) / 2) {
                            assertThat(moved).as("a seek into the second half moves").isTrue();
                        }
                    }
                }
            }
        }
    }

    @Test
    void streamsAndEmptyFilesDoNotSeek() {
        byte[] bytes = capture(false, false, 100, 3);
        try (PacketSource s = TestCaptures.streamed("x", bytes, 4096, null)) {
            PcapReader r = (PcapReader) s;
            assertThat(r.firstTimestamp()).isEqualTo(-1);
            assertThat(r.seekBefore(Long.MAX_VALUE)).isFalse();
            assertThat(TestCaptures.readAll(r)).hasSize(100);
        }
        Path empty = TestCaptures.write(dir, "e.pcap", new TestCaptures.Pcap(false, false).toByteArray());
        try (PcapReader r = PcapReader.open(empty, null)) {
            assertThat(r.firstTimestamp()).isEqualTo(-1);
            assertThat(r.seekBefore(Long.MAX_VALUE)).isFalse();
            assertThat(r.next(new PacketRecord())).isFalse();
        }
    }

    @Test
    void aSeekAfterReadingRewindsOrMovesOn() {
        Path f = TestCaptures.write(dir, "s.pcap", capture(false, false, 2000, 4));
        List<Pkt> all = TestCaptures.readAll(Captures.open(f.toString(), null));
        try (PcapReader r = PcapReader.open(f, null)) {
            while (r.next(new PacketRecord())) {
                // read to the end first
            }
            assertThat(r.seekBefore(all.getFirst().ts())).isFalse();
            assertThat(TestCaptures.readAll(r)).isEqualTo(all);
        }
    }
}
