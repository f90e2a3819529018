package io.osprey.packet.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osprey.common.net.Addr;
import io.osprey.packet.Packet;
import io.osprey.packet.ip.FragTestPackets.Weirds;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Zeek's own fragment traces (from the shared Zeek corpus, skipped when it is absent), fed through a minimal
 * Ethernet/IP walker standing in for the IP layer. Expectations come from real Zeek 9.1 runs: {@code core.ipv6-frag}
 * (one DNS answer reassembled from three fragments, no weirds) and {@code core.ipv6-reassembly-state-leak}
 * (excessively_large_fragment, reassembled datagrams whose length wraps, so the IP layer raises
 * invalid_IP_header_size; {@code max_fragments} stays 1).
 */
class FragZeekTraceTest {
    private static final Path TRACES = Path.of("/work/shared/corpus/zeek/traces");

    private record Result(List<byte[]> datagrams, List<String> weirds, FragmentReassembler reassembler) {
    }

    private static Result run(Path pcap) throws IOException {
        byte[] file = Files.readAllBytes(pcap);
        ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = bb.getInt(0);
        assertThat(magic).isIn(0xA1B2C3D4, 0xA1B23C4D);
        long unit = magic == 0xA1B2C3D4 ? 1000 : 1;
        assertThat(bb.getInt(20)).as("Ethernet").isEqualTo(1);
        Weirds weirds = new Weirds();
        FragmentReassembler r = new FragmentReassembler(weirds);
        List<byte[]> out = new ArrayList<>();
        Packet p = new Packet();
        MemorySegment seg = MemorySegment.ofArray(file);
        int off = 24;
        while (off + 16 <= file.length) {
            long ts = Integer.toUnsignedLong(bb.getInt(off)) * 1_000_000_000L
                    + Integer.toUnsignedLong(bb.getInt(off + 4)) * unit;
            int caplen = bb.getInt(off + 8);
            int wirelen = bb.getInt(off + 12);
            int base = off + 16;
            off = base + caplen;
            p.reset(seg, base, caplen, wirelen, ts, 1);
            int type = FragTestPackets.get16(file, base + 12);
            int l3 = base + 14;
            p.l3Offset = l3;
            boolean done = false;
            if (type == 0x0800) {
                int ihl = (file[l3] & 0x0F) * 4;
                int total = FragTestPackets.get16(file, l3 + 2);
                if ((FragTestPackets.get16(file, l3 + 6) & 0x3FFF) == 0) {
                    continue;
                }
                p.ipVersion = 4;
                p.ipHeaderLen = ihl;
                p.ipTotalLen = total;
                p.ipCapLen = Math.min(total, caplen - 14);
                p.srcLo = Addr.v4Lo(FragTestPackets.get32(file, l3 + 12));
                p.dstLo = Addr.v4Lo(FragTestPackets.get32(file, l3 + 16));
                done = r.reassembleV4(p);
            } else if (type == 0x86DD) {
                int total = FragTestPackets.get16(file, l3 + 4) + 40;
                p.ipVersion = 6;
                p.ipTotalLen = total;
                p.ipCapLen = Math.min(total, caplen - 14);
                p.srcHi = FragTestPackets.get64(file, l3 + 8);
                p.srcLo = FragTestPackets.get64(file, l3 + 16);
                p.dstHi = FragTestPackets.get64(file, l3 + 24);
                p.dstLo = FragTestPackets.get64(file, l3 + 32);
                int nhPos = l3 + 6;
                int h = l3 + 40;
                int nh = file[nhPos] & 0xFF;
                while (nh == 0 || nh == 43 || nh == 60) {
                    nhPos = h;
                    nh = file[h] & 0xFF;
                    h += ((file[h + 1] & 0xFF) + 1) * 8;
                }
                if (nh != 44) {
                    continue;
                }
                p.ipHeaderLen = h + 8 - l3;
                done = r.reassembleV6(p, h, nhPos);
            }
            if (done) {
                out.add(p.seg.asSlice(p.l3Offset, p.caplen).toArray(ValueLayout.JAVA_BYTE));
            }
        }
        return new Result(out, weirds.names, r);
    }

    @Test
    void ipv6FragmentedDns() throws IOException {
        Path pcap = TRACES.resolve("ipv6-fragmented-dns.pcap");
        assumeTrue(Files.exists(pcap), "Zeek corpus not present");
        Result res = run(pcap);
        assertThat(res.weirds()).isEmpty();
        assertThat(res.datagrams()).hasSize(1);
        byte[] d = res.datagrams().getFirst();
        assertThat(d).hasSize(40 + 1432 + 1432 + 374);
        assertThat(d[6]).as("next header UDP").isEqualTo((byte) 17);
        assertThat(FragTestPackets.get16(d, 4)).isEqualTo(d.length - 40);
        assertThat(FragTestPackets.get16(d, 40)).as("UDP source port").isEqualTo(53);
        assertThat(FragTestPackets.get16(d, 42)).as("UDP destination port").isEqualTo(51851);
        assertThat(FragTestPackets.get16(d, 44)).as("UDP length").isEqualTo(d.length - 40);
        assertThat(FragTestPackets.get16(d, 48)).as("DNS id").isEqualTo(40849);
        // the lone fragment of id 1 (offset 2896) stays pending until frag_timeout
        assertThat(res.reassembler().size()).isEqualTo(1);
    }

    @Test
    void ipv6ReassemblyStateLeak() throws IOException {
        Path pcap = TRACES.resolve("ipv6-reassembly-state-leak.pcap");
        assumeTrue(Files.exists(pcap), "Zeek corpus not present");
        Result res = run(pcap);
        // raised at fragments 45 and 46 of both datagrams; Zeek's weird framework logs the first per address pair
        assertThat(res.weirds()).containsExactly("excessively_large_fragment", "excessively_large_fragment",
                "excessively_large_fragment", "excessively_large_fragment");
        assertThat(res.datagrams()).hasSize(2);
        for (byte[] d : res.datagrams()) {
            assertThat(d).hasSize(48 + 65528);
            assertThat(FragTestPackets.get16(d, 4)).as("payload length wraps to 0, as Zeek's htons()").isZero();
            assertThat(d[6]).as("IPv6 next header: Hop-by-Hop").isEqualTo((byte) 0);
        }
        assertThat(res.reassembler().size()).isZero();
        assertThat(res.reassembler().maxSize()).as("Zeek's max_fragments").isEqualTo(1);
    }
}
