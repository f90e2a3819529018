package io.osprey.analyzer.ssl;

import io.osprey.analyzer.Pipelines;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.TcpConversation;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.osprey.analyzer.ssl.Tls.V10;
import static io.osprey.analyzer.ssl.Tls.V12;
import static io.osprey.analyzer.ssl.Tls.concat;
import static io.osprey.analyzer.ssl.Tls.message;
import static io.osprey.analyzer.ssl.Tls.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSL in the real pipeline (capture built here → engine → analyzers → conn.log and analyzer.log), with all
 * analyzers as in Osprey's default run. The expected values are what Zeek 9.1 wrote for this capture
 * ({@code zeek -r}; set {@code -Dosprey.ssl.pcap=FILE} to keep the capture and rerun Zeek on it):
 * <ul>
 *   <li>a TLS 1.2 handshake on 443: {@code ssl};</li>
 *   <li>a ClientHello on 8443 found by payload detection, answered with text: confirmed, then Zeek's violation
 *   (an analyzer.log row) and no service;</li>
 *   <li>SMTP with STARTTLS on 25, then a TLS handshake: {@code smtp,ssl};</li>
 *   <li>a ClientHello whose handshake message is split over three records, each record over two segments, on 993:
 *   {@code ssl}.</li>
 * </ul>
 */
class SslEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private long t = T0;


    private static final byte[] CCS = record(20, V12, new byte[] {1});

    /** A TLS 1.2 handshake and some application data over {@code c}. */
    private static void tlsSession(TcpConversation c) throws Exception {
        c.sendAcked(true, Tls.clientHelloRecord12());
        c.sendAcked(false, record(22, V12, concat(message(2, Tls.serverHello(V12)),
                message(11, new byte[] {0, 0, 0}), message(14, new byte[0]))));
        c.sendAcked(true, concat(record(22, V12, message(16, concat(new byte[] {0, 32}, Tls.filled(32, 9)))), CCS,
                record(22, V12, Tls.filled(40, 0x77))));
        c.sendAcked(false, concat(CCS, record(22, V12, Tls.filled(40, 0x78))));
        c.sendAcked(true, record(23, V12, Tls.filled(100, 0x79)));
        c.sendAcked(false, record(23, V12, Tls.filled(300, 0x7a)));
    }

    @Test
    void servicesAndViolationsAsZeekWritesThem(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("ssl.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            TcpConversation https = new TcpConversation(w, () -> t += MS, "10.0.0.1", 40001, "10.0.0.3", 443).open();
            tlsSession(https);
            https.close(true);

            TcpConversation odd = new TcpConversation(w, () -> t += MS, "10.0.0.1", 40000, "10.0.0.2", 8443).open();
            odd.sendAcked(true, Tls.clientHelloRecord12()).sendAcked(false, "hello there\r\n");
            odd.close(true);

            TcpConversation smtp = new TcpConversation(w, () -> t += MS, "10.0.0.1", 40002, "10.0.0.4", 25).open();
            smtp.sendAcked(false, "220 mail.example ESMTP\r\n").sendAcked(true, "EHLO client.example\r\n")
                    .sendAcked(false, "250-mail.example\r\n250 STARTTLS\r\n").sendAcked(true, "STARTTLS\r\n")
                    .sendAcked(false, "220 2.0.0 Ready to start TLS\r\n");
            tlsSession(smtp);
            smtp.close(true);

            TcpConversation imaps = new TcpConversation(w, () -> t += MS,

                    "10.0.0.1", 40003, "10.0.0.5", 993).open();
            byte[] hello = message(1, Tls.clientHello(V12, Tls.ext(0, new byte[60])));
            int[] cuts = {0, 5, 70, hello.length};
            for (int i = 0; i < 3; i++) {
                byte[] rec = record(22, V10, java.util.Arrays.copyOfRange(hello, cuts[i], cuts[i + 1]));
                imaps.sendAcked(true, java.util.Arrays.copyOfRange(rec, 0, 3));
                imaps.sendAcked(true, java.util.Arrays.copyOfRange(rec, 3, rec.length));
            }
            imaps.close(true);
        }
        Pipelines.keepCopy(pcap, "osprey.ssl.pcap");
        Path out = dir.resolve("out");
        Pipelines.run(pcap, out, null);

        Map<String, String> services = Pipelines.services(out, "id.resp_p");
        // Zeek 9.1 on this capture.
        assertThat(services).containsExactlyInAnyOrderEntriesOf(
                Map.of("443", "ssl", "8443", "-", "25", "smtp,ssl", "993", "ssl"));
        List<Map<String, String>> failures = ZeekLogs.read(out.resolve("analyzer.log"));
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).containsEntry("analyzer_name", "SSL").containsEntry("id.resp_p", "8443")
                .containsEntry("failure_reason",
                        "Invalid version late in TLS connection. Packet reported version: 25964")
                .containsEntry("failure_data", "-");
    }
}
