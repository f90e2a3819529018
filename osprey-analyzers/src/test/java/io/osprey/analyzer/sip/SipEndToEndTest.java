package io.osprey.analyzer.sip;

import io.osprey.analyzer.Pipelines;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIP in the real pipeline (capture built here → engine → SIP analyzer → conn.log and weird.log): a call set up on
 * 5060/udp with a bad Content-Length on each side gets service "sip" and the script's two weirds (Zeek 9.1 writes
 * the same for the same datagrams); a call on another port is found by the DPD signature; junk before a request on
 * a connection that never sees a reply gets the analyzer's weird and no service.
 */
class SipEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private long t = T0;

    private void send(PcapFileWriter w, String src, int sport, String dst, int dport, String payload) {
        w.write(t += MS, PacketBuilder.eth().ipv4(src, dst).udp(sport, dport).payload(payload).build());
    }

    @Test
    void servicesAndWeirdsAsZeekWritesThem(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("sip.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            send(w, "10.0.0.1", 5060, "10.0.0.2", 5060, "INVITE sip:bob@10.0.0.2 SIP/2.0\r\nCSeq: 1 INVITE\r\n"
                    + "Content-Length: bad\r\n\r\n");
            send(w, "10.0.0.2", 5060, "10.0.0.1", 5060, "SIP/2.0 200 OK\r\nContent-Length: xyz\r\n\r\n");
            send(w, "10.0.0.3", 40000, "10.0.0.4", 15060, "OPTIONS sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n");
            send(w, "10.0.0.4", 15060, "10.0.0.3", 40000, "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");
            send(w, "1.1.1.1", 31000, "1.1.1.2", 5060, "\0\0\0\0INVITE sip:x SIP/2.0\r\n\r\n");
        }
        Path out = dir.resolve("out");
        Pipelines.run(pcap, out, Set.of("conn", "sip"));

        List<Map<String, String>> conns = ZeekLogs.read(out.resolve("conn.log"));
        assertThat(conns).hasSize(3);
        assertThat(conns).allSatisfy(c -> assertThat(c.get("service"))
                .isEqualTo(c.get("id.orig_h").equals("1.1.1.1") ? "-" : "sip"));

        List<Map<String, String>> weirds = ZeekLogs.read(out.resolve("weird.log"));
        assertThat(weirds).extracting(r -> r.get("name") + " " + r.get("addl") + " " + r.get("source"))
                .containsExactly("invalid_SIP_request_body_len bad -", "invalid_SIP_response_body_len xyz -",
                        "sip_junk_before_request \\\\x00\\\\x00\\\\x00\\\\x00 SIP");
        assertThat(Files.exists(out.resolve("analyzer.log"))).isFalse();

        // Zeek's sip.log for the same datagrams: one row per ended reply, the junk request's at connection end.
        List<Map<String, String>> sip = ZeekLogs.read(out.resolve("sip.log"));
        assertThat(sip).extracting(r -> r.get("id.resp_p") + " " + r.get("method") + " " + r.get("uri") + " "
                + r.get("seq") + " " + r.get("status_code") + " " + r.get("request_body_len") + " "
                + r.get("response_body_len") + " " + r.get("request_path")).containsExactlyInAnyOrder(
                "5060 INVITE sip:bob@10.0.0.2 1 INVITE 200 - - (empty)",
                "15060 OPTIONS sip:x - 200 0 0 (empty)",
                "5060 INVITE sip:x - - - - (empty)");
    }
}
