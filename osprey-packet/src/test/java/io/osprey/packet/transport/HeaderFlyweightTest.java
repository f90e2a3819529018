package io.osprey.packet.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.packet.Packet;
import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.Test;

class HeaderFlyweightTest {
    @Test
    void tcpFieldsAndOptions() {
        Packet p = ChecksumsTest.decode(PacketBuilder.eth().ipv4("1.2.3.4", "5.6.7.8").tcp(40000, 443)
                .flags(PacketBuilder.SYN | PacketBuilder.ACK).seq(0xFFFFFFF0L).ack(7).window(1000).mss(1460)
                .sackPermitted().timestamps(111, 222).tcpOption(1).windowScale(7).build());
        var s = p.seg;
        long o = p.l4Offset;
        assertThat(TcpHeader.srcPort(s, o)).isEqualTo(40000);
        assertThat(TcpHeader.dstPort(s, o)).isEqualTo(443);
        assertThat(TcpHeader.seq(s, o)).isEqualTo(0xFFFFFFF0L);
        assertThat(TcpHeader.ack(s, o)).isEqualTo(7);
        assertThat(TcpHeader.flags(s, o)).isEqualTo(TcpHeader.SYN | TcpHeader.ACK);
        assertThat(TcpHeader.window(s, o)).isEqualTo(1000);
        assertThat(TcpHeader.headerLength(s, o)).isEqualTo(20 + 4 + 2 + 10 + 1 + 3);
        long opts = TcpHeader.parseOptions(s, o, p.l4CapLen);
        assertThat(opts & TcpHeader.OPTS_HAS_MSS).isNotZero();
        assertThat(TcpHeader.optMss(opts)).isEqualTo(1460);
        assertThat(opts & TcpHeader.OPTS_HAS_WSCALE).isNotZero();
        assertThat(TcpHeader.optWindowScale(opts)).isEqualTo(7);
        assertThat(opts & TcpHeader.OPTS_SACK_PERMITTED).isNotZero();
        assertThat(opts & TcpHeader.OPTS_HAS_TIMESTAMPS).isNotZero();
        assertThat(opts & TcpHeader.OPTS_MALFORMED).isZero();
        assertThat(TcpHeader.tsVal(s, o, p.l4CapLen)).isEqualTo(111);
        assertThat(TcpHeader.tsEcr(s, o, p.l4CapLen)).isEqualTo(222);
    }

    @Test
    void malformedOptions() {
        Packet p = ChecksumsTest.decode(PacketBuilder.eth().ipv4("1.2.3.4", "5.6.7.8").tcp(1, 2).tcpOption(2, 1, 0, 0)
                .build());
        assertThat(TcpHeader.parseOptions(p.seg, p.l4Offset, p.l4CapLen) & TcpHeader.OPTS_MALFORMED).isNotZero();
        assertThat(TcpHeader.tsVal(p.seg, p.l4Offset, p.l4CapLen)).isEqualTo(-1);
    }

    @Test
    void udpAndIcmp() {
        Packet p = ChecksumsTest.decode(PacketBuilder.eth().ipv4("1.2.3.4", "5.6.7.8").udp(53, 5353).payload("q")
                .build());
        assertThat(UdpHeader.srcPort(p.seg, p.l4Offset)).isEqualTo(53);
        assertThat(UdpHeader.dstPort(p.seg, p.l4Offset)).isEqualTo(5353);
        assertThat(UdpHeader.length(p.seg, p.l4Offset)).isEqualTo(9);
        p = ChecksumsTest.decode(PacketBuilder.eth().ipv6("::1", "::2").icmpEcho(9, 10).build());
        assertThat(IcmpHeader.type(p.seg, p.l4Offset)).isEqualTo(IcmpHeader.V6_ECHO_REQUEST);
        assertThat(IcmpHeader.code(p.seg, p.l4Offset)).isZero();
        assertThat(IcmpHeader.id(p.seg, p.l4Offset)).isEqualTo(9);
        assertThat(IcmpHeader.seq(p.seg, p.l4Offset)).isEqualTo(10);
    }
}
