package io.osprey.analyzer.smtp;

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
 * the same smtp.log rows, files and weirds as one delivery: the line reader, the BDAT line reassembly and the MIME
 * parser carry state across deliveries correctly.
 */
class SmtpSplitTest {
    static List<String[]> conversations() {
        String mail = SmtpTestSupport.MULTIPART_MAIL;
        return List.of(
                SmtpTestSupport.dataSession(mail),
                SmtpTestSupport.bdatSession(mail, 7, 300),
                SmtpTestSupport.bdatSession("Subject: short\r\n\r\nline one\r\nline two\r\nno newline at end", 5, 19, 1),
                new String[] {"HELO x\rMAIL FROM:<a@b.c>\nRCPT TO:<d@e.f>\r\nDATA\r\nSubject: crlf\r\r\n\r\nbody\r\n.\r\n",
                    SmtpTestSupport.GREETING + "250-a\r\n250 b\r\n250 ok\r\n250 ok\r\n354 go\r\n250 done\r\n"});
    }

    private static List<String> run(String[] conv, int origSplit, int respSplit, int piece) {
        SmtpTestSupport t = new SmtpTestSupport();
        byte[] c = conv[0].getBytes(StandardCharsets.ISO_8859_1);
        byte[] s = conv[1].getBytes(StandardCharsets.ISO_8859_1);
        int greeting = SmtpTestSupport.GREETING.length();
        feed(t, false, Arrays.copyOf(s, greeting), 0, 0);
        feed(t, true, c, origSplit, piece);
        feed(t, false, Arrays.copyOfRange(s, greeting, s.length), respSplit, piece);
        t.done();
        List<String> out = new ArrayList<>(t.render());
        out.add(t.h.weirds().toString());
        out.add(t.h.services().toString());
        return out;
    }

    private static void feed(SmtpTestSupport t, boolean orig, byte[] b, int split, int piece) {
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
            assertThat(whole.get(0)).contains("files=");
            for (int k = 1; k < conv[0].length(); k++) {
                assertThat(run(conv, k, 0, 0)).as("client split at %d", k).isEqualTo(whole);
            }
            for (int k = 1; k < conv[1].length() - SmtpTestSupport.GREETING.length(); k++) {
                assertThat(run(conv, 0, k, 0)).as("server split at %d", k).isEqualTo(whole);
            }
            for (int p = 1; p <= 64; p++) {
                assertThat(run(conv, 0, 0, p)).as("pieces of %d", p).isEqualTo(whole);
            }
        }));
    }
}
