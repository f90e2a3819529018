package io.osprey.analyzer.ssl;

import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.osprey.analyzer.ssl.Tls.concat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DTLS recognition as Zeek's DTLS analyzer does it: confirmation on a ClientHello (whole or reassembled from
 * fragments in any order), STUN skipped, bad record versions counted (reported once after confirmation), the DPD
 * signature; and mutated datagrams never break it.
 */
class DtlsAnalyzerTest {
    static final int D12 = 0xFEFD;

    /** A DTLS record (RFC 6347 §4.1). */
    static byte[] record(int type, int version, int epoch, long seq, byte[] body) {
        return new Tls.Bytes().u8(type).u16(version).u16(epoch).u16((int) (seq >> 32)).u16((int) (seq >> 16))
                .u16((int) seq).u16(body.length).raw(body).bytes();
    }

    /** A DTLS handshake fragment (RFC 6347 §4.2.2). */
    static byte[] fragment(int type, int msgLen, int msgSeq, int offset, byte[] data) {
        return new Tls.Bytes().u8(type).u8(msgLen >> 16).u16(msgLen).u16(msgSeq).u8(offset >> 16).u16(offset)
                .u8(data.length >> 16).u16(data.length).raw(data).bytes();
    }

    /** A DTLS 1.2 ClientHello body: version, random, empty session id, empty cookie, suites, compression. */
    static byte[] clientHello() {
        return new Tls.Bytes().u16(D12).raw(Tls.filled(32, 0x11)).u8(0).u8(0).u16(4).u16(0xC02B).u16(0xC02F).u8(1)
                .u8(0).u16(8).raw(Tls.ext(0xff01, (byte) 0)).raw(Tls.ext(23)).bytes();
    }

    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 443, DtlsAnalyzer.SPEC);
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        return h;
    }

    @Test
    void wholeClientHelloConfirms() {
        byte[] ch = clientHello();
        AnalyzerHarness h = harness();
        h.packet(true, record(22, D12, 0, 0, fragment(1, ch.length, 0, 0, ch)));
        assertThat(h.services()).containsExactly("dtls");
        assertThat(violations).isEmpty();
    }

    @Test
    void fragmentedClientHelloConfirmsOnceCompleteInAnyOrder() {
        byte[] ch = clientHello();
        int[] cuts = {0, 10, 40, ch.length};
        byte[][] dgrams = new byte[3][];
        for (int i = 0; i < 3; i++) {
            dgrams[i] = record(22, D12, 0, 5 + i, fragment(1, ch.length, 0, cuts[i],
                    Arrays.copyOfRange(ch, cuts[i], cuts[i + 1])));
        }
        int[][] orders = {{0, 1, 2}, {2, 1, 0}, {1, 0, 2}, {0, 2, 1}, {2, 0, 1}, {1, 2, 0}};
        for (int[] order : orders) {
            AnalyzerHarness h = harness();
            for (int k = 0; k < 3; k++) {
                assertThat(h.services()).as("order %s at %d", Arrays.toString(order), k).isEmpty();
                h.packet(true, dgrams[order[k]]);
            }
            assertThat(h.services()).as("order %s", Arrays.toString(order)).containsExactly("dtls");
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void fragmentPastTheMessageEndIsAViolation() {
        AnalyzerHarness h = harness();
        h.packet(true, record(22, D12, 0, 0, fragment(1, 20, 0, 15, new byte[10])));
        assertThat(violations).containsExactly("DTLS handshake fragment trying to write past end of buffer");
    }

    @Test
    void stunIsSkipped() {
        AnalyzerHarness h = harness();
        byte[] stun = new Tls.Bytes().u16(1).u16(8).raw(new byte[] {0x21, 0x12, (byte) 0xA4, 0x42})
                .raw(new byte[12]).raw(new byte[8]).bytes();
        h.packet(true, stun);
        byte[] ch = clientHello();
        h.packet(true, record(22, D12, 0, 0, fragment(1, ch.length, 0, 0, ch)));
        assertThat(h.services()).containsExactly("dtls");
        assertThat(violations).isEmpty();
    }

    @Test
    void badVersionsAreCountedAndReportedOnceAfterConfirmation() {
        AnalyzerHarness h = harness();
        byte[] bad = record(23, 0x0303, 0, 0, new byte[10]);
        for (int i = 0; i < 5; i++) {
            h.packet(false, bad);
        }
        assertThat(violations).isEmpty();
        byte[] ch = clientHello();
        h.packet(true, record(22, D12, 0, 0, fragment(1, ch.length, 0, 0, ch)));
        assertThat(h.services()).containsExactly("dtls");
        h.packet(false, bad);
        assertThat(violations).containsExactly("Invalid version in DTLS connection. Packet reported version: 771");
    }

    @Test
    void tooManyBadVersionsStopTheAnalyzer() {
        AnalyzerHarness h = harness();
        byte[] bad = record(23, 0x0303, 0, 0, new byte[10]);
        for (int i = 0; i <= DtlsAnalyzer.MAX_VERSION_ERRORS; i++) {
            h.packet(false, bad);
        }
        byte[] ch = clientHello();
        h.packet(true, record(22, D12, 0, 0, fragment(1, ch.length, 0, 0, ch)));
        assertThat(h.services()).isEmpty();
    }

    @Test
    void probeMatchesZeeksSignature() {
        byte[] ch = clientHello();
        byte[] d = record(22, D12, 0, 0, fragment(1, ch.length, 0, 0, ch));
        assertThat(DtlsAnalyzer.probe(d, d.length)).isEqualTo(Probe.MATCH);
        assertThat(DtlsAnalyzer.probe(d, 20)).isEqualTo(Probe.MORE);
        byte[] epoch1 = record(22, D12, 1, 0, fragment(1, ch.length, 0, 0, ch));
        assertThat(DtlsAnalyzer.probe(epoch1, epoch1.length)).isEqualTo(Probe.NO_MATCH);
        byte[] tls = Tls.clientHelloRecord12();
        assertThat(DtlsAnalyzer.probe(tls, tls.length)).isEqualTo(Probe.NO_MATCH);
    }

    @Test
    void mutatedDatagramsNeverBreakTheAnalyzer() {
        byte[] ch = clientHello();
        byte[] sh = Tls.serverHello(D12);
        List<byte[]> seeds = List.of(
                record(22, D12, 0, 0, fragment(1, ch.length, 0, 0, ch)),
                concat(record(22, D12, 0, 1, fragment(1, ch.length, 0, 0, Arrays.copyOf(ch, 30))),
                        record(22, D12, 0, 2, fragment(1, ch.length, 0, 30, Arrays.copyOfRange(ch, 30, ch.length)))),
                concat(record(22, D12, 0, 0, fragment(2, sh.length, 0, 0, sh)), record(20, D12, 0, 1, new byte[] {1}),
                        record(22, D12, 1, 0, new byte[40])),
                record(21, D12, 0, 3, new byte[] {2, 40}));
        int n = Mutator.iterations(400);
        for (int s = 0; s < seeds.size(); s++) {
            for (int k = 0; k < n; k++) {
                long seed = s * 1_000_003L + k;
                SplittableRandom r = new SplittableRandom(seed);
                AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 443, DtlsAnalyzer.SPEC);
                DtlsAnalyzer dtls = (DtlsAnalyzer) h.analyzer("DTLS");
                for (int p = 0; p < 1 + r.nextInt(6); p++) {
                    byte[] d = seeds.get(r.nextInt(seeds.size()));
                    h.packet(r.nextBoolean(), r.nextInt(4) == 0 ? d : Mutator.mutate(d, r.nextLong()));
                }
                h.done();
                assertThat(h.weirds()).as("seed %d", seed).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                assertThat(h.services()).as("seed %d", seed).isSubsetOf("dtls");
                assertThat(dtls.bufferedCapacity()).as("seed %d", seed)
                        .isLessThanOrEqualTo(65535 + 2 * DtlsAnalyzer.MAX_HANDSHAKE + 2 * TlsHandshake.MAX_HELLO);
            }
        }
    }
}
