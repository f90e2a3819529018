package io.osprey.analyzer.radius;

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
 * Golden test against real Zeek on the project's own capture {@code radius-golden.pcap} (made with
 * {@code make-capture.sh}: radclient against FreeRADIUS in network namespaces; PAP and CHAP accepted and rejected,
 * the attributes radius.log takes from requests (MAC addresses that normalize and one that does not, a tagged
 * Tunnel-Client-Endpoint, Connect-Info), a challenge left unanswered and one answered on the same connection,
 * Status-Server, two exchanges on one connection, a request never answered). The expected {@code zeek-radius.log}
 * and {@code zeek-conn.log} were written by Zeek 9.1 on that capture; every row must match field for field, uids
 * through a one-to-one mapping.
 *
 * <p>Update the baseline (after regenerating the capture) with
 * {@code ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=RadiusGoldenTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RadiusGoldenTest {
    @TempDir
    Path dir;

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = ZeekBaselines.resource(RadiusGoldenTest.class, "radius-golden.pcap");
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(RadiusGoldenTest.class, pcap, dir, "radius-golden.pcap",
                    List.of("radius.log", "conn.log"));
        }
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        new GoldenLogs(Set.of("uid"), Set.of()).compare(RadiusGoldenTest.class, "radius.log", out)
                .compare(RadiusGoldenTest.class, "conn.log", out).assertSame();
        assertThat(ZeekLogs.read(out.resolve("radius.log"))).extracting(r -> r.get("result"))
                .contains("success", "failed", "unknown").hasSizeGreaterThan(8);
    }
}
