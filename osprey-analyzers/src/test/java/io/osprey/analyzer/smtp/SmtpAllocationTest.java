package io.osprey.analyzer.smtp;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No allocation per delivery once a message is under way: DATA lines of a base64 attachment and of a
 * quoted-printable part, and BDAT chunk bytes, stream through the line reader, the MIME parser and into the files
 * framework without garbage. An allocation check (the thread's allocated bytes), not a timing test.
 */
class SmtpAllocationTest {
    private static final int DELIVERIES = 20_000;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long bytesFor(String head, String client, byte[] chunk) {
        SmtpTestSupport t = new SmtpTestSupport();
        t.files.keep = false;
        t.resp(SmtpTestSupport.GREETING).orig(client).resp(client.contains("DATA") ? "250 hi\r\n250 ok\r\n250 ok\r\n354 go\r\n" : "250 hi\r\n250 ok\r\n250 ok\r\n")
                .orig(head);
        MemorySegment seg = MemorySegment.ofArray(chunk);
        for (int i = 0; i < 2000; i++) {
            t.h.stream(true, seg, 0, chunk.length);
        }
        long before = allocated();
        for (int i = 0; i < DELIVERIES; i++) {
            t.h.stream(true, seg, 0, chunk.length);
        }
        long used = allocated() - before;
        assertThat(t.rows).isEmpty(); // still inside the message
        assertThat(t.files.all()).hasSize(1);
        return used;
    }

    private static final String ENVELOPE = "EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\n";

    @Test
    void base64AttachmentLinesStreamWithoutAllocating() {
        byte[] lines = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n".repeat(12)
                .getBytes(StandardCharsets.US_ASCII);
        long used = bytesFor("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n", ENVELOPE + "DATA\r\n", lines);
        assertThat(used).as("bytes allocated for %d deliveries", DELIVERIES).isLessThan(64 * 1024);
    }

    @Test
    void quotedPrintableLinesStreamWithoutAllocating() {
        byte[] lines = "caf=C3=A9 soft=\r\n..dot-stuffed text line of a message\r\n".repeat(10)
                .getBytes(StandardCharsets.US_ASCII);
        long used = bytesFor("Content-Transfer-Encoding: quoted-printable\r\n\r\n", ENVELOPE + "DATA\r\n", lines);
        assertThat(used).as("bytes allocated for %d deliveries", DELIVERIES).isLessThan(64 * 1024);
    }

    @Test
    void bdatChunksStreamWithoutAllocating() {
        byte[] lines = "plain text of a chunked message\r\n".repeat(30).getBytes(StandardCharsets.US_ASCII);
        long used = bytesFor("\r\n", ENVELOPE + "BDAT 999999999999 LAST\r\n", lines);
        assertThat(used).as("bytes allocated for %d deliveries", DELIVERIES).isLessThan(64 * 1024);
    }
}
