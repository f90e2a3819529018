package io.osprey.analyzer.dns;

import io.osprey.testkit.Mutator;
import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.osprey.analyzer.dns.DnsMsg.hex;
import static io.osprey.analyzer.dns.DnsMsg.rdName;
import static io.osprey.analyzer.dns.DnsMsg.rdata;
import static io.osprey.analyzer.dns.DnsMsg.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DNS parser, the TCP framer and the whole analyzer under mutated input (seeded {@link Mutator} mutations of
 * messages covering every RR type the parser handles): nothing may throw, parsing stays within the message, and
 * through the pipeline the framework's seatbelt ({@code osprey_analyzer_error}) never fires. A failure names the
 * seed. {@code -Dosprey.fuzz.iterations=N} runs longer.
 */
class DnsFuzzTest {
    /** Messages that exercise every branch of the parser (some as authority/additional records). */
    static List<byte[]> seeds() {
        List<byte[]> s = new ArrayList<>();
        s.add(DnsMsg.query(1).question("www.example.com", 1, 1).bytes());
        DnsMsg all = DnsMsg.header(2, 0x8580, 1, 14, 1, 3).question("example.com", 255, 1);
        all.rrPtr(12, 1, 1, 60, hex("0a000001"));
        all.rrPtr(12, 28, 1, 60, hex("20010db8000000000000000000000001"));
        all.rrPtr(12, 5, 1, 60, rdName("alias.example.com"));
        all.rrPtr(12, 15, 1, 60, DnsMsg.rd(rdata().u16(10).labelsThenPtr("mail", 12)));
        all.rrPtr(12, 16, 1, 60, strings("v=spf1 -all", "x"));
        all.rrPtr(12, 6, 1, 60, DnsMsg.rd(rdata().name("ns.example.com").name("h.example.com").u32(1).u32(2).u32(3)
                .u32(4).u32(5)));
        all.rrPtr(12, 33, 1, 60, DnsMsg.rd(rdata().u16(1).u16(2).u16(3).name("sip.example.com")));
        all.rrPtr(12, 35, 1, 60, DnsMsg.rd(rdata().u16(1).u16(2).raw(strings("S", "SIP", "!^.*$!x!")).name("")));
        all.rrPtr(12, 11, 1, 60, hex("0a00000106e0"));
        all.rrPtr(12, 13, 1, 60, strings("cpu", "os"));
        all.rrPtr(12, 257, 1, 60, hex("0005697373756561"));
        all.rrPtr(12, 29, 1, 60, DnsMsg.rd(rdata().u8(0).u8(1).u8(2).u8(3).u32(1).u32(2).u32(3)));
        all.rrPtr(12, 65534, 1, 60, hex("0801020300"));
        all.rrPtr(12, 64, 1, 60, DnsMsg.rd(rdata().u16(1).name("svc.example.com").u16(0).u16(2).u16(1).u16(3)
                .u16(1).u16(3).raw(hex("026832")).u16(3).u16(2).u16(443).u16(4).u16(4).raw(hex("0a000001"))
                .u16(6).u16(16).raw(new byte[16]).u16(5).u16(2).u16(0xabcd).u16(9).u16(1).u8(0)));
        all.rrPtr(12, 2, 1, 60, rdName("ns.example.com"));
        all.u8(0).u16(41).u16(1232).u32(0x8000).u16(32).u16(8).u16(8).u16(1).u8(24).u8(0).raw(hex("0a0000ff"))
                .u16(11).u16(2).u16(100).u16(10).u16(8).raw(new byte[8]).u16(3).u16(0);
        all.rr("k.example.com", 250, 255, 0, DnsMsg.rd(rdata().name("hmac-sha256").u32(1).u16(2).u16(300).u16(4)
                .u32(7).u16(2).u16(0).u16(0)));
        all.rr("k.example.com", 249, 255, 0, DnsMsg.rd(rdata().name("gss-tsig").u32(1).u32(2).u16(3).u16(0).u16(2)
                .u16(0).u16(0)));
        s.add(all.bytes());
        DnsMsg sec = DnsMsg.header(3, 0x8580, 1, 7, 0, 0).question("example.com", 48, 1);
        sec.rrPtr(12, 46, 1, 300, DnsMsg.rd(rdata().u16(1).u8(252).u8(2).u32(300).u32(2).u32(1).u16(1)
                .labelsThenPtr("x", 12).raw(new byte[16])));
        sec.rrPtr(12, 48, 1, 300, DnsMsg.rd(rdata().u16(0x0181).u8(4).u8(1).raw(new byte[32])));
        sec.rrPtr(12, 43, 1, 300, DnsMsg.rd(rdata().u16(1).u8(8).u8(0).raw(new byte[20])));
        sec.rrPtr(12, 47, 1, 300, DnsMsg.rd(rdata().name("b.example.com").u8(0).u8(0).u8(1).u8(6).u8(0x40)));
        sec.rrPtr(12, 50, 1, 300, DnsMsg.rd(rdata().u8(1).u8(0).u16(1).u8(2).u16(1).u8(3).raw(new byte[3])
                .u8(0).u8(1).u8(0x40)));
        sec.rrPtr(12, 51, 1, 300, DnsMsg.rd(rdata().u8(1).u8(0).u16(1).u8(0)));
        sec.rrPtr(12, 44, 1, 300, DnsMsg.rd(rdata().u8(4).u8(2).raw(new byte[32])));
        s.add(sec.bytes());
        DnsMsg du = DnsMsg.header(4, 0x2800, 1, 2, 3, 0);
        du.name("example.com").u16(6).u16(1);
        du.rr("h.example.com", 255, 254, 0, new byte[0]);
        du.rr("h.example.com", 255, 255, 0, new byte[0]);
        du.rr("h.example.com", 28, 255, 0, new byte[0]);
        du.rr("h.example.com", 1, 254, 0, hex("0a000001"));
        du.rr("h.example.com", 1, 1, 60, hex("0a000002"));
        s.add(du.bytes());
        s.add(DnsMsg.header(5, 0x8583, 1, 0, 1, 0).question("nx.example.com", 1, 1)
                .rrPtr(15, 6, 1, 60, DnsMsg.rd(rdata().name("ns").name("h").u32(1).u32(2).u32(3).u32(4).u32(5)))
                .bytes());
        s.add(DnsMsg.header(0x8001, 0x2910, 1, 0, 0, 1).question("FEEIEFCAEOEFFEECEJEPFDCAEOEBENEF", 32, 1)
                .rrPtr(12, 32, 1, 300000, hex("6000c0a80001")).bytes());
        return s;
    }

    private static final DnsParser.Settings[] SETTINGS = {DnsParser.Settings.DEFAULT,
        new DnsParser.Settings(25, false, false, 20), new DnsParser.Settings(0, false, false, 2)};

    @TestFactory
    Stream<DynamicTest> parserNeverThrows() {
        List<byte[]> seeds = seeds();
        int n = Mutator.iterations(2000);
        return IntStream.range(0, n).mapToObj(i -> DynamicTest.dynamicTest("mutant " + i, () -> {
            SplittableRandom r = new SplittableRandom(i);
            byte[] msg = Mutator.mutate(seeds.get(r.nextInt(seeds.size())), i);
            Recorder rec = new Recorder();
            rec.respPort = r.nextInt(4) == 0 ? 137 : 53;
            rec.netbios = rec.respPort == 137;
            rec.udp = r.nextBoolean();
            // Parse from inside a larger segment: reads must stay within the message.
            byte[] padded = new byte[msg.length + 16];
            Arrays.fill(padded, (byte) 0xC0);
            System.arraycopy(msg, 0, padded, 8, msg.length);
            MemorySegment seg = MemorySegment.ofArray(padded).asSlice(8, msg.length);
            new DnsParser(SETTINGS[r.nextInt(SETTINGS.length)]).parse(rec, seg, 0, msg.length, r.nextInt(3));
            if (msg.length < DnsHeader.HEADER_LENGTH) {
                assertThat(rec.events).containsExactly("weird DNS_truncated_len_lt_hdr_len");
            }
            assertThat(rec.lines("confirm")).hasSizeLessThanOrEqualTo(1);
        }));
    }

    @TestFactory
    Stream<DynamicTest> framerNeverThrows() {
        List<byte[]> seeds = seeds();
        int n = Mutator.iterations(500);
        return IntStream.range(0, n).mapToObj(i -> DynamicTest.dynamicTest("mutant " + i, () -> {
            SplittableRandom r = new SplittableRandom(i);
            byte[] stream = Mutator.mutate(DnsMsg.tcpStream(seeds.get(r.nextInt(seeds.size())),
                    seeds.get(r.nextInt(seeds.size()))), i);
            Recorder rec = new Recorder();
            rec.udp = false;
            DnsParser parser = new DnsParser(DnsParser.Settings.DEFAULT);
            int[] total = new int[1];
            DnsTcpFramer f = new DnsTcpFramer(true, new DnsTcpFramer.Sink() {
                @Override
                public void message(MemorySegment seg, long off, int len, int isQuery) {
                    total[0] += len;
                    parser.parse(rec, seg, off, len, isQuery);
                }

                @Override
                public boolean stopped() {
                    return false;
                }
            });
            int pos = 0;
            while (pos < stream.length) {
                int k = Math.min(stream.length - pos, 1 + r.nextInt(64));
                f.deliver(MemorySegment.ofArray(stream).asSlice(pos, k), 0, k);
                pos += k;
                if (r.nextInt(8) == 0) {
                    f.flush();
                }
            }
            f.flush();
            assertThat(f.buffered()).isLessThanOrEqualTo(65535);
        }));
    }

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> analyzerNeverTripsTheSeatbelt() {
        List<byte[]> seeds = seeds();
        int n = Mutator.iterations(100);
        return IntStream.range(0, n).mapToObj(i -> DynamicTest.dynamicTest("mutant " + i, () -> {
            SplittableRandom r = new SplittableRandom(i);
            DnsPipeline p = new DnsPipeline(Files.createDirectories(dir.resolve("m" + i)));
            long t = 1_700_000_000_000_000_000L;
            for (int k = 0; k < 6; k++) {
                byte[] msg = Mutator.mutate(seeds.get(r.nextInt(seeds.size())), ((long) i << 8) | k);
                int port = new int[] {53, 137, 5353, 5355}[r.nextInt(4)];
                boolean fromClient = r.nextBoolean();
                byte[] frame = fromClient
                        ? PacketBuilder.eth().ipv4("10.3.0.1", "10.3.0.2").udp(40000, port).payload(msg).build()
                        : PacketBuilder.eth().ipv4("10.3.0.2", "10.3.0.1").udp(port, 40000).payload(msg).build();
                p.frame(t += r.nextLong(3_000_000_000L), frame);
            }
            p.run();
            assertThat(p.log("weird.log")).extracting(w -> w.get("name")).doesNotContain("osprey_analyzer_error");
        }));
    }
}
