package io.osprey.analyzer.ftp;

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
 * FTP in the real pipeline (capture built here → engine → FTP and FTP_DATA analyzers → files framework → logs): an
 * anonymous session that retrieves a text file over a passive data connection on an unregistered port, and then
 * announces a second data channel nobody uses. Checks conn.log's services ("ftp", "ftp-data" through the expected
 * connection), ftp.log's rows and the file linked to the RETR row (fuid, MIME type, size).
 */
class FtpEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final String CLIENT = "10.1.1.5";
    private static final String SERVER = "10.1.1.21";
    private static final String CONTENT = "User-agent: *\nDisallow: /private\n# a small robots file for the test\n";

    /** One TCP connection's sequence state. */
    private final class Tcp {
        final int cport;
        final int sport;
        long cseq = 1001;
        long sseq = 5001;

        Tcp(int cport, int sport) {
            this.cport = cport;
            this.sport = sport;
        }

        byte[] pkt(boolean fromClient, int flags, byte[] payload) {
            PacketBuilder b = fromClient
                    ? PacketBuilder.eth().ipv4(CLIENT, SERVER).tcp(cport, sport).seq(cseq).ack(sseq)
                    : PacketBuilder.eth().ipv4(SERVER, CLIENT).tcp(sport, cport).seq(sseq).ack(cseq);
            b.flags(flags);
            if (payload != null) {
                b.payload(payload);
            }
            return b.build();
        }

        void open(PcapFileWriter w) throws Exception {
            w.write(t += MS, PacketBuilder.eth().ipv4(CLIENT, SERVER).tcp(cport, sport).flags(SYN).seq(1000).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(SERVER, CLIENT).tcp(sport, cport).flags(SYN | ACK).seq(5000)
                    .ack(1001).build());
            w.write(t += MS, pkt(true, ACK, null));
        }

        void send(PcapFileWriter w, boolean fromClient, String text) throws Exception {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            w.write(t += MS, pkt(fromClient, PSH | ACK, b));
            if (fromClient) {
                cseq += b.length;
            } else {
                sseq += b.length;
            }
        }

        void close(PcapFileWriter w) throws Exception {
            w.write(t += MS, pkt(false, FIN | ACK, null));
            sseq++;
            w.write(t += MS, pkt(true, FIN | ACK, null));
            cseq++;
            w.write(t += MS, pkt(false, ACK, null));
        }
    }

    private long t = T0;

    @Test
    void passiveRetrieveGivesFtpDataServiceFtpRowsAndAFile(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("ftp.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            Tcp ctl = new Tcp(40021, 21);
            ctl.open(w);
            ctl.send(w, false, "220 test FTP server ready\r\n");
            ctl.send(w, true, "USER anonymous\r\n");
            ctl.send(w, false, "331 Guest login ok, send your email address as password.\r\n");
            ctl.send(w, true, "PASS guest@\r\n");
            ctl.send(w, false, "230 Guest login ok.\r\n");
            ctl.send(w, true, "PASV\r\n");
            ctl.send(w, false, "227 Entering Passive Mode (10,1,1,21,39,16)\r\n");
            ctl.send(w, true, "RETR robots.txt\r\n");
            ctl.send(w, false, "150 Opening ASCII mode data connection for robots.txt (" + CONTENT.length()
                    + " bytes).\r\n");
            Tcp data = new Tcp(40022, 39 * 256 + 16);
            data.open(w);
            data.send(w, false, CONTENT);
            data.close(w);
            ctl.send(w, false, "226 Transfer complete.\r\n");
            t += 10_000 * MS; // the data connection is gone (and its file sniffed) before the next command
            ctl.send(w, true, "PASV\r\n");
            ctl.send(w, false, "227 Entering Passive Mode (10,1,1,21,39,17)\r\n");
            ctl.send(w, true, "QUIT\r\n");
            ctl.send(w, false, "221 Goodbye.\r\n");
            ctl.close(w);
        }
        Path out = dir.resolve("out");
        java.nio.file.Files.createDirectories(out);
        try (LogManager logs = new LogManager(LogOutputs.files(out, LogFormat.TSV));
             PacketSource src = Captures.open(pcap.toString(), w -> { })) {
            EventBus events = new EventBus();
            var specs = BuiltinAnalyzers.install(Set.of("conn", "ftp"), new AnalyzerOptions(), events, logs);
            Analysis a = new Analysis(new ConnConfig(), logs, new AnalyzerRegistry(specs), events);
            a.worker().run(src, null, 1000);
            a.worker().finish();
        }

        List<Map<String, String>> conns = ZeekLogs.read(out.resolve("conn.log"));
        assertThat(conns).hasSize(2);
        Map<String, String> ctlRow = conns.stream().filter(c -> c.get("id.resp_p").equals("21")).findFirst()
                .orElseThrow();
        Map<String, String> dataRow = conns.stream().filter(c -> c.get("id.resp_p").equals("10000")).findFirst()
                .orElseThrow();
        assertThat(ctlRow.get("service")).isEqualTo("ftp");
        assertThat(dataRow.get("service")).isEqualTo("ftp-data");

        List<Map<String, String>> ftp = ZeekLogs.read(out.resolve("ftp.log"));
        assertThat(ftp).extracting(r -> r.get("command")).containsExactly("PASV", "RETR", "PASV");
        assertThat(ftp).allSatisfy(r -> {
            assertThat(r.get("uid")).isEqualTo(ctlRow.get("uid"));
            assertThat(r.get("user")).isEqualTo("anonymous");
            assertThat(r.get("password")).isEqualTo("guest@");
        });
        Map<String, String> pasv = ftp.get(0);
        assertThat(pasv.get("reply_code")).isEqualTo("227");
        assertThat(pasv.get("data_channel.passive")).isEqualTo("T");
        assertThat(pasv.get("data_channel.orig_h")).isEqualTo(CLIENT);
        assertThat(pasv.get("data_channel.resp_h")).isEqualTo(SERVER);
        assertThat(pasv.get("data_channel.resp_p")).isEqualTo("10000");
        assertThat(pasv.get("fuid")).isEqualTo("-");
        Map<String, String> retr = ftp.get(1);
        assertThat(retr.get("arg")).isEqualTo("ftp://" + SERVER + "/./robots.txt");
        assertThat(retr.get("reply_code")).isEqualTo("226");
        assertThat(retr.get("reply_msg")).isEqualTo("Transfer complete.");
        assertThat(retr.get("file_size")).isEqualTo(Integer.toString(CONTENT.length()));
        assertThat(retr.get("mime_type")).isEqualTo("text/plain");
        assertThat(retr.get("data_channel.passive")).isEqualTo("-");
        assertThat(ftp.get(2).get("data_channel.resp_p")).isEqualTo("10001");
        assertThat(ftp.get(2).get("reply_code")).isEqualTo("227");

        List<Map<String, String>> files = ZeekLogs.read(out.resolve("files.log"));
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.get("fuid")).isEqualTo(retr.get("fuid"));
            assertThat(f.get("uid")).isEqualTo(dataRow.get("uid"));
            assertThat(f.get("source")).isEqualTo("FTP_DATA");
            assertThat(f.get("is_orig")).isEqualTo("F");
            assertThat(f.get("mime_type")).isEqualTo("text/plain");
            assertThat(f.get("seen_bytes")).isEqualTo(Integer.toString(CONTENT.length()));
        });
    }
}
