package io.osprey.analyzer.dhcp;

import com.sun.management.ThreadMXBean;
import io.osprey.analyzer.ntp.NtpParseProbe;
import io.osprey.analyzer.radius.RadiusParseProbe;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static io.osprey.analyzer.dhcp.DhcpMessages.END;
import static io.osprey.analyzer.dhcp.DhcpMessages.client;
import static io.osprey.analyzer.dhcp.DhcpMessages.opt;
import static io.osprey.analyzer.dhcp.DhcpMessages.opts;
import static io.osprey.analyzer.dhcp.DhcpMessages.type;
import static io.osprey.analyzer.dhcp.DhcpMessages.u32;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parsing the three UDP protocols' datagrams allocates nothing per message: 100k parses each of a DHCP request with
 * every logged option and relay agent information, an NTP message with extension fields, and a RADIUS
 * Access-Request, after warm-up, stay under a small allocation bound (what a log row keeps is allocated by the row,
 * not here). An allocation check, not a timing test.
 */
class ParseAllocationTest {
    private static final int MESSAGES = 100_000;

    private static long allocated() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void parsingDoesNotAllocatePerMessage() {
        byte[] dhcp = client(1, opts(type(3), opt(12, "alice"), opt(61, new byte[] {1, 2, 0, 0, 0, 0, 1}),
                opt(81, "\0\0\0alice.example"), opt(50, new byte[] {10, 0, 0, 50}), u32(51, 3600),
                opt(15, "example.com"), opt(56, "text"), opt(55, new byte[] {1, 3, 6}), END));
        MemorySegment d = MemorySegment.ofArray(dhcp);
        DhcpAnalyzer a = new DhcpAnalyzer(null, null);
        int errors = 0;
        for (int i = 0; i < 20_000; i++) {
            errors += a.parse(true, d, 0, dhcp.length) == null ? 0 : 1;
            errors += NtpParseProbe.parse() + RadiusParseProbe.parse();
        }
        long before = allocated();
        for (int i = 0; i < MESSAGES; i++) {
            errors += a.parse(true, d, 0, dhcp.length) == null ? 0 : 1;
            errors += NtpParseProbe.parse() + RadiusParseProbe.parse();
        }
        long bytes = allocated() - before;
        assertThat(errors).isZero();
        assertThat(bytes).as("bytes allocated by %d parses of each", MESSAGES).isLessThan(64 * 1024);
    }
}
