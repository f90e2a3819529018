package io.osprey.packet;

import static io.osprey.packet.LinkLayerTest.cat;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.testkit.PacketBuilder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Odd packets whose expected outcome was taken from real Zeek 9.1 (each frame written with PcapFileWriter and run
 * through {@code zeek -r}; the weird.log name/source/addresses and whether conn.log got an entry are asserted here).
 */
class ZeekVerifiedCasesTest {
    private static PacketBuilder v4() {
        return PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2");
    }

    @Test
    void incompletelyCapturedFirstFragmentGoesOnNonFirstStops() {
        byte[] f = v4().fragment(0, true).udp(1000, 2000).payload(new byte[40]).build();
        Recorder r = new Recorder().decode(1, Arrays.copyOf(f, f.length - 20), f.length);
        assertThat(r.weirds).containsExactly("incompletely_captured_fragment@IP 1.1.1.1>2.2.2.2");
        assertThat(r.ips).hasSize(1);
        f = v4().fragment(8, true).udp(1000, 2000).payload(new byte[40]).build();
        r = new Recorder().decode(1, Arrays.copyOf(f, f.length - 20), f.length);
        assertThat(r.weirds).containsExactly("incompletely_captured_fragment@IP 1.1.1.1>2.2.2.2");
        assertThat(r.ips).isEmpty();
        f = PacketBuilder.eth().ipv6("::1", "::2").fragment6(0, true, 5).udp(1000, 2000).payload(new byte[40]).build();
        r = new Recorder().decode(1, Arrays.copyOf(f, f.length - 20), f.length);
        assertThat(r.weirds).containsExactly("incompletely_captured_fragment@IP ::1>::2");
        assertThat(r.only().proto()).isEqualTo(17);
    }

    @Test
    void mobilityHeaderChecksum() {
        Recorder r = new Recorder().eth(PacketBuilder.eth().ipv6("::1", "::2").ipProto(135)
                .payload(new byte[] {59, 0, 0, 0, 0, 0, 0, 0}).build());
        assertThat(r.weirds).containsExactly("bad_MH_checksum@IP ::1>::2");
        assertThat(r.ips).isEmpty();
    }

    @Test
    void ahIsPartOfTheChain() {
        byte[] ah = {17, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Recorder r = new Recorder().eth(PacketBuilder.eth().ipv6("::1", "::2").ipProto(51)
                .payload(cat(ah, PacketBuilder.raw().udp(5, 6).build())).build());
        assertThat(r.only().proto()).isEqualTo(17);
        assertThat(r.packet.ipHeaderLen).isEqualTo(52);
    }

    @Test
    void greFlagWeirds() {
        assertThat(new Recorder().eth(v4().ipProto(47).payload(new byte[] {0x40, 0, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8})
                .build()).weirds).containsExactly("gre_routing@GRE 1.1.1.1>2.2.2.2");
        assertThat(new Recorder().eth(v4().ipProto(47).payload(new byte[] {0, 0x08, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8})
                .build()).weirds).containsExactly("unknown_gre_flags@GRE 1.1.1.1>2.2.2.2");
        assertThat(new Recorder().eth(v4().ipProto(47).payload(new byte[] {0, 0, 0x65, 0x58, 1, 2, 3, 4, 5, 6, 7, 8})
                .build()).weirds).containsExactly("truncated_GRE@GRE 1.1.1.1>2.2.2.2");
    }

    @Test
    void geneveVersionAndUnknownProtocol() {
        Recorder r = new Recorder().eth(v4().udp(40000, 6081)
                .payload(new byte[] {0x40, 0, 0x08, 0, 0, 0, 1, 0, 0x45, 0, 0, 20}).build());
        assertThat(r.weirds).containsExactly("geneve_invalid_version(1)@GENEVE 1.1.1.1>2.2.2.2");
        r = new Recorder().eth(v4().udp(40000, 6081)
                .payload(new byte[] {0, 0, 0x12, 0x34, 0, 0, 1, 0, 0x45, 0, 0, 20}).build());
        assertThat(r.nonIp).containsExactly("GENEVE:1234");
        assertThat(r.ips).hasSize(1);
    }

    @Test
    void gtpExtensionHeadersVersionAndPadding() {
        byte[] inner = PacketBuilder.raw().ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build();
        byte[] ext = {0x34, (byte) 0xFF, 0, 40, 0, 0, 0, 1, 0, 0, 0, (byte) 0x85, 1, 0x10, 0, 0};
        Recorder r = new Recorder().eth(v4().udp(2152, 2152).payload(cat(ext, inner)).build());
        assertThat(r.ips).hasSize(2);
        byte[] v2 = {0x50, (byte) 0xFF, 0, 28, 0, 0, 0, 1};
        r = new Recorder().eth(v4().udp(2152, 2152).payload(cat(v2, inner)).build());
        assertThat(r.violations).containsExactly("GTPV1:GTPv1 bad Version");
        byte[] v1 = {0x30, (byte) 0xFF, 0, 28, 0, 0, 0, 1};
        r = new Recorder().eth(v4().udp(2152, 2152).payload(cat(cat(v1, inner), new byte[3])).build());
        assertThat(r.violations).containsExactly("GTPV1:GTPv1 payload length");
    }

    @Test
    void vxlanInsideGreAndNoNextInTunnel() {
        Recorder r = new Recorder().eth(v4().gre().ipv4("3.3.3.3", "4.4.4.4").udp(40000, 4789).vxlan(1).ethernet()
                .ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build());
        assertThat(r.ips).extracting(Recorder.Ip::src).containsExactly("3.3.3.3", "10.0.0.1");
        assertThat(r.ips.get(1).encap()).isEqualTo("GRE(1.1.1.1:0>2.2.2.2:0)VXLAN(3.3.3.3:40000>4.4.4.4:4789 C1)");
        r = new Recorder().eth(v4().ipv6("::1", "::2").build());
        assertThat(r.weirds).containsExactly("ipv6_no_next_in_tunnel@IP ::1>::2");
    }

    @Test
    void qinqTpidInsideVlanIsUnknown() {
        Recorder r = new Recorder().eth(PacketBuilder.eth().vlan(1).bytes(new byte[] {0, 2, 8, 0}, 0x88A8)
                .ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build());
        assertThat(r.nonIp).containsExactly("VLAN:88a8");
        assertThat(r.ips).isEmpty();
    }

    @Test
    void zeroTotalLengthWithIgnoreChecksumsMakesAConnection() {
        Recorder r = new Recorder(DecoderConfig.defaults().withIgnoreChecksums(true))
                .eth(v4().ipTotalLength(0).tcp(1, 2).syn().build());
        assertThat(r.weirds).containsExactly("ip_hdr_len_zero@IP");
        assertThat(r.only().proto()).isEqualTo(6);
    }

    @Test
    void pbbCarriesCustomerFrame() {
        Recorder r = new Recorder().eth(PacketBuilder.eth().bytes(new byte[4], 0x88E7)
                .ethernet(0x0000000000AAL, 0x0000000000BBL).ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build());
        assertThat(r.only().l2Src()).isEqualTo(0xAAL);
    }

    @Test
    void ayiyaNonForwardOpcode() {
        byte[] h = cat(new byte[] {0x41, 0x52, 0x12, 41, 0, 0, 0, 0}, new byte[36 + 40]);
        Recorder r = new Recorder().eth(v4().udp(5072, 5072).payload(h).build());
        assertThat(r.ips).hasSize(1);
        assertThat(r.weirds).isEmpty();
    }

    @Test
    void teredoAuthentication() {
        byte[] auth = {0, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        Recorder r = new Recorder().eth(v4().udp(40000, 3544)
                .payload(cat(auth, PacketBuilder.raw().ipv6("2001::1", "2001::2").udp(1, 2).build())).build());
        assertThat(r.ips).hasSize(2);
    }
}
