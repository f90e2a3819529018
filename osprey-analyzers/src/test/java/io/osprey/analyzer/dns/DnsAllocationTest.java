package io.osprey.analyzer.dns;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static io.osprey.analyzer.dns.DnsMsg.hex;
import static io.osprey.analyzer.dns.DnsMsg.rdName;
import static io.osprey.analyzer.dns.DnsMsg.rdata;
import static io.osprey.analyzer.dns.DnsMsg.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parsing allocates nothing per message: 100k parses of a response with compressed names and several RR types, and
 * of TCP-framed messages split across deliveries, after warm-up stay under a small allocation bound. What a
 * transaction keeps (its strings) is allocated by the state, not here. An allocation check, not a timing test.
 */
class DnsAllocationTest {
    private static final int MESSAGES = 100_000;

    /** A handler that only counts, so that the parser's own allocations are measured. */
    private static final class Counting implements DnsParser.Handler {
        long replies;
        long textBytes;

        @Override public boolean netbios() { return false; }
        @Override public int respPort() { return 53; }
        @Override public boolean respMulticast() { return false; }
        @Override public boolean udp() { return true; }
        @Override public boolean firstMessage() { return false; }
        @Override public void firstMessageSeen() { }
        @Override public void weird(String name, String addl) { throw new AssertionError(name); }
        @Override public void violation(String reason) { throw new AssertionError(reason); }
        @Override public void confirm() { }
        @Override public void flipRoles() { }
        @Override public void limitReached() { }
        @Override public void message(DnsHeader h, boolean isQuery) { }
        @Override public void question(DnsHeader h, int kind, byte[] n, int nl, byte[] o, int t, int c) { }
        @Override public void end(DnsHeader h) { }

        @Override
        public void reply(DnsHeader h, int section, byte[] owner, int ownerLen, long ttl, byte[] text, int n) {
            replies++;
            textBytes += n;
        }
    }

    private static long allocated() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void parsingDoesNotAllocatePerMessage() {
        DnsMsg m = DnsMsg.response(1, 7).question("www.example.com", 1, 1);
        m.rrPtr(12, 5, 1, 60, DnsMsg.rd(rdata().labelsThenPtr("edge", 16)));
        m.rrPtr(12, 1, 1, 60, hex("0a000001"));
        m.rrPtr(12, 28, 1, 60, hex("20010db8000000000000000000000001"));
        m.rrPtr(12, 16, 1, 60, strings("v=spf1 -all", "second string"));
        m.rrPtr(12, 15, 1, 60, DnsMsg.rd(rdata().u16(10).name("mail.example.com")));
        m.rrPtr(12, 2, 1, 60, rdName("ns.example.com"));
        m.rrPtr(12, 46, 1, 60, DnsMsg.rd(rdata().u16(1).u8(8).u8(2).u32(1).u32(2).u32(3).u16(4).name("example.com")
                .raw(new byte[64])));
        byte[] msg = m.bytes();
        MemorySegment seg = MemorySegment.ofArray(msg);
        DnsParser parser = new DnsParser(DnsParser.Settings.DEFAULT);
        Counting h = new Counting();
        byte[] stream = DnsMsg.tcpStream(msg, msg);
        MemorySegment streamSeg = MemorySegment.ofArray(stream);
        DnsTcpFramer framer = new DnsTcpFramer(false, new DnsTcpFramer.Sink() {
            @Override
            public void message(MemorySegment s, long off, int len, int isQuery) {
                parser.parse(h, s, off, len, isQuery);
            }

            @Override
            public boolean stopped() {
                return false;
            }
        });
        for (int i = 0; i < 20_000; i++) {
            parser.parse(h, seg, 0, msg.length, 0);
            framer.deliver(streamSeg, 0, 30);
            framer.deliver(streamSeg, 30, stream.length - 30);
        }
        long before = allocated();
        for (int i = 0; i < MESSAGES; i++) {
            parser.parse(h, seg, 0, msg.length, 0);
            framer.deliver(streamSeg, 0, 30);
            framer.deliver(streamSeg, 30, stream.length - 30);
        }
        long perMessage = (allocated() - before) / (3L * MESSAGES);
        assertThat(h.replies).isEqualTo(3L * (MESSAGES + 20_000) * 7);
        assertThat(perMessage).as("bytes allocated per message").isLessThan(8);
    }
}
