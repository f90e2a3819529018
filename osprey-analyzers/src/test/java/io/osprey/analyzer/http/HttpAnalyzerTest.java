package io.osprey.analyzer.http;

import io.osprey.analyzer.software.SoftwareFound;
import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static io.osprey.analyzer.http.HttpTestSupport.s;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP analyzer on byte streams written out here: complete exchanges, incomplete ones (the connection ends
 * first) and malformed ones, checked against what Zeek 9.1 logs for them (http.log fields, weirds, confirmation).
 */
class HttpAnalyzerTest {
    private static final String GET = "GET /index.html HTTP/1.1\r\nHost: www.example.com\r\n"
            + "User-Agent: curl/8.5.0\r\nReferer: http://ref.example/\r\nOrigin: http://o.example\r\n\r\n";
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello";

    @Test
    void aRequestAndItsReplyMakeOneRow() {
        HttpTestSupport t = new HttpTestSupport().orig(GET).resp(OK);
        assertThat(t.rows).hasSize(1);
        HttpTransaction r = t.row(0);
        assertThat(s(r.method)).isEqualTo("GET");
        assertThat(s(r.host)).isEqualTo("www.example.com");
        assertThat(s(r.uri)).isEqualTo("/index.html");
        assertThat(s(r.referrer)).isEqualTo("http://ref.example/");
        assertThat(s(r.origin)).isEqualTo("http://o.example");
        assertThat(s(r.userAgent)).isEqualTo("curl/8.5.0");
        assertThat(r.version).isEqualTo("1.1");
        assertThat(r.statusCode).isEqualTo(200);
        assertThat(s(r.statusMsg)).isEqualTo("OK");
        assertThat(r.requestBodyLen).isZero();
        assertThat(r.responseBodyLen).isEqualTo(5);
        assertThat(r.transDepth).isEqualTo(1);
        assertThat(r.respFuids).hasSize(1);
        HttpTestSupport.FakeFiles.File f = t.files.byFuid.get(r.respFuids.get(0));
        assertThat(f.text()).isEqualTo("hello");
        assertThat(f.total).isEqualTo(5);
        assertThat(f.ended).isTrue();
        assertThat(r.respMimeTypes).containsExactly("text/plain");
        assertThat(t.h.services()).containsExactly("http");
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void keepAliveRequestsAreNumberedByDepth() {
        HttpTestSupport t = new HttpTestSupport();
        for (int i = 1; i <= 3; i++) {
            t.orig("GET /" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
            t.resp("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }
        assertThat(t.rows).extracting(r -> r.transDepth).containsExactly(1, 2, 3);
        assertThat(t.rows).extracting(r -> s(r.uri)).containsExactly("/1", "/2", "/3");
    }

    @Test
    void pipelinedRequestsPairWithTheirRepliesInOrder() {
        HttpTestSupport t = new HttpTestSupport();
        t.orig("GET /a HTTP/1.1\r\nHost: h\r\n\r\nHEAD /b HTTP/1.1\r\nHost: h\r\n\r\nGET /c HTTP/1.1\r\nHost: h\r\n\r\n");
        t.resp("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA"
                + "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" // HEAD: no body despite the length
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nCCC");
        assertThat(t.render()).hasSize(3);
        assertThat(t.depth(1).statusCode).isEqualTo(200);
        assertThat(t.depth(1).responseBodyLen).isEqualTo(1);
        assertThat(s(t.depth(2).method)).isEqualTo("HEAD");
        assertThat(t.depth(2).responseBodyLen).isZero();
        assertThat(t.depth(2).respFuids).isNull();
        assertThat(t.depth(3).statusCode).isEqualTo(404);
        assertThat(s(t.depth(3).uri)).isEqualTo("/c");
        assertThat(t.depth(3).responseBodyLen).isEqualTo(3);
    }

    @Test
    void chunkedBodiesAreDechunkedWithTheirTrailer() {
        HttpTestSupport t = new HttpTestSupport().orig(GET).resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");
        HttpTransaction r = t.row(0);
        assertThat(r.responseBodyLen).isEqualTo(12);
        assertThat(t.files.byFuid.get(r.respFuids.get(0)).text()).isEqualTo("hello, world");
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void anOverflowingChunkSizeEndsTheBody() {
        HttpTestSupport t = new HttpTestSupport().orig(GET).resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "10000000000000000\r\n\r\n");
        assertThat(t.rows).hasSize(1);
        assertThat(t.row(0).responseBodyLen).isZero();
        assertThat(t.h.weirds()).containsExactly("HTTP_bad_chunk_size:10000000000000000");
    }

    @Test
    void chunkedOnlyCountsForHttp11() {
        // HTTP/1.0 has no chunked coding: the body runs until the connection closes.
        HttpTestSupport t = new HttpTestSupport().orig("GET / HTTP/1.0\r\n\r\n")
                .resp("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        t.h.endOfData(false);
        assertThat(t.row(0).responseBodyLen).isEqualTo(13); // four lines, each counted with its CRLF
    }

    @Test
    void gzipBodiesAreCountedAndFiledDecompressed() throws IOException {
        String text = "compressible text ".repeat(200);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            g.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        byte[] body = z.toByteArray();
        HttpTestSupport t = new HttpTestSupport().orig(GET).resp(concat(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body));
        HttpTransaction r = t.row(0);
        assertThat(r.responseBodyLen).isEqualTo(text.length());
        HttpTestSupport.FakeFiles.File f = t.files.byFuid.get(r.respFuids.get(0));
        assertThat(f.text()).isEqualTo(text);
        assertThat(f.total).isEqualTo(-1); // the header's length is the compressed one: not passed on
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void deflateWithAndWithoutTheZlibHeader() throws IOException {
        String text = "deflated body ".repeat(50);
        for (boolean raw : new boolean[] {false, true}) {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (DeflaterOutputStream d = new DeflaterOutputStream(z, new Deflater(6, raw))) {
                d.write(text.getBytes(StandardCharsets.US_ASCII));
            }
            byte[] body = z.toByteArray();
            HttpTestSupport t = new HttpTestSupport().orig(GET).resp(concat(("HTTP/1.1 200 OK\r\nContent-Encoding: "
                    + "deflate\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body));
            assertThat(t.row(0).responseBodyLen).as("raw %s", raw).isEqualTo(text.length());
            assertThat(t.h.weirds()).isEmpty();
        }
    }

    @Test
    void oneInflaterServesEveryCompressedBodyInTurn() throws IOException {
        // The worker reuses one inflater for body after body: a failed one, raw deflate, zlib deflate and gzip,
        // back to back on one connection, each decompressed as if it had its own.
        byte[] corrupt = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
        HttpTestSupport t = new HttpTestSupport().orig(GET).resp(concat(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip"
                + "\r\nContent-Length: " + corrupt.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), corrupt));
        String[] texts = {"raw deflate ".repeat(40), "zlib deflate ".repeat(60), "gzip ".repeat(300),
                "gzip again ".repeat(7)};
        for (int i = 0; i < texts.length; i++) {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            java.io.OutputStream d = i < 2 ? new DeflaterOutputStream(z, new Deflater(6, i == 0)) : new GZIPOutputStream(z);
            try (d) {
                d.write(texts[i].getBytes(StandardCharsets.US_ASCII));
            }
            byte[] body = z.toByteArray();
            t.orig(GET).resp(concat(("HTTP/1.1 200 OK\r\nContent-Encoding: " + (i < 2 ? "deflate" : "gzip")
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body));
            HttpTransaction r = t.row(i + 1);
            assertThat(r.responseBodyLen).as("body %d", i).isEqualTo(texts[i].length());
            assertThat(t.files.byFuid.get(r.respFuids.get(0)).text()).as("body %d", i).isEqualTo(texts[i]);
        }
        assertThat(t.weirdNames()).containsExactly("inflate_failed");
    }

    @Test
    void corruptCompressedDataIsAWeirdAndTheBodyStillEnds() {
        byte[] body = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
        HttpTestSupport t = new HttpTestSupport().orig(GET).resp(concat(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body));
        assertThat(t.rows).hasSize(1);
        assertThat(t.weirdNames()).containsExactly("inflate_failed");
        t.orig(GET).resp(OK); // the connection carries on
        assertThat(t.rows).hasSize(2);
    }

    @Test
    void interimRepliesFillInfoCode() {
        HttpTestSupport t = new HttpTestSupport()
                .orig("POST /up HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
                .resp("HTTP/1.1 100 Continue\r\n\r\n").orig("data")
                .resp("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        assertThat(t.rows).hasSize(1);
        HttpTransaction r = t.row(0);
        assertThat(r.infoCode).isEqualTo(100);
        assertThat(s(r.infoMsg)).isEqualTo("Continue");
        assertThat(r.statusCode).isEqualTo(201);
        assertThat(r.requestBodyLen).isEqualTo(4);
        assertThat(t.files.byFuid.get(r.origFuids.get(0)).text()).isEqualTo("data");
    }

    @Test
    void repliesWithoutBodyStatusCodes() {
        HttpTestSupport t = new HttpTestSupport();
        t.orig("GET /a HTTP/1.1\r\n\r\n").resp("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n");
        t.orig("GET /b HTTP/1.1\r\n\r\n").resp("HTTP/1.1 304 Not Modified\r\n\r\n");
        t.orig("GET /c HTTP/1.1\r\n\r\n").resp(OK);
        assertThat(t.rows).extracting(r -> r.statusCode).containsExactly(204, 304, 200);
        assertThat(t.depth(3).responseBodyLen).isEqualTo(5);
    }

    @Test
    void connectTurnsTheConnectionIntoATunnel() {
        HttpTestSupport t = new HttpTestSupport()
                .orig("CONNECT mail.example:25 HTTP/1.0\r\nProxy-Connection: keep-alive\r\n\r\n")
                .resp("HTTP/1.0 200 Connection established\r\n\r\n220 smtp ready\r\n").orig("EHLO x\r\n");
        // HTTP handed the connection over (payload detection looks for the tunneled protocol): it is detached, its
        // reply ends there.
        assertThat(t.h.analyzer("HTTP")).isNull();
        t.done();
        assertThat(t.rows).hasSize(1);
        HttpTransaction r = t.row(0);
        assertThat(s(r.method)).isEqualTo("CONNECT");
        assertThat(s(r.uri)).isEqualTo("mail.example:25");
        assertThat(r.statusCode).isEqualTo(200);
        assertThat(r.proxied).extracting(HttpTestSupport::s).containsExactly("PROXY-CONNECTION -> keep-alive");
        assertThat(t.weirdNames()).containsExactly("protocol_data_with_HTTP_CONNECT_reply");
    }

    @Test
    void aSuccessfulConnectRegistersAnHttpTunnelWithOriginatorPortZero() {
        HttpTestSupport t = new HttpTestSupport();
        List<io.osprey.engine.tunnel.TunnelRegistration> tunnels = new ArrayList<>();
        t.h.events().subscribe(io.osprey.engine.tunnel.TunnelRegistration.class, tunnels::add);
        t.orig("CONNECT mail.example:25 HTTP/1.0\r\n\r\n").resp("HTTP/1.0 200 Connection established\r\n\r\n");
        assertThat(tunnels).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("Tunnel::HTTP");
            assertThat(r.origPort()).isZero();
            assertThat(r.respPort()).isEqualTo(t.h.respPort());
            assertThat(r.origLo()).isEqualTo(t.h.origLo());
        });
        HttpTestSupport refused = new HttpTestSupport();
        List<io.osprey.engine.tunnel.TunnelRegistration> none = new ArrayList<>();
        refused.h.events().subscribe(io.osprey.engine.tunnel.TunnelRegistration.class, none::add);
        refused.orig("CONNECT host:25 HTTP/1.0\r\n\r\n").resp("HTTP/1.0 403 Forbidden\r\n\r\n")
                .orig("GET / HTTP/1.1\r\n\r\n").resp("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(none).isEmpty();
    }

    @Test
    void upgradeHandsTheConnectionOver() {
        HttpTestSupport t = new HttpTestSupport()
                .orig("GET /chat HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
                .resp("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
                .resp(new byte[] {(byte) 0x81, 5, 'h', 'e', 'l', 'l', 'o'}).orig("GET /x HTTP/1.1\r\n\r\n");
        assertThat(t.h.analyzer("HTTP")).isNull(); // handed over to payload detection (a PIA in Zeek)
        HttpOptions ws = new HttpOptions();
        ws.upgradeAnalyzers = java.util.Set.of("websocket"); // Zeek's websocket scripts loaded
        HttpTestSupport u = new HttpTestSupport(ws)
                .orig("GET /chat HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: WebSocket\r\n\r\n")
                .resp("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: WebSocket\r\n\r\n");
        assertThat(u.h.analyzer("HTTP")).isNotNull(); // that protocol's analyzer would take over: no hand-off
        t.done();
        assertThat(t.rows).hasSize(1);
        assertThat(t.row(0).statusCode).isEqualTo(101);
        assertThat(t.row(0).infoCode).isEqualTo(101);
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void foldedHeadersAreJoinedWithAWeird() {
        HttpTestSupport t = new HttpTestSupport()
                .orig("GET / HTTP/1.1\r\nUser-Agent: part one\r\n  part two\r\n\tpart three\r\n\r\n").resp(OK);
        assertThat(s(t.row(0).userAgent)).isEqualTo("part one  part two\tpart three");
        assertThat(t.h.weirds()).containsExactly("HTTP_obsolete_line_folding:User-Agent");
    }

    @Test
    void basicAuthGivesTheUserAndThePasswordOnlyWhenCaptured() {
        String req = "GET / HTTP/1.1\r\nAuthorization: Basic b3NwcmV5OnNlY3JldDp3aXRoOmNvbG9ucw==\r\n\r\n";
        HttpTestSupport t = new HttpTestSupport().orig(req).resp(OK);
        assertThat(s(t.row(0).username)).isEqualTo("osprey");
        assertThat(t.row(0).password).isNull();
        HttpOptions capture = new HttpOptions();
        capture.capturePassword = true;
        t = new HttpTestSupport(capture).orig(req).resp(OK);
        assertThat(s(t.row(0).password)).isEqualTo("secret:with:colons");
        t = new HttpTestSupport(capture).orig("GET / HTTP/1.1\r\nAuthorization: basic bm9jb2xvbg==\r\n\r\n").resp(OK);
        assertThat(s(t.row(0).username)).isEqualTo("<problem-decoding> (basic bm9jb2xvbg==)");
        assertThat(s(t.row(0).password)).isEqualTo("nocolon");
        t = new HttpTestSupport().orig("GET / HTTP/1.1\r\nAuthorization: Bearer abc\r\n\r\n").resp(OK);
        assertThat(t.row(0).username).isNull();
    }

    @Test
    void proxyHeadersAreListed() {
        HttpTestSupport t = new HttpTestSupport().orig("GET / HTTP/1.1\r\nVia: 1.1 proxy\r\n"
                + "X-Forwarded-For: 192.0.2.1\r\nx-forwarded-for: 192.0.2.1\r\nForwarded: for=x\r\n\r\n").resp(OK);
        assertThat(t.row(0).proxied).extracting(HttpTestSupport::s).containsExactlyInAnyOrder(
                "VIA -> 1.1 proxy", "X-FORWARDED-FOR -> 192.0.2.1", "FORWARDED -> for=x");
    }

    @Test
    void http09RepliesAreRawUntilTheConnectionCloses() {
        HttpTestSupport t = new HttpTestSupport().orig("GET /old\r\n").resp("<html>old</html>\n");
        t.h.endOfData(false);
        t.done();
        assertThat(t.rows).hasSize(2);
        HttpTransaction r = t.depth(1);
        assertThat(r.version).isEqualTo("0.9");
        assertThat(r.statusCode).isZero();
        assertThat(s(r.statusMsg)).isEqualTo("<empty>");
        assertThat(r.responseBodyLen).isEqualTo(17);
        assertThat(t.depth(2).method).isNull(); // Zeek's empty second record for the same reply
    }

    @Test
    void anUnansweredRequestIsLoggedWhenTheConnectionEnds() {
        HttpTestSupport t = new HttpTestSupport().orig(GET);
        assertThat(t.rows).isEmpty();
        t.done();
        assertThat(t.rows).hasSize(1);
        assertThat(t.row(0).statusCode).isEqualTo(-1);
        assertThat(t.row(0).version).isNull();
    }

    @Test
    void aBodyCutByTheEndOfTheConnection() {
        HttpTestSupport t = new HttpTestSupport().orig(GET)
                .resp("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
        t.done();
        assertThat(t.row(0).responseBodyLen).isEqualTo(10);
    }

    @Test
    void aBodyUntilCloseEndsAtTheEndOfTheDirection() {
        HttpTestSupport t = new HttpTestSupport().orig(GET)
                .resp("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nsome\r\nbytes");
        assertThat(t.rows).isEmpty();
        t.h.endOfData(false);
        assertThat(t.row(0).responseBodyLen).isEqualTo(11);
    }

    @Test
    void notHttpIsAViolation() {
        HttpTestSupport t = new HttpTestSupport().orig(new byte[] {0x16, 3, 1, 0, 5, 1, 0, 0, 1, 0, '\r', '\n'});
        assertThat(t.h.analyzer("HTTP")).isNull(); // detached
        assertThat(t.h.services()).isEmpty();
        assertThat(t.weirdNames()).containsExactly("bad_HTTP_request");
        t.done();
        assertThat(t.rows).isEmpty();
    }

    @Test
    void badContentLengthsAreWeirds() {
        HttpTestSupport t = new HttpTestSupport().orig("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n")
                .resp("HTTP/1.1 200 OK\r\nContent-Length: 007\r\n\r\nabcdefg");
        assertThat(t.weirdNames()).containsExactly("HTTP_bad_content_length", "HTTP_content_length_leading_zeros");
        assertThat(t.row(0).responseBodyLen).isEqualTo(7);
    }

    @Test
    void multipartUploadsAreOneFilePerPart() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nline one\r\nline two\r\n--XyZ\r\nContent-Disposition: form-data; "
                + "name=\"note\"\r\n\r\n1234\r\n--XyZ--\r\n";
        HttpTestSupport t = new HttpTestSupport().orig("POST /up HTTP/1.1\r\nContent-Type: multipart/form-data; "
                + "boundary=XyZ\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).resp(OK);
        HttpTransaction r = t.row(0);
        assertThat(r.requestBodyLen).isEqualTo(body.length());
        assertThat(r.origFuids).hasSize(2);
        assertThat(r.origFilenames).extracting(HttpTestSupport::s).containsExactly("notes.txt");
        assertThat(t.files.byFuid.get(r.origFuids.get(0)).text()).isEqualTo("line one\r\nline two");
        assertThat(t.files.byFuid.get(r.origFuids.get(0)).filename).isEqualTo("notes.txt");
        assertThat(t.files.byFuid.get(r.origFuids.get(1)).text()).isEqualTo("1234");
        assertThat(r.origMimeTypes).containsExactly("text/plain", "application/octet-stream");
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void base64PartsAreDecoded() {
        String body = "--b\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8g\r\nd29ybGQ=\r\n--b--\r\n";
        HttpTestSupport t = new HttpTestSupport().orig("POST / HTTP/1.1\r\nContent-Type: multipart/mixed; "
                + "boundary=b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).resp(OK);
        assertThat(t.files.byFuid.get(t.row(0).origFuids.get(0)).text()).isEqualTo("hello world");
    }

    @Test
    void contentDispositionNamesTheDownload() {
        HttpTestSupport t = new HttpTestSupport().orig(GET).resp("HTTP/1.1 200 OK\r\n"
                + "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\nContent-Length: 2\r\n\r\nPK");
        assertThat(t.row(0).respFilenames).extracting(n -> new String(n, StandardCharsets.UTF_8))
                .containsExactly("r\u00e9sum\u00e9.pdf");
        assertThat(s(io.osprey.analyzer.mime.MimeSyntax.filenameFromContentDisposition("attachment; filename=\"a b.txt\"; x=1")))
                .isEqualTo("a b.txt");
        assertThat(s(io.osprey.analyzer.mime.MimeSyntax.filenameFromContentDisposition("inline; name=x; filename=y.bin"))).isEqualTo("y.bin");
    }

    @Test
    void urisAreUnescapedWithWeirdsForBadEscapes() {
        HttpTestSupport t = new HttpTestSupport().orig("GET /a%20b/%u0041%zz%%41/c%4 HTTP/1.1\r\n\r\n").resp(OK);
        assertThat(s(t.row(0).uri)).isEqualTo("/a b/A%zzA/c%4");
        assertThat(t.weirdNames()).containsExactly("unescaped_%_in_URI", "double_%_in_URI",
                "partial_escape_at_end_of_URI");
    }

    @Test
    void unknownMethodsAndVersionChanges() {
        HttpTestSupport t = new HttpTestSupport().orig("FOO / HTTP/1.1\r\n\r\n").resp(OK)
                .orig("GET / HTTP/1.0\r\n\r\n").resp("http/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(t.weirdNames()).containsExactly("unknown_HTTP_method", "HTTP_version_mismatch",
                "lowercase_HTTP_keyword", "HTTP_version_mismatch");
        assertThat(t.rows).hasSize(2);
    }

    @Test
    void aUriWithSpacesRunsToTheVersion() {
        HttpTestSupport t = new HttpTestSupport().orig("CONNECT host:25 / HTTP/1.0\r\n\r\n")
                .resp("HTTP/1.0 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        assertThat(s(t.row(0).uri)).isEqualTo("host:25 /");
        assertThat(t.row(0).statusCode).isEqualTo(403);
    }

    @Test
    void softwareIsPublishedForBrowsersServersAndAppServers() {
        HttpOptions o = new HttpOptions();
        o.software = true; // policy/protocols/http/software
        HttpTestSupport t = new HttpTestSupport(o);
        List<SoftwareFound> found = new ArrayList<>();
        t.h.events().subscribe(SoftwareFound.class, found::add);
        t.orig("GET / HTTP/1.1\r\nUser-Agent: Mozilla/5.0 (X11) Firefox/128.0\r\n\r\n")
                .resp("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nX-Powered-By: PHP/8.2\r\nContent-Length: 0\r\n\r\n")
                .orig("GET / HTTP/1.1\r\nUser-Agent: NO_DEFAULT agent\r\n\r\n");
        assertThat(found).extracting(SoftwareFound::softwareType, SoftwareFound::unparsedVersion, SoftwareFound::hostPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("HTTP::BROWSER",
                                "Mozilla/5.0 (X11) Firefox/128.0", -1),
                        org.assertj.core.groups.Tuple.tuple("HTTP::SERVER", "nginx/1.22.1", 80),
                        org.assertj.core.groups.Tuple.tuple("HTTP::APPSERVER", "PHP/8.2", 80));
        HttpTestSupport quiet = new HttpTestSupport(); // Zeek's default scripts do not load it
        List<SoftwareFound> none = new ArrayList<>();
        quiet.h.events().subscribe(SoftwareFound.class, none::add);
        quiet.orig("GET / HTTP/1.1\r\nUser-Agent: Mozilla/5.0\r\n\r\n");
        assertThat(none).isEmpty();
    }

    @Test
    void browserPluginsLeakThroughFlashHeadersAndOmnitureRequests() {
        HttpOptions o = new HttpOptions();
        o.browserPlugins = true; // policy/protocols/http/software-browser-plugins
        HttpTestSupport t = new HttpTestSupport(o);
        List<SoftwareFound> found = new ArrayList<>();
        t.h.events().subscribe(SoftwareFound.class, found::add);
        t.orig("GET / HTTP/1.1\r\nUser-Agent: Mozilla/5.0 AdobeAIR/2.6\r\nX-Flash-Version: 10,2,159,1\r\n\r\n")
                .resp(OK)
                .orig("GET /b/ss/x?a=1&p=Java Plug-in; QuickTime Plug-in 7.6;&c=2 HTTP/1.1\r\n\r\n")
                .resp("HTTP/1.1 200 OK\r\nServer: Omniture DC/2.0.0\r\nContent-Length: 0\r\n\r\n");
        assertThat(found).extracting(SoftwareFound::softwareType).containsOnly("HTTP::BROWSER_PLUGIN");
        assertThat(found).extracting(SoftwareFound::unparsedVersion).containsExactly("AdobeAIR-Flash/10,2,159,1",
                "Java Plug-in", "QuickTime Plug-in 7.6");
    }

    @Test
    void sqlInjectionUrisAreTagged() {
        HttpOptions o = new HttpOptions();
        o.sqlInjection = true; // policy/protocols/http/detect-sql-injection
        HttpTestSupport t = new HttpTestSupport(o)
                .orig("GET /vuln.php?id=1%27%20UNION%20SELECT%20user,password%20FROM%20users-- HTTP/1.1\r\n\r\n")
                .resp(OK).orig("GET /search?q=union+station&page=2 HTTP/1.1\r\n\r\n").resp(OK);
        assertThat(t.depth(1).tags()).containsExactly("HTTP::URI_SQLI");
        assertThat(t.depth(2).tags()).isEmpty();
        assertThat(new HttpTestSupport().orig("GET /vuln.php?id=1%27%20or%201=1 HTTP/1.1\r\n\r\n").resp(OK)
                .row(0).tags()).isEmpty(); // only with the policy script
    }

    @Test
    void tooManyPendingRequestsAreFlushed() {
        HttpTestSupport t = new HttpTestSupport();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 102; i++) {
            b.append("GET /").append(i).append(" HTTP/1.1\r\n\r\n");
        }
        t.orig(b.toString());
        // At the 102nd request 101 are pending (more than 100): the first 100 are written.
        assertThat(t.weirdNames()).containsExactly("HTTP_excessive_pipelining");
        assertThat(t.rows).hasSize(100);
        t.done();
        assertThat(t.rows).hasSize(102);
    }

    @Test
    void aGapInsideABodyIsSkippedAndOneInTheHeadersStopsTheDirection() {
        HttpTestSupport t = new HttpTestSupport().orig(GET).resp("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        t.h.gap(false, 100, 4);
        t.resp("xyz").orig(GET).resp(OK);
        assertThat(t.rows).hasSize(2);
        assertThat(t.depth(1).responseBodyLen).isEqualTo(10);
        HttpTestSupport.FakeFiles.File f = t.files.byFuid.get(t.depth(1).respFuids.get(0));
        assertThat(f.gaps).isEqualTo(4);
        assertThat(f.text()).isEqualTo("abcxyz");

        HttpTestSupport u = new HttpTestSupport().orig("GET / HTTP/1.1\r\nHo");
        u.h.gap(true, 20, 10);
        u.orig("st: x\r\n\r\n").resp(OK);
        u.done();
        // The request ends interrupted and its direction stops; the reply direction goes on.
        assertThat(u.rows).hasSize(1);
        assertThat(s(u.row(0).method)).isEqualTo("GET");
        assertThat(u.row(0).host).isNull();
        assertThat(u.row(0).statusCode).isEqualTo(200);
    }

    @Test
    void rangeResponsesOfOneUrlAreOneFile() {
        HttpTestSupport t = new HttpTestSupport();
        t.orig("GET /big HTTP/1.1\r\nHost: h\r\nRange: bytes=0-1\r\n\r\n")
                .resp("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-1/4\r\nContent-Length: 2\r\n\r\nab");
        t.orig("GET /big HTTP/1.1\r\nHost: h\r\nRange: bytes=2-3\r\n\r\n")
                .resp("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 2-3/4\r\nContent-Length: 2\r\n\r\ncd");
        assertThat(t.depth(1).respFuids).hasSize(1);
        assertThat(t.depth(2).respFuids).isNull(); // the file was already on this connection (Zeek's f$conns)
        HttpTestSupport.FakeFiles.File f = t.files.byFuid.get(t.depth(1).respFuids.get(0));
        assertThat(f.text()).isEqualTo("abcd");
        assertThat(f.total).isEqualTo(4);
        assertThat(f.ended).isFalse(); // a 206 body may continue elsewhere
    }

    @Test
    void longLinesAreCut() {
        HttpTestSupport t = new HttpTestSupport().orig("GET /" + "a".repeat(HttpLines.MAX_LINE_LENGTH + 10)
                + " HTTP/1.1\r\n\r\n");
        assertThat(t.weirdNames()).contains("contentline_size_exceeded");
    }

    @Test
    void probesFollowZeeksSignatures() {
        assertThat(HttpAnalyzer.probeRequest(b(" \r\nGET / HTTP/1.1"), 15)).isEqualTo(Probe.MATCH);
        assertThat(HttpAnalyzer.probeRequest(b("PROPF"), 5)).isEqualTo(Probe.MORE);
        assertThat(HttpAnalyzer.probeRequest(b("  "), 2)).isEqualTo(Probe.MORE);
        assertThat(HttpAnalyzer.probeRequest(b("get /"), 5)).isEqualTo(Probe.NO_MATCH);
        assertThat(HttpAnalyzer.probeRequest(b("SSH-2.0"), 7)).isEqualTo(Probe.NO_MATCH);
        assertThat(HttpAnalyzer.probeReply(b("hTTp/1"), 6)).isEqualTo(Probe.MATCH);
        assertThat(HttpAnalyzer.probeReply(b("HTT"), 3)).isEqualTo(Probe.MORE);
        assertThat(HttpAnalyzer.probeReply(b("HTTP/x"), 6)).isEqualTo(Probe.NO_MATCH);
    }

    @Test
    void anEmptyLineBetweenRequestsIsOnlyAWeird() {
        HttpTestSupport t = new HttpTestSupport();
        t.orig("\r\n"); // an empty line while a request is expected: weirds, no violation
        assertThat(t.weirdNames()).containsExactly("bad_HTTP_request", "empty_http_request");
        t.orig(GET).resp(OK);
        assertThat(t.rows).hasSize(1);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
