package io.osprey.analyzer.irc;

import io.osprey.analyzer.AnalyzerOptions;
import io.osprey.analyzer.BuiltinAnalyzers;
import io.osprey.engine.Analysis;
import io.osprey.engine.analyzer.AnalyzerRegistry;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.engine.event.EventBus;
import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketSource;
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

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * IRC in the real pipeline (capture built here → engine → IRC and IRC_DATA analyzers → files framework → logs): a
 * client registers on port 6667, joins a channel and offers a file by DCC SEND; a peer fetches it from the announced
 * address and port. Checks conn.log's services ("irc", "irc-dcc-data" through the expected connection), irc.log's
 * rows (with Zeek's carried-over fields) and the file linked from the DCC row (files.log source IRC_DATA).
 */
class IrcEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final String CLIENT = "10.0.0.7";
    private static final String SERVER = "10.0.0.22";
    private static final String PEER = "10.0.0.30";
    private static final String CONTENT = "hello over dcc, a small text file\n".repeat(40);

    private long t = T0;

    /** One TCP connection's sequence state. */
    private final class Tcp {
        final String a;
        final String b;
        final int ap;
        final int bp;
        long aseq = 1001;
        long bseq = 5001;

        Tcp(String a, int ap, String b, int bp) {
            this.a = a;
            this.ap = ap;
            this.b = b;
            this.bp = bp;
        }

        byte[] pkt(boolean fromA, int flags, byte[] payload) {
            PacketBuilder p = fromA
                    ? PacketBuilder.eth().ipv4(a, b).tcp(ap, bp).seq(aseq).ack(bseq)
                    : PacketBuilder.eth().ipv4(b, a).tcp(bp, ap).seq(bseq).ack(aseq);
            p.flags(flags);
            if (payload != null) {
                p.payload(payload);
            }
            return p.build();
        }

        void open(PcapFileWriter w) throws Exception {
            w.write(t += MS, PacketBuilder.eth().ipv4(a, b).tcp(ap, bp).flags(SYN).seq(1000).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(b, a).tcp(bp, ap).flags(SYN | ACK).seq(5000).ack(1001).build());
            w.write(t += MS, pkt(true, ACK, null));
        }

        void send(PcapFileWriter w, boolean fromA, String text) throws Exception {
            byte[] d = text.getBytes(StandardCharsets.ISO_8859_1);
            w.write(t += MS, pkt(fromA, PSH | ACK, d));
            if (fromA) {
                aseq += d.length;
            } else {
                bseq += d.length;
            }
        }

        void close(PcapFileWriter w) throws Exception {
            w.write(t += MS, pkt(false, FIN | ACK, null));
            bseq++;
            w.write(t += MS, pkt(true, FIN | ACK, null));
            aseq++;
            w.write(t += MS, pkt(false, ACK, null));
        }
    }

    @Test
    void dccSendGivesIrcRowsServicesAndALinkedFile(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("irc.pcap");
        // 10.0.0.7 as the 32-bit number DCC uses.
        long host = (10L << 24) | 7;
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            Tcp irc = new Tcp(CLIENT, 59069, SERVER, 6667);
            irc.open(w);
            irc.send(w, true, "NICK tim2\r\n");
            irc.send(w, true, "USER tim 10.0.0.22 Tim :Tim W\r\n");
            irc.send(w, false, ":irc.test 001 tim2 :Welcome\r\n");
            irc.send(w, true, "JOIN #testing\r\n");
            irc.send(w, true, "PRIVMSG #testing :\u0001DCC SEND notes.txt " + host + " 59130 " + CONTENT.length()
                    + "\u0001\r\n");
            Tcp data = new Tcp(PEER, 43614, CLIENT, 59130);
            data.open(w);
            data.send(w, false, CONTENT);
            data.send(w, true, "\0\0\5\u0050");
            data.close(w);
            t += 1000 * MS;
            irc.send(w, true, "QUIT :bye\r\n");
            irc.close(w);
        }
        Path out = dir.resolve("out");
        java.nio.file.Files.createDirectories(out);
        try (LogManager logs = new LogManager(LogOutputs.files(out, LogFormat.TSV));
             PacketSource src = Captures.open(pcap.toString(), w -> { })) {
            EventBus events = new EventBus();
            var specs = BuiltinAnalyzers.install(Set.of("conn", "irc"), new AnalyzerOptions(), events, logs);
            Analysis a = new Analysis(new ConnConfig(), logs, new AnalyzerRegistry(specs), events);
            a.worker().run(src, null, 1000);
            a.worker().finish();
        }

        List<Map<String, String>> conns = ZeekLogs.read(out.resolve("conn.log"));
        assertThat(conns).hasSize(2);
        Map<String, String> ircRow = conns.stream().filter(c -> c.get("id.resp_p").equals("6667")).findFirst()
                .orElseThrow();
        Map<String, String> dataRow = conns.stream().filter(c -> c.get("id.resp_p").equals("59130")).findFirst()
                .orElseThrow();
        assertThat(ircRow.get("service")).isEqualTo("irc");
        assertThat(dataRow.get("service")).isEqualTo("irc-dcc-data");

        List<Map<String, String>> rows = ZeekLogs.read(out.resolve("irc.log"));
        assertThat(rows).extracting(r -> r.get("command")).containsExactly("NICK", "USER", "JOIN", "DCC");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("uid")).isEqualTo(ircRow.get("uid")));
        assertThat(rows.get(1).get("addl")).isEqualTo("10.0.0.22 Tim TimW ");
        Map<String, String> dcc = rows.get(3);
        assertThat(dcc.get("nick")).isEqualTo("tim2");
        assertThat(dcc.get("user")).isEqualTo("tim");
        assertThat(dcc.get("value")).isEqualTo("#testing");
        assertThat(dcc.get("addl")).isEqualTo("(empty)");
        assertThat(dcc.get("dcc_file_name")).isEqualTo("notes.txt");
        assertThat(dcc.get("dcc_file_size")).isEqualTo(Integer.toString(CONTENT.length()));

        List<Map<String, String>> files = ZeekLogs.read(out.resolve("files.log"));
        assertThat(files).hasSize(1);
        Map<String, String> f = files.get(0);
        assertThat(f.get("source")).isEqualTo("IRC_DATA");
        assertThat(f.get("fuid")).isEqualTo(dcc.get("fuid"));
        assertThat(f.get("filename")).isEqualTo("notes.txt");
        assertThat(f.get("seen_bytes")).isEqualTo(Integer.toString(CONTENT.length()));
        assertThat(dcc.get("dcc_mime_type")).isEqualTo(f.get("mime_type"));
    }
}
