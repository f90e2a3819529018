package io.osprey.analyzer.irc;

import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The IRC analyzer on whole, partial and malformed conversations (bytes in code), its DCC parsing and its probes. */
class IrcAnalyzerTest {
    @Test
    void registrationAndJoinGiveZeeksRows() {
        IrcTestSupport t = new IrcTestSupport()
                .orig("NICK tim2\r\n")
                .orig("USER tim 10.0.0.22 Tim :Tim Wojtulewicz\r\n")
                .resp(":irc.example 001 tim2 :Welcome\r\n")
                .orig("JOIN #testing\r\n");
        assertThat(t.h.services()).containsExactly("irc");
        // Zeek's real-name join puts a space after every word but the first.
        assertThat(t.render()).containsExactly(
                "null|null|NICK|tim2|null|null|-1",
                "tim2|null|USER|tim|10.0.0.22 Tim TimWojtulewicz |null|-1",
                "tim2|tim|JOIN|#testing||null|-1");
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void joinWithSeveralChannelsAndKeysGivesOneRowEach() {
        IrcTestSupport t = new IrcTestSupport().orig("JOIN #a,#b k1\r\n");
        assertThat(t.render()).containsExactly(
                "null|null|JOIN|#a| with channel key: 'k1'|null|-1",
                "null|null|JOIN|#b||null|-1");
    }

    @Test
    void serverMessagesConfirmNothingAndLogNothing() {
        IrcTestSupport t = new IrcTestSupport().resp(":srv NICK other\r\n").resp("NOTICE AUTH :hello\r\n");
        assertThat(t.h.services()).isEmpty();
        assertThat(t.rows).isEmpty();
    }

    @Test
    void incompleteLineWaitsForItsEnd() {
        IrcTestSupport t = new IrcTestSupport().orig("NICK ab");
        assertThat(t.rows).isEmpty();
        t.orig("c\r\n");
        assertThat(t.render()).containsExactly("null|null|NICK|abc|null|null|-1");
    }

    @Test
    void dccSendSchedulesTheDataConnection() {
        IrcTestSupport t = new IrcTestSupport()
                .orig("NICK a\r\n")
                .orig("PRIVMSG bob :\u0001DCC SEND ssh.trace 167772167 59130 1320211\u0001\r\n");
        assertThat(t.h.expected().size()).isEqualTo(1);
        IrcSession s = ((IrcAnalyzer) t.h.analyzer("IRC")).session();
        assertThat(s.dccFileName).isEqualTo("ssh.trace");
        assertThat(s.dccFileSize).isEqualTo(1320211);
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void malformedDccGivesZeeksWeirds() {
        IrcTestSupport t = new IrcTestSupport()
                .orig("NICK a\r\n")
                .orig("PRIVMSG bob :\u0001DCC SEND x\u0001\r\n")
                .orig("PRIVMSG bob :\u0001DCC SEND x y 1\u0001\r\n")
                .orig("PRIVMSG bob :\u0001DCC SEND x 1 70000\u0001\r\n")
                .orig("PRIVMSG bob\r\n")
                .orig("PRIVMSG bob :\u0001DCC CHAT chat 1 2\u0001\r\n");
        assertThat(t.h.weirds()).containsExactly("irc_invalid_dcc_message_format", "irc_invalid_dcc_host",
                "irc_invalid_dcc_port:70000", "irc_invalid_privmsg_message_format");
        assertThat(t.h.expected().size()).isZero();
    }

    @Test
    void lineWeirdsOnlyOnceConfirmed() {
        IrcTestSupport t = new IrcTestSupport().orig("x\r\n");
        assertThat(t.h.weirds()).isEmpty();
        t.orig("NICK a\r\n").orig("x\r\n").orig(":pfx\r\n")
                .orig("ABCDEFGHIJKLMNOPQRSTUVWXYZ arg\r\n").orig("NICK " + "a".repeat(600) + "\r\n")
                .orig("12x y\r\n");
        assertThat(t.h.weirds()).containsExactly("irc_line_too_short", "irc_invalid_line",
                "irc_invalid_command", "irc_line_size_exceeded", "irc_invalid_reply_number");
    }

    @Test
    void longLinesAreCutAtZeeksLimit() {
        IrcTestSupport t = new IrcTestSupport().orig("NICK a\r\n").orig("PRIVMSG #c :" + "b".repeat(5000) + "\r\n");
        assertThat(t.h.weirds()).startsWith("contentline_size_exceeded", "irc_line_size_exceeded");
    }

    @Test
    void tooManyInvalidCommandsIsAViolation() {
        IrcTestSupport t = new IrcTestSupport().orig("NICK a\r\n");
        for (int i = 0; i < 21; i++) {
            t.orig("ABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n");
        }
        assertThat(t.h.weirds()).contains("irc_too_many_invalid");
        assertThat(t.h.analyzer("IRC")).isNull();
    }

    @Test
    void starttlsAcceptedStopsParsing() {
        IrcTestSupport t = new IrcTestSupport().orig("STARTTLS\r\n").resp(":srv 670 * :STARTTLS successful\r\n")
                .orig("NICK x\r\n");
        assertThat(t.h.services()).containsExactly("irc");
        assertThat(t.rows).isEmpty();
    }

    @Test
    void ircv3TagsAreSkipped() {
        IrcTestSupport t = new IrcTestSupport().orig("@time=2024-01-01T00:00:00Z NICK tagged\r\n").orig("@only\r\n");
        assertThat(t.render()).containsExactly("null|null|NICK|tagged|null|null|-1");
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void splitWordsIsZeeks() {
        assertThat(IrcAnalyzer.splitWords("  a  b c ", ' ')).containsExactly("a", "b", "c");
        assertThat(IrcAnalyzer.splitWords("", ' ')).isEmpty();
        assertThat(IrcAnalyzer.parseU32("123abc")).isEqualTo(123);
        assertThat(IrcAnalyzer.parseU32("x")).isEqualTo(-1);
        assertThat(IrcAnalyzer.parseU32("4294967296")).isEqualTo(-1);
        assertThat(IrcAnalyzer.atoi(" 42z")).isEqualTo(42);
    }

    @Test
    void probesFollowDpdSig() {
        assertThat(client("NICK a\r\nUSER a b c :d\r\n")).isEqualTo(Probe.MATCH);
        assertThat(client("CAP LS\r\nuser a b c :d\r\n  nick x\r\n")).isEqualTo(Probe.MATCH);
        assertThat(client("NICK a\r\nUSER a b c :d")).isEqualTo(Probe.MORE);
        assertThat(client("NICK a\r\nPASS x\r\nUSER a b c :d\r\n")).isEqualTo(Probe.MORE);
        assertThat(client("SERVER irc.x 1 :info\r\n")).isEqualTo(Probe.MATCH);
        assertThat(server(":irc.x 001 a :hi\r\n")).isEqualTo(Probe.MATCH);
        assertThat(server("NOTICE AUTH :x\r\n:irc.x 433 * a :in use\r\n")).isEqualTo(Probe.MATCH);
        assertThat(server("HTTP/1.1 200 OK\r\n")).isEqualTo(Probe.MORE);
    }

    private static int client(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return IrcProbes.client(b, b.length);
    }

    private static int server(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return IrcProbes.server(b, b.length);
    }

    @Test
    void usefulRowsSurviveEveryCommand() {
        List<String> cmds = List.of("AWAY", "PING x", "QUIT :bye", "MODE a +i", "PART #c :x", "KICK #c u :r",
                "NJOIN #c :@a,+b", "NJOIN bad", "JOIN", "USER", "NICK");
        IrcTestSupport t = new IrcTestSupport();
        for (String c : cmds) {
            t.orig(c + "\r\n");
        }
        assertThat(t.render()).containsExactly(
                "null|null|JOIN|#c||null|-1",
                "null|null|JOIN|#c||null|-1",
                "null|null|USER||  |null|-1",
                "null||NICK||  |null|-1");
        assertThat(t.h.weirds()).contains("irc_invalid_njoin_line");
    }
}
