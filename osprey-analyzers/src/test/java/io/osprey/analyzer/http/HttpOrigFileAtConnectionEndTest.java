package io.osprey.analyzer.http;

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
 * The client's FIN is lost: its one byte of sequence space, acknowledged by the server, is a content gap in the
 * request direction after the POST body's file ended at its size. The gap goes to a new file under the same handle
 * (seen 0, missing 1), and HTTP_Analyzer::Done ends the originator's file that the current transaction's handle
 * names when the connection is removed, so that file ends normally (timedout F), not at the end of input. Found by
 * mutating a capture (a truncated FIN) and comparing with real Zeek; expectations from real Zeek 9.1 on the capture
 * built here ({@code -Dosprey.http.lostfin.pcap=F} keeps a copy).
 */
class HttpOrigFileAtConnectionEndTest {
    private static final long MS = 1_000_000L;
    private long t = 1_700_000_000_000_000_000L;

    @Test
    void aGapAfterTheRequestBodyIsAFileThatEndsWithTheConnection(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("lostfin.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            TcpConversation c = new TcpConversation(w, () -> t += MS, "10.0.0.7", 40001, "10.0.0.1", 80).open();
            c.sendAcked(true, "POST /submit HTTP/1.1\r\nHost: h\r\nContent-Length: 20\r\n\r\n");
            c.sendAcked(true, "a=1&b=2&c=3&d=4&e=55");
            c.sendAcked(false, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            c.lose(true, 1); // the client's FIN
            c.fin(false).ack(true);
        }
        Pipelines.keepCopy(pcap, "osprey.http.lostfin.pcap");
        Path out = Pipelines.run(pcap, dir.resolve("out"), Set.of("conn", "http"));

        List<Map<String, String>> files = ZeekLogs.read(out.resolve("files.log"));
        assertThat(files).extracting(f -> f.get("is_orig") + " " + f.get("seen_bytes") + "/" + f.get("missing_bytes")
                + " timedout=" + f.get("timedout")).containsExactlyInAnyOrder(
                "T 20/0 timedout=F", "F 2/0 timedout=F", "T 0/1 timedout=F");
    }
}
