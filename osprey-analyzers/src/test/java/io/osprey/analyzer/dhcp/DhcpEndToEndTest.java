package io.osprey.analyzer.dhcp;

import io.osprey.analyzer.AnalyzerOptions;
import io.osprey.analyzer.Pipelines;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.osprey.analyzer.dhcp.DhcpMessages.END;
import static io.osprey.analyzer.dhcp.DhcpMessages.MAC;
import static io.osprey.analyzer.dhcp.DhcpMessages.client;
import static io.osprey.analyzer.dhcp.DhcpMessages.message;
import static io.osprey.analyzer.dhcp.DhcpMessages.opt;
import static io.osprey.analyzer.dhcp.DhcpMessages.opts;
import static io.osprey.analyzer.dhcp.DhcpMessages.type;
import static io.osprey.analyzer.dhcp.DhcpMessages.u32;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DHCP transactions in the real pipeline (capture built here → engine → DHCP analyzer → transaction table →
 * dhcp.log and weird.log), with the rows Zeek 9.1 wrote for the same captures and settings (checked with
 * {@code -Dosprey.dhcp.pcap=FILE} and {@code zeek-run -r FILE} with the same redefs): messages of one transaction id
 * joined over broadcast and unicast connections, a NAK's message, a transaction id that comes back after the table
 * expired it, and the limits {@code DHCP::max_tracked_transactions} and {@code DHCP::max_uids_per_log_entry}.
 */
class DhcpEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private long t = T0;

    private void send(PcapFileWriter w, long gap, String src, int sport, String dst, int dport, byte[] payload) {
        t += gap;
        w.write(t, PacketBuilder.eth().ipv4(src, dst).udp(sport, dport).payload(payload).build());
    }

    private Path capture(String name, java.util.function.Consumer<PcapFileWriter> body) throws Exception {
        Path pcap = dir.resolve(name);
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            body.accept(w);
        }
        Pipelines.keepCopy(pcap, "osprey.dhcp.pcap");
        return pcap;
    }

    private List<Map<String, String>> run(Path pcap, AnalyzerOptions options, String log) throws Exception {
        Path out = Pipelines.run(pcap, dir.resolve("out-" + pcap.getFileName()), Set.of("conn", "dhcp"), options,
                new ConnConfig());
        Path file = out.resolve(log);
        return java.nio.file.Files.exists(file) ? ZeekLogs.read(file) : List.of();
    }

    /** The columns after ts and uids, space-separated (uids only counted). */
    private static String row(Map<String, String> r) {
        StringBuilder sb = new StringBuilder().append(r.get("uids").split(",").length);
        r.forEach((k, v) -> {
            if (!k.equals("ts") && !k.equals("uids")) {
                sb.append(' ').append(v);
            }
        });
        return sb.toString();
    }

    @Test
    void aTransactionIsJoinedAcrossConnectionsAndExpires() throws Exception {
        byte[] server = {10, 0, 0, 1};
        Path pcap = capture("dora.pcap", w -> {
            send(w, 0, "0.0.0.0", 68, "255.255.255.255", 67, client(0x11, opts(type(1), opt(12, "alice"),
                    opt(61, new byte[] {1, 2, 0, 0, 0, 0, 1}), END)));
            send(w, MS, "10.0.0.1", 67, "255.255.255.255", 68, message(2, 0x11, "10.0.0.50", MAC, opts(type(2),
                    opt(54, server), u32(51, 3600), opt(15, "example.com"), END)));
            send(w, MS, "0.0.0.0", 68, "255.255.255.255", 67, client(0x11, opts(type(3), opt(50,
                    new byte[] {10, 0, 0, 50}), opt(12, "alice"), END)));
            send(w, MS, "10.0.0.1", 67, "10.0.0.50", 68, message(2, 0x11, "10.0.0.50", MAC, opts(type(5),
                    opt(54, server), u32(51, 3600), END)));
            // An INIT-REBOOT for a foreign address, refused with a message.
            send(w, 100 * MS, "0.0.0.0", 68, "255.255.255.255", 67, client(0x22, opts(type(3), opt(50,
                    new byte[] {(byte) 192, (byte) 168, 7, 9}), END)));
            send(w, MS, "10.0.0.1", 67, "255.255.255.255", 68, message(2, 0x22, null, MAC, opts(type(6),
                    opt(56, "wrong network"), END)));
            // Transaction 0x33 twice, 20 s apart: the table's expiry writes the first before the second arrives.
            send(w, MS, "0.0.0.0", 68, "255.255.255.255", 67, client(0x33, opts(type(1), END)));
            send(w, 20_000 * MS, "0.0.0.0", 68, "255.255.255.255", 67, client(0x33, opts(type(1), END)));
        });
        assertThat(run(pcap, new AnalyzerOptions(), "dhcp.log")).extracting(DhcpEndToEndTest::row)
                .containsExactlyInAnyOrder(
                        "3 10.0.0.50 10.0.0.1 02:00:00:00:00:01 alice - example.com 10.0.0.50 10.0.0.50 3600.000000 "
                                + "- - DISCOVER,OFFER,REQUEST,ACK 0.003000",
                        "2 - - 02:00:00:00:00:01 - - - 192.168.7.9 - - - wrong network REQUEST,NAK 0.001000",
                        "1 - - 02:00:00:00:00:01 - - - - - - - - DISCOVER 0.000000",
                        "1 - - 02:00:00:00:00:01 - - - - - - - - DISCOVER 0.000000");
    }

    @Test
    void theLimitsWriteTransactionsEarly() throws Exception {
        Path pcap = capture("limits.pcap", w -> {
            for (int i = 0; i < 4; i++) {
                send(w, MS, "0.0.0.0", 68, "255.255.255.255", 67, client(0x100 + i, opts(type(1), END)));
            }
            // Transaction 0x200 over three connections (three client ports).
            for (int i = 0; i < 3; i++) {
                send(w, MS, "10.0.0." + (9 + i), 68, "10.0.0.1", 67, message(1, 0x200, null, MAC,
                        opts(type(8), END)));
            }
        });
        AnalyzerOptions options = new AnalyzerOptions();
        options.dhcp = new DhcpTransactions.Settings(3, 2, 50, 30_000_000_000L);
        List<Map<String, String>> rows = run(pcap, options, "dhcp.log");
        // Two uids: written at once (its mac is never filled in from chaddr on this path; the client address is the
        // last client's); the third connection's message starts a new transaction.
        assertThat(rows).extracting(DhcpEndToEndTest::row).contains(
                "2 10.0.0.10 - - - - - - - - - - INFORM,INFORM 0.001000",
                "1 10.0.0.11 - 02:00:00:00:00:01 - - - - - - - - INFORM 0.000000");
        assertThat(rows).hasSize(6);
        List<Map<String, String>> weirds = run(pcap, options, "weird.log");
        assertThat(weirds).extracting(r -> r.get("name") + " " + r.get("addl") + " " + r.get("uid") + " "
                + r.get("source")).containsExactly("DHCP_max_tracked_transactions_exceeded 3 - DHCP");
    }
}
