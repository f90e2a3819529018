package io.osprey.analyzer.syslog;

import io.osprey.analyzer.Pipelines;
import io.osprey.analyzer.ZeekBaselines;
import io.osprey.testkit.ZeekLogs;
import io.osprey.testkit.ZeekRowComparer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden test on the project's own capture {@code syslog-golden.pcap} (made with {@code make-capture.sh}: util-linux
 * logger over UDP, over TCP with octet counting and non-transparent framing, and nc for a PRI-less, a malformed and
 * an out-of-table PRI; then two hand-framed TCP streams).
 *
 * <p>UDP: syslog.log's rows must equal {@code zeek-syslog.log}, written by Zeek 9.1 ({@code zeek-run -C -r}; update
 * with {@code ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true -Dtest=SyslogGoldenTest
 * -Dsurefire.failIfNoSpecifiedTests=false}). The reference build has no Spicy, so its legacy analyzer neither
 * analyzes TCP nor confirms: the TCP rows and the services below are what syslog.spicy gives and what Zeek's own
 * tcp-framing baselines show (service {@code syslog_tcp}), written out here.
 */
class SyslogGoldenTest {
    @TempDir
    Path dir;

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = ZeekBaselines.resource(SyslogGoldenTest.class, "syslog-golden.pcap");
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(SyslogGoldenTest.class, pcap, dir, "syslog-golden.pcap", List.of("syslog.log"));
        }
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        List<Map<String, String>> ours = ZeekLogs.read(out.resolve("syslog.log"));
        List<Map<String, String>> udp = ours.stream().filter(r -> r.get("proto").equals("udp")).toList();
        List<Map<String, String>> zeek = ZeekLogs.read(ZeekBaselines.resource(SyslogGoldenTest.class,
                "zeek-syslog.log"));
        assertThat(udp).hasSameSizeAs(zeek);
        ZeekRowComparer cmp = new ZeekRowComparer(Set.of("uid"), Set.of(), Set.of());
        for (int i = 0; i < zeek.size(); i++) {
            cmp.compare("syslog.log", zeek.get(i), udp.get(i));
        }
        assertThat(cmp.diffs()).isEmpty();

        // TCP, as syslog.spicy's Frames parse it. A non-transparent frame is logged when the next frame starts or
        // the direction ends (its time is then the FIN's).
        assertThat(ours).filteredOn(r -> r.get("proto").equals("tcp"))
                .extracting(r -> r.get("facility") + " " + r.get("severity") + " " + r.get("message"))
                .containsExactly(
                        "USER INFO 1 " + rfc5424Stamp(ours, "su") + " vm su - - [timeQuality tzKnown=\"1\" "
                                + "isSynced=\"0\"] octet counted message",
                        "AUTH WARNING " + rfc3164Stamp(ours, "sshd") + " vm sshd: non-transparent line",
                        "USER NOTICE first", "USER INFO second", "USER DEBUG counted", "MAIL EMERG nt");

        // The malformed UDP PRI is a violation before any confirmation (no service, no analyzer.log row); the last
        // stream confirmed with its first frame and lost the service with its second.
        List<String> services = ZeekLogs.read(out.resolve("conn.log")).stream()
                .filter(c -> !c.get("proto").equals("icmp")).map(c -> c.get("proto") + " " + c.get("service")).toList();
        assertThat(services).containsExactlyInAnyOrder("udp syslog", "udp syslog", "udp syslog", "udp syslog",
                "udp -", "tcp syslog_tcp", "tcp syslog_tcp", "tcp syslog_tcp", "tcp -");
        // The failed frame after a confirmation ("0" starts neither kind of frame): analyzer.log's row.
        List<Map<String, String>> failures = ZeekLogs.read(out.resolve("analyzer.log"));
        assertThat(failures).extracting(r -> r.get("analyzer_name") + " " + r.get("failure_reason"))
                .containsExactly("SYSLOG_TCP " + SyslogAnalyzer.NO_FRAME);
        assertThat(Files.exists(out.resolve("weird.log"))).isFalse();
    }

    /** The capture's RFC 5424 timestamp in the message of {@code tag} (logger writes the sending time). */
    private static String rfc5424Stamp(List<Map<String, String>> rows, String tag) {
        String m = rows.stream().map(r -> r.get("message")).filter(s -> s.contains(" " + tag + " ")).findFirst()
                .orElseThrow();
        return m.split(" ")[1];
    }

    /** The capture's RFC 3164 timestamp ("Nov 24 06:26:53") in the message of {@code tag}. */
    private static String rfc3164Stamp(List<Map<String, String>> rows, String tag) {
        String m = rows.stream().map(r -> r.get("message")).filter(s -> s.contains(" " + tag + ":")).findFirst()
                .orElseThrow();
        return m.substring(0, m.indexOf(" vm "));
    }
}
