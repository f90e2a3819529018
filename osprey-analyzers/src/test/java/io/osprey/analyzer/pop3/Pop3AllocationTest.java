package io.osprey.analyzer.pop3;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No allocation per delivery once a mail is under way, nor for a stream of commands and replies: mail lines go
 * through the line splitter, the MIME parser and into the files framework without garbage; pending commands reuse
 * their buffers. An allocation check (the thread's allocated bytes), not a timing test.
 */
class Pop3AllocationTest {
    private static final int DELIVERIES = 20_000;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long measure(Pop3TestSupport t, boolean orig, byte[] chunk, byte[] answer) {
        MemorySegment seg = MemorySegment.ofArray(chunk);
        MemorySegment ans = answer == null ? null : MemorySegment.ofArray(answer);
        for (int i = 0; i < 2000; i++) {
            t.h.stream(orig, seg, 0, chunk.length);
            if (ans != null) {
                t.h.stream(!orig, ans, 0, answer.length);
            }
        }
        long before = allocated();
        for (int i = 0; i < DELIVERIES; i++) {
            t.h.stream(orig, seg, 0, chunk.length);
            if (ans != null) {
                t.h.stream(!orig, ans, 0, answer.length);
            }
        }
        return allocated() - before;
    }

    @Test
    void base64MailLinesStreamWithoutAllocating() {
        Pop3TestSupport t = new Pop3TestSupport();
        t.files.keep = false;
        t.resp("+OK\r\n").orig("USER a\r\nPASS b\r\nRETR 1\r\n").resp(
                "+OK\r\n+OK\r\n+OK\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\n");
        byte[] lines = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n".repeat(12)
                .getBytes(StandardCharsets.US_ASCII);
        long used = measure(t, false, lines, null);
        assertThat(t.files.all).hasSize(1);
        assertThat(used).as("bytes allocated for %d deliveries", DELIVERIES).isLessThan(64 * 1024);
    }

    @Test
    void commandsAndRepliesStreamWithoutAllocating() {
        Pop3TestSupport t = Pop3TestSupport.exchange("+OK\r\n", "USER a\r\nPASS b\r\n", "+OK\r\n+OK\r\n");
        long used = measure(t, true, "NOOP\r\nSTAT\r\nDELE 1\r\n".getBytes(StandardCharsets.US_ASCII),
                "+OK\r\n+OK 1 2\r\n+OK deleted\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(t.h.weirds()).isEmpty();
        assertThat(used).as("bytes allocated for %d deliveries", DELIVERIES).isLessThan(64 * 1024);
    }
}
