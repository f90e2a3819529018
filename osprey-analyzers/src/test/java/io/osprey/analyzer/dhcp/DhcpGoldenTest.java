package io.osprey.analyzer.dhcp;

import io.osprey.analyzer.GoldenLogs;
import io.osprey.analyzer.Pipelines;
import io.osprey.analyzer.ZeekBaselines;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden test against real Zeek on the project's own capture {@code dhcp-golden.pcap} (made with
 * {@code make-capture.sh}: ISC dhclient against dnsmasq in network namespaces; a full DORA exchange with host name,
 * FQDN and client identifier, a unicast RELEASE, an INIT-REBOOT REQUEST for an address of another network answered
 * with a NAK and its message, then a new lease, and a plain client). The expected {@code zeek-dhcp.log} and {@code zeek-conn.log} were written by Zeek 9.1 on that capture; every row must match
 * field for field, uids through a one-to-one mapping.
 *
 * <p>Update the baseline (after regenerating the capture) with
 * {@code ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=DhcpGoldenTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DhcpGoldenTest {
    @TempDir
    Path dir;

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = ZeekBaselines.resource(DhcpGoldenTest.class, "dhcp-golden.pcap");
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(DhcpGoldenTest.class, pcap, dir, "dhcp-golden.pcap", List.of("dhcp.log", "conn.log"));
        }
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        new GoldenLogs(Set.of("uid"), Set.of(), Set.of("uids")).compare(DhcpGoldenTest.class, "dhcp.log", out)
                .compare(DhcpGoldenTest.class, "conn.log", out).assertSame();
        assertThat(ZeekLogs.read(out.resolve("dhcp.log"))).extracting(r -> r.get("msg_types"))
                .contains("DISCOVER,OFFER,REQUEST,ACK", "REQUEST,NAK", "RELEASE");
    }
}
