package io.osprey.analyzer.notice;

import io.osprey.engine.Analysis;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerRegistry;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.engine.event.EventBus;
import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketSource;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol_Found / Server_Found notices for a protocol confirmed on a port its analyzer is not registered for, and
 * none on its own port, in notice.log's Zeek format. The protocol here is a stand-in that confirms on its first
 * byte; the HTTP analyzer's golden test covers real HTTP on a non-standard port.
 */
class ProtocolDetectorTest {
    @TempDir
    Path dir;

    private static final AnalyzerSpec FAKE = new AnalyzerSpec("FAKE", "fake", AnalyzerSpec.TCP, new int[] {80},
            (b, n) -> b[0] == 'F' ? 1 : 0, null, ctx -> new Analyzer(ctx) {
                @Override
                public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
                    ctx.confirm();
                }
            });

    private List<Map<String, String>> run(int... ports) throws Exception {
        Path pcap = dir.resolve("t.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, 1, false)) {
            long t = 1_000_000_000_000_000_000L / 1000;
            int sport = 40000;
            for (int port : ports) {
                sport++;
                w.write(t += 1000, PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(sport, port).flags(SYN).seq(0).build());
                w.write(t += 1000, PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(port, sport).flags(SYN | ACK).seq(0).ack(1).build());
                w.write(t += 1000, PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(sport, port).flags(PSH | ACK).seq(1).ack(1).payload("FOO").build());
                w.write(t += 1000, PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(port, sport).flags(PSH | ACK).seq(1).ack(4).payload("bar").build());
                w.write(t += 1000, PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(sport, port).flags(FIN | ACK).seq(4).ack(4).build());
                w.write(t += 1000, PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(port, sport).flags(FIN | ACK).seq(4).ack(5).build());
            }
        }
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        EventBus events = new EventBus();
        try (LogManager logs = new LogManager(LogOutputs.files(out, LogFormat.TSV));
             PacketSource src = Captures.openAll(List.of(pcap.toString()), x -> { })) {
            NoticeLog.install(events, logs.stream(NoticeLog.SCHEMA));
            ProtocolDetector.install(events);
            Analysis a = new Analysis(new ConnConfig(), logs, new AnalyzerRegistry(List.of(FAKE)), events);
            a.worker().run(src, null, 1 << 30);
            a.worker().finish();
        }
        return ZeekLogs.read(out.resolve("notice.log"));
    }

    @Test
    void aProtocolOnAnotherPortRaisesProtocolFoundAndServerFoundOnce() throws Exception {
        List<Map<String, String>> n = run(2222, 2222);
        assertThat(n).extracting(r -> r.get("note")).containsExactly("ProtocolDetector::Protocol_Found",
                "ProtocolDetector::Server_Found", "ProtocolDetector::Protocol_Found");
        assertThat(n.get(0)).containsEntry("msg", "10.0.0.1:40001 > 10.0.0.2:2222 FAKE on port 2222/tcp")
                .containsEntry("sub", "FAKE").containsEntry("src", "10.0.0.1").containsEntry("dst", "10.0.0.2")
                .containsEntry("p", "2222").containsEntry("proto", "tcp").containsEntry("actions", "Notice::ACTION_LOG")
                .containsEntry("suppress_for", "3600.000000");
        assertThat(n.get(1)).containsEntry("msg", "10.0.0.2: FAKE server on port 2222/tcp")
                .containsEntry("src", "10.0.0.2");
    }

    @Test
    void nothingOnTheRegisteredPort() throws Exception {
        assertThat(run(80)).isEmpty();
    }
}
