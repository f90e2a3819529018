package io.osprey.analyzer.irc;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No allocation per line for the messages base/protocols/irc does not log: channel text, pings and server replies
 * are split and parsed over the line buffer. An allocation check (the thread's allocated bytes), not a timing test.
 */
class IrcAllocationTest {
    private static final int DELIVERIES = 20_000;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void ordinaryTrafficIsParsedWithoutAllocating() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 6667, IrcAnalyzer.spec(null));
        h.stream(true, "NICK a\r\n");
        IrcAnalyzer irc = (IrcAnalyzer) h.analyzer("IRC");
        byte[] chunk = ("PRIVMSG #chan :hello there, how are things\r\nPING :irc.example\r\n"
                + ":irc.example 372 a :- message of the day\r\nPONG irc.example\r\n").repeat(4)
                .getBytes(StandardCharsets.ISO_8859_1);
        MemorySegment seg = MemorySegment.ofArray(chunk);
        for (int i = 0; i < 2000; i++) {
            irc.deliverStream(i % 2 == 0, seg, 0, chunk.length);
        }
        long before = allocated();
        for (int i = 0; i < DELIVERIES; i++) {
            irc.deliverStream(i % 2 == 0, seg, 0, chunk.length);
        }
        long used = allocated() - before;
        assertThat(h.weirds()).isEmpty();
        assertThat(h.analyzer("IRC")).isSameAs(irc);
        assertThat(used).as("bytes allocated for %d deliveries", DELIVERIES).isLessThan(64 * 1024);
    }
}
