package io.osprey.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketBuilderTest {
    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    private static int sum(byte[] b, int off, int len, long acc) {
        for (int i = 0; i < len; i += 2) {
            acc += ((b[off + i] & 0xFF) << 8) | (i + 1 < len ? b[off + i + 1] & 0xFF : 0);
        }
        while ((acc >>> 16) != 0) {
            acc = (acc >>> 16) + (acc & 0xFFFF);
        }
        return (int) acc;
    }

    @Test
    void ethernetIpv4Udp() {
        byte[] f = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").ttl(7).id(99).udp(53, 1234).payload("abc")
                .build();
        assertThat(f).hasSize(14 + 20 + 8 + 3);
        assertThat(u16(f, 12)).isEqualTo(0x0800);
        assertThat(f[14]).isEqualTo((byte) 0x45);
        assertThat(u16(f, 16)).isEqualTo(31);
        assertThat(u16(f, 18)).isEqualTo(99);
        assertThat(f[22]).isEqualTo((byte) 7);
        assertThat(f[23]).isEqualTo((byte) 17);
        assertThat(sum(f, 14, 20, 0)).isEqualTo(0xFFFF);
        assertThat(u16(f, 34)).isEqualTo(53);
        assertThat(u16(f, 38)).isEqualTo(11);
        long pseudo = 0x0A00 + 0x0001 + 0x0A00 + 0x0002 + 17 + 11;
        assertThat(sum(f, 34, 11, pseudo)).isEqualTo(0xFFFF);
    }

    @Test
    void typeFieldsFollowTheNextLayer() {
        byte[] f = PacketBuilder.eth().vlan(5).mpls(1).mpls(2).ipv6("::1", "::2").tcp(1, 2).build();
        assertThat(u16(f, 12)).isEqualTo(0x8100);
        assertThat(u16(f, 14) & 0xFFF).isEqualTo(5);
        assertThat(u16(f, 16)).isEqualTo(0x8847);
        assertThat(f[20] & 0x01).isZero(); // first label: not bottom of stack
        assertThat(f[24] & 0x01).isEqualTo(1);
        assertThat(f[26] >>> 4).isEqualTo(6);
        assertThat(f[26 + 6]).isEqualTo((byte) 6);
        assertThat(u16(f, 26 + 4)).isEqualTo(20);
    }

    @Test
    void breakingThings() {
        byte[] good = PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
        byte[] bad = PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").badChecksum().udp(1, 2).build();
        assertThat(sum(bad, 14, 20, 0)).isNotEqualTo(0xFFFF);
        assertThat(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).truncate(20).build()).hasSize(20);
        assertThat(u16(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").ipTotalLength(999).udp(1, 2).build(), 16))
                .isEqualTo(999);
        assertThat(u16(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).udpLength(3).build(), 38))
                .isEqualTo(3);
        assertThat(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).appendTrailer(new byte[6]).build())
                .hasSize(good.length + 6);
        assertThatThrownBy(() -> PacketBuilder.eth().ttl(3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tunnels() {
        byte[] v = PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(1, 4789).vxlan(0x123456).ethernet()
                .ipv4("10.0.0.1", "10.0.0.2").udp(3, 4).build();
        assertThat(v[42]).isEqualTo((byte) 0x08);
        assertThat(v[46] & 0xFF).isEqualTo(0x12);
        assertThat(u16(v, 50 + 12)).isEqualTo(0x0800);
        byte[] g = PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").gre().ethernet().ipv6("::1", "::2").udp(3, 4)
                .build();
        assertThat(g[23]).isEqualTo((byte) 47);
        assertThat(u16(g, 36)).isEqualTo(0x6558);
        byte[] p = PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").greV1().ipv4("10.0.0.1", "10.0.0.2").udp(3, 4)
                .build();
        assertThat(u16(p, 34) & 7).isEqualTo(1);
        assertThat(u16(p, 36)).isEqualTo(0x880B);
        assertThat(u16(p, 34 + 8 + 2)).isEqualTo(0x0021);
    }
}
