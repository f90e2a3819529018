package io.osprey.analyzer.http;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every conversation, fed with each direction's bytes cut into pieces of every size from 1 byte up, gives the same
 * http.log rows, file contents and weirds as when each message arrives whole (Netty's
 * testDecodeWholeRequestInMultipleSteps).
 */
class HttpSplitTest {
    /** One direction's bytes, in conversation order. */
    record Segment(boolean orig, byte[] data) {
    }

    static List<Segment> conversation(Object... parts) {
        List<Segment> l = new ArrayList<>();
        for (int i = 0; i < parts.length; i += 2) {
            Object d = parts[i + 1];
            l.add(new Segment((Boolean) parts[i], d instanceof byte[] b ? b
                    : ((String) d).getBytes(StandardCharsets.ISO_8859_1)));
        }
        return l;
    }

    static byte[] gzip(String s) {
        try {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(z)) {
                g.write(s.getBytes(StandardCharsets.US_ASCII));
            }
            return z.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(String head, byte[] body) {
        return HttpAnalyzerTest.concat(head.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    /**
     * The conversations (also the fuzz test's seeds). They avoid three cases where Zeek's own result depends on where
     * the stream is cut, which Osprey reproduces: (1) Zeek's line reader counts whole deliveries against a
     * Content-Length (also a HEAD reply's, never reset) and, when they add up exactly while a line is incomplete,
     * ends that line early; (2) inside a multipart part of a message read until the connection closes, the part's
     * body switches to plain delivery at the end of the part's headers, so an LF arriving apart from its CR becomes
     * content; (3) a multipart body with Content-Length is case (1) again.
     */
    static List<List<Segment>> conversations() {
        byte[] gz = gzip("gzip body line\n".repeat(40));
        String multipart = "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nA\r\nB\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"g\"\r\n\r\n12\r\n--B--\r\n";
        return List.of(
                conversation(true, "GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: ua\r\n\r\n",
                        false, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                        true, "GET /2 HTTP/1.1\r\nHost: a\r\nAuthorization: Basic dTpw\r\n\r\n",
                        false, "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!"),
                conversation(true, "GET /a HTTP/1.1\r\nHost: h\r\n\r\nHEAD /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n\r\n",
                        false, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA"
                                + "HTTP/1.1 200 OK\r\nX-Head: no body\r\n\r\n" // a length here: see below
                                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: 1\r\n\r\n"),
                conversation(true, "GET /z HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n",
                        false, concat("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length
                                + "\r\n\r\n", gz)),
                conversation(true, "POST /u HTTP/1.1\r\nExpect: 100-continue\r\nContent-Type: text/plain\r\n"
                                + "Content-Length: 11\r\n\r\n",
                        false, "HTTP/1.1 100 Continue\r\n\r\n",
                        true, "posted data",
                        false, "HTTP/1.1 201 Created\r\nX-Powered-By: x\r\nContent-Length: 0\r\n\r\n"),
                // Multipart without Content-Length and without "Connection: close": with either, where the stream
                // is cut changes Zeek's result (see below).
                conversation(true, "GET /parts HTTP/1.1\r\n\r\n",
                        false, "HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n" + multipart),
                conversation(true, "GET /folded HTTP/1.0\r\nUser-Agent: a\r\n b\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n",
                        false, "HTTP/1.0 200 OK\r\nConnection: close\r\n\r\nline 1\nline 2\r\nend"),
                conversation(true, "GET /nine\r\n", false, "raw reply\nsecond line"),
                conversation(true, "CONNECT h:443 HTTP/1.1\r\n\r\n", false, "HTTP/1.1 200 OK\r\n\r\n",
                        true, new byte[] {0x16, 3, 1, 0, 1, 0}));
    }

    record Result(List<String> rows, List<String> weirds) {
    }

    static Result run(List<Segment> conv, int piece) {
        HttpTestSupport t = new HttpTestSupport();
        for (Segment s : conv) {
            int size = piece <= 0 ? s.data().length : piece;
            for (int o = 0; o < s.data().length; o += size) {
                t.h.stream(s.orig(), Arrays.copyOfRange(s.data(), o, Math.min(s.data().length, o + size)));
            }
        }
        t.h.endOfData(true);
        t.h.endOfData(false);
        t.done();
        return new Result(t.render(), t.h.weirds());
    }

    /**
     * Zeek's line reader flushes a partial line with {@code line_terminated_without_CRLF} when a delivery ends exactly
     * where a Content-Length said the message would, counting whole deliveries, not the bytes of the message
     * (ContentLine_Analyzer::DeliverStream): whether it fires depends on where the stream was cut, in Zeek as here.
     */
    static List<String> withoutDeliverySizeWeird(List<String> weirds) {
        return weirds.stream().filter(w -> !w.startsWith(HttpWeirds.LINE_TERMINATED_WITHOUT_CRLF)).toList();
    }

    @TestFactory
    Stream<DynamicTest> everySplitSizeGivesTheSameRecords() {
        List<List<Segment>> all = conversations();
        return java.util.stream.IntStream.range(0, all.size()).mapToObj(i -> DynamicTest.dynamicTest(
                "conversation " + i, () -> {
                    List<Segment> conv = all.get(i);
                    Result whole = run(conv, 0);
                    assertThat(whole.rows()).isNotEmpty();
                    int max = conv.stream().mapToInt(s -> s.data().length).max().orElse(1);
                    for (int size = 1; size <= max; size++) {
                        Result r = run(conv, size);
                        assertThat(r.rows()).as("piece size %d", size).isEqualTo(whole.rows());
                        assertThat(withoutDeliverySizeWeird(r.weirds())).as("piece size %d", size)
                                .isEqualTo(withoutDeliverySizeWeird(whole.weirds()));
                    }
                }));
    }
}
