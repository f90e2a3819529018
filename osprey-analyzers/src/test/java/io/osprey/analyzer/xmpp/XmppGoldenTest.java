package io.osprey.analyzer.xmpp;

import io.osprey.analyzer.GoldenLogs;
import io.osprey.analyzer.Pipelines;
import io.osprey.analyzer.ZeekBaselines;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden test on the project's own capture {@code xmpp-golden.pcap} (made with {@code make-capture.sh}: a slixmpp
 * client logging in to Prosody once with STARTTLS, once in the clear). conn.log must equal what Zeek 9.1 wrote
 * ({@code zeek-conn.log}: {@code xmpp,ssl} and {@code xmpp}; update with {@code ./mvnw -q test -pl osprey-analyzers
 * -am -Dosprey.golden.update=true -Dtest=XmppGoldenTest -Dsurefire.failIfNoSpecifiedTests=false}).
 */
class XmppGoldenTest {
    @TempDir
    Path dir;

    @Test
    void connLogMatchesZeek() throws Exception {
        Path pcap = ZeekBaselines.resource(XmppGoldenTest.class, "xmpp-golden.pcap");
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(XmppGoldenTest.class, pcap, dir, "xmpp-golden.pcap", List.of("conn.log"));
        }
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        new GoldenLogs(Set.of("uid"), Set.of("service")).compare(XmppGoldenTest.class, "conn.log", out).assertSame();
        List<Map<String, String>> ours = ZeekLogs.read(out.resolve("conn.log"));
        assertThat(ours).extracting(r -> r.get("service")).containsExactlyInAnyOrder("xmpp,ssl", "xmpp");
        assertThat(Files.exists(out.resolve("analyzer.log"))).isFalse();
    }
}
