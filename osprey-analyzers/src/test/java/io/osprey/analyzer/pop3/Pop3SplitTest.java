package io.osprey.analyzer.pop3;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every split of the client's stream into two deliveries (and of the server's), and every fixed piece size, gives
 * the same files, weirds, violations and service as one delivery: the line splitter and the MIME parser carry state
 * across deliveries correctly.
 */
class Pop3SplitTest {
    static final String GREETING = "+OK POP3 ready\r\n";

    static List<String[]> conversations() {
        String[] s = Pop3TestSupport.session();
        return List.of(
                new String[] {s[0], s[1].substring(GREETING.length())},
                new String[] {"CAPA\rUSER a\nPASS b\r\nTOP 1 3\r\nXYZZY\r\nQUIT\r\n",
                    "+OK\rSASL\n.\r\n+OK\r\n+OK\r\n+OK\r\nSubject: a\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                        + "aGVsbG8g\r\nd29ybGQK\r\n.\r\n+OK\r\nGARBAGE\r\n+OK bye\r\n"});
    }

    private static List<String> run(String[] conv, int origSplit, int respSplit, int piece) {
        Pop3TestSupport t = new Pop3TestSupport();
        t.resp(GREETING);
        feed(t, true, conv[0].getBytes(StandardCharsets.ISO_8859_1), origSplit, piece);
        feed(t, false, conv[1].getBytes(StandardCharsets.ISO_8859_1), respSplit, piece);
        t.done();
        List<String> out = new ArrayList<>(t.fileSummaries());
        out.add(t.h.weirds().toString());
        out.add(t.violations.toString());
        out.add(t.h.services().toString());
        return out;
    }

    private static void feed(Pop3TestSupport t, boolean orig, byte[] b, int split, int piece) {
        if (piece > 0) {
            for (int off = 0; off < b.length; off += piece) {
                t.h.stream(orig, Arrays.copyOfRange(b, off, Math.min(b.length, off + piece)));
            }
        } else if (split > 0 && split < b.length) {
            t.h.stream(orig, Arrays.copyOf(b, split));
            t.h.stream(orig, Arrays.copyOfRange(b, split, b.length));
        } else {
            t.h.stream(orig, b);
        }
    }

    @TestFactory
    Stream<DynamicTest> everySplitGivesTheSameResult() {
        List<String[]> convs = conversations();
        return IntStream.range(0, convs.size()).mapToObj(i -> DynamicTest.dynamicTest("conversation " + i, () -> {
            String[] conv = convs.get(i);
            List<String> whole = run(conv, 0, 0, 0);
            assertThat(whole.get(0)).startsWith("POP3 false 0 true: ");
            // The first is clean and confirmed; the second ends in a violation, which removes the service again.
            assertThat(whole.getLast()).isEqualTo(i == 0 ? "[pop3]" : "[]");
            for (int k = 1; k < conv[0].length(); k++) {
                assertThat(run(conv, k, 0, 0)).as("client split at %d", k).isEqualTo(whole);
            }
            for (int k = 1; k < conv[1].length(); k++) {
                assertThat(run(conv, 0, k, 0)).as("server split at %d", k).isEqualTo(whole);
            }
            for (int p = 1; p <= 64; p++) {
                assertThat(run(conv, 0, 0, p)).as("pieces of %d", p).isEqualTo(whole);
            }
        }));
    }
}
