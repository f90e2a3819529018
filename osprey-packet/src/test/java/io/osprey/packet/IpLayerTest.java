package io.osprey.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.Test;

class IpLayerTest {
    private static PacketBuilder v4() {
        return PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2");
    }

    @Test
    void ipv4FieldsAndOptions() {
        byte[] f = v4().ipOptions((byte) 1, (byte) 1, (byte) 1, (byte) 0).udp(53, 53).payload("hello").build();
        Recorder r = new Recorder().eth(f);
        assertThat(r.only().proto()).isEqualTo(17);
        assertThat(r.packet.ipHeaderLen).isEqualTo(24);
        assertThat(r.packet.ipTotalLen).isEqualTo(24 + 8 + 5);
        assertThat(r.packet.l4Offset).isEqualTo(14 + 24);
        assertThat(r.packet.l4Len).isEqualTo(13);
        assertThat(r.packet.l4CapLen).isEqualTo(13);
    }

    @Test
    void ethernetPaddingIsNotTransport() {
        byte[] f = v4().udp(1, 2).appendTrailer(new byte[10]).build();
        Recorder r = new Recorder().eth(f);
        assertThat(r.only().l4CapLen()).isEqualTo(8);
        assertThat(r.packet.ipCapLen).isEqualTo(28);
    }

    @Test
    void truncatedIp() {
        assertThat(new Recorder().eth(v4().udp(1, 2).truncate(14 + 19).build()).weirds)
                .containsExactly("truncated_IP@IP");
        assertThat(new Recorder().eth(PacketBuilder.eth().ipv6("::1", "::2").udp(1, 2).truncate(14 + 39).build()).weirds)
                .containsExactly("truncated_IP@IP");
    }

    @Test
    void truncatedIpLenWhenTotalExceedsWire() {
        Recorder r = new Recorder().eth(v4().ipTotalLength(200).udp(1, 2).build());
        assertThat(r.weirds).containsExactly("truncated_IP_len@IP");
        assertThat(r.ips).isEmpty();
    }

    @Test
    void snappedCaptureIsDeliveredWithShortCapLen() {
        byte[] f = v4().udp(1, 2).payload(new byte[100]).build();
        byte[] snapped = java.util.Arrays.copyOf(f, 14 + 20 + 8 + 10);
        Recorder r = new Recorder().decode(1, snapped, f.length);
        assertThat(r.only().l4Len()).isEqualTo(108);
        assertThat(r.only().l4CapLen()).isEqualTo(18);
    }

    @Test
    void internallyTruncatedHeader() {
        byte[] f = v4().ipOptions(new byte[20]).udp(1, 2).build();
        byte[] snapped = java.util.Arrays.copyOf(f, 14 + 30);
        Recorder r = new Recorder().decode(1, snapped, f.length);
        assertThat(r.weirds).containsExactly("internally_truncated_header@IP");
    }

    @Test
    void invalidHeaderSizes() {
        assertThat(new Recorder().eth(v4().ihl(15).ipTotalLength(28).udp(1, 2).build()).weirds)
                .containsExactly("invalid_IP_header_size@IP");
        assertThat(new Recorder().eth(v4().ihl(4).udp(1, 2).build()).weirds).containsExactly("IPv4_min_header_size@IP");
        assertThat(new Recorder().eth(v4().ipVersion(5).udp(1, 2).build()).weirds)
                .containsExactly("unknown_ip_version@IP");
    }

    @Test
    void zeroTotalLength() {
        byte[] f = v4().ipTotalLength(0).udp(1, 2).build();
        assertThat(new Recorder().eth(f).weirds).containsExactly("ip_hdr_len_zero@IP");
        Recorder r = new Recorder(DecoderConfig.defaults().withIgnoreChecksums(true)).eth(f);
        assertThat(r.weirds).containsExactly("ip_hdr_len_zero@IP");
        assertThat(r.ips).hasSize(1);
    }

    @Test
    void badIpChecksumDropsUnlessIgnored() {
        byte[] f = v4().badChecksum().udp(1, 2).build();
        Recorder r = new Recorder().eth(f);
        assertThat(r.weirds).containsExactly("bad_IP_checksum@IP 10.0.0.1>10.0.0.2");
        assertThat(r.ips).isEmpty();
        r = new Recorder(DecoderConfig.defaults().withIgnoreChecksums(true)).eth(f);
        assertThat(r.weirds).isEmpty();
        assertThat(r.ips).hasSize(1);
    }

    @Test
    void ignoreChecksumsNets() {
        byte[] f = v4().badChecksum().udp(1, 2).build();
        DecoderConfig cfg = DecoderConfig.defaults().withIgnoreChecksumsNets(java.util.List.of("10.0.0.0/8"));
        assertThat(new Recorder(cfg).eth(f).ips).hasSize(1);
        cfg = DecoderConfig.defaults().withIgnoreChecksumsNets(java.util.List.of("10.0.0.2/32", "2001:db8::/32"));
        assertThat(new Recorder(cfg).eth(f).ips).isEmpty();
        assertThat(cfg.ignoreChecksumsFor(0x20010db800000000L, 5)).isTrue();
        assertThat(cfg.ignoreChecksumsFor(0x20010db900000000L, 5)).isFalse();
    }

    @Test
    void transportMinimumHeaders() {
        Recorder r = new Recorder().eth(v4().tcp(1, 2).truncate(14 + 20 + 10).build());
        assertThat(r.ips).isEmpty();
        assertThat(r.weirds).containsExactly("truncated_IP_len@IP");
        byte[] f = v4().tcp(1, 2).build();
        r = new Recorder().decode(1, java.util.Arrays.copyOf(f, 14 + 30), f.length);
        assertThat(r.weirds).containsExactly("internally_truncated_header@TCP 10.0.0.1>10.0.0.2");
        r = new Recorder().eth(v4().payload(new byte[10]).ipProto(6).build());
        assertThat(r.weirds).containsExactly("truncated_header@TCP 10.0.0.1>10.0.0.2");
        r = new Recorder().eth(v4().payload(new byte[4]).ipProto(17).build());
        assertThat(r.weirds).containsExactly("truncated_header@UDP 10.0.0.1>10.0.0.2");
        r = new Recorder().eth(v4().icmpEcho(1, 1).build());
        assertThat(r.only().proto()).isEqualTo(1);
    }

    @Test
    void unknownProtocolStillReachesConnectionAnalysis() {
        Recorder r = new Recorder().eth(v4().payload(new byte[3]).ipProto(132).build());
        assertThat(r.only().proto()).isEqualTo(132);
    }

    @Test
    void ipv4FragmentsGoToTheReassembler() {
        Recorder r = new Recorder().eth(v4().id(7).fragment(0, true).udp(1, 2).payload(new byte[48]).build());
        assertThat(r.ips).isEmpty(); // held by the reassembler
        assertThat(r.weirds).isEmpty();
        byte[] f = v4().fragment(8, false).udp(1, 2).build();
        r = new Recorder().decode(1, java.util.Arrays.copyOf(f, f.length - 4), f.length);
        assertThat(r.weirds).containsExactly("incompletely_captured_fragment@IP 10.0.0.1>10.0.0.2");
        byte[] first = v4().fragment(0, true).udp(1, 2).payload(new byte[40]).build();
        r = new Recorder().decode(1, java.util.Arrays.copyOf(first, first.length - 4), first.length);
        assertThat(r.ips).hasSize(1); // Zeek goes on with an incompletely captured first fragment
        assertThat(new Recorder().eth(v4().dontFragment().udp(1, 2).build()).ips).hasSize(1);
    }

    @Test
    void ipv6WithExtensionHeaders() {
        byte[] f = PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::2").flowLabel(0x12345).ttl(9).hopByHop()
                .destOpts().tcp(1, 2).syn().build();
        Recorder r = new Recorder().eth(f);
        Recorder.Ip ip = r.only();
        assertThat(ip.version()).isEqualTo(6);
        assertThat(ip.src()).isEqualTo("2001:db8::1");
        assertThat(ip.proto()).isEqualTo(6);
        assertThat(ip.ttl()).isEqualTo(9);
        assertThat(r.packet.flowLabel).isEqualTo(0x12345);
        assertThat(r.packet.ipHeaderLen).isEqualTo(56);
        assertThat(ip.l4Len()).isEqualTo(20);
    }

    @Test
    void ipv6RoutingHeaderSetsFinalDestination() {
        byte[] f = PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::2").routing(0, 1, "2001:db8::99").udp(1, 2)
                .build();
        Recorder r = new Recorder().eth(f);
        assertThat(r.only().dst()).isEqualTo("2001:db8::99");
        assertThat(r.weirds).containsExactly("routing0_hdr@null 2001:db8::1>2001:db8::99");
        f = PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::2").routing(7, 1, "2001:db8::99").udp(1, 2).build();
        assertThat(new Recorder().eth(f).weirds).containsExactly("unknown_routing_type(7)@null 2001:db8::1>2001:db8::2");
    }

    @Test
    void ipv6BadDestOptLen() {
        byte[] f = PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::2").destOpts((byte) 5, (byte) 50).udp(1, 2)
                .build();
        Recorder r = new Recorder().eth(f);
        assertThat(r.weirds).containsExactly("bad_ipv6_dest_opt_len@null 2001:db8::1>2001:db8::2");
        assertThat(r.ips).hasSize(1);
    }

    @Test
    void ipv6NoNextAndEsp() {
        Recorder r = new Recorder().eth(PacketBuilder.eth().ipv6("::1", "::2").build());
        assertThat(r.weirds).containsExactly("ipv6_no_next@IP ::1>::2");
        r = new Recorder().eth(PacketBuilder.eth().ipv6("::1", "::2").ipProto(50).payload(new byte[16]).build());
        assertThat(r.ips).isEmpty();
        assertThat(r.weirds).isEmpty();
        // ESP over IPv4 is just an unknown transport
        r = new Recorder().eth(v4().ipProto(50).payload(new byte[16]).build());
        assertThat(r.only().proto()).isEqualTo(50);
    }

    @Test
    void ipv6FragmentsGoToTheReassembler() {
        byte[] f = PacketBuilder.eth().ipv6("::1", "::2").fragment6(0, true, 5).udp(1, 2).payload(new byte[16])
                .build();
        Recorder r = new Recorder().eth(f);
        assertThat(r.ips).isEmpty();
        assertThat(r.weirds).isEmpty();
    }

    @Test
    void truncatedIpv6ExtensionHeaderEndsTheChain() {
        byte[] f = PacketBuilder.eth().ipv6("::1", "::2").hopByHop().udp(1, 2).build();
        byte[] snapped = java.util.Arrays.copyOf(f, 14 + 40 + 4);
        Recorder r = new Recorder().decode(1, snapped, f.length);
        // the hop-by-hop header is not part of the chain: protocol 0 goes to connection analysis as unknown
        assertThat(r.only().proto()).isEqualTo(0);
    }
}
