package io.osprey.packet;

import io.osprey.pcap.PacketRecord;
import io.osprey.testkit.PacketBuilder;
import java.lang.foreign.MemorySegment;
import io.osprey.testkit.Mutator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Mutates well-formed frames from the builder (seeded {@link Mutator} mutants under every link type) and random
 * bytes, and asserts the decoder
 * never throws. Any exception is a failure: the decoder has no catch of its own.
 */
class DecoderFuzzTest {
    static final List<byte[]> SEEDS = List.of(
            PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 80).syn().mss(1460).payload("GET /").build(),
            PacketBuilder.eth().vlan(1).vlan(2).mpls(3).ipv6("::1", "::2").hopByHop().routing(0, 1, "::9")
                    .destOpts().fragment6(8, true, 9).udp(1, 2).payload(new byte[20]).build(),
            PacketBuilder.eth().pppoe(1).ipv4("1.1.1.1", "2.2.2.2").ipv6("::1", "::2").icmpEcho(1, 2).build(),
            PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").gre().ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2)
                    .build(),
            PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").greV1().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build(),
            PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 4789).vxlan(3).ethernet().vlan(3)
                    .ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2).build(),
            PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 6081).geneve(3).ipv4("10.0.0.1", "10.0.0.2")
                    .udp(1, 2).build(),
            PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 3544).teredoOrigin(5, "9.9.9.9")
                    .ipv6("2001::1", "2001::2").udp(1, 2).build(),
            PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2152).gtp(5).ipv6("::1", "::2").tcp(1, 2).build(),
            PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 5072).ayiya().ipv4("10.0.0.1", "10.0.0.2")
                    .icmpEcho(1, 1).build(),
            PacketBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").ipOptions(new byte[8]).fragment(16, true).udp(1, 2)
                    .build(),
            // 802.11 QoS data frame with an A-MSDU of one LLC/SNAP IPv4 subframe (decoded as link type 105)
            wlanAmsdu());

    private static byte[] wlanAmsdu() {
        byte[] ip = PacketBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
        byte[] f = new byte[26 + 14 + 8 + ip.length];
        f[0] = (byte) 0x88;
        f[24] = (byte) 0x80;
        f[26 + 13] = (byte) (8 + ip.length);
        byte[] snap = {(byte) 0xAA, (byte) 0xAA, 3, 0, 0, 0, 8, 0};
        System.arraycopy(snap, 0, f, 40, 8);
        System.arraycopy(ip, 0, f, 48, ip.length);
        return f;
    }

    private static final int[] LINK_TYPES = {0, 1, 9, 12, 50, 101, 105, 108, 113, 127, 228, 229, 239, 276, 7};

    private final Recorder recorder = new Recorder();
    private final Recorder ignoring = new Recorder(DecoderConfig.defaults().withIgnoreChecksums(true));

    @TestFactory
    Stream<DynamicTest> neverThrows() {
        int n = Mutator.iterations(3000);
        return IntStream.range(0, n).mapToObj(i -> DynamicTest.dynamicTest("mutant " + i, () -> {
            byte[] frame = Mutator.mutate(SEEDS.get(i % SEEDS.size()), i);
            int linkType = LINK_TYPES[(i / SEEDS.size()) % LINK_TYPES.length];
            decode(recorder, frame, linkType);
            decode(ignoring, frame, linkType);
            decode(recorder, frame, 1);
        }));
    }

    @TestFactory
    Stream<DynamicTest> neverThrowsOnRandomBytes() {
        int n = Mutator.iterations(1000);
        return IntStream.range(0, n).mapToObj(i -> DynamicTest.dynamicTest("random " + i, () -> {
            SplittableRandom r = new SplittableRandom(i);
            byte[] frame = new byte[r.nextInt(200)];
            r.nextBytes(frame);
            decode(recorder, frame, LINK_TYPES[r.nextInt(LINK_TYPES.length)]);
        }));
    }

    private static void decode(Recorder r, byte[] frame, int linkType) {
        PacketRecord rec = r.rec;
        rec.segment = MemorySegment.ofArray(frame);
        rec.offset = 0;
        rec.caplen = frame.length;
        rec.wirelen = frame.length + (frame.length % 2) * 7;
        rec.linkType = linkType;
        r.decoder.decode(rec, r.packet);
        r.ips.clear();
        r.weirds.clear();
        r.nonIp.clear();
        r.violations.clear();
    }
}
