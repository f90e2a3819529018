package io.osprey.analyzer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.analyzer.Pipelines;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.TcpConversation;
import io.osprey.testkit.ZeekLogs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gzip body whose trailer does not match (CRC32 or size): zlib's gzip mode checks the trailer inside the inflate()
 * call that ends the stream when the trailer's bytes are in that call's input, and Zeek forwards a call's output
 * only when the call succeeds, so that call's output (up to 4 KiB) is lost; a failure in the first call of a
 * delivery makes Zeek retry the delivery as raw deflate (which fails again on a gzip header). When the trailer
 * comes in a later delivery, everything inflated was forwarded already. Found by mutating captures and comparing
 * with real Zeek (response_body_len and seen_bytes were up to 4 KiB larger here); the expectations below are real
 * Zeek 9.1's on the capture built here ({@code -Dosprey.http.gzip.pcap=F} keeps a copy).
 */
class HttpGzipTrailerTest {
    private static final long MS = 1_000_000L;
    private long t = 1_700_000_000_000_000_000L;

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            g.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return z.toByteArray();
    }

    /** {@code body} with its CRC32 (the trailer's first 4 bytes) altered. */
    private static byte[] badCrc(byte[] body) {
        byte[] b = body.clone();
        b[b.length - 8] ^= 0x55;
        return b;
    }

    private void exchange(PcapFileWriter w, int port, String uri, byte[] body, int split) {
        TcpConversation c = new TcpConversation(w, () -> t += MS, "10.0.0.7", port, "10.0.0.1", 80).open();
        c.send(true, "GET " + uri + " HTTP/1.1\r\nHost: h\r\n\r\n");
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        c.send(false, head);
        c.send(false, Arrays.copyOfRange(body, 0, split));
        if (split < body.length) {
            c.send(false, Arrays.copyOfRange(body, split, body.length));
        }
        c.close(true);
    }

    @Test
    void aTrailerMismatchLosesTheOutputOfTheInflateCallThatChecksIt(@TempDir Path dir) throws Exception {
        // Random-looking text so that the compressed body is several segments' worth of input per call.
        StringBuilder sb = new StringBuilder();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 900; i++) {
            sb.append(Integer.toHexString(r.nextInt())).append(' ');
        }
        String big = sb.toString();           // ~8 KiB: the stream ends in the third 4 KiB inflate() call
        String small = big.substring(0, 3000); // ends in the first call
        byte[] bigBad = badCrc(gzip(big));
        byte[] smallBad = badCrc(gzip(small));
        byte[] good = gzip(big);
        Path pcap = dir.resolve("gzip.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            exchange(w, 40001, "/big-bad-crc", bigBad, bigBad.length);          // one delivery
            exchange(w, 40002, "/small-bad-crc", smallBad, smallBad.length);    // one delivery, one call
            exchange(w, 40003, "/trailer-apart", bigBad, bigBad.length - 8);    // trailer in its own delivery
            exchange(w, 40004, "/good", good, good.length);
        }
        Pipelines.keepCopy(pcap, "osprey.http.gzip.pcap");
        Path out = Pipelines.run(pcap, dir.resolve("out"), Set.of("conn", "http"));

        List<Map<String, String>> http = ZeekLogs.read(out.resolve("http.log"));
        assertThat(http).extracting(h -> h.get("uri") + "=" + h.get("response_body_len"))
                .containsExactly(
                        // inflate() call 1 (4 KiB) succeeded; call 2 ended the stream and failed its CRC check, so
                        // its output is lost
                        "/big-bad-crc=4096",
                        // the only call failed: the delivery is retried as raw deflate, which fails on the header
                        "/small-bad-crc=0",
                        // all 8,040 bytes forwarded; the trailer's delivery fails its first call and is retried as
                        // raw deflate, whose 120 bytes of garbage are forwarded too (no weird: that call succeeds)
                        "/trailer-apart=8160",
                        "/good=" + big.length());
        assertThat(big.length()).isEqualTo(8040);
        assertThat(ZeekLogs.read(out.resolve("weird.log"))).extracting(w -> w.get("id.orig_p") + ":" + w.get("name")
                + ":" + w.get("source")).containsExactly("40001:inflate_failed:ZIP", "40002:inflate_failed:ZIP");
    }
}
