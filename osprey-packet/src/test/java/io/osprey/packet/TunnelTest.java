package io.osprey.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.Test;

class TunnelTest {
    private static PacketBuilder outer() {
        return PacketBuilder.eth().vlan(5).ipv4("1.1.1.1", "2.2.2.2");
    }

    @Test
    void ipInIpIsNotDeliveredButInnerIs() {
        Recorder r = new Recorder().eth(outer().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 80).syn().build());
        Recorder.Ip ip = r.only();
        assertThat(ip.src()).isEqualTo("10.0.0.1");
        assertThat(ip.depth()).isEqualTo(1);
        assertThat(ip.encap()).isEqualTo("IP(1.1.1.1:0>2.2.2.2:0)");
        // Zeek's inner packet is fresh: no L2, no VLAN
        assertThat(ip.vlan()).isEqualTo(-1);
        assertThat(ip.hasL2()).isFalse();
        assertThat(r.weirds).isEmpty();
    }

    @Test
    void sixInFourAndFourInSix() {
        assertThat(new Recorder().eth(outer().ipv6("2001:db8::1", "2001:db8::2").udp(1, 2).build()).only().version())
                .isEqualTo(6);
        Recorder r = new Recorder().eth(PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::2")
                .ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build());
        assertThat(r.only().encap()).isEqualTo("IP(2001:db8::1:0>2001:db8::2:0)");
    }

    @Test
    void innerIpLengthChecks() {
        byte[] f = outer().ipv4("10.0.0.1", "10.0.0.2").ipTotalLength(100).udp(1, 2).build();
        Recorder r = new Recorder(DecoderConfig.defaults().withIgnoreChecksums(true)).eth(f);
        assertThat(r.weirds).containsExactly("truncated_inner_IP@IPTUNNEL 1.1.1.1>2.2.2.2");
        f = outer().ipv4("10.0.0.1", "10.0.0.2").ipTotalLength(20).udp(1, 2).build();
        r = new Recorder(DecoderConfig.defaults().withIgnoreChecksums(true)).eth(f);
        assertThat(r.weirds).containsExactly("inner_IP_payload_length_mismatch@IPTUNNEL 1.1.1.1>2.2.2.2");
        f = outer().ipProto(4).ipv6("::1", "::2").udp(1, 2).build();
        r = new Recorder().eth(f);
        assertThat(r.weirds).containsExactly("invalid_inner_IP_version@IPTUNNEL 1.1.1.1>2.2.2.2");
    }

    @Test
    void greCarryingIp() {
        Recorder r = new Recorder().eth(outer().gre().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build());
        assertThat(r.only().encap()).isEqualTo("GRE(1.1.1.1:0>2.2.2.2:0)");
        r = new Recorder().eth(outer().gre().ipv6("::1", "::2").udp(1, 2).build());
        assertThat(r.only().version()).isEqualTo(6);
    }

    @Test
    void greTransparentEthernetBridging() {
        Recorder r = new Recorder().eth(outer().gre().ethernet(0x111111111111L, 0x222222222222L).vlan(77)
                .ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build());
        Recorder.Ip ip = r.only();
        assertThat(ip.l2Src()).isEqualTo(0x111111111111L);
        assertThat(ip.vlan()).isEqualTo(77);
        assertThat(ip.encap()).startsWith("GRE(");
    }

    @Test
    void greErspanTypeII() {
        byte[] erspan = new byte[8];
        Recorder r = new Recorder().eth(outer().gre().greProtocol(0x88BE).greSequence().bytes(erspan, -1).ethernet()
                .ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build());
        assertThat(r.only().src()).isEqualTo("10.0.0.1");
    }

    @Test
    void greErspanTypeIAndIII() {
        // type I: 0x88BE without the sequence flag, no ERSPAN header
        Recorder r = new Recorder().eth(outer().gre().greProtocol(0x88BE).ethernet().ipv4("10.0.0.1", "10.0.0.2")
                .udp(1, 2).build());
        assertThat(r.only().src()).isEqualTo("10.0.0.1");
        // type III: 12-byte header, optional 8-byte sub-header when its last bit is set
        byte[] e3 = new byte[12];
        r = new Recorder().eth(outer().gre().greProtocol(0x22EB).bytes(e3, -1).ethernet().ipv4("10.0.0.3", "10.0.0.4")
                .udp(1, 2).build());
        assertThat(r.only().src()).isEqualTo("10.0.0.3");
        byte[] e3o = new byte[20];
        e3o[11] = 1;
        r = new Recorder().eth(outer().gre().greProtocol(0x22EB).bytes(e3o, -1).ethernet()
                .ipv4("10.0.0.5", "10.0.0.6").udp(1, 2).build());
        assertThat(r.only().src()).isEqualTo("10.0.0.5");
    }

    @Test
    void greV1PptpCarryingPpp() {
        Recorder r = new Recorder().eth(outer().greV1().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build());
        assertThat(r.only().encap()).isEqualTo("GRE(1.1.1.1:0>2.2.2.2:0)");
    }

    @Test
    void greWeirds() {
        assertThat(new Recorder().eth(outer().ipProto(47).payload(new byte[2]).build()).weirds)
                .containsExactly("truncated_GRE@GRE 1.1.1.1>2.2.2.2");
        assertThat(new Recorder().eth(outer().greV1().greProtocol(0x0800).ipv4("10.0.0.1", "10.0.0.2").udp(1, 2)
                .build()).weirds).containsExactly("egre_protocol_type(proto=2048)@GRE 1.1.1.1>2.2.2.2");
        byte[] bad = {0x00, 0x03, 0x08, 0x00};
        assertThat(new Recorder().eth(outer().ipProto(47).payload(bad).build()).weirds)
                .containsExactly("unknown_gre_version(version=3)@GRE 1.1.1.1>2.2.2.2");
    }

    @Test
    void vxlanDeliversOuterThenInner() {
        Recorder r = new Recorder().eth(outer().udp(5555, 4789).vxlan(42).ethernet(0xAAAAAAAAAAAAL, 0xBBBBBBBBBBBBL)
                .ipv4("10.0.0.1", "10.0.0.2").tcp(1, 80).syn().build());
        assertThat(r.ips).hasSize(2);
        Recorder.Ip o = r.ips.get(0);
        assertThat(o.src()).isEqualTo("1.1.1.1");
        assertThat(o.proto()).isEqualTo(17);
        assertThat(o.vlan()).isEqualTo(5);
        assertThat(o.depth()).isZero();
        Recorder.Ip i = r.ips.get(1);
        assertThat(i.src()).isEqualTo("10.0.0.1");
        assertThat(i.encap()).isEqualTo("VXLAN(1.1.1.1:5555>2.2.2.2:4789 C1)");
        assertThat(i.l2Src()).isEqualTo(0xAAAAAAAAAAAAL);
        assertThat(i.vlan()).isEqualTo(-1);
        assertThat(r.weirds).isEmpty();
    }

    @Test
    void vxlanViolationsAndEmpty() {
        Recorder r = new Recorder().eth(outer().udp(5555, 4789).payload(new byte[4]).build());
        assertThat(r.violations).containsExactly("VXLAN:VXLAN header truncation");
        r = new Recorder().eth(outer().udp(5555, 4789).payload(new byte[8]).build());
        assertThat(r.violations).containsExactly("VXLAN:VXLAN 'I' flag not set");
        r = new Recorder().eth(outer().udp(5555, 4789).vxlan(1).build());
        assertThat(r.weirds).containsExactly("vxlan_empty_packet@VXLAN 1.1.1.1>2.2.2.2");
    }

    @Test
    void badUdpChecksumStopsDecapsulation() {
        byte[] f = outer().udp(5555, 6081).badChecksum().geneve(1).ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build();
        assertThat(new Recorder().eth(f).ips).hasSize(1);
        assertThat(new Recorder(DecoderConfig.defaults().withIgnoreChecksums(true)).eth(f).ips).hasSize(2);
        // VXLAN with a zero UDP checksum is not validated
        byte[] v = outer().udp(5555, 4789).udpNoChecksum().vxlan(1).ethernet().ipv4("10.0.0.1", "10.0.0.2")
                .udp(1, 2).build();
        assertThat(new Recorder().eth(v).ips).hasSize(2);
    }

    @Test
    void geneveByProtocolType() {
        Recorder r = new Recorder().eth(outer().udp(5555, 6081).geneve(1).ethernet().ipv6("::1", "::2").udp(1, 2)
                .build());
        assertThat(r.ips).hasSize(2);
        assertThat(r.ips.get(1).encap()).isEqualTo("GENEVE(1.1.1.1:5555>2.2.2.2:6081 C1)");
        r = new Recorder().eth(outer().udp(5555, 6081).geneve(1).ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build());
        assertThat(r.ips.get(1).src()).isEqualTo("10.0.0.1");
    }

    @Test
    void teredo() {
        Recorder r = new Recorder().eth(outer().udp(40000, 3544).ipv6("2001::1", "2001:db8::2").udp(1, 2).build());
        assertThat(r.ips).hasSize(2);
        assertThat(r.ips.get(1).encap()).isEqualTo("TEREDO(1.1.1.1:40000>2.2.2.2:3544 C1)");
        r = new Recorder().eth(outer().udp(40000, 3544).teredoOrigin(1234, "9.9.9.9").ipv6("2001::1", "2001:db8::2")
                .udp(1, 2).build());
        assertThat(r.ips).hasSize(2);
        // a bubble with trailing bytes
        r = new Recorder().eth(outer().udp(40000, 3544).ipv6("2001::1", "2001:db8::2").payload(new byte[4])
                .ipTotalLength(0).build());
        assertThat(r.weirds).contains("Teredo_bubble_with_payload@TEREDO C1");
        // garbage is a violation
        r = new Recorder().eth(outer().udp(40000, 3544).payload(garbage()).build());
        assertThat(r.violations).containsExactly("TEREDO:Bad Teredo encapsulation");
    }

    private static byte[] garbage() {
        byte[] g = new byte[50];
        g[0] = 0x33;
        return g;
    }

    @Test
    void teredoBubbleDetectedOnAnyPort() {
        Recorder r = new Recorder().eth(outer().udp(40001, 40000).ipv6("2001::1", "2001:db8::2").build());
        assertThat(r.ips).hasSize(1); // outer only: a bubble has no transport
        assertThat(r.weirds).isEmpty();
        assertThat(r.packet.encap.depth()).isEqualTo(1);
    }

    @Test
    void gtpV1() {
        Recorder r = new Recorder().eth(outer().udp(2152, 2152).gtp(0x1234).ipv4("10.0.0.1", "10.0.0.2").tcp(1, 80)
                .build());
        assertThat(r.ips).hasSize(2);
        assertThat(r.ips.get(1).encap()).isEqualTo("GTPv1(1.1.1.1:2152>2.2.2.2:2152 C1)");
        r = new Recorder().eth(outer().udp(2152, 2152).gtp(1).payload(new byte[12]).build());
        assertThat(r.violations).containsExactly("GTPV1:Truncated GTPv1");
    }

    @Test
    void ayiya() {
        Recorder r = new Recorder().eth(outer().udp(5072, 5072).ayiya().ipv6("::1", "::2").udp(1, 2).build());
        assertThat(r.ips).hasSize(2);
        assertThat(r.ips.get(1).encap()).startsWith("AYIYA(");
        // detected by content on another port
        r = new Recorder().eth(outer().udp(7000, 7001).ayiya().ipv6("::1", "::2").udp(1, 2).build());
        assertThat(r.ips).hasSize(2);
    }

    @Test
    void disabledUdpTunnel() {
        Recorder r = new Recorder(DecoderConfig.defaults().withUdpTunnels(false, true, true, true, true, true))
                .eth(outer().udp(5555, 4789).vxlan(42).ethernet().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build());
        assertThat(r.ips).hasSize(1);
    }

    @Test
    void responderPortPicksTheTunnel() {
        Recorder r = new Recorder() {
            @Override
            public void ip(Packet p) {
                super.ip(p);
                if (p.encap.depth() == 0) {
                    p.respPort = 4789; // the engine flipped the connection: 4789 is the responder
                    p.isOrig = false;
                }
            }
        };
        r.eth(PacketBuilder.eth().ipv4("2.2.2.2", "1.1.1.1").udp(4789, 5555).vxlan(1).ethernet()
                .ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build());
        assertThat(r.ips).hasSize(2);
        assertThat(r.ips.get(1).encap()).isEqualTo("VXLAN(1.1.1.1:5555>2.2.2.2:4789 C1)");
    }

    @Test
    void maxDepth() {
        // 5 nested IP-in-IP tunnels: the 5th exceeds Tunnel::max_depth = 4
        PacketBuilder b = PacketBuilder.eth();
        for (int i = 1; i <= 6; i++) {
            b.ipv4("10.0.0." + i, "10.0.1." + i);
        }
        Recorder r = new Recorder().eth(b.udp(1, 2).build());
        assertThat(r.ips).isEmpty();
        assertThat(r.weirds).containsExactly("exceeded_tunnel_max_depth_in_tunnel@IPTUNNEL 10.0.0.5>10.0.1.5");
        r = new Recorder(DecoderConfig.defaults().withTunnelMaxDepth(0)).eth(outer().ipv4("3.3.3.3", "4.4.4.4")
                .udp(1, 2).build());
        assertThat(r.weirds).containsExactly("exceeded_tunnel_max_depth@IPTUNNEL 1.1.1.1>2.2.2.2");
    }

    @Test
    void vxlanMaxDepth() {
        PacketBuilder b = PacketBuilder.eth().ipv4("3.3.3.3", "3.3.3.9").udp(1000, 4789).vxlan(1).ethernet()
                .ipv4("3.3.3.4", "3.3.3.8").udp(1000, 4789).vxlan(1).ethernet().ipv4("3.3.3.5", "3.3.3.7")
                .udp(1, 2);
        Recorder r = new Recorder(DecoderConfig.defaults().withTunnelMaxDepth(1)).eth(b.build());
        assertThat(r.ips).hasSize(2);
        assertThat(r.weirds).containsExactly("exceeded_tunnel_max_depth_in_tunnel@VXLAN 3.3.3.4>3.3.3.8");
    }

    @Test
    void weirdsInsideATunnelAreSuffixed() {
        Recorder r = new Recorder().eth(outer().udp(5555, 4789).vxlan(42).bytes(new byte[10], -1).build());
        assertThat(r.weirds).containsExactly("truncated_ethernet_frame_in_tunnel@ETHERNET");
    }
}
