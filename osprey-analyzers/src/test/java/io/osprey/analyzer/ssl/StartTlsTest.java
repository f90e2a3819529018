package io.osprey.analyzer.ssl;

import io.osprey.analyzer.ftp.FtpAnalyzer;
import io.osprey.analyzer.ftp.FtpOptions;
import io.osprey.analyzer.irc.IrcAnalyzer;
import io.osprey.analyzer.mysql.Mysql;
import io.osprey.analyzer.mysql.MysqlAnalyzer;
import io.osprey.analyzer.pop3.Pop3Analyzer;
import io.osprey.analyzer.smtp.SmtpAnalyzer;
import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STARTTLS hand-over (Zeek's SMTP, POP3, FTP and IRC analyzers add an SSL child analyzer once the upgrade is
 * accepted): conn.log's service becomes "smtp,ssl" etc. when the TLS handshake that follows confirms SSL; the child's
 * violations are its own (analyzer.log names SSL, the parent's service stays).
 */
class StartTlsTest {
    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness(int port, AnalyzerSpec spec) {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, port, spec);
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.analyzer().name() + ": " + f.reason()));
        return h;
    }

    private static final byte[] SERVER_HELLO = Tls.record(22, Tls.V12, Tls.message(2, Tls.serverHello(Tls.V12)));

    @Test
    void smtpStartTlsHandsOverToSsl() {
        AnalyzerHarness h = harness(25, SmtpAnalyzer.spec(null, SslAnalyzer.SPEC));
        h.stream(false, "220 mail ESMTP\r\n").stream(true, "EHLO client\r\n")
                .stream(false, "250-mail\r\n250 STARTTLS\r\n").stream(true, "STARTTLS\r\n")
                .stream(false, "220 2.0.0 Ready to start TLS\r\n");
        assertThat(h.services()).doesNotContain("ssl");
        h.stream(true, Tls.clientHelloRecord12()).stream(false, SERVER_HELLO);
        h.done();
        assertThat(h.services()).containsExactly("smtp", "ssl");
        assertThat(violations).isEmpty();
    }

    @Test
    void smtpWithoutStartTlsNeverAttachesSsl() {
        AnalyzerHarness h = harness(25, SmtpAnalyzer.spec(null, SslAnalyzer.SPEC));
        h.stream(false, "220 mail ESMTP\r\n").stream(true, "EHLO client\r\n").stream(false, "250 ok\r\n");
        // A TLS ClientHello without STARTTLS is just a bad SMTP line.
        h.stream(true, Tls.clientHelloRecord12());
        h.done();
        assertThat(h.services()).doesNotContain("ssl");
    }

    @Test
    void refusedStartTlsKeepsSmtp() {
        AnalyzerHarness h = harness(25, SmtpAnalyzer.spec(null, SslAnalyzer.SPEC));
        h.stream(false, "220 mail ESMTP\r\n").stream(true, "EHLO client\r\n").stream(false, "250 ok\r\n")
                .stream(true, "STARTTLS\r\n").stream(false, "454 TLS not available\r\n")
                .stream(true, Tls.clientHelloRecord12());
        assertThat(h.services()).doesNotContain("ssl");
    }

    @Test
    void garbageAfterStartTlsIsAnSslViolation() {
        AnalyzerHarness h = harness(25, SmtpAnalyzer.spec(null, SslAnalyzer.SPEC));
        h.stream(false, "220 mail ESMTP\r\n").stream(true, "EHLO client\r\n").stream(false, "250 ok\r\n")
                .stream(true, "STARTTLS\r\n").stream(false, "220 go ahead\r\n").stream(true, "MAIL FROM:<a@b>\r\n")
                .stream(true, Tls.clientHelloRecord12());
        h.done();
        assertThat(h.services()).containsExactly("smtp");
        assertThat(violations).containsExactly("SSL: Invalid version in TLS connection. Version: 16713");
    }

    @Test
    void mysqlSslRequestHandsOverToSsl() {
        AnalyzerHarness h = harness(3306, MysqlAnalyzer.spec(SslAnalyzer.SPEC));
        h.stream(false, Mysql.greetingV10()).stream(true, Mysql.sslRequest());
        assertThat(h.services()).containsExactly("mysql");
        h.stream(true, Tls.clientHelloRecord12()).stream(false, SERVER_HELLO);
        h.done();
        assertThat(h.services()).containsExactly("mysql", "ssl");
        assertThat(violations).isEmpty();
    }

    @Test
    void mysqlWithoutSslRequestNeverAttachesSsl() {
        AnalyzerHarness h = harness(3306, MysqlAnalyzer.spec(SslAnalyzer.SPEC));
        h.stream(false, Mysql.greetingV10()).stream(true, Mysql.responseV10());
        h.stream(true, Tls.clientHelloRecord12()).stream(false, SERVER_HELLO);
        h.done();
        assertThat(h.services()).containsExactly("mysql");
    }

    @Test
    void pop3StlsHandsOverToSsl() {
        AnalyzerHarness h = harness(110, Pop3Analyzer.spec(null, 10, 10, SslAnalyzer.SPEC));
        h.stream(false, "+OK POP3 ready\r\n").stream(true, "CAPA\r\n")
                .stream(false, "+OK\r\nSTLS\r\nUSER\r\n.\r\n").stream(true, "STLS\r\n")
                .stream(false, "+OK Begin TLS negotiation\r\n").stream(true, Tls.clientHelloRecord12())
                .stream(false, SERVER_HELLO);
        h.done();
        assertThat(h.services()).containsExactly("pop3", "ssl");
        assertThat(violations).isEmpty();
    }

    @Test
    void ftpAuthTlsHandsOverToSsl() {
        AnalyzerHarness h = harness(21, FtpAnalyzer.spec(null, new FtpOptions(), SslAnalyzer.SPEC));
        h.stream(false, "220 FTP ready\r\n").stream(true, "AUTH TLS\r\n")
                .stream(false, "234 Proceed with negotiation.\r\n").stream(true, Tls.clientHelloRecord12())
                .stream(false, SERVER_HELLO);
        h.done();
        assertThat(h.services()).containsExactly("ftp", "ssl");
        assertThat(violations).isEmpty();
    }

    @Test
    void ircStartTlsHandsOverToSsl() {
        AnalyzerHarness h = harness(6667, IrcAnalyzer.spec(null, SslAnalyzer.SPEC));
        h.stream(true, "STARTTLS\r\n").stream(false, ":srv 670 * :STARTTLS successful\r\n")
                .stream(true, Tls.clientHelloRecord12()).stream(false, SERVER_HELLO);
        h.done();
        assertThat(h.services()).contains("ssl");
        assertThat(violations).isEmpty();
    }

    @Test
    void withoutTlsSpecTheConnectionIsLeftAlone() {
        AnalyzerHarness h = harness(21, FtpAnalyzer.spec(null, new FtpOptions()));
        h.stream(false, "220 FTP ready\r\n").stream(true, "AUTH TLS\r\n")
                .stream(false, "234 Proceed with negotiation.\r\n").stream(true, Tls.clientHelloRecord12());
        h.done();
        assertThat(h.services()).doesNotContain("ssl");
    }
}
