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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reassembler under random segmentation: a message cut into random, overlapping segments sent in random order
 * (with duplicates) always reaches the analyzer exactly once, in order, with no gap and no weird about its bytes;
 * with random holes, what arrives is a subsequence of the message with the missing bytes reported as gaps, and
 * delivered plus gap lengths add up. {@code -Dosprey.fuzz.iterations=N} runs more cases.
 */
class ReassemblyFuzzTest {
    @TempDir
    Path dir;

    private static final int ITERATIONS = Integer.getInteger("osprey.fuzz.iterations", 60);

    private void check(long seed) throws Exception {
        Random rnd = new Random(seed);
        byte[] msg = new byte[1 + rnd.nextInt(4000)];
        rnd.nextBytes(msg);
        boolean holes = seed % 3 == 2;
        List<int[]> segs = new ArrayList<>();
        int o = 0;
        while (o < msg.length) {
            int len = 1 + rnd.nextInt(Math.min(1400, msg.length - o));
            if (!holes || rnd.nextInt(5) != 0 || o == 0) {
                segs.add(new int[] {o, o + len});
            }
            if (rnd.nextInt(4) == 0) {
                // An overlapping, consistent retransmission.
                int s = Math.max(0, o - rnd.nextInt(50));
                segs.add(new int[] {s, Math.min(msg.length, o + len + rnd.nextInt(50))});
            }
            o += len;
        }
        Collections.shuffle(segs, rnd);
        Trace t = new Trace(dir.resolve("s" + seed));
        double ts = 1;
        t.at(ts += 0.001, PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 7777).flags(SYN).seq(0).build());
        t.at(ts += 0.001, PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(7777, 40000).flags(SYN | ACK)
                .seq(0).ack(1).build());
        for (int[] s : segs) {
            byte[] part = java.util.Arrays.copyOfRange(msg, s[0], s[1]);
            t.at(ts += 0.001, PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 7777).flags(PSH | ACK)
                    .seq(1 + s[0]).ack(1).payload(part).build());
        }
        // The server acknowledges everything: the reassembler gives up on what never came.
        t.at(ts += 0.001, PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(7777, 40000).flags(ACK)
                .seq(1).ack(1 + msg.length).build());

        List<OrigStreamRecorder> sinks = new ArrayList<>();
        AnalyzerSpec spec = new AnalyzerSpec("SINK", "sink", AnalyzerSpec.TCP, new int[] {7777}, null, null,
                ctx -> new OrigStreamRecorder(ctx, sinks));
        Path out = dir.resolve("out" + seed);
        java.nio.file.Files.createDirectories(out);
        try (LogManager logs = new LogManager(LogOutputs.files(out, LogFormat.TSV));
             PacketSource src = Captures.openAll(List.of(t.write("t.pcap").toString()), w -> { })) {
            Analysis a = new Analysis(new ConnConfig(), logs, new AnalyzerRegistry(List.of(spec)), new EventBus());
            a.worker().run(src, null, 1 << 30);
            a.worker().finish();
        }
        OrigStreamRecorder s = sinks.get(0);
        byte[] got = s.bytes.toByteArray();
        assertThat(got.length + s.gapBytes).isEqualTo(msg.length);
        if (!holes) {
            assertThat(got).isEqualTo(msg);
            assertThat(s.gapBytes).isZero();
        } else {
            // What arrived is the message with some runs removed: check it is a subsequence in order.
            int j = 0;
            for (int i = 0; i < msg.length && j < got.length; i++) {
                if (msg[i] == got[j]) {
                    j++;
                }
            }
            assertThat(j).isEqualTo(got.length);
        }
        assertThat(Trace.read(out.resolve("weird.log"))).extracting(w -> w.get("name"))
                .doesNotContain("rexmit_inconsistency", "osprey_analyzer_error");
    }
}
