package io.osprey.analyzer.rdp;

import io.osprey.analyzer.rdp.RdpMessages.Bytes;
import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.osprey.analyzer.rdp.RdpEndToEndTest.udpSyn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RDPEUDP analyzer with datagrams in code: the handshake of versions 1 and 2 (3), SYNs that do not count, the
 * binpac exceptions of Zeek's grammar (short datagrams, a SYN without SYNEX), and the signature's probe. Handshake
 * outcomes as Zeek 9.1 showed them on {@link RdpEndToEndTest}'s capture.
 */
class RdpeudpAnalyzerTest {
    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 3389, RdpeudpAnalyzer.SPEC);
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        return h;
    }

    private static int state(AnalyzerHarness h) {
        return ((RdpeudpAnalyzer) h.analyzer("RDPEUDP")).state();
    }

    private static byte[] ack1(int flags, int vectorSize, int extra) {
        return new Bytes().u8(0, 0, 0, 1).be16(64).be16(flags).be16(vectorSize).zeros(vectorSize)
                .zeros((4 - (2 + vectorSize) % 4) % 4).zeros(extra).build();
    }

    @Test
    void version1Handshake() {
        AnalyzerHarness h = harness();
        h.packet(true, udpSyn(0xffffffffL, 0x1001, 2, 1232));
        assertThat(state(h)).isEqualTo(2);
        assertThat(h.services()).isEmpty();
        h.packet(false, udpSyn(0x1234, 0x1005, 2, 1232));
        assertThat(h.services()).containsExactly("rdpeudp");
        assertThat(state(h)).isEqualTo(3);
        h.packet(true, ack1(0x0004, 1, 0));
        assertThat(state(h)).isEqualTo(4);
        h.packet(false, ack1(0x010c, 3, 12)).packet(true, ack1(0x0004, 0, 0));
        assertThat(violations).isEmpty();
    }

    @Test
    void version2HandshakeAndDummyPackets() {
        AnalyzerHarness h = harness();
        h.packet(true, Arrays.copyOf(udpSyn(0xffffffffL, 0x1001, 0x0101, 0), 1232))
                .packet(false, Arrays.copyOf(udpSyn(0x1234, 0x1005, 0x0101, 0), 1232));
        assertThat(h.services()).containsExactly("rdpeudp");
        // Packet type index 1 (0x08): a dummy packet, the state stays.
        h.packet(true, new byte[] {0x08, 0, 0});
        assertThat(state(h)).isEqualTo(3);
        h.packet(true, new byte[] {0x00, 0, 0, 1});
        assertThat(state(h)).isEqualTo(4);
        h.packet(false, new byte[] {0x10, 0});
        assertThat(violations).containsExactly(
                "Binpac exception: binpac exception: out_of_bound: RDPUDP2_PACKET_HEADER:everything: 3 > 2");
    }

    @Test
    void synsThatDoNotCount() {
        // A responder SYN, a SYN without the SYN flag, a SYN whose snSourceAck is not -1: still NEED_SYN.
        AnalyzerHarness h = harness();
        h.packet(false, udpSyn(0xffffffffL, 0x1001, 2, 1232)).packet(true, udpSyn(0xffffffffL, 0x1000, 2, 1232))
                .packet(true, udpSyn(5, 0x1001, 2, 1232));
        assertThat(state(h)).isEqualTo(1);
        // A SYNACK without SYN or ACK, and one from the originator: still NEED_SYNACK.
        h.packet(true, udpSyn(0xffffffffL, 0x1001, 2, 1232)).packet(false, udpSyn(1, 0x1000, 2, 1232))
                .packet(true, udpSyn(1, 0x1005, 2, 1232));
        assertThat(state(h)).isEqualTo(2);
        assertThat(h.services()).isEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void binpacExceptions() {
        Object[][] cases = {
                {udpSyn(0xffffffffL, 0x0001, 0, 1232), "invalid case: has_synex_payload: 0 (true)"},
                {new byte[10], "out_of_bound: RDPEUDP_SYN:syndata_payload: 16 > 10"},
                {Arrays.copyOf(udpSyn(0xffffffffL, 0x1801, 2, 0), 40),
                        "out_of_bound: RDPUDP_CORRELATION_ID_PAYLOAD:uReserved: 32 > 24"},
                {Arrays.copyOf(udpSyn(0xffffffffL, 0x1001, 0x0101, 0), 30),
                        "out_of_bound: RDPUDP_SYNEX_PAYLOAD:has_cookie_hash: 32 > 10"},
        };
        for (Object[] c : cases) {
            violations.clear();
            AnalyzerHarness h = harness();
            h.packet(true, (byte[]) c[0]);
            assertThat(violations).containsExactly("Binpac exception: binpac exception: " + c[1]);
        }
        // After the handshake: an ACK shorter than its vector.
        violations.clear();
        AnalyzerHarness h = harness();
        h.packet(true, udpSyn(0xffffffffL, 0x1001, 2, 1232)).packet(false, udpSyn(1, 0x1005, 2, 1232))
                .packet(true, Arrays.copyOf(ack1(4, 9, 0), 14));
        assertThat(violations).containsExactly(
                "Binpac exception: binpac exception: out_of_bound: RDPUDP_ACK_VECTOR_HEADER:pad: 12 > 6");
        assertThat(h.services()).isEmpty();
    }

    @Test
    void probeFollowsTheSignature() {
        byte[] syn = udpSyn(0xffffffffL, 0x1001, 2, 1232);
        Probe p = RdpeudpAnalyzer.PROBE;
        assertThat(p.test(syn, 1024, 1232)).isEqualTo(Probe.MATCH);
        assertThat(p.test(syn, 1024, 1132)).isEqualTo(Probe.MATCH);
        assertThat(p.test(syn, 1024, 1131)).isEqualTo(Probe.NO_MATCH);
        assertThat(p.test(syn, 1024, 1233)).isEqualTo(Probe.NO_MATCH);
        assertThat(p.test(udpSyn(0xffffffffL, 0x1003, 2, 1232), 1024, 1232)).isEqualTo(Probe.NO_MATCH);
        assertThat(p.test(udpSyn(0xfffffffeL, 0x1001, 2, 1232), 1024, 1232)).isEqualTo(Probe.NO_MATCH);
        // Without the size, the prefix's length stands for it.
        assertThat(p.test(syn, 1024)).isEqualTo(Probe.NO_MATCH);
    }
}
