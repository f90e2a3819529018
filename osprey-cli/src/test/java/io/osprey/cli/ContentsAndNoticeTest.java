package io.osprey.cli;

import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --contents} (Bro's contents files: reassembled streams per direction, gaps marked, -f honored) and the
 * non-standard-port notice on the project's HTTP capture (real curl against nginx on port 2222).
 */
class ContentsAndNoticeTest {
    @TempDir
    Path dir;

    static final Path HTTP = Logs.repoRoot().resolve("samples/http.pcap");

    @Test
    void httpOnPort2222RaisesProtocolFoundAndServerFound() throws Exception {
        OspreyCliTest.Run r = OspreyCliTest.osprey("-r", HTTP.toString(), "-o", dir.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        List<Map<String, String>> notices = Logs.read(dir.resolve("notice.log"));
        assertThat(notices).extracting(n -> n.get("note"))
                .containsExactly("ProtocolDetector::Protocol_Found", "ProtocolDetector::Server_Found");
        assertThat(notices.get(0).get("msg")).endsWith("HTTP on port 2222/tcp");
        assertThat(notices.get(0)).containsEntry("id.resp_p", "2222").containsEntry("sub", "HTTP");
        assertThat(notices.get(1)).containsEntry("msg", "10.78.0.1: HTTP server on port 2222/tcp");
    }

    @Test
    void contentsFilesHoldEachDirectionAndHonorTheFilter() throws Exception {
        OspreyCliTest.Run r = OspreyCliTest.osprey("-r", HTTP.toString(), "-o", dir.toString(), "-q", "--contents",
                "-f", "tcp port 2222");
        assertThat(r.exit()).as(r.err()).isZero();
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("contents."))
                    .sorted().toList();
            assertThat(names).hasSize(2);
            assertThat(names).allMatch(n -> n.contains(".2222"));
        }
        String request = Files.readString(dir.resolve(find("10.78.0.10.")), StandardCharsets.ISO_8859_1);
        String reply = Files.readString(dir.resolve(find("10.78.0.1.2222.")), StandardCharsets.ISO_8859_1);
        assertThat(request).startsWith("GET ").contains("Host: ");
        assertThat(reply).startsWith("HTTP/1.1 200 OK\r\n");
    }

    private String find(String prefix) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("contents." + prefix))
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void gapsAreMarkedNotGluedOver() throws Exception {
        Path pcap = dir.resolve("gap.pcap");
        String c = "10.0.0.1";
        String s = "10.0.0.2";
        try (PcapFileWriter w = PcapFileWriter.create(pcap, 1, false)) {
            long t = 1_700_000_000_000_000_000L;
            w.write(t += 1_000_000, PacketBuilder.eth().ipv4(c, s).tcp(40000, 7000).flags(SYN).seq(0).build());
            w.write(t += 1_000_000, PacketBuilder.eth().ipv4(s, c).tcp(7000, 40000).flags(SYN | ACK).seq(0).ack(1).build());
            w.write(t += 1_000_000, PacketBuilder.eth().ipv4(c, s).tcp(40000, 7000).flags(PSH | ACK).seq(1).ack(1)
                    .payload("first ").build());
            // bytes 7..16 ("lost data ") never captured
            w.write(t += 1_000_000, PacketBuilder.eth().ipv4(c, s).tcp(40000, 7000).flags(PSH | ACK).seq(17).ack(1)
                    .payload("last").build());
            w.write(t += 1_000_000, PacketBuilder.eth().ipv4(s, c).tcp(7000, 40000).flags(ACK).seq(1).ack(21).build());
            w.write(t += 1_000_000, PacketBuilder.eth().ipv4(c, s).tcp(40000, 7000).flags(FIN | ACK).seq(21).ack(1).build());
            w.write(t += 1_000_000, PacketBuilder.eth().ipv4(s, c).tcp(7000, 40000).flags(FIN | ACK).seq(1).ack(22).build());
        }
        Path out = dir.resolve("out");
        OspreyCliTest.Run r = OspreyCliTest.osprey("-r", pcap.toString(), "-o", out.toString(), "-q", "--contents");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("contents.10.0.0.1.40000.10.0.0.2.7000")))
                .isEqualTo("first \n<<gap 10>>\nlast");
        assertThat(out.resolve("contents.10.0.0.2.7000.10.0.0.1.40000")).doesNotExist();
    }

    @Test
    void anUnwritableDirectoryIsOneLineAndExit2() throws Exception {
        Path out = dir.resolve("ro");
        Files.createDirectories(out);
        // A directory where a contents file would go makes the write fail.
        Files.createDirectories(out.resolve("contents.10.78.0.10.59448.10.78.0.1.2222"));
        OspreyCliTest.Run r = OspreyCliTest.osprey("-r", HTTP.toString(), "-o", out.toString(), "-q", "--contents",
                "-f", "tcp port 2222");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("osprey: --contents: cannot write ");
    }
}
