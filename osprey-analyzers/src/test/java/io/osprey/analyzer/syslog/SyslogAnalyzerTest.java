package io.osprey.analyzer.syslog;

import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The syslog analyzers with bytes in code: UDP messages with and without PRI, malformed PRIs, TCP octet counting and
 * non-transparent framing (mixed in one stream as in Zeek's tcp-syslog.pcap), every split of a stream, incomplete
 * frames at the end, gaps and the message cap. Expected values follow syslog.spicy and Zeek's syslog baselines.
 */
class SyslogAnalyzerTest {
    private final List<String> messages = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness(boolean tcp) {
        AnalyzerHarness h = new AnalyzerHarness(tcp ? AnalyzerSpec.TCP : AnalyzerSpec.UDP, 514,
                tcp ? SyslogAnalyzer.TCP_SPEC : SyslogAnalyzer.UDP_SPEC);
        h.events().subscribe(SyslogMessage.class, m -> messages.add(SyslogLog.facility(m.facility()) + " "
                + SyslogLog.severity(m.severity()) + " " + new String(m.message(), StandardCharsets.ISO_8859_1)));
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        return h;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void udpMessages() {
        AnalyzerHarness h = harness(false);
        h.packet(true, b("<133>Apr  5 12:56:51 robin: Hello, syslog!\0"));
        h.packet(true, b("no pri"));
        h.packet(true, b("<0>"));
        h.packet(false, b("<191>x"));
        h.packet(true, b("<1023>y"));
        h.packet(true, b("<1024>z"));
        h.packet(true, b(""));
        assertThat(messages).containsExactly("LOCAL0 NOTICE Apr  5 12:56:51 robin: Hello, syslog!\0",
                "UNSPECIFIED UNSPECIFIED no pri", "KERN EMERG ", "LOCAL7 DEBUG x", "?-127 DEBUG y", "KERN EMERG z",
                "UNSPECIFIED UNSPECIFIED ");
        assertThat(h.services()).containsExactly("syslog");
        assertThat(violations).isEmpty();
    }

    @Test
    void udpMalformedPriIsAViolation() {
        String[][] cases = {{"<abc>x", SyslogAnalyzer.BAD_REGEX}, {"<", SyslogAnalyzer.BAD_REGEX},
                {"<13", SyslogAnalyzer.EXPECT_GT}, {"<13 x", SyslogAnalyzer.EXPECT_GT},
                {"<99999999999999999999999>x", SyslogAnalyzer.OVERFLOW}};
        for (String[] c : cases) {
            violations.clear();
            messages.clear();
            AnalyzerHarness h = harness(false);
            h.packet(true, b(c[0]));
            assertThat(violations).as(c[0]).containsExactly(c[1]);
            assertThat(messages).as(c[0]).isEmpty();
            assertThat(h.services()).as(c[0]).isEmpty();
            assertThat(h.analyzer("SYSLOG")).as(c[0]).isNull();
        }
        // The largest 64-bit value still converts.
        AnalyzerHarness h = harness(false);
        h.packet(true, b("<18446744073709551615>m"));
        assertThat(messages).containsExactly("?-127 DEBUG m");
    }

    /** Zeek's tcp-syslog.pcap stream: octet-counted and non-transparent frames mixed. */
    private static final String MIXED = "51 <13>Oct 11 22:14:15 mymachine su: 'su root' failed "
            + "<14>Oct 11 22:14:16 mymachine su: 'su root' failed\n"
            + "50 <15>Oct 11 22:14:17 mymachine su: 'su bob' failed "
            + "<16>Oct 11 22:14:18 mymachine su: 'su bob' failed\n";
    private static final List<String> MIXED_MESSAGES = List.of(
            "USER NOTICE Oct 11 22:14:15 mymachine su: 'su root' failed ",
            "USER INFO Oct 11 22:14:16 mymachine su: 'su root' failed",
            "USER DEBUG Oct 11 22:14:17 mymachine su: 'su bob' failed ",
            "MAIL EMERG Oct 11 22:14:18 mymachine su: 'su bob' failed");

    @Test
    void tcpFramingAsZeeksBaseline() {
        AnalyzerHarness h = harness(true);
        h.stream(true, MIXED);
        // The last non-transparent frame waits for what follows its newline.
        assertThat(messages).hasSize(3);
        h.endOfData(true);
        assertThat(messages).containsExactlyElementsOf(MIXED_MESSAGES);
        assertThat(h.services()).containsExactly("syslog_tcp");
        assertThat(violations).isEmpty();
    }

    @Test
    void everySplitGivesTheSameMessages() {
        byte[] all = b(MIXED + "<13>a\r\n\0\n3 <1>");
        for (int cut = 1; cut < all.length; cut++) {
            messages.clear();
            AnalyzerHarness h = harness(true);
            h.stream(true, Arrays.copyOfRange(all, 0, cut)).stream(true, Arrays.copyOfRange(all, cut, all.length))
                    .endOfData(true);
            List<String> want = new ArrayList<>(MIXED_MESSAGES);
            want.add("USER NOTICE a");
            want.add("KERN ALERT ");
            assertThat(messages).as("cut %d", cut).containsExactlyElementsOf(want);
            assertThat(violations).as("cut %d", cut).isEmpty();
        }
        // Byte by byte.
        messages.clear();
        AnalyzerHarness h = harness(true);
        for (byte x : all) {
            h.stream(true, new byte[] {x});
        }
        h.done();
        assertThat(messages).hasSize(6);
    }

    @Test
    void bothDirectionsAreParsed() {
        AnalyzerHarness h = harness(true);
        h.stream(true, "<1>a\n").stream(false, "5 <2>bc").stream(true, "<3>d\n").done();
        assertThat(messages).containsExactly("KERN CRIT bc", "KERN ALERT a", "KERN ERR d");
    }

    @Test
    void tcpMalformedFramesAreViolations() {
        String[][] cases = {
                {"0 x", SyslogAnalyzer.NO_FRAME},
                {"\n<1>x\n", SyslogAnalyzer.NO_FRAME},
                {"12x", SyslogAnalyzer.EXPECT_SP},
                {"<x>", SyslogAnalyzer.BAD_REGEX},
                {"<12x", SyslogAnalyzer.EXPECT_GT},
                {"<12>\n", SyslogAnalyzer.BAD_REGEX},
                {"3 <x>", SyslogAnalyzer.BAD_REGEX},
                {"3 <12", SyslogAnalyzer.EXPECT_GT},
                {"99999999999999999999999 x", SyslogAnalyzer.OVERFLOW},
        };
        for (String[] c : cases) {
            violations.clear();
            AnalyzerHarness h = harness(true);
            h.stream(true, b(c[0]));
            assertThat(violations).as(c[0]).containsExactly(c[1]);
            assertThat(h.analyzer("SYSLOG_TCP")).as(c[0]).isNull();
        }
    }

    @Test
    void aFrameOpenAtTheEndIsAViolationButAPendingLineIsLogged() {
        for (String open : new String[] {"5 <1>", "<1>abc", "<1", "12"}) {
            violations.clear();
            messages.clear();
            AnalyzerHarness h = harness(true);
            h.stream(true, "<1>whole\n" + open).endOfData(true);
            assertThat(messages).as(open).containsExactly("KERN ALERT whole");
            assertThat(violations).as(open).containsExactly(SyslogAnalyzer.EOD);
            // Confirmed, then the violation removes the service.
            assertThat(h.services()).as(open).isEmpty();
        }
        messages.clear();
        violations.clear();
        AnalyzerHarness h = harness(true);
        h.stream(true, "<1>pending\r\n").done();
        assertThat(messages).containsExactly("KERN ALERT pending");
        assertThat(violations).isEmpty();
    }

    @Test
    void nothingIsParsedAfterAGap() {
        AnalyzerHarness h = harness(true);
        h.stream(true, "<1>a\n").gap(true, 5, 10).stream(true, "garbage").stream(false, "<2>b\n").endOfData(true)
                .endOfData(false);
        assertThat(messages).containsExactly("KERN ALERT a", "KERN CRIT b");
        assertThat(violations).isEmpty();
    }

    @Test
    void longMessagesAreCutAtTheCap() {
        int n = SyslogAnalyzer.MAX_MESSAGE + 1000;
        AnalyzerHarness h = harness(true);
        h.stream(true, (n + 3) + " <1>" + "m".repeat(n) + "<2>" + "x".repeat(n) + "\n").endOfData(true);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).isEqualTo("KERN ALERT " + "m".repeat(SyslogAnalyzer.MAX_MESSAGE - 3));
        assertThat(messages.get(1)).isEqualTo("KERN CRIT " + "x".repeat(SyslogAnalyzer.MAX_MESSAGE));
        assertThat(violations).isEmpty();
    }
}
