package io.osprey.analyzer.ntp;

import io.osprey.analyzer.Pipelines;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.osprey.analyzer.ntp.NtpMessages.cat;
import static io.osprey.analyzer.ntp.NtpMessages.control;
import static io.osprey.analyzer.ntp.NtpMessages.priv;
import static io.osprey.analyzer.ntp.NtpMessages.std;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * NTP in the real pipeline (capture built here → engine → NTP analyzer → the three logs), rendered as Zeek 9.1
 * rendered the same datagrams: reference ids by stratum (kiss code, clock name with a NUL, address), intervals,
 * the 1900-based timestamps, a control message with data and MAC, a private one with data, and a connection whose
 * roles swap at a server-mode message from the originator.
 */
class NtpEndToEndTest {
    private long t = 1_700_000_000_000_000_000L;

    private void send(PcapFileWriter w, String src, int sport, String dst, int dport, byte[] payload) {
        w.write(t += 1_000_000L, PacketBuilder.eth().ipv4(src, dst).udp(sport, dport).payload(payload).build());
    }

    @Test
    void logsAreRenderedAsZeekRendersThem(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("ntp.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            send(w, "10.0.0.1", 20011, "10.0.0.2", 123, std(4, 3, 0, 0x52415445, 0x83aa7e80L));   // "RATE"
            send(w, "10.0.0.2", 123, "10.0.0.1", 20011, std(4, 4, 1, 0x47505300, 0x83aa7e80L));   // "GPS\0"
            send(w, "10.0.0.1", 20013, "10.0.0.2", 123, control(2, 0x82, 2, 5, 7, 4,
                    "abcd\0\0\0\u000512345678".getBytes(StandardCharsets.ISO_8859_1)));
            send(w, "10.0.0.1", 20014, "10.0.0.2", 123, priv(2, 0x85, 1, 42, 0x3003,
                    cat("xyz".getBytes(StandardCharsets.US_ASCII), new byte[20])));
            send(w, "10.0.0.2", 123, "10.0.0.1", 20018, std(4));   // a reply first: roles swap
        }
        Path out = Pipelines.run(pcap, dir.resolve("out"), Set.of("conn", "ntp"));

        List<Map<String, String>> ntp = ZeekLogs.read(out.resolve("ntp.log"));
        assertThat(ntp).extracting(NtpEndToEndTest::row).containsExactly(
                "10.0.0.1 20011 10.0.0.2 123 4 3 0 64.000000 0.000001 0.071106 0.500015 RATE 0.500000 1.500000 "
                        + "2.500000 3.500000 0",
                "10.0.0.1 20011 10.0.0.2 123 4 4 1 64.000000 0.000001 0.071106 0.500015 GPS\\x00 0.500000 1.500000 "
                        + "2.500000 3.500000 0",
                "10.0.0.1 20018 10.0.0.2 123 4 4 2 64.000000 0.000001 0.071106 0.500015 10.1.2.3 0.500000 1.500000 "
                        + "2.500000 3.500000 0");
        assertThat(ZeekLogs.read(out.resolve("ntp_control.log"))).extracting(NtpEndToEndTest::row).containsExactly(
                "10.0.0.1 20013 10.0.0.2 123 2 6 2 2 5 7 T F F abcd 5 12345678");
        assertThat(ZeekLogs.read(out.resolve("ntp_private.log"))).extracting(NtpEndToEndTest::row).containsExactly(
                "10.0.0.1 20014 10.0.0.2 123 2 7 42 5 1 T 3 xyz");
        assertThat(ZeekLogs.read(out.resolve("conn.log"))).allSatisfy(c -> assertThat(c.get("service"))
                .isEqualTo("ntp"));
    }

    /** A row's fields after ts and uid, space-separated. */
    private static String row(Map<String, String> r) {
        return String.join(" ", r.entrySet().stream().filter(e -> !e.getKey().equals("ts")
                && !e.getKey().equals("uid")).map(Map.Entry::getValue).toList());
    }
}
