package io.osprey.analyzer.rdp;

import io.osprey.analyzer.Pipelines;
import io.osprey.analyzer.rdp.RdpMessages.Bytes;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.TcpConversation;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.osprey.analyzer.rdp.RdpMessages.block;
import static io.osprey.analyzer.rdp.RdpMessages.clientCore;
import static io.osprey.analyzer.rdp.RdpMessages.clientNetwork;
import static io.osprey.analyzer.rdp.RdpMessages.connectInitial;
import static io.osprey.analyzer.rdp.RdpMessages.connectResponse;
import static io.osprey.analyzer.rdp.RdpMessages.connectionConfirm;
import static io.osprey.analyzer.rdp.RdpMessages.connectionFailure;
import static io.osprey.analyzer.rdp.RdpMessages.connectionRequest;
import static io.osprey.analyzer.rdp.RdpMessages.serverCore;
import static io.osprey.analyzer.rdp.RdpMessages.serverNetwork;
import static io.osprey.analyzer.rdp.RdpMessages.serverSecurityX509;
import static io.osprey.analyzer.rdp.RdpMessages.tpkt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RDP and RDPEUDP in the real pipeline (capture built here → engine → analyzers → conn.log, rdp.log, weird.log,
 * analyzer.log), all analyzers on as in Osprey's default run. Every expected value is what Zeek 9.1 wrote for this
 * capture ({@code zeek -C -r}; set {@code -Dosprey.rdp.pcap=FILE} to keep the capture and rerun Zeek on it). The
 * connections, by originator port (Zeek also writes a flow weird x509_cert_parse_error for the made-up certificates
 * of 40004, which Osprey, with no X.509 parser, does not):
 * <ul>
 *   <li>40001: standard RDP security with an RSA certificate (High, 128bit) on 3389;</li>
 *   <li>40002: the server selects CredSSP (HYBRID): TLS follows and conn.log says {@code ssl} only;</li>
 *   <li>40003: negotiation failure SSL_NOT_ALLOWED_BY_SERVER: a row but no service;</li>
 *   <li>40004: an X.509 chain of two (temporary) certificates, an unknown keyboard layout (a "Best Guess"), a Mac
 *   build, 16-bit color;</li>
 *   <li>40005: the standard session on port 13389, found by payload detection;</li>
 *   <li>40006: confirmed by the client's core data, then the server's GCC key is wrong: the service is taken back and
 *   analyzer.log has binpac's string mismatch;</li>
 *   <li>40007: 40 channels: the weird RDP_channels_requested_exceeds_max;</li>
 *   <li>40008: a cookie without its CRLF: a violation before any confirmation, no row;</li>
 *   <li>40009: the client's MCS data comes 12 s after the request: the row was written at rdp_check_interval,
 *   without it (the service is there: the core data still confirms);</li>
 *   <li>40010: the client's MCS data cut short by the end of the connection: never parsed, no service;</li>
 *   <li>UDP 50001 → 3389: an RDPEUDP handshake ({@code rdpeudp}); 50002 → 3389: a SYN without the SYNEX flag (a
 *   binpac exception in Zeek's grammar: no service); 50003 → 40000: a 1132-byte SYN found by the signature.</li>
 * </ul>
 */
class RdpEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private long t = T0;

    private static byte[] tlsRecord(int type, byte[] body) {
        return new Bytes().u8(type, 3, 1).be16(body.length).bytes(body).build();
    }

    private static byte[] handshake(int type, byte[] body) {
        return new Bytes().u8(type, 0).be16(body.length).bytes(body).build();
    }

    /** ClientHello / ServerHello bodies: TLS 1.0, a fixed random, no session id, one suite, null compression. */
    private static byte[] hello(boolean client) {
        Bytes b = new Bytes().u8(3, 1);
        for (int i = 0; i < 32; i++) {
            b.u8(client ? i : 0x40 + i);
        }
        b.u8(0);
        if (client) {
            b.u8(0, 2, 0, 0x2f, 1, 0);
        } else {
            b.u8(0, 0x2f, 0);
        }
        return b.build();
    }

    private TcpConversation conv(PcapFileWriter w, int port, int serverPort) {
        return new TcpConversation(w, () -> t += MS, "10.1.0.1", port, "10.1.0.2", serverPort).open();
    }

    private void udp(PcapFileWriter w, boolean orig, int port, int serverPort, byte[] payload) throws Exception {
        PacketBuilder b = orig ? PacketBuilder.eth().ipv4("10.1.0.1", "10.1.0.2").udp(port, serverPort)
                : PacketBuilder.eth().ipv4("10.1.0.2", "10.1.0.1").udp(serverPort, port);
        w.write(t += MS, b.payload(payload).build());
    }

    /** An RDPEUDP SYN or SYNACK datagram (big-endian), padded to {@code size}. */
    static byte[] udpSyn(long sourceAck, int flags, int version, int size) {
        Bytes b = new Bytes().u8((int) (sourceAck >>> 24) & 0xff, (int) (sourceAck >>> 16) & 0xff,
                (int) (sourceAck >>> 8) & 0xff, (int) sourceAck & 0xff).be16(64).be16(flags)
                .u8(0x12, 0x34, 0x56, 0x78).be16(1232).be16(1232);
        if ((flags & 0x1000) != 0) {
            b.be16(1).be16(version);
        }
        byte[] d = b.build();
        return java.util.Arrays.copyOf(d, Math.max(d.length, size));
    }

    static byte[] tooManyChannels() {
        String[] ch = new String[40];
        for (int i = 0; i < ch.length; i++) {
            ch[i] = "ch" + i;
        }
        return connectInitial(clientCore(800, 600, 1033, 7601, "MANY", 0x18, 0, ""), clientNetwork(ch));
    }

    @Test
    void logsAsZeekWritesThem(@TempDir Path dir) throws Exception {
        Path pcap = capture(dir);
        Pipelines.keepCopy(pcap, "osprey.rdp.pcap");
        Path out = dir.resolve("out");
        Pipelines.run(pcap, out, null);
        check(out);
    }

    /**
     * Bare runs: {@code rdp} is what Zeek's base/protocols/rdp registers (RDP and RDPEUDP; the SSL child is Zeek's
     * core, loaded or not); {@code zeek -b -C -r rdp.pcap base/protocols/rdp base/protocols/conn} wrote the same
     * conn.log and rdp.log. {@code rdpeudp} alone is the UDP analyzer only.
     */
    @Test
    void bareRunsSelectTheAnalyzers(@TempDir Path dir) throws Exception {
        Path pcap = capture(dir);
        Path bare = Pipelines.run(pcap, dir.resolve("bare"), Set.of("rdp", "conn"));
        check(bare);
        Path udp = Pipelines.run(pcap, dir.resolve("udp"), Set.of("rdpeudp", "conn"));
        Map<String, String> services = Pipelines.services(udp, "id.orig_p");
        services.values().removeIf("-"::equals);
        assertThat(services).containsExactlyInAnyOrderEntriesOf(Map.of("50001", "rdpeudp", "50003", "rdpeudp"));
        assertThat(udp.resolve("rdp.log")).doesNotExist();
    }

    private Path capture(Path dir) throws Exception {
        Path pcap = dir.resolve("rdp.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            TcpConversation std = conv(w, 40001, 3389);
            for (Object[] m : RdpMessages.standardSession()) {
                std.sendAcked((Boolean) m[0], (byte[]) m[1]);
            }
            std.close(true);

            TcpConversation tls = conv(w, 40002, 3389);
            tls.sendAcked(true, connectionRequest("AWAKECODI", 3)).sendAcked(false, connectionConfirm(2))
                    .sendAcked(true, tlsRecord(22, handshake(1, hello(true))))
                    .sendAcked(false, tlsRecord(22, new Bytes().bytes(handshake(2, hello(false)))
                            .bytes(handshake(14, new byte[0])).build()))
                    .sendAcked(true, tlsRecord(20, new byte[] {1}))
                    .sendAcked(false, tlsRecord(20, new byte[] {1}))
                    .sendAcked(true, tlsRecord(23, new byte[40]));
            tls.close(true);

            TcpConversation fail = conv(w, 40003, 3389);
            fail.sendAcked(true, connectionRequest("FTBCO\\A70", 1)).sendAcked(false, connectionFailure(2));
            fail.close(false);

            TcpConversation x509 = conv(w, 40004, 3389);
            x509.sendAcked(true, connectionRequest("JOHN-PC  ", 0)).sendAcked(false, connectionConfirm(0))
                    .sendAcked(true, connectInitial(clientCore(1920, 1080, 263198, 25189, "JOHN-PC-LAPTOP", 0x10, 1,
                            "3c571ed0-3415-474b-ae94-74e151b"), clientNetwork("rdpdr", "rdpsnd", "cliprdr",
                            "drdynvc")))
                    .sendAcked(false, connectResponse(0, serverCore(), serverSecurityX509(2, 2, 2),
                            serverNetwork()));
            x509.close(true);

            TcpConversation dpd = conv(w, 40005, 13389);
            for (Object[] m : RdpMessages.standardSession()) {
                dpd.sendAcked((Boolean) m[0], (byte[]) m[1]);
            }
            dpd.close(true);

            TcpConversation bad = conv(w, 40006, 3389);
            byte[] response = RdpMessages.standardResponse();
            int mcdn = indexOf(response, "McDn".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            response[mcdn] = 'X';
            response[mcdn + 4] = 'A';
            response[mcdn + 5] = 'B';
            bad.sendAcked(true, connectionRequest("bad", 0)).sendAcked(false, connectionConfirm(0))
                    .sendAcked(true, RdpMessages.standardInitial()).sendAcked(false, response);
            bad.close(true);

            TcpConversation many = conv(w, 40007, 3389);
            many.sendAcked(true, connectionRequest("many", 0)).sendAcked(false, connectionConfirm(0))
                    .sendAcked(true, tooManyChannels());
            many.close(true);

            TcpConversation crlf = conv(w, 40008, 3389);
            byte[] cr = connectionRequest("nocrlf", -1);
            cr[cr.length - 1] = 'x';
            crlf.sendAcked(true, cr).sendAcked(false, connectionConfirm(0));
            crlf.close(true);

            TcpConversation slow = conv(w, 40009, 3389);
            slow.sendAcked(true, connectionRequest("slow", 0)).sendAcked(false, connectionConfirm(0));
            t += 12_000 * MS;
            slow.sendAcked(true, RdpMessages.standardInitial());
            slow.close(true);

            TcpConversation cut = conv(w, 40010, 3389);
            cut.sendAcked(true, connectionRequest("cut", 0)).sendAcked(false, connectionConfirm(0))
                    .sendAcked(true, java.util.Arrays.copyOf(RdpMessages.standardInitial(), 100));
            cut.close(true);

            udp(w, true, 50001, 3389, udpSyn(0xffffffffL, 0x1001, 2, 1232));
            udp(w, false, 50001, 3389, udpSyn(0x12345678L, 0x1005, 2, 1232));
            udp(w, true, 50001, 3389, new Bytes().u8(0x12, 0x34, 0x56, 0x78).be16(64).be16(4).be16(1).u8(0)
                    .zeros(1).build());
            udp(w, true, 50002, 3389, udpSyn(0xffffffffL, 0x0001, 0, 1232));
            udp(w, false, 50002, 3389, udpSyn(0x12345678L, 0x1005, 2, 1232));
            udp(w, true, 50003, 40000, udpSyn(0xffffffffL, 0x1001, 2, 1132));
            udp(w, false, 50003, 40000, udpSyn(0x12345678L, 0x1005, 2, 1132));
        }
        return pcap;
    }

    private static void check(Path out) throws Exception {
        Map<String, String> services = Pipelines.services(out, "id.orig_p");
        // Zeek 9.1 on this capture.
        assertThat(services).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("40001", "rdp"), Map.entry("40002", "ssl"), Map.entry("40003", "-"),
                Map.entry("40004", "rdp"), Map.entry("40005", "rdp"), Map.entry("40006", "-"),
                Map.entry("40007", "rdp"), Map.entry("40008", "-"), Map.entry("40009", "rdp"), Map.entry("40010", "-"),
                Map.entry("50001", "rdpeudp"), Map.entry("50002", "-"), Map.entry("50003", "rdpeudp")));
        List<String> rows = new ArrayList<>();
        for (Map<String, String> r : ZeekLogs.read(out.resolve("rdp.log"))) {
            rows.add(r.get("id.orig_p") + " " + r.get("cookie") + " | " + r.get("result") + " | "
                    + r.get("security_protocol") + " | " + r.get("client_channels") + " | " + r.get("keyboard_layout")
                    + " | " + r.get("client_build") + " | " + r.get("client_name") + " | "
                    + r.get("client_dig_product_id") + " | " + r.get("desktop_width") + " "
                    + r.get("desktop_height") + " " + r.get("requested_color_depth") + " | " + r.get("cert_type")
                    + " " + r.get("cert_count") + " " + r.get("cert_permanent") + " | " + r.get("encryption_level")
                    + " | " + r.get("encryption_method"));
        }
        String std = " FTBCO\\\\A70 | Success | RDP | rdpdr,rdpsnd,drdynvc,cliprdr | English - United States | RDP 6.0"
                + " | FROG-POND | (empty) | 1152 864 32bit | RSA 1 T | High | 128bit";
        assertThat(rows).containsExactlyInAnyOrder(
                "40001" + std,
                "40002 AWAKECODI | encrypted | HYBRID | - | - | - | - | - | - - - | - 0 - | - | -",
                "40003 FTBCO\\\\A70 | SSL_NOT_ALLOWED_BY_SERVER | - | - | - | - | - | - | - - - | - 0 - | - | -",
                "40004 JOHN-PC   | Success | RDP | rdpdr,rdpsnd,cliprdr,drdynvc | Thai (Best Guess for 263198)"
                        + " | RDP 8.0 (Mac) | JOHN-PC-LAPTOP | 3c571ed0-3415-474b-ae94-74e151b | 1920 1080 16bit"
                        + " | X.509 2 F | Client compatible | 128bit",
                "40005" + std,
                "40006 bad | - | RDP | rdpdr,rdpsnd,drdynvc,cliprdr | English - United States | RDP 6.0"
                        + " | FROG-POND | (empty) | 1152 864 32bit | - 0 - | - | -",
                "40007 many | - | RDP | ch0,ch1,ch2,ch3,ch4,ch5,ch6,ch7,ch8,ch9,ch10,ch11,ch12,ch13,ch14,ch15,ch16,"
                        + "ch17,ch18,ch19,ch20,ch21,ch22,ch23,ch24,ch25,ch26,ch27,ch28,ch29,ch30,ch31,ch32,ch33,ch34,"
                        + "ch35,ch36,ch37,ch38,ch39 | English - United States | RDP 7.1 | MANY | (empty)"
                        + " | 800 600 24bit | - 0 - | - | -",
                "40009 slow | - | RDP | - | - | - | - | - | - - - | - 0 - | - | -",
                "40010 cut | - | RDP | - | - | - | - | - | - - - | - 0 - | - | -");
        Map<String, String> weirds = new TreeMap<>();
        for (Map<String, String> r : ZeekLogs.read(out.resolve("weird.log"))) {
            if (r.get("name").startsWith("RDP")) {
                weirds.put(r.get("id.orig_p"), r.get("name") + " " + r.get("addl") + " " + r.get("source"));
            }
        }
        assertThat(weirds).containsExactly(Map.entry("40007", "RDP_channels_requested_exceeds_max 40 -"));
        List<String> failures = new ArrayList<>();
        for (Map<String, String> r : ZeekLogs.read(out.resolve("analyzer.log"))) {
            failures.add(r.get("id.orig_p") + " " + r.get("analyzer_name") + " " + r.get("failure_reason"));
        }
        assertThat(failures).containsExactly("40006 RDP Binpac exception: binpac exception: string mismatch at "
                + "/opt/src/zeek/src/analyzer/protocol/rdp/rdp-protocol.pac:310: \\x0aexpected pattern: \"McDn\""
                + "\\x0aactual data: \"XcDnAB\\x01\\x0c\\x0c\"");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
