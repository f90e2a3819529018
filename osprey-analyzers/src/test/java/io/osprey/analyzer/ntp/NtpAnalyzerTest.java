package io.osprey.analyzer.ntp;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** NTP recognition: messages long enough for their mode confirm; shorter ones violate. */
class NtpAnalyzerTest {
    private static byte[] msg(int version, int mode, int len) {
        byte[] b = new byte[len];
        if (len > 0) {
            b[0] = (byte) ((version << 3) | mode);
        }
        return b;
    }

    @Test
    void clientServerControlAndPrivateMessagesConfirm() {
        for (byte[] m : new byte[][] {msg(4, 3, 48), msg(4, 4, 48), msg(2, 6, 12), msg(2, 7, 8), msg(4, 3, 68)}) {
            AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
            h.packet(true, m);
            assertThat(h.services()).containsExactly("ntp");
        }
    }

    @Test
    void rolesAreSwappedOnceWhenAMessageShowsThemReversed() {
        // A server-mode reply from the originator (both ends on port 123, the reply seen first): swapped once, and
        // not again by the client's request that follows from what is now the originator.
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
        h.packet(true, msg(4, 4, 48));
        assertThat(h.flips()).isEqualTo(1);
        h.packet(true, msg(4, 3, 48)).packet(false, msg(4, 4, 48)).packet(true, msg(4, 4, 48));
        assertThat(h.flips()).isEqualTo(1);
        // A client-mode request from the responder; requests from the originator and replies to it never swap.
        AnalyzerHarness c = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
        c.packet(false, msg(4, 3, 48));
        assertThat(c.flips()).isEqualTo(1);
        AnalyzerHarness n = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
        n.packet(true, msg(4, 3, 48)).packet(false, msg(4, 4, 48)).packet(true, msg(2, 6, 12));
        assertThat(n.flips()).isZero();
    }

    @Test
    void truncatedMessagesViolate() {
        for (byte[] m : new byte[][] {msg(4, 3, 47), msg(2, 6, 11), new byte[0]}) {
            AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 123, NtpAnalyzer.SPEC);
            h.packet(true, m);
            assertThat(h.services()).isEmpty();
            assertThat(h.analyzer("NTP")).isNull();
        }
    }
}
