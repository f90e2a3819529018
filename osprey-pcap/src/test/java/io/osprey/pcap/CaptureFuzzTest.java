package io.osprey.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mutates seed captures (byte flips, truncation, splices) and checks the readers only ever end normally or throw
 * {@link CaptureFormatException}, and that mapped and streamed reads agree. Stands in for a Jazzer target.
 */
class CaptureFuzzTest {
    private static final List<byte[]> SEEDS = List.of(
            CapturesTest.samplePcap(false, 6),
            CapturesTest.samplePcap(true, 6),
            new TestCaptures.Pcap(false, false, 100, 0x4400_0001L).packet(1, 2, new byte[150], 150)
                    .packet(2, 3, new byte[3], 9).toByteArray(),
            CapturesTest.samplePcapng(),
            PcapngReaderTest.multiSection(new ArrayList<>()).toByteArray());

    /** One mutation: kind 0 flips a byte, 1 truncates, 2 splices a range elsewhere, 3 writes a 32-bit value. */
    record Mutation(int kind, int at, int to, int len, int value) {
        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return in;
            }
            int a = Math.floorMod(at, in.length);
            switch (kind) {
                case 0 -> {
                    byte[] out = in.clone();
                    out[a] ^= (byte) (value == 0 ? 1 : value);
                    return out;
                }
                case 1 -> {
                    return Arrays.copyOf(in, a);
                }
                case 2 -> {
                    int n = Math.min(len, in.length - a);
                    int t = Math.floorMod(to, in.length);
                    byte[] out = new byte[in.length + n];
                    System.arraycopy(in, 0, out, 0, t);
                    System.arraycopy(in, a, out, t, n);
                    System.arraycopy(in, t, out, t + n, in.length - t);
                    return out;
                }
                default -> {
                    byte[] out = in.clone();
                    for (int i = 0; i < 4 && a + i < out.length; i++) {
                        out[a + i] = (byte) (value >>> (8 * i));
                    }
                    return out;
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> values = Arbitraries.oneOf(Arbitraries.integers(),
                Arbitraries.of(0, -1, 12, 8, 0x7fffffff, 262145, 65536, 0x0A0D0D0A, 6, 3, 2, 1));
        Arbitrary<Mutation> m = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers().between(1, 64), values).as(Mutation::new);
        return m.list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 200)
    void readersEndOrFailCleanly(@ForAll("mutations") List<Mutation> mutations,
            @ForAll("seedIndex") int seed) {
        byte[] data = SEEDS.get(seed);
        for (Mutation m : mutations) {
            data = m.apply(data);
        }
        List<String> w1 = new ArrayList<>();
        List<String> w2 = new ArrayList<>();
        String mapped = read(data, false, w1);
        String streamed = read(data, true, w2);
        assertThat(streamed).isEqualTo(mapped);
        assertThat(w2).isEqualTo(w1);
    }

    @Provide
    Arbitrary<Integer> seedIndex() {
        return Arbitraries.integers().between(0, SEEDS.size() - 1);
    }

    private static String read(byte[] data, boolean streamed, List<String> warnings) {
        List<TestCaptures.Pkt> pkts = new ArrayList<>();
        try (PacketSource s = streamed ? TestCaptures.streamed("fuzz", data, 64, warnings::add)
                : TestCaptures.mapped("fuzz", data, warnings::add)) {
            PacketRecord r = new PacketRecord();
            while (s.next(r)) {
                assertThat(r.caplen).isBetween(0, r.wirelen);
                assertThat(r.offset + r.caplen).isLessThanOrEqualTo(r.segment.byteSize());
                pkts.add(TestCaptures.Pkt.of(r));
            }
            assertThat(s.next(r)).isFalse();
            return "ok " + pkts;
        } catch (CaptureFormatException e) {
            assertThat(e.getMessage()).doesNotContain("\n").startsWith("fuzz: offset ");
            return "error after " + pkts + ": " + e.getMessage();
        } finally {
            assertThat(warnings).allSatisfy(w -> assertThat(w).startsWith("fuzz: offset ").doesNotContain("\n"));
        }
    }
}
