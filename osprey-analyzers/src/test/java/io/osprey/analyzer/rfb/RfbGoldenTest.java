package io.osprey.analyzer.rfb;

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
 * Golden test on the project's own capture {@code rfb-golden.pcap} (made with {@code make-capture.sh}: TigerVNC's
 * vncviewer against x11vnc: no password, VNC authentication, a wrong password, and a session on a port only payload
 * detection finds). rfb.log, conn.log and analyzer.log must equal what Zeek 9.1 wrote ({@code zeek-*.log}; update
 * with {@code ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=RfbGoldenTest
 * -Dsurefire.failIfNoSpecifiedTests=false}). TigerVNC announces its extended clipboard with a ClientCutText whose
 * length is negative; Zeek's {@code &enforce} on it is a violation after confirmation, which takes "rfb" out of
 * conn.log's service: the baselines show that too.
 */
class RfbGoldenTest {
    private static final List<String> LOGS = List.of("rfb.log", "conn.log", "analyzer.log");

    @TempDir
    Path dir;

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = ZeekBaselines.resource(RfbGoldenTest.class, "rfb-golden.pcap");
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(RfbGoldenTest.class, pcap, dir, "rfb-golden.pcap", LOGS);
        }
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        GoldenLogs golden = new GoldenLogs(Set.of("uid"), Set.of("service"));
        for (String log : LOGS) {
            golden.compare(RfbGoldenTest.class, log, out);
        }
        golden.assertSame();
        assertThat(ZeekLogs.read(out.resolve("rfb.log"))).extracting(r -> r.get("id.resp_p") + " "
                + r.get("authentication_method") + " " + r.get("auth")).containsExactlyInAnyOrder(
                "5900 None T", "5901 VNC T", "5901 VNC F", "15900 None T");
    }
}
