package io.osprey.analyzer.http;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No allocation per delivery on the parsing path once a transaction is set up: body bytes of a long response
 * (plain, chunked and gzip) stream through the analyzer into the files framework without garbage. An allocation
 * check (the thread's allocated bytes), not a timing test.
 */
class HttpAllocationTest {
    private static final int CHUNKS = 20_000;
    private static final int CHUNK = 1000;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long bytesFor(String replyHead, MemorySegment body) {
        return bytesFor(replyHead, body, false);
    }

    /** Streams {@code body} (CHUNK bytes, or the next CHUNK of it when {@code walk}) after the reply's head. */
    private static long bytesFor(String replyHead, MemorySegment body, boolean walk) {
        HttpTestSupport t = new HttpTestSupport();
        t.files.keep = false;
        t.orig("GET /big HTTP/1.1\r\nHost: h\r\n\r\n").resp(replyHead);
        int warm = 2000;
        for (int i = 0; i < warm; i++) {
            t.h.stream(false, body, walk ? (long) i * CHUNK : 0, CHUNK);
        }
        long before = allocated();
        for (int i = 0; i < CHUNKS; i++) {
            t.h.stream(false, body, walk ? (long) (warm + i) * CHUNK : 0, CHUNK);
        }
        long used = allocated() - before;
        assertThat(t.rows).isEmpty(); // still inside the body
        return used;
    }

    @Test
    void plainBodiesStreamWithoutAllocating() {
        MemorySegment body = MemorySegment.ofArray(new byte[CHUNK]);
        long used = bytesFor("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n", body);
        assertThat(used).as("bytes allocated for %d deliveries", CHUNKS).isLessThan(64 * 1024);
    }

    @Test
    void bodiesUntilCloseStreamWithoutAllocating() {
        MemorySegment body = MemorySegment.ofArray(new byte[CHUNK]);
        long used = bytesFor("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", body);
        assertThat(used).as("bytes allocated for %d deliveries", CHUNKS).isLessThan(64 * 1024);
    }

    @Test
    void gzipBodiesInflateWithoutAllocating() throws java.io.IOException {
        byte[] raw = new byte[(CHUNKS + 2000 + 10) * CHUNK];
        new java.util.SplittableRandom(1).nextBytes(raw);
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream(raw.length + 1024);
        java.util.zip.Deflater stored = new java.util.zip.Deflater(java.util.zip.Deflater.NO_COMPRESSION, true);
        try (java.util.zip.DeflaterOutputStream d = new java.util.zip.DeflaterOutputStream(z, stored)) {
            d.write(raw);
        }
        MemorySegment body = MemorySegment.ofArray(z.toByteArray());
        long used = bytesFor("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nConnection: close\r\n\r\n", body,
                true);
        assertThat(used).as("bytes allocated for %d deliveries", CHUNKS).isLessThan(64 * 1024);
    }

    @Test
    void lineModeBodiesStreamWithoutAllocating() {
        byte[] lines = ("0123456789".repeat(9) + "abcdefgh\r\n").repeat(CHUNK / 100).getBytes(StandardCharsets.US_ASCII);
        MemorySegment body = MemorySegment.ofArray(lines);
        long used = bytesFor("HTTP/1.0 200 OK\r\n\r\n", body);
        assertThat(used).as("bytes allocated for %d deliveries", CHUNKS).isLessThan(64 * 1024);
    }
}
