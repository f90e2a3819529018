package io.osprey.analyzer.radius;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RADIUS exchanges as Zeek's script builds radius.log rows from them: which message's attributes count, first value
 * wins, results, ttl, the "unknown" row at the connection's end, Zeek's MAC normalization and binpac's violation
 * texts. Expected values were checked against Zeek 9.1 on captures of the same kind (see RadiusGoldenTest).
 */
class RadiusExchangeTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    /** A message: code, identifier 7, zero authenticator, then (type, value) attribute pairs. */
    static byte[] msg(int code, Object... attrs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) code, 7, 0, 0});
        b.writeBytes(new byte[16]);
        for (int i = 0; i < attrs.length; i += 2) {
            byte[] v = attrs[i + 1] instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : (byte[]) attrs[i + 1];
            b.write((Integer) attrs[i]);
            b.write(v.length + 2);
            b.writeBytes(v);
        }
        byte[] m = b.toByteArray();
        m[2] = (byte) (m.length >>> 8);
        m[3] = (byte) m.length;
        return m;
    }

    private static AnalyzerHarness harness(List<RadiusInfo> rows) {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 1812, RadiusAnalyzer.SPEC);
        h.events().subscribe(RadiusInfo.class, rows::add);
        return h;
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void anAcceptedRequestIsOneRowWithTheRequestsAttributes() {
        List<RadiusInfo> rows = new ArrayList<>();
        AnalyzerHarness h = harness(rows);
        h.at(T0).packet(true, msg(1, 1, "steve", 1, "second", 31, "00-14-22-E9-54-5E", 66, "\u0001192.0.2.7",
                77, "CONNECT 54Mbps", 8, new byte[] {10, 0, 0, 1}, 18, "ignored in a request"));
        assertThat(rows).isEmpty();
        h.at(T0 + 543_000).packet(false, msg(2, 8, new byte[] {10, 0, 0, 2}, 18, "ignored in an accept"));
        assertThat(rows).hasSize(1);
        RadiusInfo r = rows.getFirst();
        assertThat(r.ts()).isEqualTo(T0);
        assertThat(s(r.username())).isEqualTo("steve");
        assertThat(r.mac()).isEqualTo("00:14:22:e9:54:5e");
        assertThat(s(r.tunnelClient())).isEqualTo("\u0001192.0.2.7");
        assertThat(s(r.connectInfo())).isEqualTo("CONNECT 54Mbps");
        // Framed-IP-Address and Reply-Message only count in an Access-Challenge.
        assertThat(r.hasFramed()).isFalse();
        assertThat(r.replyMsg()).isNull();
        assertThat(r.result()).isEqualTo("success");
        assertThat(r.endTime()).isEqualTo(T0 + 543_000);
        h.done();
        assertThat(rows).hasSize(1);
    }

    @Test
    void aChallengeGivesTheAddressAndPromptAndTheFirstValuesWin() {
        List<RadiusInfo> rows = new ArrayList<>();
        AnalyzerHarness h = harness(rows);
        h.at(T0).packet(true, msg(1, 1, "chal"));
        h.at(T0 + 1000).packet(false, msg(11, 8, new byte[] {10, 80, 0, 99}, 18, "Enter the code"));
        h.at(T0 + 2000).packet(true, msg(1, 1, "other", 24, "state"));
        h.at(T0 + 3000).packet(false, msg(11, 8, new byte[] {1, 2, 3, 4}, 18, "again"));
        h.at(T0 + 4000).packet(false, msg(3));
        RadiusInfo r = rows.getFirst();
        assertThat(s(r.username())).isEqualTo("chal");
        assertThat(r.framedAddr()).isEqualTo(0x0A500063);
        assertThat(s(r.replyMsg())).isEqualTo("Enter the code");
        assertThat(r.result()).isEqualTo("failed");
        // A short Framed-IP-Address is 0.0.0.0 (raw_bytes_to_v4_addr).
        rows.clear();
        h.at(T0 + 5000).packet(false, msg(11, 8, new byte[] {1, 2}));
        h.done();
        assertThat(rows).singleElement().satisfies(x -> {
            assertThat(x.hasFramed()).isTrue();
            assertThat(x.framedAddr()).isZero();
            assertThat(x.result()).isEqualTo("unknown");
            assertThat(x.endTime()).isEqualTo(RadiusInfo.NO_TTL);
            assertThat(x.ts()).isEqualTo(T0 + 5000);
        });
    }

    @Test
    void exchangesFollowOneAnotherAndAZeroTtlIsUnset() {
        List<RadiusInfo> rows = new ArrayList<>();
        AnalyzerHarness h = harness(rows);
        // Status-Server answered by an Access-Accept in the same microsecond: success without ttl.
        h.at(T0).packet(true, msg(12, 80, new byte[16]));
        h.at(T0 + 999).packet(false, msg(2));
        h.at(T0 + 10_000).packet(true, msg(1, 1, "second"));
        h.at(T0 + 20_000).packet(false, msg(3));
        assertThat(rows).extracting(r -> s(r.username()) + " " + r.result() + " " + r.endTime())
                .containsExactly("null success " + RadiusInfo.NO_TTL, "second failed " + (T0 + 20_000));
    }

    @Test
    void macAddressesAreNormalizedAsZeekDoes() {
        assertThat(RadiusAnalyzer.normalizeMac("00-14-22-E9-54-5E".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("00:14:22:e9:54:5e");
        assertThat(RadiusAnalyzer.normalizeMac("0014.22e9.545e.0001".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("00:14:22:e9:54:5e:00:01");
        assertThat(RadiusAnalyzer.normalizeMac("not a mac".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(RadiusAnalyzer.normalizeMac(new byte[] {(byte) 0xAB, 'a', 'B'})).isEmpty();
    }

    private static String check(byte[] m) {
        return RadiusAnalyzer.check(MemorySegment.ofArray(m), 0, m.length);
    }

    @Test
    void malformedMessagesGetBinpacsExceptionText() {
        byte[] m = msg(1, 1, "steve", 5, new byte[] {0, 0, 0, 3});
        assertThat(check(m)).isNull();
        assertThat(check(new byte[3])).isEqualTo("out_of_bound: RADIUS_PDU: 4 > 3");
        assertThat(check(java.util.Arrays.copyOf(m, 12))).isEqualTo("out_of_bound: RADIUS_PDU:authenticator: 16 > 8");
        assertThat(check(java.util.Arrays.copyOf(m, m.length - 2)))
                .isEqualTo("out_of_bound: RADIUS_Attribute:value: 4 > 2");
        assertThat(check(java.util.Arrays.copyOf(m, m.length + 1))).isEqualTo("out_of_bound: RADIUS_Attribute: 2 > 1");
        byte[] zero = m.clone();
        zero[21] = 0;
        assertThat(check(zero)).isEqualTo("invalid string length: RADIUS_Attribute:value: -2");
        // A violation after a request still logs the open exchange when the analyzer goes.
        List<RadiusInfo> rows = new ArrayList<>();
        AnalyzerHarness h = harness(rows).packet(true, m).packet(false, new byte[3]);
        assertThat(h.analyzer("RADIUS")).isNull();
        assertThat(rows).extracting(RadiusInfo::result).containsExactly("unknown");
    }
}
