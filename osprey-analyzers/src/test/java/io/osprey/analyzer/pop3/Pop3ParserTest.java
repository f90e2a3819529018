package io.osprey.analyzer.pop3;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The POP3 state machine on lines given in code (no line splitting): states, confirmation, weirds, violations, mail
 * boundaries, as Zeek's POP3_Analyzer behaves.
 */
class Pop3ParserTest {
    /** Records what the parser reports, one string per report. */
    static final class Recorder implements Pop3Parser.Sink {
        final List<String> out = new ArrayList<>();

        @Override
        public void confirm() {
            out.add("confirm");
        }

        @Override
        public void violation(String reason, String data) {
            out.add("violation " + reason + (data == null ? "" : " [" + data + "]"));
        }

        @Override
        public void weird(String name, String addl, String source) {
            out.add("weird " + name + (addl == null ? "" : " " + addl) + " (" + source + ")");
        }

        @Override
        public void beginMail() {
            out.add("begin");
        }

        @Override
        public void mailLine(MemorySegment seg, int len) {
            byte[] b = new byte[len];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, b, 0, len);
            out.add("line " + new String(b, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void endMail() {
            out.add("end");
        }

        @Override
        public void startTls() {
            out.add("tls");
        }
    }

    private final Recorder rec = new Recorder();
    private Pop3Parser p = new Pop3Parser(rec, 10, 10);

    private void c(String... lines) {
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.ISO_8859_1);
            p.request(b, b.length);
        }
    }

    private void s(String... lines) {
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.ISO_8859_1);
            p.reply(b, MemorySegment.ofArray(b), b.length);
        }
    }

    @Test
    void userPassConfirmsOnUserAndEntersTransaction() {
        s("+OK ready");
        assertThat(p.masterState()).isEqualTo(Pop3Parser.M_AUTHORIZATION);
        c("USER bob");
        assertThat(rec.out).isEmpty();
        s("+OK send password");
        assertThat(rec.out).containsExactly("confirm");
        c("PASS secret");
        s("+OK logged in");
        assertThat(p.masterState()).isEqualTo(Pop3Parser.M_TRANSACTION);
        c("QUIT");
        s("+OK bye");
        assertThat(p.masterState()).isEqualTo(Pop3Parser.M_UPDATE);
        assertThat(rec.out).containsExactly("confirm");
        assertThat(p.pending()).isZero();
    }

    @Test
    void failedLoginGoesBackToAuthorizationWithoutConfirming() {
        s("+OK ready");
        c("USER bob");
        s("-ERR no such user");
        assertThat(p.masterState()).isEqualTo(Pop3Parser.M_AUTHORIZATION);
        assertThat(p.state()).isEqualTo(Pop3Parser.START);
        c("APOP bob c4c9334bac560ecc979e58001b3e22fb");
        s("+OK maildrop has 1 message");
        assertThat(p.masterState()).isEqualTo(Pop3Parser.M_TRANSACTION);
        assertThat(rec.out).isEmpty();
    }

    @Test
    void capaIsMultiLineAndConfirms() {
        s("+OK ready");
        c("CAPA");
        s("+OK Capability list follows", "USER", "-ERR is not a reply here", "SASL PLAIN");
        assertThat(rec.out).containsExactly("confirm");
        assertThat(p.pending()).isEqualTo(1);
        s(".");
        assertThat(p.pending()).isZero();
    }

    @Test
    void authPlainDecodesAndChecksTheCredentials() {
        s("+OK ready");
        c("AUTH PLAIN");
        assertThat(p.state()).isEqualTo(Pop3Parser.AUTH_PLAIN);
        s("+ ");
        c("AGJvYgBzZWNyZXQ="); // \0bob\0secret
        s("+OK welcome");
        assertThat(p.masterState()).isEqualTo(Pop3Parser.M_TRANSACTION);
        assertThat(rec.out).isEmpty();
    }

    @Test
    void authPlainWithoutPasswordIsMalformed() {
        s("+OK ready");
        c("AUTH PLAIN");
        c("AGJvYg=="); // \0bob
        assertThat(rec.out).containsExactly("weird pop3_malformed_auth_plain (POP3)");
    }

    @Test
    void authWithBadBase64() {
        s("+OK ready");
        c("AUTH LOGIN");
        c("Ym9i*");
        assertThat(rec.out).containsExactly("weird base64_illegal_encoding character 42 ignored by Base64 decoding (null)",
                "weird pop3_bad_base64_encoding (POP3)");
        s("-ERR authentication failed");
        assertThat(p.masterState()).isEqualTo(Pop3Parser.M_AUTHORIZATION);
        // Not waiting for credentials any more: the next line is a command again.
        c("USER bob");
        s("+OK");
        assertThat(rec.out).contains("confirm");
    }

    @Test
    void authWithoutArgumentListsMechanisms() {
        s("+OK ready");
        c("AUTH");
        s("+OK", "PLAIN", "LOGIN", ".");
        assertThat(p.pending()).isZero();
        assertThat(rec.out).isEmpty();
    }

    @Test
    void stlsConfirmsAndStopsParsing() {
        s("+OK ready");
        c("STLS");
        s("+OK Begin TLS negotiation");
        assertThat(rec.out).containsExactly("confirm", "tls");
        assertThat(p.finished()).isTrue();
        s("\u0016\u0003\u0001 garbage that is TLS");
        c("\u0016\u0003\u0001");
        assertThat(rec.out).containsExactly("confirm", "tls");
    }

    @Test
    void retrFeedsTheMailIncludingTheOkLineWithoutUnstuffing() {
        s("+OK ready");
        c("USER bob", "PASS x", "RETR 1");
        s("+OK", "+OK");
        s("+OK 120 octets", "Subject: x", "", "..dot", ".");
        assertThat(rec.out).containsExactly("confirm", "begin", "line +OK 120 octets", "line Subject: x", "line ",
                "line ..dot", "end");
        assertThat(p.inMail()).isFalse();
    }

    @Test
    void topWithoutTerminatorEndsTheMailAtDone() {
        s("+OK ready");
        c("USER bob", "PASS x", "TOP 1 5");
        s("+OK", "+OK", "+OK", "Subject: x");
        assertThat(p.inMail()).isTrue();
        p.done();
        assertThat(rec.out).endsWith("line Subject: x", "end");
    }

    @Test
    void commandsBeforeAuthenticationAreGuessedAsTransaction() {
        s("+OK ready");
        c("LIST");
        s("+OK 2 messages", "1 100", "2 200", ".");
        assertThat(p.masterState()).isEqualTo(Pop3Parser.M_TRANSACTION);
        assertThat(p.state()).isEqualTo(Pop3Parser.LIST);
        c("RETR 1");
        s("+OK", "body", ".");
        assertThat(rec.out).containsExactly("begin", "line +OK", "line body", "end");
    }

    @Test
    void unknownServerReplyIsAViolationAndAWeird() {
        s("+OK ready");
        s("GARBAGE here");
        s("");
        assertThat(rec.out).containsExactly("violation unknown server command (GARBAGE) [GARBAGE here]",
                "weird pop3_server_command_unknown GARBAGE (POP3)", "violation unknown server command (???) []",
                "weird pop3_server_command_unknown ??? (POP3)");
    }

    @Test
    void serverSendingCommandsAndClientSendingReplies() {
        s("+OK ready", "USER x");
        c("+OK");
        assertThat(rec.out).containsExactly("weird pop3_server_sending_client_commands (POP3)",
                "weird pop3_client_sending_server_commands (POP3)");
    }

    @Test
    void tooManyUnknownClientCommandsIsAViolation() {
        p = new Pop3Parser(rec, 0, 2);
        // An unknown command stays at the front of the queue until the server answers.
        c("*1", "$4");
        s("+OK");
        c("*1");
        s("+OK");
        assertThat(rec.out).filteredOn(x -> x.startsWith("violation too many"))
                .containsExactly("violation too many unknown client commands");
        assertThat(rec.out.getFirst()).isEqualTo("weird pop3_client_command_unknown *1 (POP3)");
    }

    @Test
    void tooManyPendingCommandsDropsTheOldest() {
        for (int i = 0; i < 12; i++) {
            c("NOOP");
        }
        assertThat(p.pending()).isEqualTo(10);
        assertThat(rec.out).containsExactly("weird pop3_client_too_many_pending_commands (POP3)",
                "weird pop3_client_too_many_pending_commands (POP3)");
    }

    @Test
    void unlimitedPendingCommandsAreStillCapped() {
        p = new Pop3Parser(rec, 0, 0);
        for (int i = 0; i < 500; i++) {
            c("NOOP " + "x".repeat(10_000));
        }
        assertThat(p.pending()).isEqualTo(Pop3Parser.HARD_PENDING_LIMIT);
        assertThat(rec.out).isEmpty();
    }

    @Test
    void parseCmdStripsOneMoreSignPerWord() {
        assertThat(code("+OK")).isEqualTo(Pop3Parser.C_OK);
        assertThat(code("-ERR")).isEqualTo(Pop3Parser.C_ERR);
        assertThat(code("--ERR")).isEqualTo(Pop3Parser.C_ERR);
        assertThat(code("ok")).isEqualTo(Pop3Parser.C_OK);
        assertThat(code("++OK")).isEqualTo(-1);
        assertThat(code("+-user")).isEqualTo(Pop3Parser.C_USER);
        assertThat(code("xsender")).isEqualTo(Pop3Parser.C_XSENDER);
        assertThat(code("+")).isEqualTo(-1);
        assertThat(code("USERS")).isEqualTo(-1);
    }

    private static int code(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Pop3Parser.parseCmd(b, 0, b.length);
    }

    @Test
    void whitespaceAndNulInCommands() {
        s("+OK ready");
        c("   user\u0000junk");
        s("+OK");
        assertThat(rec.out).containsExactly("confirm");
        c("\tCAPA   ");
        s("+OK", ".");
        c("USER\tbob");
        assertThat(rec.out).contains("weird pop3_client_command_unknown USER\tbob (POP3)");
        c("   ");
        s("+OK");
        assertThat(rec.out).contains("weird pop3_client_command_unknown ??? (POP3)");
    }

    @Test
    void emptyClientLinesAreIgnored() {
        c("", "");
        assertThat(p.pending()).isZero();
        assertThat(rec.out).isEmpty();
    }
}
