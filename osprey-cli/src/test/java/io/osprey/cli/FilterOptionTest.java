package io.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code osprey -r FILE -f EXPR}: only the packets the tcpdump expression selects are analyzed. */
class FilterOptionTest {
    @TempDir
    Path dir;

    private Path capture() throws IOException {
        byte[] dns = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.53").udp(40000, 53).payload("query").build();
        byte[] web = PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.80").tcp(40001, 80).syn().build();
        byte[] web6 = PacketBuilder.eth().ipv6("2001:db8::1", "2001:db8::80").tcp(40002, 80).syn().build();
        byte[] vlanDns = PacketBuilder.eth().vlan(7).ipv4("10.0.0.2", "10.0.0.53").udp(40003, 53).payload("q")
                .build();
        return Files.write(dir.resolve("in.pcap"), PcapFileWriter.toBytes(1, List.of(dns, web, web6, vlanDns)));
    }

    private List<Map<String, String>> conn(Path out) throws IOException {
        return Logs.read(out.resolve("conn.log"));
    }

    @Test
    void onlySelectedPacketsMakeConnections() throws IOException {
        Path in = capture();
        Path out = dir.resolve("o1");
        OspreyCliTest.Run r = OspreyCliTest.osprey("-r", in.toString(), "-o", out.toString(), "-q", "-f",
                "tcp port 80");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(conn(out)).extracting(c -> c.get("id.resp_h")).containsExactlyInAnyOrder("10.0.0.80",
                "2001:db8::80");
    }

    @Test
    void vlanShiftsTheOffsetsOfWhatFollows() throws IOException {
        Path out = dir.resolve("o2");
        OspreyCliTest.Run r = OspreyCliTest.osprey("-r", capture().toString(), "-o", out.toString(), "-q",
                "--filter", "vlan and udp port 53");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(conn(out)).extracting(c -> c.get("id.orig_h")).containsExactly("10.0.0.2");
    }

    @Test
    void aSyntaxErrorIsOneLineWithThePositionAndExit1() throws IOException {
        Path out = dir.resolve("o3");
        OspreyCliTest.Run r = OspreyCliTest.osprey("-r", capture().toString(), "-o", out.toString(), "-q", "-f",
                "tcp port");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("position 8").startsWith("osprey: -f \"tcp port\"");
        assertThat(out.resolve("conn.log")).doesNotExist();
    }

    @Test
    void aPrimitiveTheLinkTypeLacksIsReportedWithExit1() throws IOException {
        OspreyCliTest.Run r = OspreyCliTest.osprey("-r", capture().toString(), "-o", dir.resolve("o4").toString(),
                "-q", "-f", "wlan type mgt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("position 5")
                .contains("'type/subtype' not supported on DLT_EN10MB");
    }
}
