package io.osprey.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

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

    @TestFactory
    Stream<DynamicTest> readersEndOrFailCleanly() {
        int n = Mutator.iterations(200);
        return IntStream.range(0, n).mapToObj(i -> DynamicTest.dynamicTest("mutant " + i, () -> {
            byte[] data = Mutator.mutate(SEEDS.get(i % SEEDS.size()), i);
            List<String> w1 = new ArrayList<>();
            List<String> w2 = new ArrayList<>();
            String mapped = read(data, false, w1);
            String streamed = read(data, true, w2);
            assertThat(streamed).as("seed %d", i).isEqualTo(mapped);
            assertThat(w2).as("seed %d", i).isEqualTo(w1);
        }));
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
