package io.osprey.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against tcpdump over the shared corpus captures (Zeek's test traces and tcpdump's malformed
 * captures under ../shared/corpus): for a sample of expressions, the packets we select are the packets tcpdump
 * selects. Skipped without tcpdump or the corpus. {@code -Dosprey.filter.corpus.all=true} runs every capture with
 * every expression (about 15 minutes); by default each capture runs two expressions, in rotation.
 *
 * <p>We follow libpcap 1.11, Debian's tcpdump uses 1.10, and libpcap changed in between in ways this corpus
 * shows: {@code ip multicast} became 224.0.0.0/4 (it was "first byte at least 224", which took in broadcasts),
 * ARCnet follows RFC 1201 only, the DSA tag link types gained filtering, and in files DLT_NULL, DLT_ENC and
 * DLT_PFLOG accept every platform's AF values in either byte order. Those expressions and link types are left
 * to the libpcap 1.11 tests (CorpusConformanceTest, AcceptBytecodeEquivalenceTest).
 */
class TcpdumpCorpusDifferentialTest {
    static final String[] EXPRESSIONS = {
        "tcp", "udp", "icmp", "ip6", "arp", "ip", "tcp port 80", "port 53", "udp port 53 or tcp port 25",
        "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", "tcp[13] & 2 != 0", "ip[2:2] > 1500", "less 100",
        "greater 1000", "vlan", "vlan and tcp", "mpls", "ether broadcast", "ether multicast", "ip6 multicast",
        "net 192.168.0.0/16", "net 10.0.0.0/8 or net 172.16.0.0/12", "portrange 1000-2000", "src portrange 1-1023",
        "tcp and (port 80 or port 443)", "icmp[icmptype] = icmp-echo", "ip proto 47", "ip6 proto 58",
        "ip6 and tcp", "udp port 4789", "host 10.0.0.1 or host 192.168.1.1", "dst host 255.255.255.255",
        "len >= 60 and len <= 1514", "not ip and not ip6", "ip[6:2] & 0x1fff != 0", "ip[0] & 0xf > 5",
        "ip6[6] = 17", "tcp[0:2] > 1024 and tcp[2:2] < 1024", "udp[8:4] = 0", "ether[12:2] = 0x0800",
        "pppoes", "pppoed", "ip host 192.168.1.1 and not tcp", "ip protochain 6", "ip6 protochain 17",
        "icmp6", "sctp", "igmp", "ether host ff:ff:ff:ff:ff:ff", "ether src 00:00:00:00:00:00",
        "tcp dst port 80 and (tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420)", "udp[4:2] < 16",
    };

    /** Link types whose filter code changed between libpcap 1.10 and 1.11 (see above). */
    static final java.util.Set<Integer> CHANGED_SINCE_1_10 = java.util.Set.of(Dlt.ARCNET, Dlt.ARCNET_LINUX,
            Dlt.DSA_TAG_BRCM, Dlt.DSA_TAG_DSA, Dlt.NULL, Dlt.ENC, Dlt.PFLOG);

    static Path corpusRoot() {
        Path d = Corpus.dir();
        return d == null ? null : d.getParent();
    }

    @Test
    void sameSelectionAsTcpdumpOnCorpusCaptures(@TempDir Path tmp) throws Exception {
        assumeTrue(Tcpdump.available(), "tcpdump not installed");
        Path root = corpusRoot();
        assumeTrue(root != null, "shared corpus not found (../shared/corpus)");
        boolean all = Boolean.getBoolean("osprey.filter.corpus.all");
        List<Path> files = new ArrayList<>();
        for (String sub : new String[] {"zeek/traces", "malformed"}) {
            Path d = root.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.walk(d)) {
                    s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(pcap|pcapng|trace|cap|dmp)"))
                            .sorted().forEach(files::add);
                }
            }
        }
        List<String> failures = new ArrayList<>();
        int runs = 0;
        int captures = 0;
        for (int fi = 0; fi < files.size(); fi++) {
            Tcpdump.Capture c = Tcpdump.read(files.get(fi));
            if (c == null || c.packets().isEmpty() || c.packets().size() > 200_000
                    || CHANGED_SINCE_1_10.contains(Dlt.fromLinkType(c.linkType()))) {
                continue;
            }
            captures++;
            Path indexed = Tcpdump.writeIndexed(c, tmp, "c" + fi + ".pcap");
            for (int ei = 0; ei < EXPRESSIONS.length; ei++) {
                if (!all && (ei + fi) % (EXPRESSIONS.length / 2) != 0) {
                    continue;
                }
                String expr = EXPRESSIONS[ei];
                String[] err = new String[1];
                List<Integer> want = Tcpdump.select(indexed, expr, err);
                List<Integer> got;
                try {
                    got = Tcpdump.ours(c, FilterCompiler.compile(expr, c.linkType(), 262144));
                } catch (FilterSyntaxException e) {
                    got = null;
                }
                runs++;
                if (want == null ? got != null : !want.equals(got)) {
                    failures.add(root.relativize(files.get(fi)) + " [" + expr + "]: tcpdump "
                            + (want == null ? "error " + err[0] : want.size() + " packets") + ", ours "
                            + (got == null ? "error" : got.size() + " packets" + diff(want, got)));
                }
            }
        }
        System.out.printf("tcpdump differential (corpus): %d captures, %d runs, %d differ%n", captures, runs,
                failures.size());
        failures.stream().limit(50).forEach(f -> System.out.println("  " + f));
        assertThat(failures).isEmpty();
    }

    static String diff(List<Integer> want, List<Integer> got) {
        if (want == null || got == null) {
            return "";
        }
        List<Integer> extra = new ArrayList<>(got);
        extra.removeAll(want);
        List<Integer> missing = new ArrayList<>(want);
        missing.removeAll(got);
        return " (extra " + extra.subList(0, Math.min(5, extra.size())) + ", missing "
                + missing.subList(0, Math.min(5, missing.size())) + ")";
    }
}
