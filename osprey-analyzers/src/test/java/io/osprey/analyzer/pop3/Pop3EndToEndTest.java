package io.osprey.analyzer.pop3;

import io.osprey.analyzer.AnalyzerOptions;
import io.osprey.analyzer.Pipelines;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POP3 in the real pipeline (capture built here → engine → payload detection → POP3 analyzer → files framework →
 * logs): one session on port 110 (POP3 has no registered port, so DPD attaches it) fetching a mail with a text part
 * and a base64 attachment, and a second session whose server answers garbage after confirming. Checks conn.log's
 * service, files.log's rows, weird.log and analyzer.log.
 */
class Pop3EndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final String CLIENT = "10.1.1.5";
    private static final String SERVER = "10.1.1.110";

    private long t = T0;
    private long cseq;
    private long sseq;
    private int cport;

    private void open(PcapFileWriter w, int port) throws Exception {
        cport = port;
        cseq = 1001;
        sseq = 5001;
        w.write(t += MS, PacketBuilder.eth().ipv4(CLIENT, SERVER).tcp(cport, 110).flags(SYN).seq(1000).build());
        w.write(t += MS, PacketBuilder.eth().ipv4(SERVER, CLIENT).tcp(110, cport).flags(SYN | ACK).seq(5000)
                .ack(1001).build());
        w.write(t += MS, PacketBuilder.eth().ipv4(CLIENT, SERVER).tcp(cport, 110).flags(ACK).seq(1001).ack(5001)
                .build());
    }

    private void close(PcapFileWriter w) throws Exception {
        w.write(t += MS, PacketBuilder.eth().ipv4(SERVER, CLIENT).tcp(110, cport).flags(FIN | ACK).seq(sseq)
                .ack(cseq).build());
        w.write(t += MS, PacketBuilder.eth().ipv4(CLIENT, SERVER).tcp(cport, 110).flags(FIN | ACK).seq(cseq)
                .ack(sseq + 1).build());
    }

    private void send(PcapFileWriter w, boolean fromClient, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        // Segments of at most 200 bytes, so lines and MIME parts straddle packets.
        for (int off = 0; off < b.length; off += 200) {
            byte[] p = Arrays.copyOfRange(b, off, Math.min(b.length, off + 200));
            t += MS;
            if (fromClient) {
                w.write(t, PacketBuilder.eth().ipv4(CLIENT, SERVER).tcp(cport, 110).flags(PSH | ACK).seq(cseq)
                        .ack(sseq).payload(p).build());
                cseq += p.length;
            } else {
                w.write(t, PacketBuilder.eth().ipv4(SERVER, CLIENT).tcp(110, cport).flags(PSH | ACK).seq(sseq)
                        .ack(cseq).payload(p).build());
                sseq += p.length;
            }
        }
    }

    @Test
    void fetchedMailGivesFilesAndTheService(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("pop3.pcap");
        String attachment = "%PDF-1.4\n%fake pdf body\n".repeat(20);
        String mail = String.join("\r\n",
                "From: Alice <alice@example.org>",
                "To: bob@example.com",
                "Subject: e2e",
                "Content-Type: multipart/mixed; boundary=XX",
                "",
                "--XX",
                "Content-Type: text/plain",
                "",
                "Hello Bob, the report is attached.",
                "--XX",
                "Content-Type: application/pdf",
                "Content-Transfer-Encoding: base64",
                "",
                java.util.Base64.getMimeEncoder().encodeToString(attachment.getBytes(StandardCharsets.ISO_8859_1)),
                "--XX--",
                "");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            open(w, 40110);
            send(w, false, "+OK POP3 server ready\r\n");
            send(w, true, "CAPA\r\n");
            send(w, false, "+OK Capability list follows\r\nUSER\r\nTOP\r\n.\r\n");
            send(w, true, "USER bob\r\n");
            send(w, false, "+OK\r\n");
            send(w, true, "PASS secret\r\n");
            send(w, false, "+OK 1 message\r\n");
            send(w, true, "RETR 1\r\n");
            send(w, false, "+OK " + mail.length() + " octets\r\n" + mail + ".\r\n");
            send(w, true, "QUIT\r\n");
            send(w, false, "+OK bye\r\n");
            close(w);
            open(w, 40111);
            send(w, false, "+OK POP3 server ready\r\n");
            send(w, true, "USER eve\r\n");
            send(w, false, "+OK\r\n");
            send(w, true, "PASS x\r\n");
            send(w, false, "GARBAGE\r\n");
            close(w);
        }
        Path out = dir.resolve("out");
        java.nio.file.Files.createDirectories(out);
        AnalyzerOptions opts = new AnalyzerOptions();
        Pipelines.run(pcap, out, Set.of("conn", "pop3"), opts, new ConnConfig());

        List<Map<String, String>> conns = ZeekLogs.read(out.resolve("conn.log"));
        assertThat(conns).hasSize(2);
        Map<String, String> good = conns.stream().filter(c -> c.get("id.orig_p").equals("40110")).findFirst()
                .orElseThrow();
        Map<String, String> bad = conns.stream().filter(c -> c.get("id.orig_p").equals("40111")).findFirst()
                .orElseThrow();
        assertThat(good.get("service")).isEqualTo("pop3");
        // Confirmed by the +OK to USER, then the violation removed the service again.
        assertThat(bad.get("service")).isEqualTo("-");

        List<Map<String, String>> files = ZeekLogs.read(out.resolve("files.log"));
        assertThat(files).hasSize(2);
        assertThat(files).allSatisfy(f -> {
            assertThat(f.get("uid")).isEqualTo(good.get("uid"));
            assertThat(f.get("source")).isEqualTo("POP3");
            assertThat(f.get("is_orig")).isEqualTo("F");
            assertThat(f.get("depth")).isEqualTo("0");
            assertThat(f.get("filename")).isEqualTo("-");
        });
        assertThat(files.get(0).get("mime_type")).isEqualTo("text/plain");
        assertThat(files.get(0).get("seen_bytes")).isEqualTo("34");
        assertThat(files.get(1).get("mime_type")).isEqualTo("application/pdf");
        assertThat(files.get(1).get("seen_bytes")).isEqualTo(Integer.toString(attachment.length()));

        List<Map<String, String>> weirds = ZeekLogs.read(out.resolve("weird.log"));
        assertThat(weirds).singleElement().satisfies(wr -> {
            assertThat(wr.get("uid")).isEqualTo(bad.get("uid"));
            assertThat(wr.get("name")).isEqualTo("pop3_server_command_unknown");
            assertThat(wr.get("addl")).isEqualTo("GARBAGE");
            assertThat(wr.get("source")).isEqualTo("POP3");
        });
        List<Map<String, String>> failures = ZeekLogs.read(out.resolve("analyzer.log"));
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.get("uid")).isEqualTo(bad.get("uid"));
            assertThat(f.get("analyzer_name")).isEqualTo("POP3");
            assertThat(f.get("failure_reason")).isEqualTo("unknown server command (GARBAGE)");
        });
    }
}
