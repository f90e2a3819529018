package io.osprey.analyzer.dns;

import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden test against real Zeek on the project's own capture {@code dns-golden.pcap} (made with
 * {@code make-capture.sh}: dig against BIND and dnsmasq in network namespaces; A, AAAA, MX, TXT, CNAME, PTR, SOA,
 * NS, SRV, HINFO, NXDOMAIN, REFUSED, two queries on one TCP connection, AXFR, EDNS with cookies, IPv6, a query
 * that is never answered). The expected {@code zeek-dns.log} and {@code zeek-conn.log} were written by Zeek 9.1 on
 * that capture; every row must match field for field, uids through a one-to-one mapping (Zeek's are random).
 *
 * <p>Update the baseline (after regenerating the capture) with
 * {@code ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=DnsGoldenTest
 * -Dsurefire.failIfNoSpecifiedTests=false}: it runs {@code /work/shared/tools/zeek-run -C -r dns-golden.pcap}.
 */
class DnsGoldenTest {
    private static final Path SOURCE = Path.of("src/test/resources/io/osprey/analyzer/dns");
    private static final Path ZEEK_RUN = Path.of(System.getProperty("osprey.zeek.run",
            "/work/shared/tools/zeek-run"));

    @TempDir
    Path dir;

    private static Path resource(String name) {
        var url = DnsGoldenTest.class.getResource(name);
        assertThat(url).as("test resource " + name).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = resource("dns-golden.pcap");
        if (Boolean.getBoolean("osprey.golden.update")) {
            update(pcap);
        }
        DnsPipeline p = new DnsPipeline(dir);
        p.run(pcap);
        List<String> diffs = new ArrayList<>();
        Map<String, String> uids = new HashMap<>();
        Map<String, String> back = new HashMap<>();
        compare("dns.log", ZeekLogs.read(resource("zeek-dns.log")), p.log("dns.log"), uids, back, diffs);
        compare("conn.log", ZeekLogs.read(resource("zeek-conn.log")), p.log("conn.log"), uids, back, diffs);
        assertThat(diffs).isEmpty();
        assertThat(ZeekLogs.read(resource("zeek-dns.log"))).hasSizeGreaterThanOrEqualTo(15);
    }

    private static void compare(String log, List<Map<String, String>> zeek, List<Map<String, String>> ours,
                                Map<String, String> uids, Map<String, String> back, List<String> diffs) {
        assertThat(ours).as(log + " rows").hasSameSizeAs(zeek);
        List<Map<String, String>> left = new ArrayList<>(ours);
        for (Map<String, String> z : zeek) {
            Map<String, String> o = left.stream().filter(r -> sameKey(r, z)).findFirst().orElse(null);
            if (o == null) {
                diffs.add(log + ": missing " + z);
                continue;
            }
            left.remove(o);
            for (Map.Entry<String, String> f : z.entrySet()) {
                String mine = o.get(f.getKey());
                if (f.getKey().equals("uid")) {
                    String prev = uids.putIfAbsent(f.getValue(), mine);
                    String prevBack = back.putIfAbsent(mine, f.getValue());
                    if ((prev != null && !prev.equals(mine)) || (prevBack != null && !prevBack.equals(f.getValue()))) {
                        diffs.add(log + ": uid mapping broken at " + z);
                    }
                } else if (!f.getValue().equals(mine)) {
                    diffs.add(log + ": " + f.getKey() + ": zeek '" + f.getValue() + "' osprey '" + mine + "' in " + z);
                }
            }
        }
    }

    private static boolean sameKey(Map<String, String> a, Map<String, String> b) {
        for (String f : new String[] {"ts", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "trans_id"}) {
            if (b.containsKey(f) && !b.get(f).equals(a.get(f))) {
                return false;
            }
        }
        return true;
    }

    /** Runs real Zeek on the capture and writes its logs as the new baseline (in the source tree). */
    private void update(Path pcap) throws IOException, InterruptedException {
        if (!Files.isExecutable(ZEEK_RUN)) {
            fail("osprey.golden.update needs real Zeek: " + ZEEK_RUN + " is missing");
        }
        Path z = Files.createDirectories(dir.resolve("zeek"));
        Process proc = new ProcessBuilder(ZEEK_RUN.toString(), "-C", "-r", pcap.toString()).directory(z.toFile())
                .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertThat(proc.waitFor()).as("zeek-run: " + out).isZero();
        for (String log : new String[] {"dns.log", "conn.log"}) {
            String text = "## generated by Zeek 9.1: zeek-run -C -r dns-golden.pcap; update with ./mvnw -q test "
                    + "-pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=DnsGoldenTest "
                    + "-Dsurefire.failIfNoSpecifiedTests=false\n" + Files.readString(z.resolve(log));
            Files.writeString(SOURCE.resolve("zeek-" + log), text);
            // Also refresh the copy on the test classpath so this run compares against the new baseline.
            Files.copy(SOURCE.resolve("zeek-" + log), resource("dns-golden.pcap").resolveSibling("zeek-" + log),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
