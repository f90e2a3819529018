package io.osprey.analyzer.dhcp;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DHCP recognition: a well-formed BOOTP/DHCP message confirms; wrong op, cookie or length violates. */
class DhcpAnalyzerTest {
    static byte[] message(int op, int cookie, int len) {
        byte[] m = new byte[len];
        m[0] = (byte) op;
        m[1] = 1;
        m[2] = 6;
        if (len >= 240) {
            m[236] = (byte) (cookie >>> 24);
            m[237] = (byte) (cookie >>> 16);
            m[238] = (byte) (cookie >>> 8);
            m[239] = (byte) cookie;
        }
        return m;
    }

    @Test
    void discoverConfirms() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 67, DhcpAnalyzer.SPEC);
        h.packet(true, message(1, 0x63825363, 300));
        assertThat(h.services()).containsExactly("dhcp");
    }

    @Test
    void badCookieShortMessageAndBadOpViolate() {
        for (byte[] m : new byte[][] {message(1, 0x12345678, 300), message(1, 0x63825363, 200),
            message(7, 0x63825363, 300)}) {
            AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 67, DhcpAnalyzer.SPEC);
            h.packet(true, m);
            assertThat(h.services()).isEmpty();
            assertThat(h.analyzer("DHCP")).isNull();
        }
    }
}
