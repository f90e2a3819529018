package io.osprey.analyzer.socks;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SOCKS end to end against real Zeek, over a capture built here: SOCKS5 without authentication on a port found by
 * payload detection with HTTP inside the tunnel, SOCKS5 with an RFC 1929 login and a refused request, SOCKS4a with a
 * reply that starts with 4, SOCKS4 with the RFC's reply (Zeek: a violation, but the tunnel stays registered),
 * GSSAPI and an RFC 1929 version 2 (weirds), a request with a reserved byte set and one
 * split over two segments (violations). The expected {@code zeek-*.log} files were written by Zeek 9.1
 * ({@code zeek-run -C -r} on the capture, default scripts); every row of socks.log, tunnel.log, conn.log, http.log and
 * weird.log must match field for field (uids through a one-to-one mapping, conn.log's service as a set).
 *
 * <p>SOCKS5 IPv6 addresses are left out: Zeek 9.1 logs bytes of a heap pointer for them (see {@link SocksParser}).
 *
 * <p>Update the baseline with {@code ./mvnw -q test -pl osprey-analyzers -am -Dosprey.golden.update=true
 * -Dtest=SocksGoldenTest -Dsurefire.failIfNoSpecifiedTests=false} (runs {@code /work/shared/tools/zeek-run}).
 */
class SocksGoldenTest {
    private static final String[] LOGS = {"socks.log", "tunnel.log", "conn.log", "http.log", "weird.log"};
    private static final long MS = 1_000_000L;
    private static final String SERVER = "10.9.0.1";

    @TempDir
    Path dir;

    private long t = 1_700_000_000_000_000_000L;

    /** One TCP connection being written. */
    private final class Conv {
        final PcapFileWriter w;
        final String client;
        final int cport;
        final int sport;
        long cseq = 1001;
        long sseq = 5001;

        Conv(PcapFileWriter w, String client, int cport, int sport) throws IOException {
            this.w = w;
            this.client = client;
            this.cport = cport;
            this.sport = sport;
            w.write(t += MS, PacketBuilder.eth().ipv4(client, SERVER).tcp(cport, sport).flags(SYN).seq(1000).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(SERVER, client).tcp(sport, cport).flags(SYN | ACK).seq(5000)
                    .ack(1001).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(client, SERVER).tcp(cport, sport).flags(ACK).seq(1001)
                    .ack(5001).build());
        }

        Conv c(String hex) throws IOException {
            return send(true, HexFormat.of().parseHex(hex.replace(" ", "")));
        }

        Conv s(String hex) throws IOException {
            return send(false, HexFormat.of().parseHex(hex.replace(" ", "")));
        }

        Conv send(boolean fromClient, byte[] p) throws IOException {
            t += MS;
            if (fromClient) {
                w.write(t, PacketBuilder.eth().ipv4(client, SERVER).tcp(cport, sport).flags(PSH | ACK).seq(cseq)
                        .ack(sseq).payload(p).build());
                cseq += p.length;
            } else {
                w.write(t, PacketBuilder.eth().ipv4(SERVER, client).tcp(sport, cport).flags(PSH | ACK).seq(sseq)
                        .ack(cseq).payload(p).build());
                sseq += p.length;
            }
            return this;
        }

        void close() throws IOException {
            w.write(t += MS, PacketBuilder.eth().ipv4(client, SERVER).tcp(cport, sport).flags(FIN | ACK).seq(cseq)
                    .ack(sseq).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(SERVER, client).tcp(sport, cport).flags(FIN | ACK).seq(sseq)
                    .ack(cseq + 1).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(client, SERVER).tcp(cport, sport).flags(ACK).seq(cseq + 1)
                    .ack(sseq + 1).build());
        }
    }

    private static String ascii(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The capture: one connection per case, each from its own client so that each has its own tunnel. */
    Path capture() throws IOException {
        Path pcap = dir.resolve("socks-golden.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            // SOCKS5, no authentication, a name, on a port only payload detection finds; HTTP through the tunnel.
            String name = "www.example.com";
            Conv a = new Conv(w, "10.1.0.1", 40001, 9050).c("050100").s("0500")
                    .c("05010003" + String.format("%02x", name.length()) + ascii(name) + "0050")
                    .s("050000010a0909099c41");
            a.send(true, "GET /index.html HTTP/1.1\r\nHost: www.example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            a.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello"
                    .getBytes(StandardCharsets.US_ASCII));
            a.close();
            // SOCKS5 with a username/password login, the request refused.
            new Conv(w, "10.1.0.2", 40002, 1080).c("05020002").s("0502").c("0103" + ascii("bob") + "06"
                    + ascii("secret")).s("0100").c("05010001c000020700 16".replace(" ", "")).s("05050001000000000000")
                    .close();
            // SOCKS4a (user alice, host example.net), the reply led by 4 as Zeek's grammar reads it.
            new Conv(w, "10.1.0.3", 40003, 1080).c("040101bb00000001" + ascii("alice") + "00" + ascii("example.net")
                    + "00").s("04005a01bb5db8d822").close();
            // SOCKS4 with the RFC's reply (VN 0): Zeek's violation, the tunnel stays registered.
            new Conv(w, "10.1.0.4", 40004, 1080).c("04010050c0a8010100").s("005a000000000000").close();
            // GSSAPI: the sub-negotiation is not parsed (weird), then the request goes on.
            new Conv(w, "10.1.0.6", 40006, 1080).c("050101").s("0501").c("01010004deadbeef").s("0101000400")
                    .c("050100017f0000010050").s("050000017f0000010050").close();
            // RFC 1929 with version 2 on both sides (weirds).
            new Conv(w, "10.1.0.7", 40007, 1080).c("050102").s("0502").c("0203" + ascii("bob") + "00").s("0200")
                    .close();
            // A request with the reserved byte set: violation, nothing logged.
            new Conv(w, "10.1.0.8", 40008, 1080).c("050100").s("0500").c("050107017f0000010050")
                    .s("050000017f0000010050").close();
            // A request split over two segments: binpac's out_of_bound.
            new Conv(w, "10.1.0.9", 40009, 1080).c("050100").s("0500").c("05010003").c("0361626300 50".replace(" ", ""))
                    .s("050000017f0000010050").close();
        }
        return pcap;
    }


    private static Path resource(String name) {
        return ZeekBaselines.resource(SocksGoldenTest.class, name);
    }

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = capture();
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(SocksGoldenTest.class, pcap, dir, "on SocksGoldenTest's capture", List.of(LOGS));
        }
        Path out = dir.resolve("out");
        Pipelines.run(pcap, out, null);
        // resp_fuids: file ids of the tunneled HTTP's bodies, not compared (the HTTP golden test covers them).
        ZeekRowComparer cmp = new ZeekRowComparer(Set.of("uid"), Set.of("service", "resp_mime_types"),
                Set.of("resp_fuids"));
        for (String log : LOGS) {
            List<Map<String, String>> zeek = sorted(ZeekLogs.read(resource("zeek-" + log)));
            List<Map<String, String>> ours = sorted(ZeekLogs.read(out.resolve(log)));
            assertThat(ours).as(log + " rows").hasSameSizeAs(zeek);
            for (int i = 0; i < zeek.size(); i++) {
                cmp.compare(log, zeek.get(i), ours.get(i));
            }
        }
        assertThat(cmp.diffs()).isEmpty();

        // What the capture is about, spelled out: the tunneled HTTP gets its own service, every request a tunnel.
        List<Map<String, String>> conn = ZeekLogs.read(out.resolve("conn.log"));
        assertThat(conn).filteredOn(r -> r.get("id.resp_p").equals("9050")).singleElement()
                .satisfies(r -> assertThat(r.get("service").split(",")).containsExactlyInAnyOrder("socks", "http"));
        List<Map<String, String>> tunnels = ZeekLogs.read(out.resolve("tunnel.log"));
        assertThat(tunnels).hasSize(5).allSatisfy(r -> {
            assertThat(r.get("id.orig_p")).isEqualTo("0");
            assertThat(r.get("tunnel_type")).isEqualTo("Tunnel::SOCKS");
            assertThat(r.get("uid")).isEqualTo("-");
        });
        List<Map<String, String>> socks = ZeekLogs.read(out.resolve("socks.log"));
        assertThat(socks).extracting(r -> r.get("id.orig_h")).containsExactlyInAnyOrder("10.1.0.1", "10.1.0.2",
                "10.1.0.3", "10.1.0.6");
    }

    /** Rows in a stable order (Zeek and Osprey may write them in different orders): by originator, then time. */
    private static List<Map<String, String>> sorted(List<Map<String, String>> rows) {
        List<Map<String, String>> s = new ArrayList<>(rows);
        s.sort(Comparator.comparing((Map<String, String> r) -> r.getOrDefault("id.orig_h", ""))
                .thenComparing(r -> r.getOrDefault("ts", ""))
                .thenComparing(r -> r.getOrDefault("name", "")));
        return s;
    }

    /** Runs real Zeek on the capture and writes its logs as the new baseline (in the source tree). */
}
