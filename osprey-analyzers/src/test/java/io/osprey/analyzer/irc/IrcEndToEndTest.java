package io.osprey.analyzer.irc;

import io.osprey.analyzer.Pipelines;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.TcpConversation;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

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


    @Test
    void dccSendGivesIrcRowsServicesAndALinkedFile(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("irc.pcap");
        // 10.0.0.7 as the 32-bit number DCC uses.
        long host = (10L << 24) | 7;
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            TcpConversation irc = new TcpConversation(w, () -> t += MS, CLIENT, 59069, SERVER, 6667).open();
            irc.send(true, "NICK tim2\r\n");
            irc.send(true, "USER tim 10.0.0.22 Tim :Tim W\r\n");
            irc.send(false, ":irc.test 001 tim2 :Welcome\r\n");
            irc.send(true, "JOIN #testing\r\n");
            irc.send(true, "PRIVMSG #testing :\u0001DCC SEND notes.txt " + host + " 59130 " + CONTENT.length()
                    + "\u0001\r\n");
            TcpConversation data = new TcpConversation(w, () -> t += MS, PEER, 43614, CLIENT, 59130).open();
            data.send(false, CONTENT);
            data.send(true, "\0\0\5\u0050");
            data.close(false);
            t += 1000 * MS;
            irc.send(true, "QUIT :bye\r\n");
            irc.close(false);
        }
        Path out = dir.resolve("out");
        Pipelines.run(pcap, out, Set.of("conn", "irc"));

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
