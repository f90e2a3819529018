package io.osprey.analyzer.mysql;

import io.osprey.analyzer.Pipelines;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.TcpConversation;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static io.osprey.analyzer.mysql.Mysql.concat;
import static io.osprey.analyzer.mysql.Mysql.packet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL in the real pipeline (capture built here → engine → analyzers → conn.log and analyzer.log), with all
 * analyzers as in Osprey's default run. The expected values are what Zeek 9.1 wrote for this capture
 * ({@code zeek -r}; set {@code -Dosprey.mysql.pcap=FILE} to keep the capture and rerun Zeek on it):
 * <ul>
 *   <li>a v10 login and a query on 3306 (client port 40001): {@code mysql};</li>
 *   <li>a v10 greeting, the SSL request, then a TLS handshake (40002): {@code mysql,ssl};</li>
 *   <li>a v9 login (40003): {@code mysql};</li>
 *   <li>a server packet that is neither greeting nor complete ERR packet (40004): no service, no analyzer.log row
 *   (the violation came before any confirmation);</li>
 *   <li>after a confirmed login, Zeek's binpac failures (an empty command packet, 40005; an unknown connection-phase
 *   packet type, 40006; an OK packet cut inside its length-encoded integer, 40007): the service taken back and an
 *   analyzer.log row with Zeek's exception text.</li>
 * </ul>
 */
class MysqlEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private long t = T0;

    private static byte[] tlsRecord(int type, byte[] body) {
        return concat(new byte[] {(byte) type, 3, 3, (byte) (body.length >>> 8), (byte) body.length}, body);
    }

    private static byte[] handshake(int type, byte[] body) {
        return concat(new byte[] {(byte) type, (byte) (body.length >>> 16), (byte) (body.length >>> 8),
                (byte) body.length}, body);
    }

    /** ClientHello / ServerHello bodies: TLS 1.2, a fixed random, no session id, one suite, null compression. */
    private static byte[] hello(boolean client) {
        Mysql.Bytes b = new Mysql.Bytes().u8(3).u8(3);
        for (int i = 0; i < 32; i++) {
            b.u8(client ? i : 0x40 + i);
        }
        b.u8(0);
        if (client) {
            b.u8(0).u8(2).u8(0xC0).u8(0x2F).u8(1).u8(0);
        } else {
            b.u8(0xC0).u8(0x2F).u8(0);
        }
        return b.bytes();
    }

    @Test
    void servicesAsZeekWritesThem(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("mysql.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            TcpConversation plain = new TcpConversation(w, () -> t += MS, "10.0.0.1", 40001, "10.0.0.2", 3306).open();
            plain.sendAcked(false, Mysql.greetingV10()).sendAcked(true, Mysql.responseV10())
                    .sendAcked(false, Mysql.ok(2)).sendAcked(true, Mysql.query("select 1"));
            plain.close(true);

            TcpConversation tls = new TcpConversation(w, () -> t += MS, "10.0.0.1", 40002, "10.0.0.2", 3306).open();
            tls.sendAcked(false, Mysql.greetingV10()).sendAcked(true, Mysql.sslRequest())
                    .sendAcked(true, tlsRecord(22, handshake(1, hello(true))))
                    .sendAcked(false, tlsRecord(22, concat(handshake(2, hello(false)), handshake(14, new byte[0]))))
                    .sendAcked(true, tlsRecord(20, new byte[] {1}))
                    .sendAcked(false, tlsRecord(20, new byte[] {1}))
                    .sendAcked(true, tlsRecord(23, new byte[40]));
            tls.close(true);

            TcpConversation v9 = new TcpConversation(w, () -> t += MS, "10.0.0.1", 40003, "10.0.0.2", 3306).open();
            v9.sendAcked(false, Mysql.greetingV9()).sendAcked(true, Mysql.responseV9());
            v9.close(true);

            TcpConversation bad = new TcpConversation(w, () -> t += MS, "10.0.0.1", 40004, "10.0.0.2", 3306).open();
            bad.sendAcked(false, packet(0, new byte[] {'x', 'y', 'z'})).sendAcked(true, Mysql.responseV10());
            bad.close(true);

            TcpConversation empty = new TcpConversation(w, () -> t += MS, "10.0.0.1", 40005, "10.0.0.2", 3306).open();
            empty.sendAcked(false, Mysql.greetingV10()).sendAcked(true, Mysql.responseV10())
                    .sendAcked(false, Mysql.ok(2)).sendAcked(true, packet(0, new byte[0]));
            empty.close(true);

            TcpConversation odd = new TcpConversation(w, () -> t += MS, "10.0.0.1", 40006, "10.0.0.2", 3306).open();
            odd.sendAcked(false, Mysql.greetingV10()).sendAcked(true, Mysql.responseV10())
                    .sendAcked(false, packet(2, new byte[] {0x42, 1, 2, 3}));
            odd.close(true);

            TcpConversation cut = new TcpConversation(w, () -> t += MS, "10.0.0.1", 40007, "10.0.0.2", 3306).open();
            cut.sendAcked(false, Mysql.greetingV10()).sendAcked(true, Mysql.responseV10())
                    .sendAcked(false, packet(2, new byte[] {0, (byte) 0xfc, 1}));
            cut.close(true);
        }
        Pipelines.keepCopy(pcap, "osprey.mysql.pcap");
        Path out = dir.resolve("out");
        Pipelines.run(pcap, out, null);

        Map<String, String> services = Pipelines.services(out, "id.orig_p");
        // Zeek 9.1 on this capture.
        assertThat(services).containsExactlyInAnyOrderEntriesOf(
                Map.of("40001", "mysql", "40002", "mysql,ssl", "40003", "mysql", "40004", "-", "40005", "-",
                        "40006", "-", "40007", "-"));
        Map<String, String> reasons = new TreeMap<>();
        for (Map<String, String> f : ZeekLogs.read(out.resolve("analyzer.log"))) {
            assertThat(f).containsEntry("analyzer_name", "MYSQL").containsEntry("failure_data", "-");
            reasons.put(f.get("id.orig_p"), f.get("failure_reason"));
        }
        String binpac = "Binpac exception: binpac exception: ";
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                "40005", binpac + "out_of_bound: Command_Request_Packet:command: 1 > 0",
                "40006", binpac + "invalid index for case: Server_Connection_Phase_Packets: 66",
                "40007", binpac + "out_of_bound: LengthEncodedIntegerLookahead:i2: 2 > 1"));
    }
}
