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
 * A range download's parts are one file (Zeek's get_file_handle keys them by client and URL, not by connection), and
 * which transaction lists that file follows the file, not the connection: a part that arrives after the file reached
 * its size starts a new file under the same id, and the transaction carrying it lists it (file_over_new_connection of
 * the new file). Seen on the 1 GB benchmark capture, where nginx answered a range request with the whole object;
 * the expectations were taken from real Zeek 9.1 on the capture built here ({@code -Dosprey.http.range.pcap=F} keeps
 * a copy).
 */
class HttpRangeFileTest {
    private static final long MS = 1_000_000L;
    private long t = 1_700_000_000_000_000_000L;

    @Test
    void aPartAfterTheFileEndedStartsANewFileListedByItsTransaction(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("range.pcap");
        String first = "a".repeat(100);
        String whole = "b".repeat(230);
        String rest = "c".repeat(30);
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            TcpConversation c = new TcpConversation(w, () -> t += MS, "10.0.0.7", 40001, "10.0.0.1", 80).open();
            c.send(true, "GET /f.bin HTTP/1.1\r\nHost: h\r\nRange: bytes=0-99\r\n\r\n");
            c.send(false, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-99/200\r\nContent-Length: 100\r\n\r\n"
                    + first);
            c.send(true, "GET /f.bin HTTP/1.1\r\nHost: h\r\nRange: bytes=100-199\r\n\r\n");
            c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 260\r\n\r\n");
            c.send(false, whole);
            c.send(false, rest);
            c.close(true);
        }
        Pipelines.keepCopy(pcap, "osprey.http.range.pcap");
        Path out = Pipelines.run(pcap, dir.resolve("out"), Set.of("conn", "http"));

        List<Map<String, String>> http = ZeekLogs.read(out.resolve("http.log"));
        List<Map<String, String>> files = ZeekLogs.read(out.resolve("files.log"));
        assertThat(http).hasSize(2);
        String fuid = http.get(0).get("resp_fuids");
        assertThat(fuid).startsWith("F");
        assertThat(http.get(1).get("resp_fuids")).isEqualTo(fuid);
        assertThat(http.get(1).get("resp_mime_types")).isEqualTo("text/plain");
        assertThat(files).extracting(f -> f.get("fuid")).containsOnly(fuid);
        assertThat(files).extracting(f -> f.get("seen_bytes")).containsExactlyInAnyOrder("330", "30");
    }
}
