package io.osprey.analyzer.imap;

import io.osprey.analyzer.ssl.SslAnalyzer;
import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IMAP recognition with bytes in code. The expected services, weirds and violation texts are what Zeek 9.1 reported
 * for the same lines, each sent as one TCP segment (captures made for the purpose and run through {@code zeek -r}).
 */
class ImapAnalyzerTest {
    private static final String MISMATCH = "Binpac exception: binpac exception: string mismatch at "
            + "/opt/src/zeek/src/analyzer/protocol/imap/imap-protocol.pac:";
    private static final String TAG_RE = "[[:alnum:][:punct:]]+";

    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness(AnalyzerSpec tls) {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 143, ImapAnalyzer.spec(tls));
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        return h;
    }

    private AnalyzerHarness harness() {
        return harness(null);
    }

    private static String mismatch(int line, String pattern, String data) {
        return MISMATCH + line + ": \nexpected pattern: \"" + pattern + "\"\nactual data: \"" + data + "\"";
    }

    @Test
    void serverGreetingConfirms() {
        AnalyzerHarness h = harness();
        h.stream(false, "* OK IMAP4rev1 ready\r\n");
        assertThat(h.services()).containsExactly("imap");
        AnalyzerHarness lower = harness();
        lower.stream(false, "* ok\r\n");
        assertThat(lower.services()).containsExactly("imap");
        assertThat(violations).isEmpty();
    }

    @Test
    void otherServerLinesDoNotConfirm() {
        AnalyzerHarness h = harness();
        h.stream(false, "* BYE later\r\n").stream(false, "a1 OK done\r\n").stream(true, "a1 NOOP\r\n");
        assertThat(h.services()).isEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void clientCapabilityConfirmsOnlyInLowerCase() {
        // Zeek compares the raw command with "capability" (STARTTLS is compared lower-cased).
        AnalyzerHarness upper = harness();
        upper.stream(true, "a1 CAPABILITY\r\n");
        assertThat(upper.services()).isEmpty();
        AnalyzerHarness lower = harness();
        lower.stream(true, "a1 capability\r\n");
        assertThat(lower.services()).containsExactly("imap");
        AnalyzerHarness starttls = harness();
        starttls.stream(true, "a1 StartTls\r\n");
        assertThat(starttls.services()).containsExactly("imap");
    }

    @Test
    void serverCapabilitiesParse() {
        AnalyzerHarness h = harness();
        h.stream(false, "* OK\r\n").stream(false, "* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK done\r\n");
        // A capability list cut at the end of a segment ends there; the next segment starts a new token.
        h.stream(false, "* CAPABILITY A B").stream(false, "* CAPABILITY A\r\n\r\n");
        assertThat(h.services()).containsExactly("imap");
        assertThat(violations).isEmpty();
    }

    @Test
    void emptyCapabilityListIsAViolation() {
        AnalyzerHarness h = harness();
        h.stream(false, "* OK\r\n").stream(false, "* CAPABILITY\r\n");
        assertThat(violations).containsExactly(mismatch(36, TAG_RE, "\r\n"));
        assertThat(h.services()).isEmpty();
    }

    @Test
    void lowerCaseLoginSkipsTheRest() {
        AnalyzerHarness h = harness();
        h.stream(false, "* OK x\r\n").stream(true, "a login u p\r\n").stream(true, "bad\r\n");
        assertThat(h.services()).containsExactly("imap");
        assertThat(violations).isEmpty();
        // Upper case is not a skip command for Zeek: the next bad line is a violation.
        AnalyzerHarness upper = harness();
        upper.stream(false, "* OK x\r\n").stream(true, "a LOGIN u p\r\n").stream(true, "bad\r\n");
        assertThat(violations).containsExactly(mismatch(19, "[ ]+", "\r\n"));
        assertThat(upper.services()).isEmpty();
    }

    @Test
    void theRestOfTheSkippingSegmentIsStillParsed() {
        AnalyzerHarness h = harness();
        h.stream(false, "* OK\r\n").stream(true, "a login x y\r\nbad\r\n");
        assertThat(violations).containsExactly(mismatch(19, "[ ]+", "\r\n"));
    }

    @Test
    void acceptedStartTlsHandsOverToSsl() {
        AnalyzerHarness h = harness(SslAnalyzer.SPEC);
        h.stream(false, "* OK hi\r\n").stream(true, "a1 CAPABILITY\r\n")
                .stream(false, "* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK done\r\n")
                .stream(true, "a2 STARTTLS\r\n").stream(false, "a2 OK go\r\n");
        // From here on everything is TLS: garbage lines are not IMAP violations any more.
        h.stream(true, "no space here\r\n");
        assertThat(h.weirds()).isEmpty();
        assertThat(violations).noneMatch(v -> v.startsWith(MISMATCH));
        assertThat(h.services()).startsWith("imap");
    }

    @Test
    void duplicateAndRefusedStartTlsAreWeirds() {
        AnalyzerHarness h = harness(SslAnalyzer.SPEC);
        h.stream(false, "* OK\r\n").stream(true, "a STARTTLS\r\n").stream(true, "b STARTTLS\r\n")
                .stream(false, "a OK\r\n").stream(false, "b NO nope\r\n");
        assertThat(h.weirds()).containsExactly("IMAP: client sent duplicate StartTLS", "IMAP: server refused StartTLS");
        // Still IMAP: a bad line is a violation.
        h.stream(true, "c\r\n");
        assertThat(violations).containsExactly(mismatch(19, "[ ]+", "\r\n"));
    }

    @Test
    void linesAfterTheAcceptingOkInTheSameSegmentAreStillImap() {
        AnalyzerHarness h = harness(SslAnalyzer.SPEC);
        h.stream(false, "* OK\r\n").stream(true, "a STARTTLS\r\n").stream(false, "a OK\r\nb\r\n");
        assertThat(violations).containsExactly(mismatch(19, "[ ]+", "\r\n"));
        assertThat(h.services()).isEmpty();
    }

    @Test
    void malformedLinesAreViolationsWithBinpacText() {
        String[][] cases = {
                {"a1\r\n", mismatch(19, "[ ]+", "\r\n")},
                {"a \r\n", mismatch(20, TAG_RE, "\r\n")},
                {" a b\r\n", mismatch(18, TAG_RE, " a b\r\n")},
                // binpac quotes the data as a C string: it ends at the first NUL.
                {"a\0bc\r\n", mismatch(19, "[ ]+", "")},
                // A line cut by the segment's end.
                {"a1 NOO", mismatch(47, "[\\r\\n]+", "")},
        };
        for (String[] c : cases) {
            violations.clear();
            AnalyzerHarness h = harness();
            h.stream(false, "* OK hi\r\n").stream(true, c[0].getBytes(StandardCharsets.ISO_8859_1));
            assertThat(violations).as(c[0]).containsExactly(c[1]);
            assertThat(h.services()).as(c[0]).isEmpty();
            assertThat(h.analyzer("IMAP")).as(c[0]).isNull();
        }
    }

    @Test
    void extraNewlinesBelongToTheLine() {
        AnalyzerHarness h = harness();
        h.stream(false, "* OK\r\n").stream(true, "a1 NOOP\r\n\r\n\n");
        assertThat(violations).isEmpty();
    }

    @Test
    void everySplitAtLineBoundariesGivesTheSameResult() {
        // Zeek parses each segment on its own, so the guarantee is per line: any grouping of whole lines into
        // segments gives the same result, and a split inside a line is the NEWLINE mismatch.
        String[] server = {"* OK hi\r\n", "* CAPABILITY IMAP4rev1 STARTTLS\r\n", "a1 OK done\r\n", "a2 OK go\r\n"};
        for (int mask = 0; mask < 8; mask++) {
            AnalyzerHarness h = harness();
            StringBuilder seg = new StringBuilder(server[0]);
            for (int i = 1; i < server.length; i++) {
                if ((mask & (1 << (i - 1))) != 0) {
                    h.stream(false, seg.toString());
                    seg.setLength(0);
                }
                seg.append(server[i]);
            }
            h.stream(false, seg.toString());
            assertThat(h.services()).as("mask %d", mask).containsExactly("imap");
        }
        assertThat(violations).isEmpty();
        byte[] line = "a1 NOOP\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int cut = 1; cut < line.length - 1; cut++) { // "a1 NOOP\r" is a whole line
            violations.clear();
            AnalyzerHarness h = harness();
            h.stream(false, "* OK\r\n").stream(true, Arrays.copyOf(line, cut));
            assertThat(violations).as("cut %d", cut).hasSize(1);
        }
    }

    @Test
    void nothingIsParsedAfterAGap() {
        AnalyzerHarness h = harness();
        h.stream(true, "a1 NOOP\r\n").gap(true, 9, 10).stream(false, "* OK\r\n").stream(true, "bad\r\n");
        assertThat(h.services()).isEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void longStartTlsTagsMatchByLengthAndPrefix() {
        String tag = "t".repeat(ImapAnalyzer.MAX_TAG + 10);
        AnalyzerHarness h = harness();
        h.stream(false, "* OK\r\n").stream(true, tag + " STARTTLS\r\n").stream(false, tag + "x NO\r\n")
                .stream(false, tag + " NO\r\n");
        assertThat(h.weirds()).containsExactly("IMAP: server refused StartTLS");
    }

    @Test
    void parsingDoesNotAllocate() {
        AnalyzerHarness h = harness();
        h.stream(false, "* OK\r\n");
        ImapAnalyzer a = (ImapAnalyzer) h.analyzer("IMAP");
        byte[] c = "a1 NOOP\r\na2 CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] s = "* CAPABILITY IMAP4rev1 STARTTLS\r\na2 OK done\r\n".getBytes(StandardCharsets.US_ASCII);
        MemorySegment cs = MemorySegment.ofArray(c);
        MemorySegment ss = MemorySegment.ofArray(s);
        for (int i = 0; i < 2000; i++) {
            a.deliverStream(true, cs, 0, c.length);
            a.deliverStream(false, ss, 0, s.length);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            a.deliverStream(true, cs, 0, c.length);
            a.deliverStream(false, ss, 0, s.length);
        }
        assertThat(mx.getCurrentThreadAllocatedBytes() - before).isLessThan(64 * 1024);
        assertThat(violations).isEmpty();
        assertThat(h.analyzer("IMAP")).isSameAs(a);
    }
}
