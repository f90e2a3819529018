package io.osprey.analyzer.smtp;

import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SMTP analyzer over byte streams: complete, incomplete and malformed sessions, BDAT, STARTTLS, probes. */
class SmtpAnalyzerTest {
    private static final String MAIL = SmtpTestSupport.MULTIPART_MAIL;

    @Test
    void completeSessionLogsOneTransactionAndEachLeafEntityIsAFile() {
        SmtpTestSupport t = SmtpTestSupport.run(SmtpTestSupport.dataSession(MAIL));
        assertThat(t.h.services()).containsExactly("smtp");
        assertThat(t.rows).hasSize(1);
        SmtpTransaction x = t.rows.get(0);
        assertThat(x.transDepth).isEqualTo(1);
        assertThat(SmtpTestSupport.s(x.helo)).isEqualTo("client.example.org");
        assertThat(SmtpTestSupport.s(x.mailfrom)).isEqualTo("alice@example.org");
        assertThat(x.rcptto).containsExactlyInAnyOrder("bob@example.com", "carol@example.com");
        assertThat(SmtpTestSupport.s(x.from)).isEqualTo("\"Alice\" <alice@example.org>");
        assertThat(x.to).containsExactlyInAnyOrder("<bob@example.com>", "\"Carol, C.\" <carol@example.com>");
        assertThat(x.cc).containsExactly("dave@example.com");
        assertThat(SmtpTestSupport.s(x.subject)).isEqualTo("Report folded");
        assertThat(SmtpTestSupport.s(x.msgId)).isEqualTo("<123@example.org>");
        assertThat(SmtpTestSupport.s(x.date)).isEqualTo("Mon, 5 Oct 2009 11:36:07 +0530");
        assertThat(SmtpTestSupport.s(x.userAgent)).isEqualTo("TestMailer 1.0");
        assertThat(SmtpTestSupport.s(x.lastReply)).isEqualTo("250 OK id=42");
        assertThat(SmtpTestSupport.s(x.firstReceived)).startsWith("from [192.168.1.10]");
        // path: responder, originator, then the Received header's (second) address.
        assertThat(x.pathLen).isEqualTo(3);
        assertThat(io.osprey.common.net.Addr.toString(x.path[4], x.path[5])).isEqualTo("192.168.1.10");
        assertThat(x.tls).isFalse();

        List<SmtpTestSupport.FakeFiles.File> files = t.files.all();
        assertThat(files).hasSize(3);
        assertThat(x.fuids).containsExactly(files.get(0).fuid, files.get(1).fuid, files.get(2).fuid);
        // Entities are numbered on the connection: 1 mixed, 2 alternative, 3 text, 4 html, 5 attachment.
        assertThat(files).extracting(f -> f.depth).containsExactly(3, 4, 5);
        assertThat(files).allMatch(f -> f.ended && f.isOrig && f.source.equals("SMTP"));
        // The CRLF before a boundary belongs to the boundary; dot-stuffing is undone.
        assertThat(files.get(0).text()).isEqualTo("Hello Bob,\r\n.leading dot line");
        assertThat(files.get(1).text()).isEqualTo("<p>Hello = Bob, soft break</p>\r\n");
        assertThat(files.get(2).text()).isEqualTo("hello world\n");
        assertThat(files.get(2).filename).isEqualTo("report.txt");
        assertThat(files.get(0).filename).isNull();
        assertThat(t.weirdNames()).isEmpty();
    }

    @Test
    void twoMessagesOnOneConnectionHaveTheirOwnDepthAndFiles() {
        SmtpTestSupport t = SmtpTestSupport.exchange(SmtpTestSupport.GREETING, "HELO c\r\n", "250 hi\r\n",
                "MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\n", "250 ok\r\n250 ok\r\n354 go\r\n",
                "Subject: one\r\n\r\nfirst\r\n.\r\n", "250 one\r\n",
                "MAIL FROM:<c@x.org>\r\nRCPT TO:<d@y.org>\r\nDATA\r\n", "250 ok\r\n250 ok\r\n354 go\r\n",
                "Subject: two\r\n\r\nsecond\r\n.\r\n", "250 two\r\n", "QUIT\r\n", "221 bye\r\n").done();
        assertThat(t.rows).extracting(r -> r.transDepth).containsExactly(1, 2);
        assertThat(t.rows).extracting(r -> SmtpTestSupport.s(r.subject)).containsExactly("one", "two");
        assertThat(t.rows).extracting(r -> SmtpTestSupport.s(r.lastReply)).containsExactly("250 one", "250 two");
        assertThat(t.files.all()).extracting(f -> f.depth + ":" + f.text()).containsExactly("1:first\r\n",
                "2:second\r\n");
    }

    @Test
    void connectionEndingInsideDataEndsTheMessageAndLogsIt() {
        SmtpTestSupport t = new SmtpTestSupport().resp(SmtpTestSupport.GREETING)
                .orig("EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\nSubject: cut\r\n\r\nsome text\r\nmore")
                .resp("250 hi\r\n250 ok\r\n250 ok\r\n354 go\r\n");
        assertThat(t.rows).isEmpty();
        t.h.endOfData(true);
        t.done();
        assertThat(t.rows).hasSize(1);
        assertThat(SmtpTestSupport.s(t.rows.get(0).subject)).isEqualTo("cut");
        assertThat(t.files.all()).singleElement().satisfies(f -> {
            assertThat(f.text()).isEqualTo("some text\r\nmore\r\n");
            assertThat(f.ended).isTrue();
        });
    }

    @Test
    void nonSmtpReplyIsAViolation() {
        SmtpTestSupport t = new SmtpTestSupport().resp("SSH-2.0-OpenSSH_8.9\r\n").orig("EHLO x\r\n").done();
        assertThat(t.h.services()).isEmpty();
        assertThat(t.rows).isEmpty();
    }

    @Test
    void unknownCommandsDoNotConfirm() {
        SmtpTestSupport t = new SmtpTestSupport().orig("GET / HTTP/1.1\r\nHost: x\r\n\r\n").done();
        assertThat(t.h.services()).isEmpty();
        assertThat(t.rows).isEmpty();
    }

    @Test
    void rcptWithoutMailFromIsAnInvalidTransaction() {
        SmtpTestSupport t = new SmtpTestSupport().resp(SmtpTestSupport.GREETING)
                .orig("HELO c\r\nRCPT TO:<b@y.org>\r\nDATA\r\n").resp("250 hi\r\n503 no\r\n503 no\r\n").done();
        assertThat(t.h.weirds()).containsExactly("smtp_mail_transaction_invalid:rcpt to missing mail from");
        assertThat(t.rows).hasSize(1);
    }

    @Test
    void bdatChunksAreOneMessage() {
        String[] conv = SmtpTestSupport.bdatSession(MAIL, 100, 333, 0);
        // Pipelined: the client sends everything before the server answers.
        SmtpTestSupport t = SmtpTestSupport.run(conv);
        assertThat(t.rows).hasSize(1);
        // The reply to the first BDAT after BDAT LAST was seen ends the transaction, as in Zeek.
        assertThat(SmtpTestSupport.s(t.rows.get(0).lastReply)).isEqualTo("250 100 octets received");
        // Answered chunk by chunk: the reply to BDAT LAST ends it.
        int c1 = conv[0].indexOf("BDAT");
        int c2 = conv[0].indexOf("BDAT", c1 + 5);
        int c3 = conv[0].indexOf("BDAT", c2 + 5);
        t = SmtpTestSupport.exchange(SmtpTestSupport.GREETING, conv[0].substring(0, c1),
                "250 CHUNKING\r\n250 OK\r\n250 OK\r\n", conv[0].substring(c1, c2), "250 100 octets received\r\n",
                conv[0].substring(c2, c3), "250 333 octets received\r\n", conv[0].substring(c3), "250 message accepted\r\n"
                + "221 bye\r\n").done();
        assertThat(t.rows).hasSize(1);
        assertThat(SmtpTestSupport.s(t.rows.get(0).lastReply)).isEqualTo("250 message accepted");
        assertThat(t.files.all()).extracting(f -> f.depth).containsExactly(3, 4, 5);
        assertThat(t.files.all().get(2).text()).isEqualTo("hello world\n");
        assertThat(t.weirdNames()).isEmpty();
    }

    @Test
    void bdatZeroLastEndsTheMessageWithTheNextCommand() {
        String client = "EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nBDAT 18\r\nSubject: z\r\n\r\nbody"
                + "BDAT 0 LAST\r\nQUIT\r\n";
        SmtpTestSupport t = new SmtpTestSupport().resp(SmtpTestSupport.GREETING).orig(client)
                .resp("250 hi\r\n250 ok\r\n250 ok\r\n250 18 octets\r\n250 accepted\r\n221 bye\r\n").done();
        assertThat(t.rows).hasSize(1);
        assertThat(SmtpTestSupport.s(t.rows.get(0).subject)).isEqualTo("z");
        assertThat(t.files.all()).singleElement().satisfies(f -> assertThat(f.text()).isEqualTo("body"));
    }

    @Test
    void invalidBdatCommandsAreWeirds() {
        SmtpTestSupport t = new SmtpTestSupport().resp(SmtpTestSupport.GREETING)
                .orig("EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nBDAT x LAST\r\nBDAT 184467440737095516150\r\n"
                        + "BDAT 18446744073709551615\r\nQUIT\r\n").done();
        assertThat(t.h.weirds()).contains("smtp_invalid_bdat_command:BDAT not followed by a valid chunk-size",
                "smtp_invalid_bdat_command:BDAT chunk-size too large",
                "smtp_huge_bdat_chunk:18446744073709551615");
    }

    @Test
    void gapInsideBdatEndsTheMessageWithWhatWasMissing() {
        SmtpTestSupport t = new SmtpTestSupport().resp(SmtpTestSupport.GREETING)
                .orig("EHLO c\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nBDAT 2000 LAST\r\nSubject: g\r\n\r\npartial");
        t.h.gap(true, 0, 1000);
        t.resp("250 hi\r\n250 ok\r\n250 ok\r\n250 accepted\r\n").done();
        assertThat(t.weirdNames()).containsExactly("smtp_bdat_remaining_at_end_data", "smtp_bdat_undelivered_at_done");
        assertThat(t.files.all()).singleElement().satisfies(f -> {
            assertThat(f.gaps).isEqualTo(1000);
            assertThat(f.text()).isEqualTo("partial");
        });
    }

    @Test
    void startTlsStopsParsingAndMarksTheTransaction() {
        SmtpTestSupport t = new SmtpTestSupport().resp(SmtpTestSupport.GREETING).orig("EHLO c\r\nSTARTTLS\r\n")
                .resp("250 STARTTLS\r\n220 go ahead\r\n")
                .orig("\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003binary")
                .resp("\u0016\u0003\u0003\u0000\u0031\u0002").done();
        assertThat(t.h.services()).containsExactly("smtp");
        assertThat(t.rows).singleElement().satisfies(x -> {
            assertThat(x.tls).isTrue();
            assertThat(SmtpTestSupport.s(x.lastReply)).isEqualTo("220 go ahead");
        });
        assertThat(t.weirdNames()).isEmpty();
    }

    @Test
    void bdatArgumentParsing() {
        assertThat(parse("86 LAST")).isEqualTo(new SmtpBdat.Cmd(86, true, null));
        assertThat(parse("86 last")).isEqualTo(new SmtpBdat.Cmd(86, true, null));
        assertThat(parse("86")).isEqualTo(new SmtpBdat.Cmd(86, false, null));
        assertThat(parse(" 86 LAST").error()).isEqualTo("BDAT not followed by a valid chunk-size");
        assertThat(parse("-42 LAST").error()).isEqualTo("BDAT not followed by a valid chunk-size");
        assertThat(parse("86LAST").error()).isEqualTo("BDAT chunk-size not valid");
        assertThat(parse("86 SCRAMBLE").error()).isEqualTo("BDAT chunk-size followed by junk");
        assertThat(parse("86 LASTSCRAMBLE").error()).isEqualTo("BDAT chunk-size followed by junk");
        assertThat(parse("184467440737095516150").error()).isEqualTo("BDAT chunk-size too large");
        assertThat(parse("18446744073709551615 LAST")).isEqualTo(new SmtpBdat.Cmd(-1, true, null));
        assertThat(parse("184467440737095516150 LAST").error()).isEqualTo("BDAT argument bad length");
        assertThat(parse("").error()).isEqualTo("BDAT argument bad length");
    }

    private static SmtpBdat.Cmd parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return SmtpBdat.parseArg(b, 0, b.length);
    }

    @Test
    void probesFollowZeeksSignatures() {
        assertThat(probe(SmtpAnalyzer::probeClient, "EHLO x\r\n")).isEqualTo(Probe.MATCH);
        assertThat(probe(SmtpAnalyzer::probeClient, "NOOP\r\n  helo x")).isEqualTo(Probe.MATCH);
        assertThat(probe(SmtpAnalyzer::probeClient, "xhelo")).isEqualTo(Probe.MORE);
        assertThat(probe(SmtpAnalyzer::probeServer, "220 mx ESMTP")).isEqualTo(Probe.MATCH);
        assertThat(probe(SmtpAnalyzer::probeServer, " 220-mx")).isEqualTo(Probe.MATCH);
        assertThat(probe(SmtpAnalyzer::probeServer, "22")).isEqualTo(Probe.MORE);
        assertThat(probe(SmtpAnalyzer::probeServer, "250 ok")).isEqualTo(Probe.NO_MATCH);
        assertThat(probe(SmtpAnalyzer::probeServer, "220x")).isEqualTo(Probe.NO_MATCH);
    }

    private static int probe(Probe p, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return p.test(b, b.length);
    }

    @Test
    void nulAndBareCrInLinesAreWeirdsOnce() {
        SmtpTestSupport t = new SmtpTestSupport().resp(SmtpTestSupport.GREETING)
                .orig("HE\0LO c\rx\r\nNOOP\0\r\nNOOP\ry\r\n").done();
        assertThat(t.weirdNames()).containsExactly("NUL_in_line", "line_terminated_with_single_CR");
        assertThat(t.h.services()).containsExactly("smtp");
    }
}
