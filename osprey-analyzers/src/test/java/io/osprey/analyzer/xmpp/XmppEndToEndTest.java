package io.osprey.analyzer.xmpp;

import io.osprey.analyzer.Pipelines;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.TcpConversation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XMPP found by payload detection (dpd.sig's stream header) on ports nothing registers, in the real pipeline with
 * all analyzers: the client's header (41001), and only the server's, the client quoting with double quotes, which
 * the signature does not take (41002). Zeek 9.1 gives both connections service "xmpp" (set
 * {@code -Dosprey.xmpp.pcap=FILE} to keep the capture and rerun Zeek on it).
 */
class XmppEndToEndTest {
    private long t = 1_700_000_000_000_000_000L;

    @Test
    void signatureOnEitherSideFindsXmpp(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("xmpp.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            TcpConversation a = new TcpConversation(w, () -> t += 1_000_000L, "10.0.0.1", 41001, "10.0.0.2", 15222)
                    .open();
            a.sendAcked(true, XmppAnalyzerTest.HELLO).sendAcked(false, "<?xml version='1.0'?><stream:stream "
                    + "from='x' id='1' xmlns='jabber:client'><stream:features/>");
            a.close(true);
            TcpConversation b = new TcpConversation(w, () -> t += 1_000_000L, "10.0.0.1", 41002, "10.0.0.2", 15223)
                    .open();
            b.sendAcked(false, "<?xml version='1.0'?><stream:stream from='x' id='1' xmlns='jabber:server'>")
                    .sendAcked(true, "<stream:stream xmlns=\"jabber:server\">");
            b.close(true);
        }
        Pipelines.keepCopy(pcap, "osprey.xmpp.pcap");
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        assertThat(Pipelines.services(out, "id.orig_p")).containsExactlyInAnyOrderEntriesOf(
                Map.of("41001", "xmpp", "41002", "xmpp"));
    }
}
