package io.osprey.analyzer.smtp;

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
 * SMTP in the real pipeline (capture built here → engine → SMTP analyzer → files framework → logs): one mail with
 * a text part and a base64 attachment, sent with the server's replies interleaved as a real exchange. Checks
 * conn.log's service, smtp.log's row and files.log's rows (depth, filename, sniffed MIME type, hash).
 */
class SmtpEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final String CLIENT = "10.1.1.5";
    private static final String SERVER = "10.1.1.25";

    private long t = T0;
    private long cseq = 1001;
    private long sseq = 5001;

    private void send(PcapFileWriter w, boolean fromClient, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        // Segments of at most 200 bytes, so lines and MIME parts straddle packets.
        for (int off = 0; off < b.length; off += 200) {
            byte[] p = Arrays.copyOfRange(b, off, Math.min(b.length, off + 200));
            t += MS;
            if (fromClient) {
                w.write(t, PacketBuilder.eth().ipv4(CLIENT, SERVER).tcp(40025, 25).flags(PSH | ACK).seq(cseq).ack(sseq)
                        .payload(p).build());
                cseq += p.length;
            } else {
                w.write(t, PacketBuilder.eth().ipv4(SERVER, CLIENT).tcp(25, 40025).flags(PSH | ACK).seq(sseq).ack(cseq)
                        .payload(p).build());
                sseq += p.length;
            }
        }
    }

    @Test
    void mailWithAttachmentGivesSmtpAndFilesRows(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("smtp.pcap");
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
                "Content-Disposition: attachment; filename=\"report.pdf\"",
                "Content-Transfer-Encoding: base64",
                "",
                java.util.Base64.getMimeEncoder().encodeToString(
                        "%PDF-1.4\n%fake pdf body\n".repeat(20).getBytes(StandardCharsets.ISO_8859_1)),
                "--XX--",
                "");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            w.write(t, PacketBuilder.eth().ipv4(CLIENT, SERVER).tcp(40025, 25).flags(SYN).seq(1000).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(SERVER, CLIENT).tcp(25, 40025).flags(SYN | ACK).seq(5000)
                    .ack(1001).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(CLIENT, SERVER).tcp(40025, 25).flags(ACK).seq(1001).ack(5001)
                    .build());
            send(w, false, "220 mx.example.com ESMTP\r\n");
            send(w, true, "EHLO client.example.org\r\n");
            send(w, false, "250-mx.example.com\r\n250 PIPELINING\r\n");
            send(w, true, "MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n");
            send(w, false, "250 OK\r\n250 OK\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
            send(w, true, mail + ".\r\n");
            send(w, false, "250 OK queued as 1234\r\n");
            send(w, true, "QUIT\r\n");
            send(w, false, "221 Bye\r\n");
            w.write(t += MS, PacketBuilder.eth().ipv4(SERVER, CLIENT).tcp(25, 40025).flags(FIN | ACK).seq(sseq)
                    .ack(cseq).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(CLIENT, SERVER).tcp(40025, 25).flags(FIN | ACK).seq(cseq)
                    .ack(sseq + 1).build());
        }
        Path out = dir.resolve("out");
        java.nio.file.Files.createDirectories(out);
        AnalyzerOptions opts = new AnalyzerOptions();
        opts.fileHashes = java.util.EnumSet.of(AnalyzerOptions.Hash.SHA1);
        Pipelines.run(pcap, out, Set.of("conn", "smtp"), opts, new ConnConfig());

        List<Map<String, String>> conns = ZeekLogs.read(out.resolve("conn.log"));
        assertThat(conns).singleElement().satisfies(c -> assertThat(c.get("service")).isEqualTo("smtp"));
        String uid = conns.get(0).get("uid");

        List<Map<String, String>> smtp = ZeekLogs.read(out.resolve("smtp.log"));
        assertThat(smtp).singleElement().satisfies(r -> {
            assertThat(r.get("uid")).isEqualTo(uid);
            assertThat(r.get("trans_depth")).isEqualTo("1");
            assertThat(r.get("helo")).isEqualTo("client.example.org");
            assertThat(r.get("mailfrom")).isEqualTo("alice@example.org");
            assertThat(r.get("rcptto")).isEqualTo("bob@example.com");
            assertThat(r.get("from")).isEqualTo("Alice <alice@example.org>");
            assertThat(r.get("to")).isEqualTo("bob@example.com");
            assertThat(r.get("subject")).isEqualTo("e2e");
            assertThat(r.get("last_reply")).isEqualTo("250 OK queued as 1234");
            assertThat(r.get("path")).isEqualTo(SERVER + "," + CLIENT);
            assertThat(r.get("tls")).isEqualTo("F");
        });

        List<Map<String, String>> files = ZeekLogs.read(out.resolve("files.log"));
        assertThat(files).hasSize(2);
        assertThat(smtp.get(0).get("fuids")).isEqualTo(files.get(0).get("fuid") + "," + files.get(1).get("fuid"));
        assertThat(files).allSatisfy(f -> {
            assertThat(f.get("uid")).isEqualTo(uid);
            assertThat(f.get("source")).isEqualTo("SMTP");
            assertThat(f.get("is_orig")).isEqualTo("T");
        });
        assertThat(files.get(0).get("depth")).isEqualTo("2");
        assertThat(files.get(0).get("mime_type")).isEqualTo("text/plain");
        assertThat(files.get(0).get("filename")).isEqualTo("-");
        assertThat(files.get(0).get("seen_bytes")).isEqualTo("34");
        assertThat(files.get(1).get("depth")).isEqualTo("3");
        assertThat(files.get(1).get("mime_type")).isEqualTo("application/pdf");
        assertThat(files.get(1).get("filename")).isEqualTo("report.pdf");
        assertThat(files.get(1).get("seen_bytes")).isEqualTo(Integer.toString(20 * 24));
        assertThat(files.get(1).get("sha1")).isEqualTo(sha1("%PDF-1.4\n%fake pdf body\n".repeat(20)));
    }

    private static String sha1(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(s.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
