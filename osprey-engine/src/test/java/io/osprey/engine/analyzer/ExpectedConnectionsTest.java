package io.osprey.engine.analyzer;

import io.osprey.common.net.Addr;
import io.osprey.engine.Analysis;
import io.osprey.engine.Trace;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.engine.event.EventBus;
import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketSource;
import io.osprey.testkit.PacketBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected connections (Zeek's {@code Analyzer::schedule_analyzer}): the table's matching rules (responder address
 * and port, originator or any, transport; any originator port; not consumed by a match; expiry; cap) and, end to end,
 * a control connection scheduling an analyzer that a later connection on an unregistered port gets.
 */
class ExpectedConnectionsTest {
    private static final long SEC = 1_000_000_000L;

    @TempDir
    Path dir;

    private static final AnalyzerSpec DATA = new AnalyzerSpec("DATA", null, AnalyzerSpec.TCP, new int[0], null, null,
            ctx -> new Analyzer(ctx) {
            });
    private static final AnalyzerSpec OTHER = new AnalyzerSpec("OTHER", null, AnalyzerSpec.TCP, new int[0], null,
            null, ctx -> new Analyzer(ctx) {
            });

    private record Conn(long origLo, int origPort, long respLo, int respPort, int proto) implements ConnInfo {
        public String uid() {
            return "C1";
        }

        public long origHi() {
            return 0;
        }

        public long origLo() {
            return origLo;
        }

        public long respHi() {
            return 0;
        }

        public long startTime() {
            return 0;
        }

        public long lastTime() {
            return 0;
        }

        public long origPayloadBytes() {
            return 0;
        }

        public long respPayloadBytes() {
            return 0;
        }
    }

    private static long ip(int last) {
        return Addr.v4Lo(0x0A000000 | last);
    }

    @Test
    void matchesResponderAndOriginatorWithAnyOriginatorPortAndIsNotConsumed() {
        ExpectedConnections t = new ExpectedConnections();
        assertThat(t.expect(0, ip(1), 0, ip(2), 5000, 6, DATA, 0, 300 * SEC)).isTrue();
        assertThat(t.match(new Conn(ip(1), 1234, ip(2), 5000, 6), SEC)).containsExactly(DATA);
        assertThat(t.match(new Conn(ip(1), 999, ip(2), 5000, 6), 2 * SEC)).containsExactly(DATA);
        // Wrong originator, responder, port or transport: nothing.
        assertThat(t.match(new Conn(ip(3), 1234, ip(2), 5000, 6), SEC)).isNull();
        assertThat(t.match(new Conn(ip(1), 1234, ip(3), 5000, 6), SEC)).isNull();
        assertThat(t.match(new Conn(ip(1), 1234, ip(2), 5001, 6), SEC)).isNull();
        assertThat(t.match(new Conn(ip(1), 1234, ip(2), 5000, 17), SEC)).isNull();
        // The reverse direction is another key.
        assertThat(t.match(new Conn(ip(2), 5000, ip(1), 1234, 6), SEC)).isNull();
    }

    @Test
    void anyOriginatorAndSeveralAnalyzersEachOnce() {
        ExpectedConnections t = new ExpectedConnections();
        t.expect(0, 0, 0, ip(2), 80, 6, DATA, 0, 10 * SEC);
        t.expect(0, ip(1), 0, ip(2), 80, 6, OTHER, 0, 10 * SEC);
        t.expect(0, ip(1), 0, ip(2), 80, 6, DATA, 0, 10 * SEC);
        assertThat(t.match(new Conn(ip(7), 1, ip(2), 80, 6), SEC)).containsExactly(DATA);
        assertThat(t.match(new Conn(ip(1), 1, ip(2), 80, 6), SEC)).containsExactly(DATA, OTHER);
    }

    @Test
    void expiresAfterItsTimeoutAndReannouncingExtends() {
        ExpectedConnections t = new ExpectedConnections();
        t.expect(0, ip(1), 0, ip(2), 5000, 6, DATA, 0, 10 * SEC);
        t.expect(0, ip(1), 0, ip(2), 5000, 6, DATA, 5 * SEC, 10 * SEC);
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.match(new Conn(ip(1), 1, ip(2), 5000, 6), 14 * SEC)).containsExactly(DATA);
        assertThat(t.match(new Conn(ip(1), 1, ip(2), 5000, 6), 16 * SEC)).isNull();
        assertThat(t.size()).isZero();
    }

    @Test
    void fullTableRefusesUntilEntriesExpire() {
        ExpectedConnections t = new ExpectedConnections();
        for (int i = 0; i < ExpectedConnections.MAX_ENTRIES; i++) {
            assertThat(t.expect(0, ip(1), 0, Addr.v4Lo(0x0B000000 + i), 5000, 6, DATA, 0, SEC)).isTrue();
        }
        assertThat(t.expect(0, ip(1), 0, ip(2), 5000, 6, DATA, 0, SEC)).isFalse();
        // Once the others expired, there is room again.
        assertThat(t.expect(0, ip(1), 0, ip(2), 5000, 6, DATA, 2 * SEC, SEC)).isTrue();
        assertThat(t.size()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------- end to end

    private static final String C = "10.0.0.1";
    private static final String S = "10.0.0.2";

    /** On the control connection: "EXPECT <port>" from the client schedules DATA2 for client → server:port. */
    private static final AnalyzerSpec DATA2 = new AnalyzerSpec("DATA2", null, AnalyzerSpec.TCP, new int[0], null,
            null, ctx -> {
                ctx.confirmService(ctx.scheduled() ? "data" : "unscheduled");
                return new Analyzer(ctx) {
                };
            });
    private static final AnalyzerSpec CONTROL = new AnalyzerSpec("CONTROL", "control", AnalyzerSpec.TCP,
            new int[] {7777}, null, null, ctx -> new Analyzer(ctx) {
                @Override
                public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
                    byte[] b = new byte[len];
                    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, b, 0, len);
                    String s = new String(b, StandardCharsets.ISO_8859_1);
                    if (orig && s.startsWith("EXPECT ")) {
                        ConnInfo c = ctx.conn();
                        ctx.confirm();
                        ctx.expectConnection(c.origHi(), c.origLo(), c.respHi(), c.respLo(),
                                Integer.parseInt(s.substring(7).trim()), DATA2, 300 * SEC);
                    }
                }
            });

    private static byte[] tcp(boolean fromClient, int flags, long seq, long ack, String data, int sport, int dport) {
        PacketBuilder b = fromClient
                ? PacketBuilder.eth().ipv4(C, S).tcp(sport, dport)
                : PacketBuilder.eth().ipv4(S, C).tcp(dport, sport);
        b.flags(flags).seq(seq).ack(ack);
        if (data != null) {
            b.payload(data);
        }
        return b.build();
    }

    private static double session(Trace t, double ts, int sport, int dport, String request) {
        t.at(ts += 0.01, tcp(true, SYN, 1000, 0, null, sport, dport));
        t.at(ts += 0.01, tcp(false, SYN | ACK, 5000, 1001, null, sport, dport));
        t.at(ts += 0.01, tcp(true, ACK, 1001, 5001, null, sport, dport));
        if (request != null) {
            t.at(ts += 0.01, tcp(true, PSH | ACK, 1001, 5001, request, sport, dport));
        }
        int rl = request == null ? 0 : request.length();
        t.at(ts += 0.01, tcp(true, FIN | ACK, 1001 + rl, 5001, null, sport, dport));
        t.at(ts += 0.01, tcp(false, FIN | ACK, 5001, 1002 + rl, null, sport, dport));
        t.at(ts += 0.01, tcp(true, ACK, 1002 + rl, 5002, null, sport, dport));
        return ts;
    }

    @Test
    void aScheduledAnalyzerAttachesToTheAnnouncedConnectionOnly() throws Exception {
        Trace t = new Trace(dir);
        double ts = 100;
        ts = session(t, ts, 40000, 7777, "EXPECT 6000\r\n");
        ts = session(t, ts, 40001, 6000, "payload");      // announced: gets DATA2
        ts = session(t, ts, 40002, 6000, "payload");      // same key again, other originator port: gets it too
        ts = session(t, ts, 40003, 6001, "payload");      // not announced
        session(t, ts + 400, 40004, 6000, "payload");     // after the expectation expired
        Path pcap = t.write("trace.pcap");
        Path out = dir.resolve("out");
        java.nio.file.Files.createDirectories(out);
        try (LogManager logs = new LogManager(LogOutputs.files(out, LogFormat.TSV));
             PacketSource src = Captures.openAll(List.of(pcap.toString()), w -> { })) {
            Analysis a = new Analysis(new ConnConfig(), logs, new AnalyzerRegistry(List.of(CONTROL)),
                    new EventBus());
            a.worker().run(src, null, 1 << 30);
            a.worker().finish();
        }
        List<Map<String, String>> conn = Trace.read(out.resolve("conn.log"));
        assertThat(conn).hasSize(5);
        for (Map<String, String> row : conn) {
            String want = switch (row.get("id.orig_p")) {
                case "40000" -> "control";
                case "40001", "40002" -> "data";
                default -> "-";
            };
            assertThat(row.get("service")).as(row.get("id.orig_p")).isEqualTo(want);
        }
    }
}
