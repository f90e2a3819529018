package io.osprey.engine.analyzer;

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

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyzer framework end to end over hand-built captures: reassembled streams as analyzers see them (in order,
 * out of order, every split size, gaps, limits), port and payload attachment with replay, confirmation into
 * conn.log's {@code service}, violations into analyzer.log, and the seatbelt around analyzer exceptions.
 */
class AnalyzerFrameworkTest {
    private static final String C = "10.0.0.1";
    private static final String S = "10.0.0.2";

    @TempDir
    Path dir;

    /** What a recording analyzer saw, per connection. */
    static final class Seen {
        final ByteArrayOutputStream orig = new ByteArrayOutputStream();
        final ByteArrayOutputStream resp = new ByteArrayOutputStream();
        final List<String> calls = new ArrayList<>();

        String orig() {
            return orig.toString(StandardCharsets.ISO_8859_1);
        }

        String resp() {
            return resp.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private final List<Seen> seen = new ArrayList<>();

    /** Records everything; confirms when the originator sent "HELLO"; violates on "BAD". */
    final class Recorder extends Analyzer {
        final Seen s = new Seen();

        Recorder(AnalyzerContext ctx) {
            super(ctx);
            seen.add(s);
        }

        private void take(boolean orig, MemorySegment data, long off, int len) {
            byte[] b = new byte[len];
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, b, 0, len);
            (orig ? s.orig : s.resp).writeBytes(b);
            String text = new String(b, StandardCharsets.ISO_8859_1);
            if (orig && s.orig().startsWith("HELLO")) {
                ctx.confirm();
            }
            if (text.contains("BAD")) {
                ctx.violation("bad command", text);
            }
        }

        @Override
        public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
            take(orig, data, offset, len);
        }

        @Override
        public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
            s.calls.add("packet:" + orig + ":" + len);
            take(orig, data, offset, len);
        }

        @Override
        public void gap(boolean orig, long seq, long len) {
            s.calls.add("gap:" + orig + ":" + seq + ":" + len);
        }

        @Override
        public void endOfData(boolean orig) {
            s.calls.add("eof:" + orig);
        }

        @Override
        public void done() {
            s.calls.add("done");
        }
    }

    private static Probe startsWith(String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        return (prefix, len) -> {
            int n = Math.min(len, t.length);
            for (int i = 0; i < n; i++) {
                if (prefix[i] != t[i]) {
                    return Probe.NO_MATCH;
                }
            }
            return len >= t.length ? Probe.MATCH : Probe.MORE;
        };
    }

    private AnalyzerSpec tcpSpec(int... ports) {
        return new AnalyzerSpec("REC", "rec", AnalyzerSpec.TCP, ports, null, null, Recorder::new);
    }

    private record Run(List<Map<String, String>> conn, List<Map<String, String>> weird,
                       List<Map<String, String>> analyzer) {
    }

    private Run run(Trace t, ConnConfig cfg, AnalyzerSpec... specs) throws Exception {
        Path pcap = t.write("trace.pcap");
        Path out = dir.resolve("out");
        java.nio.file.Files.createDirectories(out);
        EventBus events = new EventBus();
        try (LogManager logs = new LogManager(LogOutputs.files(out, LogFormat.TSV));
             PacketSource src = Captures.openAll(List.of(pcap.toString()), w -> { })) {
            Analysis a = new Analysis(cfg, logs, new AnalyzerRegistry(List.of(specs)), events);
            a.worker().run(src, null, 1 << 30);
            a.worker().finish();
            Trace.assertBudgetsReturned(a.worker().engine());
        }
        return new Run(Trace.read(out.resolve("conn.log")), Trace.read(out.resolve("weird.log")),
                Trace.read(out.resolve("analyzer.log")));
    }

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

    /** A handshake, the client's segments as given (offsets into {@code request}), the server's reply, FINs. */
    private Trace exchange(String request, int[][] segments, String reply, int port) {
        Trace t = new Trace(dir);
        double ts = 100;
        t.at(ts += 0.01, tcp(true, SYN, 1000, 0, null, 40000, port));
        t.at(ts += 0.01, tcp(false, SYN | ACK, 5000, 1001, null, 40000, port));
        t.at(ts += 0.01, tcp(true, ACK, 1001, 5001, null, 40000, port));
        for (int[] seg : segments) {
            t.at(ts += 0.01, tcp(true, PSH | ACK, 1001 + seg[0], 5001, request.substring(seg[0], seg[1]), 40000, port));
        }
        int rl = request.length();
        t.at(ts += 0.01, tcp(false, PSH | ACK, 5001, 1001 + rl, reply, 40000, port));
        t.at(ts += 0.01, tcp(false, FIN | ACK, 5001 + reply.length(), 1001 + rl, null, 40000, port));
        t.at(ts += 0.01, tcp(true, FIN | ACK, 1001 + rl, 5002 + reply.length(), null, 40000, port));
        t.at(ts += 0.01, tcp(false, ACK, 5002 + reply.length(), 1002 + rl, null, 40000, port));
        return t;
    }

    @Test
    void inOrderStreamsReachThePortAnalyzerWithEofAndDone() throws Exception {
        Run r = run(exchange("HELLO world", new int[][] {{0, 5}, {5, 11}}, "welcome", 7777), new ConnConfig(),
                tcpSpec(7777));
        assertThat(seen).hasSize(1);
        Seen s = seen.get(0);
        assertThat(s.orig()).isEqualTo("HELLO world");
        assertThat(s.resp()).isEqualTo("welcome");
        assertThat(s.calls).containsExactly("eof:false", "eof:true", "done");
        assertThat(r.conn().get(0)).containsEntry("service", "rec").containsEntry("conn_state", "SF");
    }

    @Test
    void noAnalyzerOnOtherPortsAndServiceUnset() throws Exception {
        Run r = run(exchange("HELLO", new int[][] {{0, 5}}, "ok", 7778), new ConnConfig(), tcpSpec(7777));
        assertThat(seen).isEmpty();
        assertThat(r.conn().get(0)).containsEntry("service", "-");
    }

    @Test
    void everySplitSizeInEveryOrderGivesTheSameStream() throws Exception {
        String msg = "HELLO this is a longer request line\r\nwith two lines\r\n";
        for (int size = 1; size <= msg.length(); size += 3) {
            for (boolean reverse : new boolean[] {false, true}) {
                List<int[]> segs = new ArrayList<>();
                for (int o = 0; o < msg.length(); o += size) {
                    segs.add(new int[] {o, Math.min(msg.length(), o + size)});
                }
                if (reverse) {
                    java.util.Collections.reverse(segs);
                }
                seen.clear();
                Run r = run(exchange(msg, segs.toArray(new int[0][]), "ok", 7777), new ConnConfig(), tcpSpec(7777));
                assertThat(seen.get(0).orig()).as("size %d reverse %s", size, reverse).isEqualTo(msg);
                assertThat(seen.get(0).calls).as("size %d reverse %s", size, reverse).noneMatch(c -> c.startsWith("gap"));
                assertThat(r.conn().get(0)).containsEntry("missed_bytes", "0");
            }
        }
    }

    @Test
    void aMissingSegmentIsAGapNeverGluedOver() throws Exception {
        // Bytes [5, 10) never arrive; the server acknowledges everything, so the reassembler gives up on them.
        Run r = run(exchange("HELLO12345abcde", new int[][] {{0, 5}, {10, 15}}, "ok", 7777), new ConnConfig(),
                tcpSpec(7777));
        Seen s = seen.get(0);
        assertThat(s.orig()).isEqualTo("HELLOabcde");
        assertThat(s.calls).contains("gap:true:6:5");
        assertThat(r.conn().get(0)).containsEntry("missed_bytes", "5");
    }

    @Test
    void inconsistentRetransmissionOfBufferedDataIsAWeird() throws Exception {
        Trace t = new Trace(dir);
        t.at(1.00, tcp(true, SYN, 1000, 0, null, 40000, 7777));
        t.at(1.01, tcp(false, SYN | ACK, 5000, 1001, null, 40000, 7777));
        t.at(1.02, tcp(true, ACK, 1001, 5001, null, 40000, 7777));
        t.at(1.03, tcp(true, PSH | ACK, 1006, 5001, "world", 40000, 7777));
        t.at(1.04, tcp(true, PSH | ACK, 1006, 5001, "WORLD", 40000, 7777));
        t.at(1.05, tcp(true, PSH | ACK, 1001, 5001, "HELLO", 40000, 7777));
        Run r = run(t, new ConnConfig(), tcpSpec(7777));
        assertThat(seen.get(0).orig()).isEqualTo("HELLOworld");
        assertThat(r.weird()).extracting(w -> w.get("name")).contains("rexmit_inconsistency");
    }

    /**
     * A bulk transfer over a large window: thousands of segments in flight before the receiver acknowledges them
     * (seen on a 64 MiB download in the benchmark capture). Every byte is delivered and nothing is a gap, as in
     * Zeek; with the former bound of 1,024 ranges the later segments were dropped and logged as missed bytes.
     */
    @Test
    void thousandsOfUnacknowledgedSegmentsAreNoGap() throws Exception {
        Trace t = new Trace(dir);
        t.at(1.00, tcp(true, SYN, 1000, 0, null, 40000, 7777));
        t.at(1.01, tcp(false, SYN | ACK, 5000, 1001, null, 40000, 7777));
        t.at(1.02, tcp(true, PSH | ACK, 1001, 5001, "GET", 40000, 7777));
        t.at(1.03, tcp(false, PSH | ACK, 5001, 1004, "ok", 40000, 7777));
        t.at(1.04, tcp(true, ACK, 1004, 5003, null, 40000, 7777));
        int segments = 3000;
        String chunk = "0123456789".repeat(10);
        long seq = 5003;
        for (int i = 0; i < segments; i++) {
            t.at(1.05 + i * 1e-5, tcp(false, ACK, seq, 1004, chunk, 40000, 7777));
            seq += chunk.length();
        }
        t.at(1.2, tcp(true, ACK, 1004, seq, null, 40000, 7777));
        t.at(1.3, tcp(false, FIN | ACK, seq, 1004, null, 40000, 7777));
        t.at(1.4, tcp(true, FIN | ACK, 1004, seq + 1, null, 40000, 7777));
        t.at(1.5, tcp(false, ACK, seq + 1, 1005, null, 40000, 7777));
        Run r = run(t, new ConnConfig(), tcpSpec(7777));
        assertThat(seen.get(0).resp()).hasSize(2 + segments * chunk.length()).endsWith(chunk);
        assertThat(seen.get(0).calls).noneMatch(c -> c.startsWith("gap"));
        assertThat(r.conn().get(0)).containsEntry("missed_bytes", "0")
                .containsEntry("resp_bytes", Integer.toString(2 + segments * chunk.length()));
        assertThat(r.conn().get(0).get("history")).doesNotContain("g");
        assertThat(r.weird()).isEmpty();
    }

    @Test
    void dataAboveTheBufferLimitReachesAnalyzersAsAGap() throws Exception {
        ConnConfig cfg = new ConnConfig();
        cfg.maxReassemblyBytes = 4;
        Trace t = new Trace(dir);
        t.at(1.00, tcp(true, SYN, 1000, 0, null, 40000, 7777));
        t.at(1.01, tcp(false, SYN | ACK, 5000, 1001, null, 40000, 7777));
        t.at(1.02, tcp(true, ACK, 1001, 5001, null, 40000, 7777));
        t.at(1.03, tcp(true, PSH | ACK, 1006, 5001, "world", 40000, 7777));
        t.at(1.04, tcp(true, PSH | ACK, 1001, 5001, "HELLO", 40000, 7777));
        Run r = run(t, cfg, tcpSpec(7777));
        assertThat(seen.get(0).orig()).isEqualTo("HELLO");
        assertThat(seen.get(0).calls).contains("gap:true:6:5");
        assertThat(r.weird()).extracting(w -> w.get("name")).contains("reassembly_buffer_limit");
        assertThat(r.conn().get(0)).containsEntry("missed_bytes", "0");
    }

    @Test
    void payloadDetectionAttachesOnAnyPortAndReplaysTheBeginning() throws Exception {
        AnalyzerSpec dpd = new AnalyzerSpec("REC", "rec", AnalyzerSpec.TCP, new int[0], startsWith("HELLO"),
                startsWith("welcome"), Recorder::new);
        Run r = run(exchange("HELLO world", new int[][] {{0, 3}, {3, 11}}, "welcome", 2222), new ConnConfig(), dpd);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).orig()).isEqualTo("HELLO world");
        assertThat(seen.get(0).resp()).isEqualTo("welcome");
        assertThat(r.conn().get(0)).containsEntry("service", "rec");
    }

    @Test
    void aMatchAfterTheBufferIsOnlyASpeculativeServiceWhenAsked() throws Exception {
        AnalyzerSpec dpd = new AnalyzerSpec("REC", "rec", AnalyzerSpec.TCP, new int[0], startsWith("HELLO"),
                startsWith("welcome"), Recorder::new);
        String big = "HELLO " + "x".repeat(1500);
        ConnConfig cfg = new ConnConfig();
        cfg.extras.add(ConnConfig.Extra.SPECULATIVE_SERVICE);
        Run r = run(exchange(big, new int[][] {{0, 1000}, {1000, big.length()}}, "welcome", 2222), cfg, dpd);
        assertThat(seen).isEmpty();
        assertThat(r.conn().get(0)).containsEntry("service", "-").containsEntry("speculative_service", "rec");

        Run plain = run(exchange(big, new int[][] {{0, 1000}, {1000, big.length()}}, "welcome", 2222),
                new ConnConfig(), dpd);
        assertThat(seen).isEmpty();
        assertThat(plain.conn().get(0)).containsEntry("service", "-").doesNotContainKey("speculative_service");
    }

    @Test
    void detectionNeedsBothSidesWhenBothAreDeclared() throws Exception {
        AnalyzerSpec dpd = new AnalyzerSpec("REC", "rec", AnalyzerSpec.TCP, new int[0], startsWith("HELLO"),
                startsWith("welcome"), Recorder::new);
        Run r = run(exchange("HELLO world", new int[][] {{0, 11}}, "go away", 2222), new ConnConfig(), dpd);
        assertThat(seen).isEmpty();
        assertThat(r.conn().get(0)).containsEntry("service", "-");
    }

    @Test
    void eitherSideSignaturesAttachOnTheFirstSideThatMatches() throws Exception {
        AnalyzerSpec dpd = new AnalyzerSpec("REC", "rec", AnalyzerSpec.TCP, new int[0], startsWith("NOPE"),
                startsWith("welcome"), Recorder::new, true);
        Run r = run(exchange("HELLO world", new int[][] {{0, 11}}, "welcome", 2222), new ConnConfig(), dpd);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).orig()).isEqualTo("HELLO world"); // replayed from the beginning
        assertThat(seen.get(0).resp()).isEqualTo("welcome");
        assertThat(r.conn().get(0)).containsEntry("service", "rec");
    }

    @Test
    void specsSharingANameAttachOneAnalyzerPerConnection() throws Exception {
        // One protocol with several signature pairs (SOCKS's dpd.sig) is declared as several specs of one name:
        // detection never adds an analyzer of a name the connection already has, as Zeek's PIA.
        AnalyzerSpec byPort = new AnalyzerSpec("REC", "rec", AnalyzerSpec.TCP, new int[] {7777}, startsWith("X"),
                startsWith("Y"), Recorder::new);
        AnalyzerSpec other = new AnalyzerSpec("REC", "rec", AnalyzerSpec.TCP, new int[0], startsWith("HELLO"),
                startsWith("welcome"), Recorder::new);
        run(exchange("HELLO world", new int[][] {{0, 11}}, "welcome", 7777), new ConnConfig(), byPort, other);
        assertThat(seen).hasSize(1);
        seen.clear();
        Run r = run(exchange("HELLO world", new int[][] {{0, 11}}, "welcome", 2222), new ConnConfig(), byPort, other);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).orig()).isEqualTo("HELLO world");
        assertThat(r.conn().get(0)).containsEntry("service", "rec");
    }

    @Test
    void aViolatingPortAnalyzerComesBackWhenTheOtherSideMatchesItsSignature() throws Exception {
        // Zeek: the port-attached analyzer fails on the request; the PIA still watches the reply side, whose
        // signature then attaches a fresh instance that sees the whole connection again (the violation takes effect
        // after the packet, so the orig side's match while the first one ran attached nothing).
        AnalyzerSpec spec = new AnalyzerSpec("REC", "rec", AnalyzerSpec.TCP, new int[] {7777}, startsWith("BAD"),
                startsWith("welcome"), Recorder::new, true);
        run(exchange("BAD request", new int[][] {{0, 11}}, "welcome", 7777), new ConnConfig(), spec);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).resp()).isEmpty();
        assertThat(seen.get(0).calls).containsExactly("done");
        assertThat(seen.get(1).orig()).isEqualTo("BAD request");
        assertThat(seen.get(1).resp()).isEqualTo("welcome"); // delivered in the same call that violated again
    }

    @Test
    void anAnalyzerCanHandTheRestOfTheConnectionToPayloadDetection() throws Exception {
        // A proxy-like analyzer on 7777 that hands over after its own "OK\r\n" reply, as HTTP does after CONNECT.
        AnalyzerSpec proxy = new AnalyzerSpec("PROXY", "proxy", AnalyzerSpec.TCP, new int[] {7777}, null, null,
                ctx -> new Analyzer(ctx) {
                    @Override
                    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
                        ctx.confirm();
                        if (!orig) {
                            ctx.handOff(len - 4); // the reply's first 4 bytes ("OK\r\n") were ours
                        }
                    }
                });
        AnalyzerSpec inner = new AnalyzerSpec("REC", "rec", AnalyzerSpec.TCP, new int[0], null, startsWith("welcome"),
                Recorder::new);
        Run r = run(exchange("CONNECT", new int[][] {{0, 7}}, "OK\r\nwelcome", 7777), new ConnConfig(), proxy, inner);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).orig()).isEmpty(); // detection restarted after the hand-off
        assertThat(seen.get(0).resp()).isEqualTo("welcome");
        assertThat(r.conn().get(0)).containsEntry("service", "proxy"); // REC confirms only on "HELLO"
    }

    @Test
    void aViolationAfterConfirmationRemovesTheServiceAndLogsToAnalyzerLog() throws Exception {
        Run r = run(exchange("HELLO then BAD", new int[][] {{0, 5}, {5, 14}}, "ok", 7777), new ConnConfig(),
                tcpSpec(7777));
        assertThat(r.conn().get(0)).containsEntry("service", "-");
        assertThat(r.analyzer()).hasSize(1);
        assertThat(r.analyzer().get(0)).containsEntry("analyzer_kind", "protocol")
                .containsEntry("analyzer_name", "REC").containsEntry("failure_reason", "bad command")
                .containsEntry("failure_data", " then BAD").containsEntry("proto", "tcp")
                .containsEntry("uid", r.conn().get(0).get("uid"));
        // Detached: the server's reply no longer reaches it; done() came once, at the detachment (Zeek's Done()
        // on removal), not again when the connection ended.
        assertThat(seen.get(0).resp()).isEmpty();
        assertThat(seen.get(0).calls.stream().filter("done"::equals).count()).isEqualTo(1);
    }

    @Test
    void aPacketAnalyzersFirstViolationOnAConnectionIsLogged() throws Exception {
        // GTPv1-U carrying something that is not IP (version 9), from both sides: Zeek's packet analyzer reports
        // the first violation per connection (analyzer_kind "packet"), later ones not.
        Trace t = new Trace(dir);
        byte[] notIp = new byte[40];
        notIp[0] = (byte) 0x95;
        t.at(1.0, PacketBuilder.eth().ipv4(C, S).udp(2152, 2152).gtp(7).payload(notIp).build());
        notIp[0] = 0x05;
        t.at(1.1, PacketBuilder.eth().ipv4(S, C).udp(2152, 2152).gtp(7).payload(notIp).build());
        t.at(1.2, PacketBuilder.eth().ipv4(C, S).udp(2152, 2152).gtp(7).payload(new byte[4]).build());
        Run r = run(t, new ConnConfig(), tcpSpec(7777));
        assertThat(r.analyzer()).hasSize(1);
        assertThat(r.analyzer().get(0)).containsEntry("analyzer_kind", "packet")
                .containsEntry("analyzer_name", "GTPV1")
                .containsEntry("failure_reason", io.osprey.packet.tunnel.GtpV1Layer.VIOLATION_NON_IP)
                .containsEntry("failure_data", "-").containsEntry("proto", "udp").containsEntry("fuid", "-")
                .containsEntry("uid", r.conn().get(0).get("uid"));
    }

    @Test
    void aViolationBeforeConfirmationDetachesSilently() throws Exception {
        Run r = run(exchange("BAD", new int[][] {{0, 3}}, "ok", 7777), new ConnConfig(), tcpSpec(7777));
        assertThat(r.analyzer()).isEmpty();
        assertThat(r.conn().get(0)).containsEntry("service", "-");
    }

    @Test
    void anAnalyzerThatThrowsIsDetachedAndTheOthersCarryOn() throws Exception {
        AnalyzerSpec thrower = new AnalyzerSpec("BOOM", "boom", AnalyzerSpec.TCP, new int[] {7777}, null, null,
                ctx -> new Analyzer(ctx) {
                    @Override
                    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
                        throw new IllegalStateException("bug");
                    }
                });
        Run r = run(exchange("HELLO", new int[][] {{0, 5}}, "ok", 7777), new ConnConfig(), thrower, tcpSpec(7777));
        assertThat(seen.get(0).orig()).isEqualTo("HELLO");
        assertThat(seen.get(0).resp()).isEqualTo("ok");
        assertThat(r.weird()).extracting(w -> w.get("name")).contains("osprey_analyzer_error");
        assertThat(r.conn().get(0)).containsEntry("service", "rec");
    }

    @Test
    void udpAnalyzersGetEachDatagram() throws Exception {
        Trace t = new Trace(dir);
        t.at(1.0, PacketBuilder.eth().ipv4(C, S).udp(5000, 9999).payload("HELLO").build());
        t.at(1.1, PacketBuilder.eth().ipv4(S, C).udp(9999, 5000).payload("hi").build());
        t.at(1.2, PacketBuilder.eth().ipv4(C, S).udp(5000, 9999).payload("").build());
        AnalyzerSpec udp = new AnalyzerSpec("REC", "rec", AnalyzerSpec.UDP, new int[] {9999}, null, null,
                Recorder::new);
        Run r = run(t, new ConnConfig(), udp);
        assertThat(seen.get(0).calls).containsExactly("packet:true:5", "packet:false:2", "packet:true:0", "done");
        assertThat(r.conn().get(0)).containsEntry("service", "rec");
    }

    /** A probe sees each datagram's full payload size, beyond the prefix it is given (Zeek's payload-size). */
    @Test
    void udpProbesSeeTheDatagramSize() throws Exception {
        Trace t = new Trace(dir);
        byte[] small = new byte[1100];
        byte[] large = new byte[1200];
        // The recorder confirms on "HELLO".
        System.arraycopy("HELLO".getBytes(StandardCharsets.ISO_8859_1), 0, small, 0, 5);
        System.arraycopy("HELLO".getBytes(StandardCharsets.ISO_8859_1), 0, large, 0, 5);
        t.at(1.0, PacketBuilder.eth().ipv4(C, S).udp(5000, 7777).payload(small).build());
        t.at(1.1, PacketBuilder.eth().ipv4(C, S).udp(5001, 7777).payload(large).build());
        List<Integer> sizes = new ArrayList<>();
        Probe bySize = new Probe() {
            @Override
            public int test(byte[] prefix, int len) {
                return Probe.NO_MATCH;
            }

            @Override
            public int test(byte[] prefix, int len, int size) {
                sizes.add(len * 10_000 + size);
                return size > 1132 ? Probe.MATCH : Probe.NO_MATCH;
            }
        };
        AnalyzerSpec udp = new AnalyzerSpec("REC", "rec", AnalyzerSpec.UDP, new int[0], bySize, null,
                Recorder::new);
        Run r = run(t, new ConnConfig(), udp);
        // The prefix is cut at the detection buffer's 1024 bytes; the size is the datagram's.
        assertThat(sizes).containsExactly(1024 * 10_000 + 1100, 1024 * 10_000 + 1200);
        assertThat(r.conn()).extracting(c -> c.get("id.orig_p") + " " + c.get("service"))
                .containsExactlyInAnyOrder("5000 -", "5001 rec");
    }
}
