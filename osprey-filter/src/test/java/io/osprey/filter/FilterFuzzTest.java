package io.osprey.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.testkit.Mutator;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded mutants of expressions (compiling may only succeed or raise FilterSyntaxException with a position inside
 * the text, for any link type) and of packets (matching never throws, and the generated code and the interpreter
 * agree).
 */
class FilterFuzzTest {
    static final List<String> SEEDS = List.of("host 10.0.0.1 and tcp port 80", "vlan 100 and (ip6 or udp port 53)",
            "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", "ip[2:2] > 1500 or len < 64 and not arp",
            "ether src aa:bb:cc:dd:ee:ff or net 10.0.0.0/8 and portrange 1-1023", "mpls 5 and mpls and ip6 proto 58",
            "ip6 protochain 17 or geneve 7 and udp", "wlan type mgt subtype beacon", "(1 + 2) * len % 5 ^ 3 = 1",
            "pppoes 3 and ip and src host 1.2.3.4", "ifname en0 and action pass", "vpi 1 and vci (2 or 3)",
            "llc u and stp or ipx", "decnet host 1.2 or atalk", "icmp6[icmp6type] = icmp6-echo");
    private static final int[] DLTS = {Dlt.EN10MB, Dlt.RAW, Dlt.LINUX_SLL, Dlt.IEEE802_11_RADIO, Dlt.PFLOG,
        Dlt.SUNATM, Dlt.MTP2, Dlt.NULL, Dlt.PPP, Dlt.FDDI, Dlt.IPV6, Dlt.LINUX_SLL2, 200};

    @TestFactory
    Stream<DynamicTest> compilingNeverThrowsAnythingElse() {
        FilterCompiler.Options opts = FilterCompiler.Options.tcpdumpOffline().withNames(FixedNames.empty())
                .withJit(false);
        return IntStream.range(0, Mutator.iterations(2000)).mapToObj(i -> DynamicTest.dynamicTest("mutant " + i,
                () -> {
                    byte[] seed = SEEDS.get(i % SEEDS.size()).getBytes(StandardCharsets.ISO_8859_1);
                    String expr = new String(Mutator.mutate(seed, i), StandardCharsets.ISO_8859_1);
                    int dlt = DLTS[(i / SEEDS.size()) % DLTS.length];
                    try {
                        FilterCompiler.compileProgram(expr, dlt, FilterCompiler.DEFAULT_SNAPLEN, opts);
                    } catch (FilterSyntaxException e) {
                        assertThat(e.position()).isBetween(0, expr.length());
                        assertThat(e.getMessage()).isNotBlank();
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> matchingNeverThrowsAndTheTwoEnginesAgree() throws Exception {
        List<byte[]> frames = TcpdumpDifferentialTest.ethernetFrames();
        PacketFilter[] jit = new PacketFilter[SEEDS.size()];
        PacketFilter[] interp = new PacketFilter[SEEDS.size()];
        FilterCompiler.Options opts = FilterCompiler.Options.tcpdumpOffline().withNames(FixedNames.empty());
        int n = 0;
        for (String s : SEEDS) {
            try {
                jit[n] = FilterCompiler.compile(s, 1, 65535, opts);
                interp[n] = FilterCompiler.compile(s, 1, 65535, opts.withJit(false));
                n++;
            } catch (FilterSyntaxException e) {
                // not an Ethernet expression
            }
        }
        int filters = n;
        return IntStream.range(0, Mutator.iterations(3000)).mapToObj(i -> DynamicTest.dynamicTest("mutant " + i,
                () -> {
                    byte[] p = Mutator.mutate(frames.get(i % frames.size()), i);
                    MemorySegment seg = MemorySegment.ofArray(p);
                    int wire = p.length + new Random(i).nextInt(3) * 100;
                    for (int f = 0; f < filters; f++) {
                        assertThat(jit[f].matches(seg, 0, p.length, wire))
                                .isEqualTo(interp[f].matches(seg, 0, p.length, wire));
                    }
                }));
    }
}
