package io.osprey.packet.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.packet.DecoderConfig;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketSink;
import io.osprey.packet.WeirdSink;
import io.osprey.pcap.PacketRecord;
import io.osprey.testkit.PacketBuilder;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    /** Decodes a frame and returns the packet as the sink saw its last IP layer. */
    static Packet decode(byte[] frame) {
        Packet p = new Packet();
        Packet[] seen = new Packet[1];
        PacketSink sink = q -> seen[0] = q;
        WeirdSink w = new WeirdSink() {
            @Override
            public void netWeird(Packet p, String name, String addl, String source) {
            }

            @Override
            public void flowWeird(Packet p, String name, String addl, String source) {
            }
        };
        PacketRecord r = new PacketRecord();
        r.segment = MemorySegment.ofArray(frame);
        r.caplen = r.wirelen = frame.length;
        r.linkType = 1;
        new PacketDecoder(sink, w, DecoderConfig.defaults().withIgnoreChecksums(true)).decode(r, p);
        return seen[0];
    }

    @Test
    void sumMatchesNaiveForAllLengthsAndOffsets() {
        Random rnd = new Random(1);
        byte[] b = new byte[300];
        rnd.nextBytes(b);
        MemorySegment s = MemorySegment.ofArray(b);
        for (int off = 0; off < 9; off++) {
            for (int len = 0; len < 280; len++) {
                long acc = 0;
                for (int i = 0; i < len; i++) {
                    acc += (i % 2 == 0 ? (b[off + i] & 0xFF) << 8 : b[off + i] & 0xFF);
                }
                assertThat(Checksums.sum(s, off, len, 0)).as("off %d len %d", off, len).isEqualTo(Checksums.fold(acc));
            }
        }
    }

    @Test
    void ipv4Header() {
        byte[] f = PacketBuilder.eth().ipv4("192.168.1.1", "10.1.2.3").ipOptions(new byte[4]).udp(1, 2).build();
        assertThat(Checksums.ipv4HeaderValid(MemorySegment.ofArray(f), 14, 24)).isTrue();
        f = PacketBuilder.eth().ipv4("192.168.1.1", "10.1.2.3").badChecksum().udp(1, 2).build();
        assertThat(Checksums.ipv4HeaderValid(MemorySegment.ofArray(f), 14, 20)).isFalse();
    }

    @Test
    void tcpOverV4AndV6() {
        Packet p = decode(PacketBuilder.eth().ipv4("1.2.3.4", "5.6.7.8").tcp(1, 2).payload("abc").build());
        assertThat(Checksums.tcpValid(p, p.l4Len)).isTrue();
        p = decode(PacketBuilder.eth().ipv4("1.2.3.4", "5.6.7.8").tcp(1, 2).payload("abc").badChecksum().build());
        assertThat(Checksums.tcpValid(p, p.l4Len)).isTrue(); // badChecksum applied to the payload layer: no-op
        p = decode(PacketBuilder.eth().ipv4("1.2.3.4", "5.6.7.8").tcp(1, 2).badChecksum().payload("abc").build());
        assertThat(Checksums.tcpValid(p, p.l4Len)).isFalse();
        p = decode(PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::2").tcp(1, 2).payload("abcde").build());
        assertThat(Checksums.tcpValid(p, p.l4Len)).isTrue();
    }

    @Test
    void udpZeroAndAllOnes() {
        Packet p = decode(PacketBuilder.eth().ipv4("1.2.3.4", "5.6.7.8").udp(1, 2).udpNoChecksum().payload("x")
                .build());
        assertThat(Checksums.udpValid(p, p.l4Len)).isTrue();
        p = decode(PacketBuilder.eth().ipv4("1.2.3.4", "5.6.7.8").udp(1, 2).payload("xy").build());
        assertThat(Checksums.udpValid(p, p.l4Len)).isTrue();
        p = decode(PacketBuilder.eth().ipv6("::1", "::2").udp(1, 2).badChecksum().payload("xy").build());
        assertThat(Checksums.udpValid(p, p.l4Len)).isFalse();
        // find a payload whose checksum computes to 0 and is sent as 0xFFFF
        for (int i = 0; i < 65536; i++) {
            byte[] f = PacketBuilder.eth().ipv4("1.2.3.4", "5.6.7.8").udp(1, 2)
                    .payload(new byte[] {(byte) (i >> 8), (byte) i}).build();
            if ((f[14 + 20 + 6] & 0xFF) == 0xFF && (f[14 + 20 + 7] & 0xFF) == 0xFF) {
                p = decode(f);
                assertThat(Checksums.udpValid(p, p.l4Len)).isTrue();
                return;
            }
        }
        throw new AssertionError("no all-ones checksum found");
    }

    @Test
    void icmpV4AndV6() {
        Packet p = decode(PacketBuilder.eth().ipv4("1.2.3.4", "5.6.7.8").icmpEcho(1, 2).payload("ping").build());
        assertThat(Checksums.icmpValid(p, p.l4Len)).isTrue();
        p = decode(PacketBuilder.eth().ipv6("::1", "::2").icmpEcho(1, 2).payload("ping").build());
        assertThat(p.ipProto).isEqualTo(58);
        assertThat(Checksums.icmpValid(p, p.l4Len)).isTrue();
        p = decode(PacketBuilder.eth().ipv6("::1", "::2").icmpEcho(1, 2).badChecksum().build());
        assertThat(Checksums.icmpValid(p, p.l4Len)).isFalse();
    }
}
