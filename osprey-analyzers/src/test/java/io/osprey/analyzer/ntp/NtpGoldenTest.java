package io.osprey.analyzer.ntp;

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
 * Golden test against real Zeek on the project's own capture {@code ntp-golden.pcap} (made with
 * {@code make-capture.sh}: chronyd serving chronyd and ntpdig clients in network namespaces; client/server
 * exchanges with and without SHA1 and MD5 MACs, interleaved mode, SNTP, broadcasts). The expected
 * {@code zeek-ntp.log} and {@code zeek-conn.log} were written by Zeek 9.1 on that capture; every row must match
 * field for field, uids through a one-to-one mapping.
 *
 * <p>Update the baseline (after regenerating the capture) with
 * {@code ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=NtpGoldenTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class NtpGoldenTest {
    @TempDir
    Path dir;

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = ZeekBaselines.resource(NtpGoldenTest.class, "ntp-golden.pcap");
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(NtpGoldenTest.class, pcap, dir, "ntp-golden.pcap", List.of("ntp.log", "conn.log"));
        }
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        new GoldenLogs(Set.of("uid"), Set.of()).compare(NtpGoldenTest.class, "ntp.log", out)
                .compare(NtpGoldenTest.class, "conn.log", out).assertSame();
        assertThat(ZeekLogs.read(out.resolve("ntp.log"))).extracting(r -> r.get("mode")).contains("3", "4", "5")
                .hasSizeGreaterThan(20);
    }
}
