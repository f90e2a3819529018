package io.osprey.analyzer.smtp;

import io.osprey.analyzer.Pipelines;
import io.osprey.analyzer.ZeekBaselines;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.ZeekLogs;
import io.osprey.testkit.ZeekRowComparer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
 * Golden test against real Zeek on a capture built here: one connection carrying a nested multipart mail by DATA
 * (pipelined envelope, folded header, Received path, ORCPT, quoted-printable and base64 parts, attachment filename)
 * and the same mail again by BDAT in two chunks, then a NUL and a bare CR in command lines. The expected
 * {@code zeek-*.log} files were written by Zeek 9.1 ({@code zeek-run -C -r} on the capture, default scripts); every
 * row of smtp.log, files.log, weird.log and conn.log must match field for field, uids and fuids through one-to-one
 * mappings, sets without order.
 *
 * <p>Update the baseline with {@code ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true
 * -Dtest=SmtpGoldenTest -Dsurefire.failIfNoSpecifiedTests=false} (runs {@code /work/shared/tools/zeek-run}).
 */
class SmtpGoldenTest {
    private static final String[] LOGS = {"smtp.log", "files.log", "weird.log", "conn.log"};
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private long t = 1_700_000_000_000_000_000L;
    private long cseq = 1001;
    private long sseq = 5001;

    private void send(PcapFileWriter w, boolean fromClient, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int off = 0; off < b.length; off += 300) {
            byte[] p = Arrays.copyOfRange(b, off, Math.min(b.length, off + 300));
            t += MS;
            if (fromClient) {
                w.write(t, PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 25).flags(PSH | ACK)
                        .seq(cseq).ack(sseq).payload(p).build());
                cseq += p.length;
            } else {
                w.write(t, PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(25, 40000).flags(PSH | ACK)
                        .seq(sseq).ack(cseq).payload(p).build());
                sseq += p.length;
            }
        }
    }

    private Path capture() throws IOException {
        Path pcap = dir.resolve("smtp-golden.pcap");
        String mail = SmtpTestSupport.MULTIPART_MAIL;
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            w.write(t, PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 25).flags(SYN).seq(1000).build());
            w.write(t += MS, PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(25, 40000).flags(SYN | ACK)
                    .seq(5000).ack(1001).build());
            w.write(t += MS, PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 25).flags(ACK).seq(1001)
                    .ack(5001).build());
            String[] steps = {SmtpTestSupport.GREETING, "EHLO client.example.org\r\n",
                "250-mx.example.com\r\n250-PIPELINING\r\n250 CHUNKING\r\n",
                "MAIL FROM:<alice@example.org> SIZE=1000\r\nRCPT TO:<bob@example.com>\r\n"
                    + "RCPT TO:<carol@example.com> ORCPT=rfc822;carol@example.com\r\nDATA\r\n",
                "250 OK\r\n250 OK\r\n250 OK\r\n354 go ahead\r\n", mail + ".\r\n", "250 OK id=42\r\n",
                "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\nBDAT 100\r\n" + mail.substring(0, 100),
                "250 OK\r\n250 OK\r\n250 100 octets\r\n",
                "BDAT " + (mail.length() - 100) + " LAST\r\n" + mail.substring(100), "250 accepted\r\n",
                "HE\0LO x\rNOOP\r\nQUIT\r\n", "250 ok\r\n250 ok\r\n221 bye\r\n"};
            for (int i = 0; i < steps.length; i++) {
                send(w, i % 2 == 1, steps[i]);
            }
            w.write(t += MS, PacketBuilder.eth().ipv4("10.0.0.2", "10.0.0.1").tcp(25, 40000).flags(FIN | ACK)
                    .seq(sseq).ack(cseq).build());
            w.write(t += MS, PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 25).flags(FIN | ACK)
                    .seq(cseq).ack(sseq + 1).build());
        }
        return pcap;
    }


    private static Path resource(String name) {
        return ZeekBaselines.resource(SmtpGoldenTest.class, name);
    }

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = capture();
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(SmtpGoldenTest.class, pcap, dir, "on SmtpGoldenTest's capture", List.of(LOGS));
        }
        Path out = dir.resolve("out");
        Pipelines.run(pcap, out, null);
        ZeekRowComparer cmp = new ZeekRowComparer(Set.of("uid", "fuid", "fuids"), Set.of("to", "rcptto", "cc"), Set.of());
        for (String log : LOGS) {
            List<Map<String, String>> zeek = ZeekLogs.read(resource("zeek-" + log));
            List<Map<String, String>> ours = ZeekLogs.read(out.resolve(log));
            assertThat(ours).as(log + " rows").hasSameSizeAs(zeek);
            for (int i = 0; i < zeek.size(); i++) {
                cmp.compare(log, zeek.get(i), ours.get(i));
            }
        }
        assertThat(cmp.diffs()).isEmpty();
        assertThat(ZeekLogs.read(resource("zeek-files.log"))).hasSize(6);
    }

    /** Runs real Zeek on the capture and writes its logs as the new baseline (in the source tree). */
}
