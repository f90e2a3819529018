package io.osprey.engine.conn;

import io.osprey.engine.Analysis;
import io.osprey.engine.Worker;
import io.osprey.log.LogManager;
import io.osprey.packet.Packet;
import io.osprey.pcap.PacketRecord;
import io.osprey.testkit.Mutator;
import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.RST;
import static io.osprey.testkit.PacketBuilder.SYN;

/**
 * Decoder + connection engine under mutated conversations: every mutant (seeded {@link Mutator} mutations of the
 * frames of TCP, UDP and ICMP exchanges, with shuffled and jittered timestamps so timers fire in odd orders) runs
 * through the real pipeline, including the drain at the end; any exception fails. The engine has no catch of its
 * own. A failure names the seed.
 */
class EngineFuzzTest {
    private static List<byte[]> conversation() {
        List<byte[]> f = new ArrayList<>();
        String c = "10.0.0.1";
        String s = "10.0.0.2";
        f.add(PacketBuilder.eth().ipv4(c, s).tcp(40000, 80).flags(SYN).seq(1000).windowScale(7).mss(1460).build());
        f.add(PacketBuilder.eth().ipv4(s, c).tcp(80, 40000).flags(SYN | ACK).seq(5000).ack(1001).build());
        f.add(PacketBuilder.eth().ipv4(c, s).tcp(40000, 80).flags(ACK).seq(1001).ack(5001).build());
        f.add(PacketBuilder.eth().ipv4(c, s).tcp(40000, 80).flags(PSH | ACK).seq(1001).ack(5001).payload("GET /")
                .build());
        f.add(PacketBuilder.eth().ipv4(s, c).tcp(80, 40000).flags(PSH | ACK).seq(5001).ack(1006).payload("200 OK")
                .build());
        f.add(PacketBuilder.eth().ipv4(s, c).tcp(80, 40000).flags(FIN | ACK).seq(5007).ack(1006).build());
        f.add(PacketBuilder.eth().ipv4(c, s).tcp(40000, 80).flags(RST).seq(1006).build());
        f.add(PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::2").udp(5353, 53).payload("query").build());
        f.add(PacketBuilder.eth().ipv4(c, s).icmpEcho(1, 1).payload("ping").build());
        f.add(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(5555, 4789).vxlan(1).ethernet().ipv4(c, s)
                .tcp(1, 2).syn().build());
        f.add(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").gre().ethernet().ipv4(c, s).udp(1, 2).build());
        f.add(PacketBuilder.eth().ipv4(c, s).fragment(0, true).udp(1, 2).payload(new byte[64]).build());
        return f;
    }

    @TestFactory
    Stream<DynamicTest> engineNeverThrows() {
        List<byte[]> seeds = conversation();
        int n = Mutator.iterations(500);
        return IntStream.range(0, n).mapToObj(i -> DynamicTest.dynamicTest("mutant " + i, () -> {
            SplittableRandom r = new SplittableRandom(i);
            ConnConfig cfg = new ConnConfig();
            if (i % 4 == 0) {
                cfg.maxReassemblyRanges = i % 7; // a worker-wide range budget of a few slots: refusals on growth
            }
            Analysis a = new Analysis(cfg, new LogManager(List.of()));
            Worker w = a.worker();
            PacketRecord rec = new PacketRecord();
            Packet p = new Packet();
            long ts = 1_700_000_000_000_000_000L;
            for (int k = 0; k < 40; k++) {
                byte[] frame = seeds.get(r.nextInt(seeds.size()));
                if (r.nextInt(3) != 0) {
                    frame = Mutator.mutate(frame, ((long) i << 16) | k);
                }
                rec.segment = MemorySegment.ofArray(frame);
                rec.offset = 0;
                rec.caplen = frame.length;
                rec.wirelen = frame.length + (r.nextInt(4) == 0 ? r.nextInt(100) : 0);
                rec.linkType = 1;
                ts += r.nextInt(10) == 0 ? -r.nextLong(5_000_000_000L) : r.nextLong(20_000_000_000L);
                rec.tsNanos = ts;
                w.engine().advance(ts);
                w.decoder().decode(rec, p);
            }
            w.finish();
            io.osprey.engine.Trace.assertBudgetsReturned(w.engine());
        }));
    }
}
