package io.osprey.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.pcap.PacketRecord;
import io.osprey.testkit.PacketBuilder;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding allocates nothing per packet in steady state (weird names are constants, layers are reused). */
class AllocationTest {
    private static final class Counting implements PacketSink, WeirdSink {
        long ips;
        long weirds;

        @Override
        public void ip(Packet p) {
            ips++;
            p.connUid = "C1";
        }

        @Override
        public void netWeird(Packet p, String name, String addl, String source) {
            weirds++;
        }

        @Override
        public void flowWeird(Packet p, String name, String addl, String source) {
            weirds++;
        }
    }

    @Test
    void decodingDoesNotAllocatePerPacket() {
        List<byte[]> frames = new java.util.ArrayList<>(DecoderFuzzTest.SEEDS);
        frames.add(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").badChecksum().udp(1, 2).build());
        frames.add(PacketBuilder.eth().vlan(1).vlan(2).vlan(3).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build());
        frames.add(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 4789).vxlan(3).bytes(new byte[8], -1)
                .build());
        frames.add(PacketBuilder.eth().ipv6("::1", "::2").routing(9, 1, "::3").udp(1, 2).build());
        frames.add(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").tcp(1, 2).truncate(40).build());
        MemorySegment[] segs = frames.stream().map(MemorySegment::ofArray).toArray(MemorySegment[]::new);
        Counting sink = new Counting();
        PacketDecoder dec = new PacketDecoder(sink, sink, DecoderConfig.defaults());
        Packet p = new Packet();
        PacketRecord r = new PacketRecord();
        r.linkType = 1;
        for (int i = 0; i < 200_000; i++) {
            run(dec, p, r, segs, i);
        }
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            run(dec, p, r, segs, i);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink.ips).isPositive();
        assertThat(sink.weirds).isPositive();
        assertThat(allocated).as("bytes allocated decoding 100k packets").isLessThan(64 * 1024);
    }

    private static void run(PacketDecoder dec, Packet p, PacketRecord r, MemorySegment[] segs, int i) {
        MemorySegment s = segs[i % segs.length];
        r.segment = s;
        r.caplen = (int) s.byteSize();
        r.wirelen = r.caplen;
        dec.decode(r, p);
    }
}
