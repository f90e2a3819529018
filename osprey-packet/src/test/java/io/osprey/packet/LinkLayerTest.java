package io.osprey.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.testkit.PacketBuilder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LinkLayerTest {
    private static PacketBuilder v4() {
        return PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2");
    }

    @Test
    void ethernetRecordsMacsAndDeliversTcp() {
        byte[] f = PacketBuilder.raw().ethernet(0x0A0B0C0D0E0FL, 0x010203040506L).ipv4("10.0.0.1", "10.0.0.2")
                .ttl(33).tcp(1234, 80).syn().build();
        Recorder r = new Recorder().eth(f);
        Recorder.Ip ip = r.only();
        assertThat(ip.version()).isEqualTo(4);
        assertThat(ip.src()).isEqualTo("10.0.0.1");
        assertThat(ip.dst()).isEqualTo("10.0.0.2");
        assertThat(ip.proto()).isEqualTo(6);
        assertThat(ip.ttl()).isEqualTo(33);
        assertThat(ip.l4Len()).isEqualTo(20);
        assertThat(ip.hasL2()).isTrue();
        assertThat(ip.l2Src()).isEqualTo(0x0A0B0C0D0E0FL);
        assertThat(ip.l2Dst()).isEqualTo(0x010203040506L);
        assertThat(ip.vlan()).isEqualTo(-1);
        assertThat(r.weirds).isEmpty();
        assertThat(r.packet.l4Offset).isEqualTo(34);
        assertThat(r.packet.l3Offset).isEqualTo(14);
    }

    @Test
    void truncatedEthernet() {
        Recorder r = new Recorder().eth(new byte[16]);
        assertThat(r.weirds).containsExactly("truncated_ethernet_frame@ETHERNET");
        assertThat(r.ips).isEmpty();
        // the next packet decodes normally
        r.eth(v4().udp(1, 2).build());
        assertThat(r.ips).hasSize(1);
    }

    @Test
    void undefinedEtherType() {
        Recorder r = new Recorder().eth(v4().etherType(1501).udp(1, 2).build());
        assertThat(r.weirds).containsExactly("undefined_ether_type@ETHERNET");
    }

    @Test
    void vlanAndQinQ() {
        Recorder r = new Recorder().eth(PacketBuilder.eth().vlan(10).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build());
        assertThat(r.only().vlan()).isEqualTo(10);
        assertThat(r.only().innerVlan()).isEqualTo(-1);
        r = new Recorder().eth(PacketBuilder.eth().vlanAd(100).vlan(200).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build());
        assertThat(r.only().vlan()).isEqualTo(100);
        assertThat(r.only().innerVlan()).isEqualTo(200);
    }

    @Test
    void tripleTaggedOverwritesInner() {
        Recorder r = new Recorder()
                .eth(PacketBuilder.eth().vlan(1).vlan(2).vlan(3).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build());
        assertThat(r.weirds).containsExactly("triple_tagged_vlan_unsupported(inner VLAN tag overwritten)@VLAN");
        assertThat(r.only().vlan()).isEqualTo(1);
        assertThat(r.only().innerVlan()).isEqualTo(3);
    }

    @Test
    void truncatedVlan() {
        byte[] f = PacketBuilder.eth().vlan(5).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).truncate(18).build();
        assertThat(new Recorder().eth(f).weirds).containsExactly("truncated_VLAN_header@VLAN");
    }

    @Test
    void mplsStackThenIp() {
        Recorder r = new Recorder()
                .eth(PacketBuilder.eth().vlan(7).mpls(100).mpls(200).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build());
        assertThat(r.only().vlan()).isEqualTo(7);
        assertThat(r.only().proto()).isEqualTo(17);
        byte[] t = PacketBuilder.eth().mpls(100).mpls(200).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).truncate(21).build();
        assertThat(new Recorder().eth(t).weirds).containsExactly("truncated_link_header@MPLS");
    }

    @Test
    void pppoeSession() {
        Recorder r = new Recorder().eth(PacketBuilder.eth().pppoe(3).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build());
        assertThat(r.only().src()).isEqualTo("1.1.1.1");
        r = new Recorder().eth(PacketBuilder.eth().vlan(1).vlan(2).pppoe(3).ipv6("::1", "::2").udp(1, 2).build());
        assertThat(r.only().version()).isEqualTo(6);
        r = new Recorder().eth(PacketBuilder.eth().pppoe(3).pppoeLength(500).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2)
                .build());
        assertThat(r.weirds).contains("pppoe_truncated_payload@PPPOE");
    }

    @Test
    void arpIsPassedOver() {
        byte[] arp = new byte[28];
        arp[1] = 1;
        arp[2] = 8;
        arp[4] = 6;
        arp[5] = 4;
        Recorder r = new Recorder().eth(PacketBuilder.eth().bytes(arp, 0x0806).build());
        assertThat(r.nonIp).containsExactly("ARP:806");
        r = new Recorder().eth(PacketBuilder.eth().vlan(4).arp(1, 0x1L, "10.0.0.1", 0, "10.0.0.2").build());
        assertThat(r.nonIp).containsExactly("ARP:806");
        assertThat(r.weirds).isEmpty();
        assertThat(r.ips).isEmpty();
        r = new Recorder().eth(PacketBuilder.eth().bytes(Arrays.copyOf(arp, 10), 0x0806).build());
        assertThat(r.weirds).containsExactly("truncated_ARP@ARP");
    }

    @Test
    void unknownEtherTypeIsUnknownProtocol() {
        Recorder r = new Recorder().eth(PacketBuilder.eth().bytes(new byte[40], 0x1234).build());
        assertThat(r.nonIp).containsExactly("ETHERNET:1234");
        assertThat(r.weirds).isEmpty();
    }

    @Test
    void ieee8023WithSnapCarriesIp() {
        byte[] snap = {(byte) 0xAA, (byte) 0xAA, 0x03, 0, 0, 0, 0x08, 0x00};
        byte[] inner = PacketBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
        byte[] f = PacketBuilder.eth().bytes(snap, -1).payload(inner).etherType(snap.length + inner.length).build();
        Recorder r = new Recorder().eth(f);
        assertThat(r.only().src()).isEqualTo("1.1.1.1");
    }

    @Test
    void llcGoesToUnknownProtocol() {
        byte[] f = PacketBuilder.eth().bytes(new byte[] {0x42, 0x42, 0x03, 0, 0, 0, 0, 0, 0}, -1).etherType(9).build();
        Recorder r = new Recorder().eth(f);
        assertThat(r.nonIp).containsExactly("LLC:42");
    }

    @Test
    void rawLinkTypes() {
        byte[] f = PacketBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
        for (int lt : new int[] {12, 14, 101, 228, 229}) {
            assertThat(new Recorder().decode(lt, f).only().src()).isEqualTo("1.1.1.1");
        }
        // an unknown link type goes to IP too (Zeek's root default)
        assertThat(new Recorder().decode(4242, f).only().src()).isEqualTo("1.1.1.1");
    }

    @Test
    void nullAndLoop() {
        byte[] ip4 = PacketBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
        byte[] ip6 = PacketBuilder.raw().ipv6("::1", "::2").udp(1, 2).build();
        assertThat(new Recorder().decode(0, cat(new byte[] {2, 0, 0, 0}, ip4)).only().version()).isEqualTo(4);
        for (int af : new int[] {24, 28, 30}) {
            assertThat(new Recorder().decode(0, cat(new byte[] {(byte) af, 0, 0, 0}, ip6)).only().version())
                    .isEqualTo(6);
        }
        assertThat(new Recorder().decode(0, new byte[4]).weirds).containsExactly("null_analyzer_failed@NULL");
        // DLT_LOOP (Zeek does not decode it; Osprey does): the family in network byte order
        assertThat(new Recorder().decode(108, cat(new byte[] {0, 0, 0, 2}, ip4)).only().version()).isEqualTo(4);
        assertThat(new Recorder().decode(108, cat(new byte[] {0, 0, 0, 24}, ip6)).only().version()).isEqualTo(6);
        assertThat(new Recorder().decode(108, new byte[4]).weirds).containsExactly("null_analyzer_failed@LOOP");
    }

    @Test
    void linuxSll() {
        byte[] ip4 = PacketBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
        byte[] sll = new byte[16];
        sll[14] = 0x08;
        assertThat(new Recorder().decode(113, cat(sll, ip4)).only().src()).isEqualTo("1.1.1.1");
        byte[] sll2 = new byte[20];
        sll2[0] = 0x08;
        assertThat(new Recorder().decode(276, cat(sll2, ip4)).only().src()).isEqualTo("1.1.1.1");
        assertThat(new Recorder().decode(113, new byte[16]).weirds).containsExactly("truncated_Linux_SLL_header@LINUXSLL");
        assertThat(new Recorder().decode(276, new byte[20]).weirds)
                .containsExactly("truncated_Linux_SLL2_header@LINUXSLL2");
    }

    @Test
    void nflog() {
        byte[] ip4 = PacketBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
        byte[] hdr = {2, 0, 0, 0, 8, 0, 1, 0, 0, 0, 0, 0, (byte) (4 + ip4.length), 0, 9, 0};
        assertThat(new Recorder().decode(239, cat(hdr, ip4)).only().src()).isEqualTo("1.1.1.1");
        assertThat(new Recorder().decode(239, new byte[] {2, 1, 0, 0, 0}).weirds)
                .containsExactly("unknown_nflog_version@NFLOG");
    }

    @Test
    void ppp() {
        byte[] ip4 = PacketBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
        assertThat(new Recorder().decode(9, cat(new byte[] {(byte) 0xFF, 3, 0, 0x21}, ip4)).only().version())
                .isEqualTo(4);
        assertThat(new Recorder().decode(9, cat(new byte[] {0, 0x21}, ip4)).only().version()).isEqualTo(4);
        assertThat(new Recorder().decode(50, cat(new byte[] {(byte) 0xFF, 3, 0, 0x21}, ip4)).only().version())
                .isEqualTo(4);
    }

    @Test
    void fabricPathAndVntag() {
        byte[] ip4 = PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
        byte[] cfp = new byte[16];
        cfp[12] = (byte) 0x89;
        cfp[13] = 0x03;
        assertThat(new Recorder().eth(cat(cfp, ip4)).only().src()).isEqualTo("1.1.1.1");
        byte[] vntag = {0, 0, 0, 0, (byte) 0x81, 0};
        byte[] f = PacketBuilder.eth().bytes(vntag, 0x8926).vlan(9).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
        assertThat(new Recorder().eth(f).only().vlan()).isEqualTo(9);
    }

    @Test
    void maxAnalyzerDepth() {
        PacketBuilder b = PacketBuilder.eth();
        for (int i = 0; i < 30; i++) {
            b.mpls(i);
        }
        // MPLS consumes its whole stack in one layer; VLAN tags each count.
        PacketBuilder v = PacketBuilder.eth();
        for (int i = 0; i < 30; i++) {
            v.vlan(i);
        }
        Recorder r = new Recorder().eth(v.ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build());
        assertThat(r.weirds).contains("max_packet_analyzer_depth_exceeded@VLAN");
        assertThat(r.ips).isEmpty();
        assertThat(new Recorder().eth(b.ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build()).ips).hasSize(1);
    }

    static byte[] cat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
