package io.osprey.analyzer.irc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every split size: each conversation's sides cut into chunks of every size from 1 to the side's length give the
 * same rows, weirds and services as whole delivery (lines, CRLF pairs and the 1000-byte cut span chunks).
 */
class IrcSplitTest {
    /** Conversations as {orig, resp}. */
    static List<String[]> conversations() {
        return List.of(
                new String[] {"NICK tim2\r\nUSER tim host srv :Tim W\r\nJOIN #t,#u key\r\n"
                        + "PRIVMSG bob :\u0001DCC SEND f.bin 167772167 5000 99\u0001\r\nQUIT :bye\r\n",
                        ":srv 001 tim2 :Welcome\r\n:srv 353 tim2 = #t :tim2 @op\r\nPING :x\r\n"},
                new String[] {"nick a\nuser a b c d e\rjoin :#x\r\n\r\n   \r\nPRIVMSG\r\n" + "z".repeat(1500)
                        + "\r\nNICK b\r\n", "garbage\r\n12x\r\n"});
    }

    @Test
    void everySplitSizeGivesTheSameResult() {
        for (String[] conv : conversations()) {
            byte[] c = conv[0].getBytes(StandardCharsets.ISO_8859_1);
            byte[] s = conv[1].getBytes(StandardCharsets.ISO_8859_1);
            IrcTestSupport whole = run(c, s, Math.max(c.length, s.length));
            assertThat(whole.rows).isNotEmpty();
            for (int size = 1; size <= Math.max(c.length, s.length); size++) {
                IrcTestSupport t = run(c, s, size);
                assertThat(t.render()).as("split %d", size).isEqualTo(whole.render());
                assertThat(t.h.weirds()).as("split %d", size).isEqualTo(whole.h.weirds());
                assertThat(t.h.services()).as("split %d", size).isEqualTo(whole.h.services());
            }
        }
    }

    private static IrcTestSupport run(byte[] c, byte[] s, int size) {
        IrcTestSupport t = new IrcTestSupport();
        for (int i = 0; i < c.length; i += size) {
            t.h.stream(true, Arrays.copyOfRange(c, i, Math.min(c.length, i + size)));
        }
        for (int i = 0; i < s.length; i += size) {
            t.h.stream(false, Arrays.copyOfRange(s, i, Math.min(s.length, i + size)));
        }
        t.h.endOfData(true);
        t.h.endOfData(false);
        t.h.done();
        return t;
    }
}
