package io.osprey.analyzer.socks;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.analyzer.Pipelines;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.TcpConversation;
import io.osprey.testkit.ZeekLogs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A content gap inside a SOCKS tunnel: Zeek's SOCKS analyzer hands the tunnelled bytes to a PIA child, and content
 * gaps are not forwarded to children (Analyzer::Undelivered does not), so the HTTP analyzer under it sees the bytes
 * after the hole as if they followed on: the reply whose start was lost, and those after it, are not parsed. Found
 * by mutating a capture (a truncated segment) and comparing with real Zeek; the expectations are real Zeek 9.1's on
 * the capture built here ({@code -Dosprey.socks.gap.pcap=F} keeps a copy).
 */
class SocksTunnelGapTest {
    private static final long MS = 1_000_000L;
    private long t = 1_700_000_000_000_000_000L;

    @Test
    void theTunnelledAnalyzerSeesNoGap(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("socksgap.pcap");
        String ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            TcpConversation c = new TcpConversation(w, () -> t += MS, "10.0.0.7", 40001, "10.0.0.1", 1080).open();
            c.sendAcked(true, new byte[] {5, 1, 0});
            c.sendAcked(false, new byte[] {5, 0});
            c.sendAcked(true, new byte[] {5, 1, 0, 1, 10, 0, 0, 9, 0, 80});
            c.sendAcked(false, new byte[] {5, 0, 0, 1, 10, 0, 0, 9, 0, 80});
            c.sendAcked(true, "GET /a HTTP/1.1\r\nHost: h\r\n\r\n");
            c.sendAcked(false, ok);
            c.sendAcked(true, "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
            c.lose(false, ok.length()).ack(true); // the reply to /b is not captured, the client acknowledges it
            c.sendAcked(true, "GET /c HTTP/1.1\r\nHost: h\r\n\r\n");
            c.sendAcked(false, ok);
            c.close(true);
        }
        Pipelines.keepCopy(pcap, "osprey.socks.gap.pcap");
        Path out = Pipelines.run(pcap, dir.resolve("out"), Set.of("conn", "socks", "http"));

        List<Map<String, String>> http = ZeekLogs.read(out.resolve("http.log"));
        // /c's reply is taken as /b's (the lost one never shows); /c is left unanswered
        assertThat(http).extracting(h -> h.get("uri") + "=" + h.get("status_code"))
                .containsExactly("/a=200", "/b=200", "/c=-");
        assertThat(ZeekLogs.read(out.resolve("conn.log")).getFirst().get("service")).isEqualTo("socks,http");
    }
}
