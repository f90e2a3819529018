package io.osprey.analyzer.ftp;

import io.osprey.common.net.Addr;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FTP analyzer and Zeek's FTP script logic over byte streams: complete, incomplete and malformed commands and
 * replies, multi-line replies, password hiding, working-directory URLs, data channels scheduled as expected
 * connections, the caps and their weirds, and the DPD probes.
 */
class FtpAnalyzerTest {
    private static final String GREETING = "220 Welcome\r\n";

    @Test
    void anonymousSessionWithPassiveRetrieve() {
        FtpTestSupport t = new FtpTestSupport();
        t.resp(GREETING).orig("USER anonymous\r\n").resp("331 Guest login ok\r\n")
                .orig("PASS test@\r\n").resp("230 Logged in\r\n")
                .orig("PASV\r\n").resp("227 Entering Passive Mode (10,0,0,2,221,90)\r\n")
                .orig("RETR robots.txt\r\n").resp("150 Opening BINARY mode data connection (77 bytes)\r\n")
                .resp("226 Transfer complete.\r\n")
                .orig("QUIT\r\n").resp("221 Goodbye.\r\n").done();
        assertThat(t.h.services()).containsExactly("ftp");
        assertThat(t.render()).containsExactly(
                "PASV|null|227|Entering Passive Mode (10,0,0,2,221,90)|anonymous|test@|dc=P 10.0.0.1->10.0.0.2:56666",
                "RETR|ftp://10.0.0.2/./robots.txt|226|Transfer complete.|anonymous|test@|file=null 77 false");
        // The PASV reply scheduled FTP_DATA for client → 10.0.0.2:56666, any client port.
        ConnInfo data = conn("10.0.0.1", 50000, "10.0.0.2", 56666);
        AnalyzerSpec[] sched = t.h.expected().match(data, t.h.networkTime());
        assertThat(sched).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("FTP_DATA"));
        assertThat(t.h.expected().match(conn("10.0.0.1", 50000, "10.0.0.2", 56667), 0)).isNull();
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void activeModeSchedulesTheServersConnectionBack() {
        FtpTestSupport t = new FtpTestSupport();
        t.resp(GREETING).orig("USER bob\r\n").resp("331 Password required\r\n")
                .orig("PASS secret\r\n").resp("230 Logged in\r\n")
                .orig("PORT 10,0,0,1,131,46\r\n").resp("200 PORT command successful.\r\n")
                .orig("EPRT |2|2001:db8::1|5282|\r\n").resp("200 EPRT command successful.\r\n")
                .orig("QUIT\r\n").resp("221 Bye\r\n").done();
        // Not a guest: the password is hidden.
        assertThat(t.render()).containsExactly(
                "PORT|10,0,0,1,131,46|200|PORT command successful.|bob|<hidden>|dc=A 10.0.0.2->10.0.0.1:33582",
                "EPRT||2|2001:db8::1|5282||200|EPRT command successful.|bob|<hidden>|dc=A 10.0.0.2->2001:db8::1:5282");
        assertThat(t.h.expected().match(conn("10.0.0.2", 20, "10.0.0.1", 33582), 0)).hasSize(1);
    }

    @Test
    void epsvWithoutAddressUsesTheServer() {
        FtpTestSupport t = new FtpTestSupport();
        t.resp(GREETING).orig("USER ftp\r\n").resp("331 ok\r\n").orig("EPSV\r\n")
                .resp("229 Entering Extended Passive Mode (|||60931|)\r\n").orig("QUIT\r\n").done();
        assertThat(t.render()).first().asString()
                .isEqualTo("EPSV|null|229|Entering Extended Passive Mode (|||60931|)|ftp|null|dc=P 10.0.0.1->10.0.0.2:60931");
    }

    @Test
    void multiLineRepliesAndIntermediateLines() {
        FtpOptions o = new FtpOptions();
        o.loggedCommands = Set.of("<init>", "USER");
        FtpTestSupport t = new FtpTestSupport(o, null);
        t.resp("220-Welcome\r\n220-second line\r\n   third line\r\n220 Ready\r\n")
                .orig("USER alice\r\n").resp("331-Password\r\n331 required\r\n").orig("QUIT\r\n").done();
        assertThat(t.render()).containsExactly(
                "<init>|null|220|Ready|<unknown>|null",
                "USER|alice|331|required|alice|null");
    }

    @Test
    void incompleteLinesWaitForTheirEndAndAreFlushedAtEof() {
        FtpOptions o = new FtpOptions();
        o.loggedCommands = Set.of("USER", "SYST");
        FtpTestSupport t = new FtpTestSupport(o, null);
        t.resp("220 Wel").resp("come\n").orig("USE").orig("R al").orig("ice\r");
        assertThat(t.rows).isEmpty();
        t.orig("\n").resp("331 ok\r\n").orig("SYST");
        t.h.endOfData(true);
        t.resp("215 UNIX\r\n").done();
        assertThat(t.render()).containsExactly("USER|alice|331|ok|alice|null", "SYST|null|215|UNIX|alice|null");
    }

    @Test
    void malformedRepliesAreViolations() {
        FtpTestSupport t = new FtpTestSupport();
        t.resp(GREETING).orig("USER x\r\n");
        assertThat(t.h.services()).containsExactly("ftp");
        t.resp("99 nope\r\n");
        assertThat(t.h.services()).isEmpty();
        assertThat(t.h.analyzer("FTP")).isNull();

        FtpTestSupport u = new FtpTestSupport();
        u.resp("abc\r\n");
        assertThat(u.h.analyzer("FTP")).isNull();
        FtpTestSupport v = new FtpTestSupport();
        v.resp("220x\r\n");
        assertThat(v.h.analyzer("FTP")).isNull();
        FtpTestSupport w = new FtpTestSupport();
        w.resp("042 low\r\n");
        assertThat(w.h.analyzer("FTP")).isNull();
    }

    @Test
    void invalidAndOverlongCommandsAreSkippedWithWeirdsOnceConfirmed() {
        FtpOptions o = new FtpOptions();
        o.loggedCommands = Set.of("USER", "SYST");
        FtpTestSupport t = new FtpTestSupport(o, null);
        t.resp(GREETING).orig("\u0001\u0002\r\n");                  // before confirmation: silent
        assertThat(t.h.weirds()).isEmpty();
        t.orig("USER a\r\n").resp("331 ok\r\n").orig("ab\r\n").orig("X".repeat(132) + "\r\n")
                .orig("SYST\r\n").resp("215 UNIX\r\n").done();
        assertThat(t.h.weirds()).containsExactly("FTP_invalid_command", "FTP_max_command_length_exceeded:132 > 100");
        assertThat(t.render()).containsExactly("USER|a|331|ok|a|null", "SYST|null|215|UNIX|a|null");
    }

    @Test
    void capsOnPendingCommandsUserArgAndReplyRaiseZeeksWeirds() {
        FtpOptions o = new FtpOptions();
        o.maxPendingCommands = 3;
        o.maxArgLength = 13;
        o.maxReplyMsgLength = 5;
        o.loggedCommands = Set.of("USER", "CWD");
        FtpTestSupport t = new FtpTestSupport(o, null);
        t.resp(GREETING).orig("USER " + "u".repeat(200) + "\r\nCWD /a\r\nCWD /b\r\nCWD /c\r\n");
        // Logging <init> (at USER) cuts the greeting; the fourth pending command is one too many.
        assertThat(t.h.weirds()).containsExactly("FTP_reply_msg_too_long:7", "FTP_user_too_long:200",
                "FTP_too_many_pending_commands:3");
        t.resp("331 okay then\r\n").done();
        // The logged argument is the command's own (uncut) one; CWD's is a URL.
        assertThat(t.h.weirds()).contains("FTP_reply_msg_too_long:9", "FTP_arg_too_long:200", "FTP_arg_too_long:16");
        assertThat(t.rows).allSatisfy(r -> assertThat(r.arg()).hasSizeLessThanOrEqualTo(13));
        assertThat(t.rows).allSatisfy(r -> assertThat(r.user()).hasSize(128));
    }

    @Test
    void workingDirectoryBuildsFileUrls() {
        FtpOptions o = new FtpOptions();
        o.loggedCommands = Set.of("RETR", "DELE");
        FtpTestSupport t = new FtpTestSupport(o, null);
        t.resp(GREETING).orig("USER ftp\r\n").resp("331 ok\r\n")
                .orig("CWD pub\r\n").resp("250 ok\r\n")
                .orig("CWD ../etc/./x\r\n").resp("250 ok\r\n")
                .orig("RETR f.txt\r\n").resp("550 no\r\n")
                .orig("PWD\r\n").resp("257 \"/home/ftp\" is current directory\r\n")
                .orig("DELE a b\r\n").resp("250 deleted\r\n")
                .orig("CDUP\r\n").resp("200 ok\r\n")
                .orig("RETR /abs/file\r\n").resp("550 no\r\n").done();
        assertThat(t.rows).extracting(FtpCommand::arg).containsExactly(
                "ftp://10.0.0.2/./etc/x/f.txt", "ftp://10.0.0.2/home/ftp/a b", "ftp://10.0.0.2/abs/file");
    }

    @Test
    void pathHelpersFollowZeek() {
        assertThat(FtpPaths.buildPathCompressed(".", "robots.txt")).isEqualTo("./robots.txt");
        assertThat(FtpPaths.buildPathCompressed("/a/b", "../c")).isEqualTo("/a/c");
        assertThat(FtpPaths.buildPathCompressed("/a", "/x/./y//z/")).isEqualTo("/x/y/z");
        assertThat(FtpPaths.buildPathCompressed(".", "")).isEqualTo(".");
        assertThat(FtpPaths.buildPathCompressed("/", "/..")).isEqualTo("/..");
        assertThat(FtpPaths.extractPath("257 \"/usr/my dir\" created")).isEqualTo("/usr/my");
        assertThat(FtpPaths.extractPath("257 \"C:\\temp\" ok")).isEqualTo("C:\\temp");
        assertThat(FtpPaths.extractPath("257 nothing")).isEmpty();
        assertThat(FtpSession.lastCount("Opening (1234 bytes) of 99 parts")).isEqualTo(99);
        assertThat(FtpSession.lastCount("none")).isZero();
    }

    @Test
    void sessionWithoutLoggedCommandsGetsOneSummaryRow() {
        FtpTestSupport t = new FtpTestSupport();
        t.resp(GREETING).orig("USER anonymous\r\n").resp("331 ok\r\n").orig("PASS me@\r\n").resp("230 in\r\n")
                .orig("QUIT\r\n").resp("221 bye\r\n").done();
        assertThat(t.render()).containsExactly("QUIT|null|221|bye|anonymous|me@");
    }

    @Test
    void authTlsStopsAnalysisAfterThe234Reply() {
        FtpOptions o = new FtpOptions();
        o.loggedCommands = Set.of("AUTH", "USER");
        FtpTestSupport t = new FtpTestSupport(o, null);
        t.resp(GREETING).orig("AUTH TLS\r\n").resp("234 Proceed with negotiation.\r\n")
                .orig("\u0016\u0003\u0001\u0000\u00a5binary hello\r\nUSER x\r\n").resp("garbage\r\n").done();
        assertThat(t.h.services()).containsExactly("ftp");
        assertThat(t.h.weirds()).isEmpty();
        assertThat(t.render()).containsExactly("AUTH|TLS|234|Proceed with negotiation.|<unknown>|null");
    }

    @Test
    void telnetCommandsAreRemovedAndNulsFlagged() {
        FtpOptions o = new FtpOptions();
        o.loggedCommands = Set.of("USER");
        FtpTestSupport t = new FtpTestSupport(o, null);
        byte[] user = "US\u00ff\u00fb\u0001ER a\u00ff\u00ffb\u0000c\u0000\r\n".getBytes(StandardCharsets.ISO_8859_1);
        t.resp(GREETING);
        t.h.stream(true, user);
        t.resp("331 ok\r\n").done();
        assertThat(t.rows).singleElement().satisfies(r -> assertThat(r.arg()).isEqualTo("a\u00ffbc\u0000"));
        assertThat(t.h.weirds()).containsExactly("NUL_in_line");
    }

    @Test
    void clntReportsClientSoftwareOnlyWithThePolicyScript() {
        for (boolean on : new boolean[] {false, true}) {
            FtpOptions o = new FtpOptions();
            o.software = on;
            FtpTestSupport t = new FtpTestSupport(o, null);
            java.util.List<io.osprey.analyzer.software.SoftwareFound> found = new java.util.ArrayList<>();
            t.h.events().subscribe(io.osprey.analyzer.software.SoftwareFound.class, found::add);
            t.resp(GREETING).orig("CLNT NcFTP 3.2.6 linux-x86_64\r\n").resp("200 ok\r\n").done();
            if (on) {
                assertThat(found).singleElement().satisfies(f -> {
                    assertThat(f.softwareType()).isEqualTo("FTP::CLIENT");
                    assertThat(f.unparsedVersion()).isEqualTo("NcFTP 3.2.6 linux-x86_64");
                    assertThat(f.hostPort()).isEqualTo(-1);
                });
            } else {
                assertThat(found).isEmpty();
            }
        }
    }

    @Test
    void gssapiAdatTokensAreDecodedAndABadFirstTokenFlagged() {
        FtpTestSupport t = new FtpTestSupport();
        t.resp(GREETING).orig("AUTH GSSAPI\r\n").resp("334 Using authentication type GSSAPI; ADAT must follow\r\n")
                .orig("ADAT FgMBAA Bhbm\r\n").resp("535 failed\r\n").orig("ADAT !!!!\r\n").done();
        // The first token has an illegal character (so it cannot be decoded); after 535 the exchange is over.
        assertThat(t.h.weirds()).containsExactly("base64_illegal_encoding:character 32 ignored by Base64 decoding",
                "ftp_adat_bad_first_token_encoding");

        // A first token that is a TLS record keeps the exchange going; a later bad token only gets the base64 weird.
        FtpTestSupport u = new FtpTestSupport();
        String record = java.util.Base64.getEncoder().encodeToString(new byte[] {0x16, 3, 1, 0, 1, 1});
        u.resp(GREETING).orig("AUTH GSSAPI\r\n").resp("334 ok\r\n").orig("ADAT " + record + "\r\n")
                .resp("335 ADAT=%%%%\r\n").done();
        assertThat(u.h.weirds()).containsExactly("base64_illegal_encoding:character 37 ignored by Base64 decoding");
    }

    @Test
    void probesFollowTheDpdSignatures() {
        assertThat(FtpAnalyzer.probeClient(b("USER anonymous\r\n"), 16)).isEqualTo(Probe.MATCH);
        assertThat(FtpAnalyzer.probeClient(b("FEAT\r\n  user x\r\n"), 17)).isEqualTo(Probe.MATCH);
        assertThat(FtpAnalyzer.probeClient(b("USERX"), 5)).isEqualTo(Probe.MORE);
        assertThat(FtpAnalyzer.probeServer(b("220 hi\r\n331 pw\r\n"), 16)).isEqualTo(Probe.MATCH);
        assertThat(FtpAnalyzer.probeServer(b("\r\n120-x\n230 ok"), 14)).isEqualTo(Probe.MATCH);
        assertThat(FtpAnalyzer.probeServer(b("220 hi\r\n"), 8)).isEqualTo(Probe.MORE);
        assertThat(FtpAnalyzer.probeServer(b("220 hi\r\n500 no\r\n"), 16)).isEqualTo(Probe.NO_MATCH);
        assertThat(FtpAnalyzer.probeServer(b("2201 hi\r\n331 x"), 14)).isEqualTo(Probe.NO_MATCH);
        assertThat(FtpAnalyzer.probeServer(b("HTTP/1.1 200 OK"), 15)).isEqualTo(Probe.NO_MATCH);
        assertThat(FtpAnalyzer.probeServer(b("22"), 2)).isEqualTo(Probe.MORE);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ConnInfo conn(String o, int op, String r, int rp) {
        long[] a = new long[2];
        long[] b = new long[2];
        Addr.parse(o, a);
        Addr.parse(r, b);
        return new ConnInfo() {
            public String uid() {
                return "C";
            }

            public int proto() {
                return 6;
            }

            public long origHi() {
                return a[0];
            }

            public long origLo() {
                return a[1];
            }

            public int origPort() {
                return op;
            }

            public long respHi() {
                return b[0];
            }

            public long respLo() {
                return b[1];
            }

            public int respPort() {
                return rp;
            }

            public long startTime() {
                return 0;
            }

            public long lastTime() {
                return 0;
            }

            public long origPayloadBytes() {
                return 0;
            }

            public long respPayloadBytes() {
                return 0;
            }
        };
    }
}
