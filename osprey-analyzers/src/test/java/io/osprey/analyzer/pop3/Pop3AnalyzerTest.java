package io.osprey.analyzer.pop3;

import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The POP3 analyzer through the framework harness: line splitting, service confirmation, the files of fetched mails,
 * STLS, weirds and violations, the DPD probes.
 */
class Pop3AnalyzerTest {
    @Test
    void sessionConfirmsAndTurnsTheMailsEntitiesIntoFiles() {
        String[] s = Pop3TestSupport.session();
        Pop3TestSupport t = new Pop3TestSupport();
        t.resp("+OK POP3 ready\r\n").orig(s[0]).resp(s[1].substring("+OK POP3 ready\r\n".length())).done();
        assertThat(t.h.services()).containsExactly("pop3");
        assertThat(t.h.weirds()).isEmpty();
        assertThat(t.violations).isEmpty();
        // No dot-unstuffing, as Zeek; the base64 part decoded; neither from the originator, depth 0.
        assertThat(t.fileSummaries()).containsExactly(
                "POP3 false 0 true: Hello Bob,\r\n..a line that starts with a dot",
                "POP3 false 0 true: hello world\n");
        assertThat(t.files.handles).allSatisfy(hnd ->
                assertThat(hnd).startsWith("Analyzer::ANALYZER_POP3-fallback-" + t.h.uid() + "-F-"));
    }

    @Test
    void authSessionLineByLine() {
        Pop3TestSupport a = Pop3TestSupport.runByLines(Pop3TestSupport.authSession());
        a.done();
        // AUTH PLAIN does not confirm (only USER, CAPA and STLS do in Zeek).
        assertThat(a.h.services()).isEmpty();
        assertThat(a.fileSummaries()).containsExactly("POP3 false 0 true: first line\r\n");
        assertThat(a.h.weirds()).isEmpty();
    }

    @Test
    void linesPipelinedAfterAuthAreTakenAsCredentialsAsZeekDoes() {
        String[] s = Pop3TestSupport.authSession();
        Pop3TestSupport b = new Pop3TestSupport();
        b.resp("+OK hello\r\n").orig(s[0]).resp(s[1].substring("+OK hello\r\n".length())).done();
        // Until the server answers the AUTH exchange every client line is base64: "UIDL" decodes without NULs,
        // "TOP 1 1" has illegal characters.
        assertThat(b.weirdNames()).contains("pop3_malformed_auth_plain", "base64_illegal_encoding",
                "pop3_bad_base64_encoding");
        assertThat(b.fileSummaries()).isEmpty();
    }

    @Test
    void stlsStopsTheAnalysis() {
        Pop3TestSupport t = Pop3TestSupport.exchange("+OK ready\r\n", "STLS\r\n", "+OK go ahead\r\n",
                "\u0016\u0003\u0001\u0000\u00a5\u0001\r\nGARBAGE\r\n", "\u0016\u0003\u0003\u0000\r\nGARBAGE\r\n");
        t.done();
        assertThat(t.h.services()).containsExactly("pop3");
        assertThat(t.h.weirds()).isEmpty();
        assertThat(t.violations).isEmpty();
    }

    @Test
    void unknownServerCommandIsAViolation() {
        Pop3TestSupport t = Pop3TestSupport.exchange("+OK ready\r\n", "LIST\r\n", "GARBAGE (and LIST response)\r\n");
        assertThat(t.violations).containsExactly("unknown server command (GARBAGE)");
        assertThat(t.h.weirds()).containsExactly("pop3_server_command_unknown:GARBAGE");
    }

    @Test
    void redisIsDroppedAfterTooManyUnknownCommands() {
        Pop3TestSupport t = new Pop3TestSupport(10, 3);
        t.resp("+OK\r\n");
        for (int i = 0; i < 20; i++) {
            t.orig("*1\r\n$4\r\nPING\r\n");
        }
        assertThat(t.h.weirds()).contains("pop3_client_command_unknown:*1", "pop3_client_too_many_pending_commands");
        for (int i = 0; i < 5; i++) {
            t.resp("+OK\r\n");
        }
        assertThat(t.violations).containsExactly("too many unknown client commands");
        assertThat(t.h.analyzer("POP3")).isNull();
    }

    @Test
    void lineEndingsCrLfAndLoneCrLf() {
        Pop3TestSupport t = new Pop3TestSupport();
        t.resp("+OK ready\r").resp("\n"); // CRLF split over two deliveries counts once
        t.orig("CAPA\n");
        t.resp("+OK\rUSER\r.\r");
        assertThat(t.h.services()).containsExactly("pop3");
        assertThat(t.h.weirds()).containsExactly("line_terminated_with_single_CR");
        assertThat(t.violations).isEmpty();
    }

    @Test
    void overlongLineIsCut() {
        Pop3TestSupport t = new Pop3TestSupport();
        t.resp("+OK " + "x".repeat(io.osprey.analyzer.mime.ContentLines.MAX_LINE_LENGTH + 10) + "\r\n");
        assertThat(t.h.weirds()).contains("contentline_size_exceeded");
        // The rest of the line is a line of its own, which is no reply (the violation itself is ignored: the
        // connection is past DPD's 10 KiB).
        assertThat(t.h.weirds()).contains("pop3_server_command_unknown:" + "x".repeat(13));
    }

    @Test
    void partialLineAtEndOfDataIsDelivered() {
        Pop3TestSupport t = Pop3TestSupport.exchange("+OK ready\r\n", "USER bob\r\n", "+OK");
        assertThat(t.h.services()).isEmpty();
        t.h.endOfData(false);
        assertThat(t.h.services()).containsExactly("pop3");
    }

    @Test
    void mailWithoutTerminatorEndsWithTheConnection() {
        Pop3TestSupport t = Pop3TestSupport.exchange("+OK ready\r\n", "USER a\r\nPASS b\r\nRETR 1\r\n",
                "+OK\r\n+OK\r\n+OK\r\nSubject: x\r\n\r\nbody line\r\n");
        assertThat(t.files.all).singleElement().satisfies(f -> assertThat(f.ended).isFalse());
        t.done();
        // The shared MIME parser keeps the last line's CRLF when the message ends without a closing boundary.
        assertThat(t.fileSummaries()).containsExactly("POP3 false 0 true: body line\r\n");
    }

    @Test
    void fallbackHandleFormatsNetworkTimeAsZeek() {
        assertThat(Pop3Mail.fallbackHandle("CabC", 1_377_201_784_611_546_123L))
                .isEqualTo("Analyzer::ANALYZER_POP3-fallback-CabC-F-1377201784.611546");
        assertThat(Pop3Mail.fallbackHandle("C1", 5_000_000_001L)).endsWith("-F-5.000000");
    }

    // ------------------------------------------------------------------------------------------------ probes

    private static int client(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Pop3Analyzer.probeClient(b, b.length);
    }

    private static int server(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return Pop3Analyzer.probeServer(b, b.length);
    }

    @Test
    void clientProbe() {
        assertThat(client("CAPA\r\n")).isEqualTo(Probe.MATCH);
        assertThat(client("  user bob\r\n")).isEqualTo(Probe.MATCH);
        assertThat(client("uSeR\tbob")).isEqualTo(Probe.MATCH);
        assertThat(client("NOOP\r\nstls\r\n")).isEqualTo(Probe.MATCH);
        assertThat(client("apop x")).isEqualTo(Probe.MATCH);
        assertThat(client("AUTH")).isEqualTo(Probe.MATCH);
        assertThat(client("USER")).isEqualTo(Probe.MORE); // needs the whitespace after USER
        assertThat(client("USERNAME")).isEqualTo(Probe.MORE);
        assertThat(client("xCAPA")).isEqualTo(Probe.MORE);
        assertThat(client("GET / HTTP/1.1\r\n")).isEqualTo(Probe.MORE);
    }

    @Test
    void serverProbe() {
        assertThat(server("+OK hello")).isEqualTo(Probe.MATCH);
        assertThat(server("+OK")).isEqualTo(Probe.MATCH);
        assertThat(server("+O")).isEqualTo(Probe.MORE);
        assertThat(server("")).isEqualTo(Probe.MORE);
        assertThat(server("+ok")).isEqualTo(Probe.NO_MATCH);
        assertThat(server(" +OK")).isEqualTo(Probe.NO_MATCH);
        assertThat(server("-ERR")).isEqualTo(Probe.NO_MATCH);
    }
}
