package io.osprey.analyzer.rdp;

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
 * Golden test on the project's own capture {@code rdp-golden.pcap} (made with {@code make-capture.sh}: FreeRDP's
 * xfreerdp against xrdp: standard RDP security with an RSA certificate, TLS, a client insisting on NLA, and a
 * session on a port only payload detection finds). rdp.log and conn.log must equal what Zeek 9.1 wrote
 * ({@code zeek-*.log}; update with {@code ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true
 * -Dtest=RdpGoldenTest -Dsurefire.failIfNoSpecifiedTests=false}).
 */
class RdpGoldenTest {
    private static final List<String> LOGS = List.of("rdp.log", "conn.log");

    @TempDir
    Path dir;

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = ZeekBaselines.resource(RdpGoldenTest.class, "rdp-golden.pcap");
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(RdpGoldenTest.class, pcap, dir, "rdp-golden.pcap", LOGS);
        }
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        GoldenLogs golden = new GoldenLogs(Set.of("uid"), Set.of("service"));
        for (String log : LOGS) {
            golden.compare(RdpGoldenTest.class, log, out);
        }
        golden.assertSame();
        assertThat(ZeekLogs.read(out.resolve("rdp.log"))).extracting(r -> r.get("id.resp_p") + " "
                + r.get("security_protocol") + " " + r.get("keyboard_layout") + " " + r.get("encryption_method"))
                .containsExactlyInAnyOrder("3389 RDP Thai 128bit", "3389 SSL - -", "3389 SSL - -",
                        "13389 RDP German - Germany 128bit");
    }
}
