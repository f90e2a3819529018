package io.osprey.packet.ip;

import static io.osprey.packet.ip.FragTestPackets.L2;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.packet.Packet;
import io.osprey.packet.ip.FragTestPackets.Frag;
import io.osprey.packet.ip.FragTestPackets.Weirds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Property tests over random fragment sequences, driven by seeded {@link Random}s so every failure names a seed that
 * reproduces it: (1) against {@link FragReferenceModel}, the same weirds in the same order and the same datagrams;
 * (2) under tiny caps with corrupted bytes, offsets and timestamps, no exception and state within the caps.
 */
class FragRandomizedTest {
    private static final int SEEDS = 400;

    /** Random datagrams, split at random 8-byte boundaries, with duplicates, overlaps (same or other bytes), shuffled. */
    static List<Frag> randomFragments(Random rnd) {
        List<Frag> out = new ArrayList<>();
        int datagrams = 1 + rnd.nextInt(4);
        for (int d = 0; d < datagrams; d++) {
            boolean v4 = rnd.nextBoolean();
            int id = rnd.nextInt(3); // collisions between datagrams on purpose
            int size = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 70_000 : 5000);
            boolean hbh = rnd.nextBoolean();
            byte[] data = FragTestPackets.payload(size, rnd.nextInt());
            byte[] other = FragTestPackets.payload(size, rnd.nextInt());
            int proto = rnd.nextInt(20) == 0 ? 6 : 17;
            int from = 0;
            while (from < size) {
                int len = Math.min(size - from, 8 * (1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 200)));
                boolean mf = from + len < size;
                if (rnd.nextInt(30) == 0) {
                    mf = !mf;
                }
                addIf(out, make(v4, id, proto, from, mf, rnd.nextInt(25) == 0, hbh, data, len));
                if (rnd.nextInt(6) == 0) { // duplicate
                    addIf(out, make(v4, id, proto, from, mf, false, hbh, data, len));
                }
                if (rnd.nextInt(6) == 0) { // overlap, maybe with other bytes
                    int o = 8 * rnd.nextInt(size / 8 + 1);
                    int l = Math.min(size - o, 8 * rnd.nextInt(100));
                    addIf(out, make(v4, id, proto, o, o + l < size, false, hbh, rnd.nextBoolean() ? data : other, l));
                }
                from += len;
            }
        }
        Collections.shuffle(out, rnd);
        return out;
    }

    private static void addIf(List<Frag> out, Frag f) {
        if (f != null) {
            out.add(f);
        }
    }

    private static Frag make(boolean v4, int id, int proto, int off, boolean mf, boolean df, boolean hbh,
                             byte[] data, int len) {
        if (off > 65_528) {
            return null; // beyond what the 13-bit offset field can say
        }
        len = Math.min(len, 65_000);
        if (v4) {
            return FragTestPackets.v4(id, proto, off, mf, df, data, off, len, 0, FragTestPackets.V4_SRC);
        }
        return FragTestPackets.v6(id, proto, off, mf, hbh, data, off, len);
    }

    @TestFactory
    Stream<DynamicTest> matchesReferenceModel() {
        return IntStream.range(0, SEEDS).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed,
                () -> compareWithModel(seed, new ArrayList<>())));
    }

    /** The generator is not vacuous: across the seeds, datagrams complete and every Zeek weird shows up. */
    @Test
    void generatorCoversCompletionsAndAllWeirds() {
        List<String> seen = new ArrayList<>();
        int completions = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            completions += compareWithModel(seed, seen);
        }
        assertThat(completions).isGreaterThan(SEEDS / 2);
        assertThat(seen).contains("fragment_overlap", "fragment_inconsistency", "fragment_size_inconsistency",
                "excessively_small_fragment", "excessively_large_fragment", "fragment_with_DF",
                "fragment_protocol_inconsistency");
    }

    private static int compareWithModel(int seed, List<String> seen) {
        int completions = 0;
        {
            Random rnd = new Random(seed);
            Weirds weirds = new Weirds();
            FragmentReassembler r = new FragmentReassembler(weirds);
            FragReferenceModel model = new FragReferenceModel();
            Packet p = new Packet();
            int i = 0;
            for (Frag f : randomFragments(rnd)) {
                if (f.version() == 4 && (f.frame()[L2 + 6] & 0x1F) == 0 && f.frame()[L2 + 7] == 0
                        && (f.frame()[L2 + 6] & 0x20) == 0) {
                    continue; // not a fragment: the IP layer would not call
                }
                boolean expected = model.feed(f);
                boolean actual = f.feed(r, p, 1_000L);
                assertThat(weirds.names).as("weirds after fragment %d", i).isEqualTo(model.weirds);
                assertThat(actual).as("completion at fragment %d", i).isEqualTo(expected);
                if (actual) {
                    assertThat(FragTestPackets.datagram(p)).as("datagram at fragment %d", i).isEqualTo(model.output);
                    completions++;
                }
                assertThat(r.size()).isEqualTo(model.size());
                i++;
            }
            seen.addAll(weirds.names);
        }
        return completions;
    }

    @TestFactory
    Stream<DynamicTest> corruptedInputUnderTinyCapsNeverThrowsAndStaysBounded() {
        return IntStream.range(0, SEEDS).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            Random rnd = new Random(~seed);
            FragmentReassembler r = new FragmentReassembler(new FragTestPackets.CountingWeirds(),
                    10_000_000_000L, 1 + rnd.nextInt(4), FragmentReassembler.MIN_MAX_BYTES);
            Packet p = new Packet();
            long ts = 0;
            for (Frag f : randomFragments(rnd)) {
                byte[] b = f.frame();
                int flips = rnd.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
                }
                ts += rnd.nextInt(3) == 0 ? -rnd.nextInt(1_000_000_000) : rnd.nextInt(2_000_000_000);
                FragTestPackets.load(p, f, ts);
                if (rnd.nextInt(10) == 0) {
                    p.ipCapLen = rnd.nextInt(70_000);
                }
                long fh = rnd.nextInt(20) == 0 ? rnd.nextLong() : f.fragHdr();
                long nh = rnd.nextInt(20) == 0 ? rnd.nextInt(200) : f.prevNh();
                boolean done = rnd.nextBoolean() ? r.reassembleV4(p) : r.reassembleV6(p, fh, nh);
                if (done) {
                    assertThat(p.reassembled).isTrue();
                    assertThat(p.seg.byteSize()).isGreaterThanOrEqualTo(p.l3Offset + p.caplen);
                }
                assertThat(r.size()).isLessThanOrEqualTo(r.maxReassemblies());
                assertThat(r.bytesHeld()).isLessThanOrEqualTo(r.maxBytes());
            }
            r.expire(Long.MAX_VALUE);
            assertThat(r.size()).isZero();
            assertThat(r.bytesHeld()).isZero();
        }));
    }
}
