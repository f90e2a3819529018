package io.osprey.packet;

import static io.osprey.packet.LinkLayerTest.cat;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.Test;

class WirelessAndLegacyLinkTest {
    private static final byte[] SNAP_IP4 = {(byte) 0xAA, (byte) 0xAA, 3, 0, 0, 0, 0x08, 0x00};

    /** An 802.11 data frame header: FC, flags, duration, 3 addresses, sequence. */
    private static byte[] wlan(int fc, int flags) {
        byte[] h = new byte[24];
        h[0] = (byte) fc;
        h[1] = (byte) flags;
        for (int i = 0; i < 6; i++) {
            h[4 + i] = (byte) 0x11; // addr1
            h[10 + i] = (byte) 0x22; // addr2
            h[16 + i] = (byte) 0x33; // addr3
        }
        return h;
    }

    private static byte[] ip4() {
        return PacketBuilder.raw().ipv4("1.1.1.1", "2.2.2.2").udp(1, 2).build();
    }

    @Test
    void dataFrameToDs() {
        byte[] f = cat(cat(wlan(0x08, 0x01), SNAP_IP4), ip4());
        Recorder r = new Recorder().decode(105, f);
        assertThat(r.only().src()).isEqualTo("1.1.1.1");
        assertThat(r.only().l2Src()).isEqualTo(0x222222222222L);
        assertThat(r.only().l2Dst()).isEqualTo(0x333333333333L);
    }

    @Test
    void qosAndAmsdu() {
        byte[] ip = ip4();
        byte[] sub = cat(cat(new byte[12], new byte[] {0, (byte) (8 + ip.length)}), cat(SNAP_IP4, ip));
        int pad = (8 + ip.length) % 4;
        byte[] two = cat(cat(sub, new byte[pad]), sub);
        byte[] f = cat(cat(wlan(0x88, 0x00), new byte[] {(byte) 0x80, 0}), two);
        Recorder r = new Recorder().decode(105, f);
        assertThat(r.ips).hasSize(2);
        assertThat(r.weirds).isEmpty();
        byte[] bad = cat(cat(wlan(0x88, 0x00), new byte[] {(byte) 0x80, 0}), new byte[10]);
        assertThat(new Recorder().decode(105, bad).weirds).containsExactly("truncated_802_11_amsdu_header@IEEE802_11");
    }

    @Test
    void managementAndProtectedFramesAreSkipped() {
        assertThat(new Recorder().decode(105, cat(wlan(0x80, 0), new byte[40])).weirds).isEmpty();
        byte[] prot = cat(cat(wlan(0x88, 0x40), new byte[2]), new byte[40]);
        Recorder r = new Recorder().decode(105, prot);
        assertThat(r.ips).isEmpty();
        assertThat(r.weirds).isEmpty();
        assertThat(new Recorder().decode(105, new byte[24]).weirds).containsExactly("truncated_802_11_header@IEEE802_11");
    }

    @Test
    void radiotap() {
        byte[] rt = {0, 0, 8, 0, 0, 0, 0, 0};
        byte[] f = cat(cat(cat(rt, wlan(0x08, 0x02)), SNAP_IP4), ip4());
        assertThat(new Recorder().decode(127, f).only().src()).isEqualTo("1.1.1.1");
        assertThat(new Recorder().decode(127, new byte[] {0, 0, 8}).weirds)
                .containsExactly("truncated_radiotap_header@IEEE802_11_RADIO");
    }

    @Test
    void arubaGreCarries80211() {
        byte[] inner = cat(cat(wlan(0x08, 0x01), SNAP_IP4), ip4());
        byte[] f = PacketBuilder.eth().ipv4("9.9.9.9", "8.8.8.8").gre().greProtocol(0x8200).bytes(inner, -1).build();
        Recorder r = new Recorder().eth(f);
        assertThat(r.only().encap()).isEqualTo("GRE(9.9.9.9:0>8.8.8.8:0)");
        assertThat(r.only().l2Src()).isEqualTo(0x222222222222L);
    }

    @Test
    void fddi() {
        byte[] hdr = new byte[21];
        hdr[13] = (byte) 0xAA;
        assertThat(new Recorder().decode(10, cat(hdr, ip4())).only().src()).isEqualTo("1.1.1.1");
        assertThat(new Recorder().decode(10, new byte[21]).weirds).containsExactly("FDDI_analyzer_failed@FDDI");
    }

    @Test
    void teredoDetectionByContent() {
        // any port: a version-6 header with a Teredo (2001:0::/32) address is Teredo, like Zeek's pattern
        Recorder r = new Recorder().eth(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(40000, 40001)
                .ipv6("2001:0:1::1", "2001:db8::2").tcp(1, 80).build());
        assertThat(r.ips).hasSize(2);
        assertThat(r.ips.get(1).encap()).startsWith("TEREDO(");
        r = new Recorder().eth(PacketBuilder.eth().ipv4("1.1.1.1", "2.2.2.2").udp(40000, 40001)
                .ipv6("2001:db8::1", "2001:db8::2").tcp(1, 80).build());
        assertThat(r.ips).hasSize(1);
    }
}
