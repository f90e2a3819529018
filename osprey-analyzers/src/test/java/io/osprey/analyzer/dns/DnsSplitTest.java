package io.osprey.analyzer.dns;

import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.osprey.analyzer.dns.DnsMsg.hex;
import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS over TCP delivered in every split size gives the same records as delivered whole: the framer alone (parser
 * events), and the whole pipeline (dns.log rows, with TCP segments of every size).
 */
class DnsSplitTest {
    private static final byte[] Q1 = DnsMsg.query(21).question("alpha.example.com", 1, 1).bytes();
    private static final byte[] Q2 = DnsMsg.header(22, 0x0100, 1, 0, 0, 1).question("beta.example.com", 16, 1)
            .u8(0).u16(41).u16(1232).u32(0).u16(0).bytes();
    private static final byte[] A1 = DnsMsg.response(21, 2).question("alpha.example.com", 1, 1)
            .rrPtr(12, 5, 1, 60, DnsMsg.rdName("www.example.com")).rrPtr(12, 1, 1, 60, hex("0a000001")).bytes();
    private static final byte[] A2 = DnsMsg.response(22, 1).question("beta.example.com", 16, 1)
            .rrPtr(12, 16, 1, 60, DnsMsg.strings("one", "two")).bytes();
    private static final byte[] ORIG = DnsMsg.tcpStream(Q1, Q2);
    private static final byte[] RESP = DnsMsg.tcpStream(A1, A2);

    /** Frames {@code stream} in chunks of {@code size} and returns the parser's events. */
    private static List<String> frame(byte[] stream, int size, boolean orig) {
        Recorder rec = new Recorder();
        rec.udp = false;
        DnsParser parser = new DnsParser(DnsParser.Settings.DEFAULT);
        DnsTcpFramer f = new DnsTcpFramer(orig, new DnsTcpFramer.Sink() {
            @Override
            public void message(MemorySegment seg, long off, int len, int isQuery) {
                rec.events.add("-- message of " + len + " bytes, isQuery " + isQuery);
                parser.parse(rec, seg, off, len, isQuery);
            }

            @Override
            public boolean stopped() {
                return false;
            }
        });
        for (int i = 0; i < stream.length; i += size) {
            // A fresh array per chunk: the framer may not keep references to delivered bytes.
            byte[] chunk = Arrays.copyOfRange(stream, i, Math.min(stream.length, i + size));
            f.deliver(MemorySegment.ofArray(chunk), 0, chunk.length);
            Arrays.fill(chunk, (byte) 0x5A);
        }
        assertThat(f.buffered()).isZero();
        return rec.events;
    }

    @Test
    void framerGivesTheSameMessagesForEverySplit() {
        for (boolean orig : new boolean[] {true, false}) {
            byte[] stream = orig ? ORIG : RESP;
            List<String> whole = frame(stream, stream.length, orig);
            assertThat(whole).filteredOn(e -> e.startsWith("--")).hasSize(2);
            assertThat(whole).contains("confirm");
            for (int size = 1; size < stream.length; size++) {
                assertThat(frame(stream, size, orig)).as("split %d", size).isEqualTo(whole);
            }
        }
    }

    @Test
    void flushHandsOnAPartialMessageAndLeavesItsCountBehind() {
        List<String> seen = new ArrayList<>();
        DnsTcpFramer f = new DnsTcpFramer(true, new DnsTcpFramer.Sink() {
            @Override
            public void message(MemorySegment seg, long off, int len, int isQuery) {
                seen.add(len + "/" + isQuery);
            }

            @Override
            public boolean stopped() {
                return false;
            }
        });
        byte[] part = Arrays.copyOf(ORIG, 10);
        f.deliver(MemorySegment.ofArray(part), 0, part.length);
        f.flush();
        f.deliver(MemorySegment.ofArray(ORIG), 0, ORIG.length);
        // Zeek: the flushed 8 bytes, then an empty message (the stale count), then the stream from its start.
        assertThat(seen).containsExactly("8/2", "0/1", Q1.length + "/1", Q2.length + "/1");
    }

    @TempDir
    Path dir;

    private List<String> pipeline(int size) throws Exception {
        Path d = Files.createDirectories(dir.resolve("split" + size));
        DnsPipeline p = new DnsPipeline(d);
        String c = "10.2.0.10";
        String s = "10.2.0.53";
        long t = 1_700_000_000_000_000_000L;
        long ms = 1_000_000L;
        long cs = 7000;
        long ss = 9000;
        p.frame(t, PacketBuilder.eth().ipv4(c, s).tcp(42000, 53).flags(SYN).seq(cs).build());
        p.frame(t += ms, PacketBuilder.eth().ipv4(s, c).tcp(53, 42000).flags(SYN | ACK).seq(ss).ack(cs + 1).build());
        p.frame(t += ms, PacketBuilder.eth().ipv4(c, s).tcp(42000, 53).flags(ACK).seq(cs + 1).ack(ss + 1).build());
        for (int i = 0; i < ORIG.length; i += size) {
            byte[] chunk = Arrays.copyOfRange(ORIG, i, Math.min(ORIG.length, i + size));
            p.frame(t += ms, PacketBuilder.eth().ipv4(c, s).tcp(42000, 53).flags(PSH | ACK).seq(cs + 1 + i)
                    .ack(ss + 1).payload(chunk).build());
        }
        for (int i = 0; i < RESP.length; i += size) {
            byte[] chunk = Arrays.copyOfRange(RESP, i, Math.min(RESP.length, i + size));
            p.frame(t += ms, PacketBuilder.eth().ipv4(s, c).tcp(53, 42000).flags(PSH | ACK).seq(ss + 1 + i)
                    .ack(cs + 1 + ORIG.length).payload(chunk).build());
        }
        p.frame(t += ms, PacketBuilder.eth().ipv4(c, s).tcp(42000, 53).flags(FIN | ACK).seq(cs + 1 + ORIG.length)
                .ack(ss + 1 + RESP.length).build());
        p.frame(t + ms, PacketBuilder.eth().ipv4(s, c).tcp(53, 42000).flags(FIN | ACK).seq(ss + 1 + RESP.length)
                .ack(cs + 2 + ORIG.length).build());
        p.run();
        List<String> rows = new ArrayList<>();
        for (Map<String, String> r : p.log("dns.log")) {
            Map<String, String> m = new java.util.LinkedHashMap<>(r);
            // Times depend on how many segments carried the stream; everything else must not.
            m.remove("ts");
            m.remove("uid");
            m.remove("rtt");
            rows.add(m.toString());
        }
        return rows;
    }

    @Test
    void pipelineGivesTheSameRowsForEverySegmentSize() throws Exception {
        List<String> whole = pipeline(Math.max(ORIG.length, RESP.length));
        assertThat(whole).hasSize(2);
        assertThat(whole.get(0)).contains("answers=www.example.com,10.0.0.1");
        assertThat(whole.get(1)).contains("answers=TXT 3 one TXT 3 two");
        for (int size = 1; size < Math.max(ORIG.length, RESP.length); size++) {
            assertThat(pipeline(size)).as("segments of %d", size).isEqualTo(whole);
        }
    }
}
