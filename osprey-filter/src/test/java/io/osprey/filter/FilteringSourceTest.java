package io.osprey.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A source that hands out only the packets an expression selects. */
class FilteringSourceTest {
    private static PacketSource capture(int linkType, List<byte[]> frames) {
        byte[] file = PcapFileWriter.toBytes(linkType, frames);
        return Captures.openStream("test", new ByteArrayInputStream(file), file.length, w -> { });
    }

    @Test
    void skipsWhatTheFilterRejects() {
        List<byte[]> frames = List.of(
                PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").udp(1, 53).build(),
                PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 80).syn().build(),
                PacketBuilder.eth().ipv4("10.0.0.3", "10.0.0.2").udp(2, 53).build());
        try (FilteringSource s = (FilteringSource) FilteringSource.wrap(capture(1, frames), "udp port 53")) {
            PacketRecord r = new PacketRecord();
            List<Integer> lengths = new ArrayList<>();
            while (s.next(r)) {
                lengths.add(r.caplen);
            }
            assertThat(lengths).containsExactly(frames.get(0).length, frames.get(2).length);
            assertThat(s.dropped()).isEqualTo(1);
        }
    }

    @Test
    void noExpressionMeansTheSourceItself() {
        PacketSource inner = capture(1, List.of(new byte[60]));
        assertThat(FilteringSource.wrap(inner, null)).isSameAs(inner);
        inner.close();
    }

    @Test
    void anExpressionTheLinkTypeCannotHaveFailsAtTheFirstPacket() {
        PacketSource s = FilteringSource.wrap(capture(101, List.of(PacketBuilder.raw().ipv4("1.1.1.1", "2.2.2.2")
                .udp(1, 2).build())), "vlan 7");
        assertThatThrownBy(() -> s.next(new PacketRecord())).isInstanceOf(FilterException.class)
                .hasMessageContaining("'vlan' not supported on DLT_RAW")
                .satisfies(e -> assertThat(((FilterException) e).syntax().position()).isZero());
        s.close();
    }

    @Test
    void syntaxIsCheckedBeforeReadingWithoutLookingUpNames() throws Exception {
        FilteringSource.checkSyntax("host no.such.host.invalid and port nosuchport");
        FilteringSource.checkSyntax("wlan type mgt");
        assertThatThrownBy(() -> FilteringSource.checkSyntax("tcp port")).isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("position 8");
        assertThatThrownBy(() -> FilteringSource.checkSyntax("port 09")).isInstanceOf(
                FilterSyntaxException.class);
    }
}
