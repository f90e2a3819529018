package io.osprey.analyzer;

import io.osprey.analyzer.software.SoftwareFound;
import io.osprey.engine.Analysis;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerRegistry;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.engine.event.EventBus;
import io.osprey.files.FileHandle;
import io.osprey.files.Files;
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
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files and software frameworks in the real pipeline (capture → engine → analyzer → frameworks → logs), with a
 * toy protocol on port 7070 standing in for HTTP: the client's first line is its User-Agent, everything the server
 * sends is one file. Checks the wiring: files.log columns for the run, uid and id linkage, the end of input (a file
 * whose connection never closed times out), and software.log.
 */
class FilesEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    /** The toy analyzer: a carrier of one file per direction, like an HTTP body. */
    static final class Toy extends Analyzer {
        private final Files files;
        private FileHandle body;
        private boolean agentSeen;

        Toy(AnalyzerContext ctx, Files files) {
            super(ctx);
            this.files = files;
        }

        @Override
        public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
            if (orig) {
                if (!agentSeen) {
                    agentSeen = true;
                    byte[] line = data.asSlice(offset, len).toArray(ValueLayout.JAVA_BYTE);
                    ConnInfo c = ctx.conn();
                    ctx.events().publish(new SoftwareFound(c, c.origHi(), c.origLo(), -1, "HTTP::BROWSER",
                            new String(line, StandardCharsets.ISO_8859_1).trim(), ctx.networkTime()));
                }
                return;
            }
            if (body == null) {
                body = files.open(ctx, "HTTP", false, 0);
                body.setFilename("page.html");
            }
            body.deliver(data, offset, len);
        }

        @Override
        public void endOfData(boolean orig) {
            if (!orig && body != null) {
                body.end();
            }
        }
    }

    private static void conversation(PcapFileWriter w, String client, int port, long t, String agent, String body,
                                     boolean close) {
        String server = "93.184.216.34";
        w.write(t, PacketBuilder.eth().ipv4(client, server).tcp(port, 7070).flags(SYN).seq(1000).build());
        w.write(t + MS, PacketBuilder.eth().ipv4(server, client).tcp(7070, port).flags(SYN | ACK).seq(5000).ack(1001)
                .build());
        w.write(t + 2 * MS, PacketBuilder.eth().ipv4(client, server).tcp(port, 7070).flags(ACK).seq(1001).ack(5001)
                .build());
        byte[] a = (agent + "\n").getBytes(StandardCharsets.ISO_8859_1);
        w.write(t + 3 * MS, PacketBuilder.eth().ipv4(client, server).tcp(port, 7070).flags(PSH | ACK).seq(1001)
                .ack(5001).payload(a).build());
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        int half = b.length / 2;
        w.write(t + 4 * MS, PacketBuilder.eth().ipv4(server, client).tcp(7070, port).flags(PSH | ACK).seq(5001)
                .ack(1001 + a.length).payload(java.util.Arrays.copyOf(b, half)).build());
        w.write(t + 5 * MS, PacketBuilder.eth().ipv4(server, client).tcp(7070, port).flags(PSH | ACK)
                .seq(5001 + half).ack(1001 + a.length).payload(java.util.Arrays.copyOfRange(b, half, b.length))
                .build());
        if (close) {
            w.write(t + 6 * MS, PacketBuilder.eth().ipv4(server, client).tcp(7070, port).flags(FIN | ACK)
                    .seq(5001 + b.length).ack(1001 + a.length).build());
            w.write(t + 7 * MS, PacketBuilder.eth().ipv4(client, server).tcp(port, 7070).flags(FIN | ACK)
                    .seq(1001 + a.length).ack(5002 + b.length).build());
        }
    }

    @Test
    void filesAndSoftwareThroughThePipeline(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("toy.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            conversation(w, "10.0.0.5", 40001, T0, "curl/7.68.0", "<html><body>hello</body></html>\n", true);
            conversation(w, "10.0.0.6", 40002, T0 + 1000 * MS, "Wget/1.20.3 (linux-gnu)", "GIF89a-not-finished",
                    false);
        }
        Path out = dir.resolve("out");
        java.nio.file.Files.createDirectories(out);
        AnalyzerOptions opts = new AnalyzerOptions();
        opts.fileHashes = java.util.EnumSet.allOf(AnalyzerOptions.Hash.class);
        Set<String> enabled = Set.of("software");
        try (LogManager logs = new LogManager(LogOutputs.files(out, LogFormat.TSV));
             PacketSource src = Captures.open(pcap.toString(), w -> { })) {
            EventBus events = new EventBus();
            Files files = BuiltinAnalyzers.installFiles(enabled, opts, events, logs);
            BuiltinAnalyzers.installSoftware(enabled, opts, events, logs);
            AnalyzerSpec toy = new AnalyzerSpec("TOY", "toy", AnalyzerSpec.TCP, new int[] {7070}, null, null,
                    ctx -> new Toy(ctx, files));
            Analysis a = new Analysis(new ConnConfig(), logs, new AnalyzerRegistry(List.of(toy)), events);
            a.worker().run(src, null, 1000);
            a.worker().finish();
        }

        List<Map<String, String>> conns = ZeekLogs.read(out.resolve("conn.log"));
        List<Map<String, String>> files = ZeekLogs.read(out.resolve("files.log"));
        assertThat(files).hasSize(2);
        // Bare run with hashing asked for: the hash columns, no extraction columns (Zeek: base/files/hash only).
        assertThat(files.get(0).keySet()).contains("md5", "sha1", "sha256").doesNotContain("extracted");

        Map<String, String> done = files.stream().filter(f -> f.get("id.orig_h").equals("10.0.0.5")).findFirst()
                .orElseThrow();
        Map<String, String> conn1 = conns.stream().filter(c -> c.get("id.orig_h").equals("10.0.0.5")).findFirst()
                .orElseThrow();
        assertThat(done.get("uid")).isEqualTo(conn1.get("uid"));
        assertThat(done.get("id.resp_p")).isEqualTo("7070");
        assertThat(done.get("source")).isEqualTo("HTTP");
        assertThat(done.get("mime_type")).isEqualTo("text/html");
        assertThat(done.get("filename")).isEqualTo("page.html");
        assertThat(done.get("seen_bytes")).isEqualTo("32");
        assertThat(done.get("timedout")).isEqualTo("F");
        assertThat(done.get("is_orig")).isEqualTo("F");
        assertThat(done.get("local_orig")).isEqualTo("F");
        assertThat(done.get("duration")).isEqualTo("0.001000");
        assertThat(done.get("md5")).isEqualTo(md5("<html><body>hello</body></html>\n"));

        // The second connection never closed: its file is still open at the end of input, so it times out.
        Map<String, String> open = files.stream().filter(f -> f.get("id.orig_h").equals("10.0.0.6")).findFirst()
                .orElseThrow();
        assertThat(open.get("timedout")).isEqualTo("T");
        assertThat(open.get("mime_type")).isEqualTo("image/gif");
        assertThat(open.get("fuid")).isNotEqualTo(done.get("fuid")).startsWith("F");

        List<Map<String, String>> software = ZeekLogs.read(out.resolve("software.log"));
        assertThat(software).extracting(r -> r.get("host") + " " + r.get("name") + " " + r.get("version.major")
                + "." + r.get("version.minor")).containsExactly("10.0.0.5 curl 7.68", "10.0.0.6 Wget 1.20");
    }

    private static String md5(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(s.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
