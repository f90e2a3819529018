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
 * A capture that holds the same connection twice, with the same timestamps (a trace merged or concatenated with
 * itself, as the 3.2 GB benchmark capture made of the 1 GB one three times). Zeek's HTTP file handle is the start
 * time, direction, transaction depth, MIME depth and the connection's tuple ({@code id_string}), not its uid, so
 * the copy's bodies get the first copy's file ids: each body's file had ended (at its size, or when its connection
 * closed), so the copy starts a new file under the same id, listed again. A range part's file is keyed by client
 * and URL and stays open for further parts, so the copy's part (the same bytes at the same offsets) joins it: one
 * row, whose duration runs to the copy. Network time does not go back, so the copy's rows carry the first copy's
 * last time. Expectations from real Zeek 9.1 on the capture built here ({@code -Dosprey.http.replay.pcap=F} keeps
 * a copy).
 */
class HttpReplayedConnectionTest {
    private static final long MS = 1_000_000L;
    private static final long START = 1_700_000_000_000_000_000L;
    private long t;

    @Test
    void aReplayedConnectionContinuesTheFilesOfTheFirstCopy(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("replay.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            for (int copy = 0; copy < 2; copy++) {
                t = START;
                TcpConversation c = new TcpConversation(w, () -> t += MS, "10.0.0.7", 40001, "10.0.0.1", 80).open();
                c.send(true, "GET /whole.txt HTTP/1.1\r\nHost: h\r\n\r\n");
                c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n" + "a".repeat(50));
                c.send(true, "GET /part.bin HTTP/1.1\r\nHost: h\r\nRange: bytes=0-99\r\n\r\n");
                c.send(false, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-99/9000\r\n"
                        + "Content-Length: 100\r\n\r\n" + "c".repeat(100));
                c.send(true, "GET /cut.txt HTTP/1.1\r\nHost: h\r\n\r\n");
                c.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + "b".repeat(100));
                c.close(true);
            }
        }
        Pipelines.keepCopy(pcap, "osprey.http.replay.pcap");
        Path out = Pipelines.run(pcap, dir.resolve("out"), Set.of("conn", "http"));

        List<Map<String, String>> http = ZeekLogs.read(out.resolve("http.log"));
        List<Map<String, String>> files = ZeekLogs.read(out.resolve("files.log"));
        assertThat(http).extracting(h -> h.get("uri"))
                .containsExactly("/whole.txt", "/part.bin", "/cut.txt", "/whole.txt", "/part.bin", "/cut.txt");
        assertThat(http.get(0).get("uid")).isNotEqualTo(http.get(3).get("uid"));
        String whole = http.get(0).get("resp_fuids");
        String part = http.get(1).get("resp_fuids");
        String cut = http.get(2).get("resp_fuids");
        assertThat(Set.of(whole, part, cut)).hasSize(3).allMatch(f -> f.startsWith("F"));
        assertThat(http.get(3).get("resp_fuids")).isEqualTo(whole);
        assertThat(http.get(5).get("resp_fuids")).isEqualTo(cut);

        assertThat(files).extracting(f -> f.get("fuid")).containsExactlyInAnyOrder(whole, whole, cut, cut, part);
        assertThat(files).filteredOn(f -> f.get("fuid").equals(whole))
                .extracting(f -> f.get("uid")).containsExactlyInAnyOrder(http.get(0).get("uid"), http.get(3).get("uid"));
        assertThat(files).filteredOn(f -> f.get("fuid").equals(cut))
                .extracting(f -> f.get("seen_bytes") + "/" + f.get("total_bytes")).containsOnly("100/5000");
        Map<String, String> partRow = files.stream().filter(f -> f.get("fuid").equals(part)).findFirst().orElseThrow();
        assertThat(partRow.get("seen_bytes") + "/" + partRow.get("total_bytes")).isEqualTo("100/9000");
        assertThat(partRow.get("duration")).isEqualTo("0.005000");
        assertThat(partRow.get("timedout")).isEqualTo("T");
    }
}
