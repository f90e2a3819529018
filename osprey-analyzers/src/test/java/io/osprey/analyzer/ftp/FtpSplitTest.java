package io.osprey.analyzer.ftp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every split size: each conversation delivered in chunks of 1..n bytes (the steps' order kept, so replies still
 * follow their commands) gives the same ftp.log rows, weirds and services as delivered whole.
 */
class FtpSplitTest {
    /** Conversations as alternating steps: "C:" client bytes, "S:" server bytes. */
    static List<String[]> conversations() {
        return List.of(
                new String[] {
                    "S:220-Welcome to the test server\r\n220-  second line\r\n220 Ready\r\n",
                    "C:USER anonymous\r\n", "S:331 Guest login ok, send your email\r\n",
                    "C:PASS guest@example.org\r\n", "S:230 Guest login ok\r\n",
                    "C:CWD /pub/files\r\n", "S:250 CWD command successful\r\n",
                    "C:TYPE I\r\nPASV\r\n", "S:200 Type set to I\r\n227 Entering Passive Mode (10,0,0,2,4,1)\r\n",
                    "C:SIZE data.bin\r\n", "S:213 4096\r\n",
                    "C:RETR data.bin\r\n", "S:150 Opening BINARY mode data connection (4096 bytes)\r\n",
                    "S:226 Transfer complete\r\n",
                    "C:EPSV\r\n", "S:229 Entering Extended Passive Mode (|||6446|)\r\n",
                    "C:STOR up.txt\r\n", "S:150 ok\r\n226 done\r\n",
                    "C:QUIT\r\n", "S:221 Goodbye\r\n"},
                new String[] {
                    "S:220 ftp\n", "C:user bob\n", "S:331 pw\n", "C:pass s3cret\n", "S:230 ok\n",
                    "C:PORT 10,0,0,1,200,10\n", "S:200 ok\n", "C:LIST\n", "S:150 here\n226 ok\n",
                    "C:EPRT |2|2001:db8::5|7000|\n", "S:500 no\n", "C:\u0001\n", "C:DELE x\ry\n",
                    "S:250 deleted\n", "C:QUIT"});
    }

    private static FtpTestSupport run(String[] steps, int size) {
        FtpOptions o = new FtpOptions();
        o.loggedCommands.add("USER");
        o.loggedCommands.add("SIZE");
        FtpTestSupport t = new FtpTestSupport(o, null);
        for (String step : steps) {
            boolean orig = step.startsWith("C:");
            byte[] b = step.substring(2).getBytes(StandardCharsets.ISO_8859_1);
            int chunk = size <= 0 ? b.length : size;
            for (int off = 0; off < b.length; off += chunk) {
                t.h.stream(orig, Arrays.copyOfRange(b, off, Math.min(b.length, off + chunk)));
            }
        }
        t.h.endOfData(true);
        t.h.endOfData(false);
        t.done();
        return t;
    }

    @Test
    void everySplitSizeGivesTheSameRows() {
        for (String[] conv : conversations()) {
            FtpTestSupport whole = run(conv, 0);
            assertThat(whole.rows).isNotEmpty();
            int longest = Arrays.stream(conv).mapToInt(String::length).max().orElse(1);
            for (int size = 1; size <= longest; size++) {
                FtpTestSupport split = run(conv, size);
                assertThat(split.render()).as("split %d", size).isEqualTo(whole.render());
                assertThat(split.h.weirds()).as("split %d", size).isEqualTo(whole.h.weirds());
                assertThat(split.h.services()).as("split %d", size).isEqualTo(whole.h.services());
            }
        }
    }

    @Test
    void theSecondConversationLogsWhatZeekWould() {
        FtpTestSupport t = run(conversations().get(1), 0);
        assertThat(t.render()).containsExactly(
                "USER|bob|331|pw|bob|null",
                "PORT|10,0,0,1,200,10|200|ok|bob|<hidden>|dc=A 10.0.0.2->10.0.0.1:51210",
                "EPRT||2|2001:db8::5|7000||500|no|bob|<hidden>|dc=A 10.0.0.2->2001:db8::5:7000",
                "DELE|ftp://10.0.0.2/./x\ry|250|deleted|bob|<hidden>");
        assertThat(t.h.weirds()).containsExactly("FTP_invalid_command", "line_terminated_with_single_CR");
    }
}
