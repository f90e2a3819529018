package io.osprey.analyzer.imap;

import io.osprey.analyzer.Pipelines;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.TcpConversation;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IMAP in the real pipeline (capture built here → engine → analyzers → conn.log, weird.log, analyzer.log), with all
 * analyzers as in Osprey's default run. The expected values are what Zeek 9.1 wrote for this capture
 * ({@code zeek -r}; set {@code -Dosprey.imap.pcap=FILE} to keep the capture and rerun Zeek on it):
 * <ul>
 *   <li>greeting, capabilities, an accepted STARTTLS, then a TLS handshake (client port 41001): {@code imap,ssl};</li>
 *   <li>greeting and a lower-case login, then lines that would not parse (41002): {@code imap};</li>
 *   <li>a refused STARTTLS (41003): {@code imap} and the weird "IMAP: server refused StartTLS";</li>
 *   <li>a line without a space after its tag after the greeting (41004): no service, an analyzer.log row.</li>
 * </ul>
 */
class ImapEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private long t = T0;

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static byte[] tlsRecord(int type, byte[] body) {
        return concat(new byte[] {(byte) type, 3, 3, (byte) (body.length >>> 8), (byte) body.length}, body);
    }

    private static byte[] handshake(int type, byte[] body) {
        return concat(new byte[] {(byte) type, (byte) (body.length >>> 16), (byte) (body.length >>> 8),
                (byte) body.length}, body);
    }

    /** ClientHello / ServerHello bodies: TLS 1.2, a fixed random, no session id, one suite, null compression. */
    private static byte[] hello(boolean client) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(3);
        b.write(3);
        for (int i = 0; i < 32; i++) {
            b.write(client ? i : 0x40 + i);
        }
        b.write(0);
        if (client) {
            b.writeBytes(new byte[] {0, 2, (byte) 0xC0, 0x2F, 1, 0});
        } else {
            b.writeBytes(new byte[] {(byte) 0xC0, 0x2F, 0});
        }
        return b.toByteArray();
    }

    @Test
    void servicesWeirdsAndViolationsAsZeekWritesThem(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("imap.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            TcpConversation tls = new TcpConversation(w, () -> t += MS, "10.0.0.1", 41001, "10.0.0.2", 143).open();
            tls.sendAcked(false, "* OK IMAP4rev1 ready\r\n").sendAcked(true, "a1 CAPABILITY\r\n")
                    .sendAcked(false, "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\na1 OK done\r\n")
                    .sendAcked(true, "a2 STARTTLS\r\n").sendAcked(false, "a2 OK Begin TLS negotiation now\r\n")
                    .sendAcked(true, tlsRecord(22, handshake(1, hello(true))))
                    .sendAcked(false, tlsRecord(22, concat(handshake(2, hello(false)), handshake(14, new byte[0]))))
                    .sendAcked(true, tlsRecord(20, new byte[] {1}))
                    .sendAcked(false, tlsRecord(20, new byte[] {1}))
                    .sendAcked(true, tlsRecord(23, new byte[40]));
            tls.close(true);

            TcpConversation login = new TcpConversation(w, () -> t += MS, "10.0.0.1", 41002, "10.0.0.2", 143).open();
            login.sendAcked(false, "* OK ready\r\n").sendAcked(true, "a1 login user pass\r\n")
                    .sendAcked(false, "a1 OK logged in\r\n").sendAcked(true, "bad\r\n");
            login.close(true);

            TcpConversation refused = new TcpConversation(w, () -> t += MS, "10.0.0.1", 41003, "10.0.0.2", 143)
                    .open();
            refused.sendAcked(false, "* OK ready\r\n").sendAcked(true, "x STARTTLS\r\n")
                    .sendAcked(false, "x NO not now\r\n");
            refused.close(true);

            TcpConversation bad = new TcpConversation(w, () -> t += MS, "10.0.0.1", 41004, "10.0.0.2", 143).open();
            bad.sendAcked(false, "* OK ready\r\n").sendAcked(true, "a1\r\n");
            bad.close(true);
        }
        Pipelines.keepCopy(pcap, "osprey.imap.pcap");
        Path out = dir.resolve("out");
        Pipelines.run(pcap, out, null);

        Map<String, String> services = Pipelines.services(out, "id.orig_p");
        // Zeek 9.1 on this capture.
        assertThat(services).containsExactlyInAnyOrderEntriesOf(
                Map.of("41001", "imap,ssl", "41002", "imap", "41003", "imap", "41004", "-"));
        List<String> weirds = new ArrayList<>();
        for (Map<String, String> f : ZeekLogs.read(out.resolve("weird.log"))) {
            weirds.add(f.get("id.orig_p") + " " + f.get("name") + " " + f.get("source"));
        }
        assertThat(weirds).containsExactly("41003 IMAP: server refused StartTLS IMAP");
        Map<String, String> reasons = new TreeMap<>();
        for (Map<String, String> f : ZeekLogs.read(out.resolve("analyzer.log"))) {
            assertThat(f).containsEntry("analyzer_name", "IMAP").containsEntry("failure_data", "-");
            reasons.put(f.get("id.orig_p"), f.get("failure_reason"));
        }
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of("41004",
                "Binpac exception: binpac exception: string mismatch at "
                        + "/opt/src/zeek/src/analyzer/protocol/imap/imap-protocol.pac:19: \\x0aexpected pattern: "
                        + "\"[ ]+\"\\x0aactual data: \"\\x0d\\x0a\""));
        assertThat(Files.exists(out.resolve("conn.log"))).isTrue();
    }
}
