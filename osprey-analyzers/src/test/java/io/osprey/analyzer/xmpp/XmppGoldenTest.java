package io.osprey.analyzer.xmpp;

import io.osprey.analyzer.Pipelines;
import io.osprey.analyzer.ZeekBaselines;
import io.osprey.testkit.ZeekLogs;
import io.osprey.testkit.ZeekRowComparer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
        List<Map<String, String>> zeek = sorted(ZeekLogs.read(ZeekBaselines.resource(XmppGoldenTest.class,
                "zeek-conn.log")));
        List<Map<String, String>> ours = sorted(ZeekLogs.read(out.resolve("conn.log")));
        assertThat(ours).hasSameSizeAs(zeek);
        ZeekRowComparer cmp = new ZeekRowComparer(Set.of("uid"), Set.of("service"), Set.of());
        for (int i = 0; i < zeek.size(); i++) {
            cmp.compare("conn.log", zeek.get(i), ours.get(i));
        }
        assertThat(cmp.diffs()).isEmpty();
        assertThat(ours).extracting(r -> r.get("service")).containsExactlyInAnyOrder("xmpp,ssl", "xmpp");
        assertThat(Files.exists(out.resolve("analyzer.log"))).isFalse();
    }

    private static List<Map<String, String>> sorted(List<Map<String, String>> rows) {
        List<Map<String, String>> s = new ArrayList<>(rows);
        s.sort(Comparator.comparing((Map<String, String> r) -> r.get("id.orig_p")));
        return s;
    }
}
