package io.osprey.analyzer.dns;

import io.osprey.analyzer.ZeekBaselines;
import io.osprey.testkit.ZeekLogs;
import io.osprey.testkit.ZeekRowComparer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

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

    @TempDir
    Path dir;


    private static Path resource(String name) {
        return ZeekBaselines.resource(DnsGoldenTest.class, name);
    }

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = resource("dns-golden.pcap");
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(DnsGoldenTest.class, pcap, dir, "dns-golden.pcap", List.of("dns.log", "conn.log"));
        }
        DnsPipeline p = new DnsPipeline(dir);
        p.run(pcap);
        ZeekRowComparer cmp = new ZeekRowComparer(Set.of("uid"), Set.of(), Set.of());
        List<String> missing = new ArrayList<>();
        compare("dns.log", ZeekLogs.read(resource("zeek-dns.log")), p.log("dns.log"), cmp, missing);
        compare("conn.log", ZeekLogs.read(resource("zeek-conn.log")), p.log("conn.log"), cmp, missing);
        assertThat(missing).isEmpty();
        assertThat(cmp.diffs()).isEmpty();
        assertThat(ZeekLogs.read(resource("zeek-dns.log"))).hasSizeGreaterThanOrEqualTo(15);
    }

    /** Pairs each of Zeek's rows with ours by its key fields, then compares them field by field. */
    private static void compare(String log, List<Map<String, String>> zeek, List<Map<String, String>> ours,
                                ZeekRowComparer cmp, List<String> missing) {
        assertThat(ours).as(log + " rows").hasSameSizeAs(zeek);
        List<Map<String, String>> left = new ArrayList<>(ours);
        for (Map<String, String> z : zeek) {
            Map<String, String> o = left.stream().filter(r -> sameKey(r, z)).findFirst().orElse(null);
            if (o == null) {
                missing.add(log + ": missing " + z);
                continue;
            }
            left.remove(o);
            cmp.compare(log, z, o);
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
}
