package io.osprey.analyzer.rdp;

import io.osprey.analyzer.rdp.RdpMessages.Bytes;
import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.osprey.analyzer.rdp.RdpMessages.clientCore;
import static io.osprey.analyzer.rdp.RdpMessages.connectInitial;
import static io.osprey.analyzer.rdp.RdpMessages.connectResponse;
import static io.osprey.analyzer.rdp.RdpMessages.connectionConfirm;
import static io.osprey.analyzer.rdp.RdpMessages.connectionFailure;
import static io.osprey.analyzer.rdp.RdpMessages.connectionRequest;
import static io.osprey.analyzer.rdp.RdpMessages.serverCore;
import static io.osprey.analyzer.rdp.RdpMessages.serverSecurityX509;
import static io.osprey.analyzer.rdp.RdpMessages.tpkt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RDP analyzer with the connection sequence in code: complete sessions, messages cut short, malformed ones
 * (with binpac's messages), the TLS hand-over, gaps, the session's logging rules, every split of the stream, the
 * payload-detection probes. The rows the full sessions give are those Zeek 9.1 wrote for the same messages (see
 * {@link RdpEndToEndTest}).
 */
class RdpAnalyzerTest {
    private static final String B = "Binpac exception: binpac exception: ";
    private static final long S = 1_000_000_000L;
    private final List<RdpInfo> rows = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness() {
        return harness(null);
    }

    private AnalyzerHarness harness(AnalyzerSpec tls) {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 3389, RdpAnalyzer.spec(tls));
        h.events().subscribe(RdpInfo.class, rows::add);
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        return h;
    }

    private static String s(byte[] b) {
        return b == null ? "-" : new String(b, StandardCharsets.UTF_8);
    }

    /** The row as text: the fields in log order after the id. */
    static String row(RdpInfo r) {
        List<String> ch = new ArrayList<>();
        if (r.clientChannels() != null) {
            r.clientChannels().forEach(c -> ch.add(s(c)));
        }
        return s(r.cookie()) + " | " + r.result() + " | " + r.securityProtocol() + " | "
                + (r.clientChannels() == null ? "-" : String.join(",", ch)) + " | " + r.keyboardLayout() + " | "
                + r.clientBuild() + " | " + s(r.clientName()) + " | " + s(r.clientDigProductId()) + " | "
                + r.desktopWidth() + " " + r.desktopHeight() + " " + r.requestedColorDepth() + " | " + r.certType()
                + " " + r.certCount() + " " + r.certPermanent() + " | " + r.encryptionLevel() + " | "
                + r.encryptionMethod();
    }

    private static final String STANDARD = "FTBCO\\A70 | Success | RDP | rdpdr,rdpsnd,drdynvc,cliprdr"
            + " | English - United States | RDP 6.0 | FROG-POND |  | 1152 864 32bit | RSA 1 true | High | 128bit";

    private static void play(AnalyzerHarness h, Object[][] conv) {
        for (Object[] m : conv) {
            h.stream((Boolean) m[0], (byte[]) m[1]);
        }
    }

    @Test
    void standardSecuritySession() {
        AnalyzerHarness h = harness();
        play(h, RdpMessages.standardSession());
        assertThat(h.services()).containsExactly("rdp");
        assertThat(rows).isEmpty();
        h.done();
        assertThat(rows).extracting(RdpAnalyzerTest::row).containsExactly(STANDARD);
        assertThat(violations).isEmpty();
    }

    @Test
    void sessionIsLoggedAfterTheCheckInterval() {
        AnalyzerHarness h = harness();
        h.at(100 * S).stream(true, connectionRequest("slow", 0)).stream(false, connectionConfirm(0));
        // Exactly 10 s later: not yet (Zeek's check is "more than").
        h.at(110 * S).stream(true, new byte[0]);
        assertThat(rows).isEmpty();
        h.at(110 * S + 1).stream(true, RdpMessages.standardInitial());
        assertThat(rows).extracting(RdpAnalyzerTest::row)
                .containsExactly("slow | null | RDP | - | null | null | - | - | -1 -1 null | null 0 null | null | null");
        assertThat(rows.getFirst().ts()).isEqualTo(100 * S);
        h.done();
        assertThat(rows).hasSize(1);
        assertThat(h.services()).containsExactly("rdp");
    }

    @Test
    void negotiationFailure() {
        AnalyzerHarness h = harness();
        h.stream(true, connectionRequest("FTBCO\\A70", 1)).stream(false, connectionFailure(2)).done();
        assertThat(rows).extracting(RdpAnalyzerTest::row).containsExactly(
                "FTBCO\\A70 | SSL_NOT_ALLOWED_BY_SERVER | null | - | null | null | - | - | -1 -1 null | null 0 null"
                        + " | null | null");
        assertThat(h.services()).isEmpty();
    }

    @Test
    void requestWithoutCookieOrNegotiation() {
        AnalyzerHarness h = harness();
        h.stream(true, connectionRequest(null, -1)).done();
        assertThat(rows).extracting(r -> s(r.cookie()) + "/" + r.result()).containsExactly("/null");
        // Nothing that makes a row: no row.
        rows.clear();
        AnalyzerHarness none = harness();
        none.stream(false, connectionConfirm(0)).done();
        assertThat(rows).isEmpty();
    }

    @Test
    void tlsHandsTheRestToSsl() {
        AnalyzerHarness h = harness(io.osprey.analyzer.ssl.SslAnalyzer.spec(100));
        h.stream(true, connectionRequest("AWAKECODI", 3)).stream(false, connectionConfirm(2));
        byte[] hello = new Bytes().u8(22, 3, 1).be16(45).u8(1, 0).be16(41).u8(3, 1).zeros(32).u8(0)
                .u8(0, 2, 0, 0x2f, 1, 0).build();
        byte[] serverHello = new Bytes().u8(22, 3, 1).be16(42).u8(2, 0).be16(38).u8(3, 1).zeros(32).u8(0)
                .u8(0, 0x2f, 0).build();
        h.stream(true, hello).stream(false, serverHello);
        h.done();
        assertThat(rows).extracting(RdpAnalyzerTest::row).containsExactly(
                "AWAKECODI | encrypted | HYBRID | - | null | null | - | - | -1 -1 null | null 0 null | null | null");
        assertThat(h.services()).containsExactly("ssl");
        assertThat(violations).isEmpty();
    }

    @Test
    void unknownCodesUseZeekDefaults() {
        AnalyzerHarness h = harness();
        h.stream(true, connectionRequest("x", 0)).stream(false, connectionConfirm(0))
                .stream(true, connectInitial(clientCore(640, 480, 0x12345678L, 1234, "\uD83D\uDE00é", 0x20, 0, "p")))
                .stream(false, connectResponse(7, serverCore(), serverSecurityX509(99, 77, 1)));
        h.done();
        assertThat(rows).extracting(RdpAnalyzerTest::row).containsExactly(
                "x | result-7 | RDP | - | keyboard-305419896 | client_build-1234 | \uD83D\uDE00é | p"
                        + " | 640 480 high_color_depth-32 | X.509 1 false | encryption_level-77"
                        + " | encryption_method-99");
        assertThat(rows.getFirst().clientName()).containsExactly(0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9);
    }

    @Test
    void utf16EndingInsideASurrogatePairIsAWeird() {
        AnalyzerHarness h = harness();
        // 15 spaces then a lone high surrogate as the 16th character of the client name.
        byte[] init = connectInitial(clientCore(1, 1, 1033, 2600, "#".repeat(16), 0x18, 0, ""));
        int name = new String(init, StandardCharsets.ISO_8859_1).indexOf("#\0".repeat(16));
        init[name + 30] = 0x3d;
        init[name + 31] = (byte) 0xd8;
        h.stream(true, init);
        h.done();
        assertThat(h.weirds()).anyMatch(w -> w.startsWith("utf16_conversion_failed"));
        assertThat(rows.getFirst().clientName()).hasSize(32);
        // Zeek converts the whole field before cutting at the first NUL: a NUL before the surrogate changes nothing.
        rows.clear();
        AnalyzerHarness nul = harness();
        init[name + 2] = 0;
        nul.stream(true, init).done();
        assertThat(nul.weirds()).anyMatch(w -> w.startsWith("utf16_conversion_failed"));
        assertThat(rows.getFirst().clientName()).hasSize(32);
        // Without the surrogate the name ends at the NUL.
        rows.clear();
        init[name + 30] = '#';
        init[name + 31] = 0;
        harness().stream(true, init).done();
        assertThat(rows.getFirst().clientName()).containsExactly('#');
    }

    @Test
    void malformedMessagesAreBinpacViolations() {
        Object[][] cases = {
                // cookie without CRLF
                {tpkt(new Bytes().u8(23, 0xe0, 0, 0, 0, 0, 0).ascii("Cookie: mstshash=abc").build()),
                        B + "string mismatch at "
                        + "/opt/src/zeek/src/analyzer/protocol/rdp/rdp-protocol.pac:85: \nexpected pattern: "
                        + "\"\\x0d\\x0a\"\nactual data: \"\""},
                // TPKT length below the header's
                {new byte[] {3, 0, 0, 3}, B + "out_of_bound: COTP:pdu: 2 > 0"},
                // RDP_NEG_REQ length other than 8
                {tpkt(new Bytes().u8(14, 0xe0, 0, 0, 0, 0, 0, 1, 0).le16(9).le32(0).build()),
                        B + "&enforce violation : RDP_Negotiation_Request:length"},
                // an announced RDP_NEG_REQ that is not there
                {tpkt(new Bytes().u8(14, 0xe0, 0, 0, 0, 0, 0, 1, 0).build()),
                        B + "out_of_bound: RDP_Negotiation_Request:requested_protocols: 8 > 2"},
                // Connect Initial with a wrong H.221 key
                {corrupt(RdpMessages.standardInitial(), "Duca", "Dxca"), null},
                // a data block longer than the record
                {tpkt(new Bytes().u8(2, 0xf0, 0x80, 0x7f, 0x65, 0x82, 1, 0xbe, 4, 1, 1, 4, 1, 1, 1, 1, 0xff)
                        .u8(0x30, 0, 0x30, 0, 0x30, 0).u8(4, 0x82, 0, 0).u8(0, 0, 0, 0)
                        .u8(0, 8, 0, 0x10, 0, 1, 0xc0, 0).ascii("Duca").u8(0, 0).le16(0xc001).le16(300).build()),
                        B + "out_of_bound: Data_Block:block: 296 > 0"},
        };
        for (Object[] c : cases) {
            violations.clear();
            AnalyzerHarness h = harness();
            h.stream(true, (byte[]) c[0]);
            if (c[1] == null) {
                assertThat(violations).singleElement().asString().startsWith(B + "string mismatch");
            } else {
                assertThat(violations).as((String) c[1]).containsExactly((String) c[1]);
            }
        }
    }

    @Test
    void serverSecurityEnforcements() {
        byte[] badRandom = RdpMessages.block(0x0c02, new Bytes().le32(2).le32(3).le32(16).le32(0).build());
        byte[] badCertType = RdpMessages.block(0x0c02, new Bytes().le32(2).le32(3).le32(32).le32(4).zeros(32)
                .le32(5).build());
        byte[] tooManyCerts = RdpMessages.block(0x0c02, new Bytes().le32(2).le32(3).le32(32).le32(8).zeros(32)
                .le32(2).le32(1001).build());
        Object[][] cases = {
                {badRandom, B + "&enforce violation : Server_Security_Data:server_random_length"},
                {badCertType, B + "invalid index for case: Server_Certificate: 5"},
                {tooManyCerts, B + "&enforce violation : X509:num_of_certs"},
        };
        for (Object[] c : cases) {
            violations.clear();
            rows.clear();
            AnalyzerHarness h = harness();
            h.stream(true, connectionRequest("u", 0)).stream(false, connectionConfirm(0))
                    .stream(false, connectResponse(0, serverCore(), (byte[]) c[0]));
            assertThat(violations).containsExactly((String) c[1]);
            // The GCC response confirmed before the failure: the service is taken back; the row is written now.
            assertThat(h.services()).isEmpty();
            assertThat(rows).extracting(r -> r.result() + " " + r.encryptionMethod()).containsExactly("Success null");
        }
    }

    @Test
    void afterAGapNothingIsParsed() {
        AnalyzerHarness h = harness();
        h.stream(true, connectionRequest("gap", 0)).gap(false, 0, 10).stream(false, connectionConfirm(0))
                .stream(true, RdpMessages.standardInitial()).done();
        assertThat(rows).extracting(RdpAnalyzerTest::row).containsExactly(
                "gap | null | null | - | null | null | - | - | -1 -1 null | null 0 null | null | null");
        assertThat(h.services()).isEmpty();
    }

    @Test
    void partialRecordIsKeptAcrossDeliveriesAndTheBufferIsReused() {
        AnalyzerHarness h = harness();
        byte[] init = RdpMessages.standardInitial();
        h.stream(true, connectionRequest("a", 0)).stream(false, connectionConfirm(0));
        h.stream(true, Arrays.copyOf(init, 3));
        assertThat(h.services()).isEmpty();
        h.stream(true, Arrays.copyOfRange(init, 3, init.length - 1));
        assertThat(h.services()).isEmpty();
        h.stream(true, Arrays.copyOfRange(init, init.length - 1, init.length));
        assertThat(h.services()).containsExactly("rdp");
    }

    @Test
    void everySplitGivesTheSameRow() {
        Object[][] conv = RdpMessages.standardSession();
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        for (Object[] m : conv) {
            if ((Boolean) m[0]) {
                client.writeBytes((byte[]) m[1]);
            }
        }
        for (int i = 0; i < conv.length; i++) {
            byte[] m = (byte[]) conv[i][1];
            for (int cut = 1; cut < m.length; cut++) {
                rows.clear();
                AnalyzerHarness h = harness();
                for (int j = 0; j < conv.length; j++) {
                    byte[] x = (byte[]) conv[j][1];
                    boolean o = (Boolean) conv[j][0];
                    if (j == i) {
                        h.stream(o, Arrays.copyOf(x, cut)).stream(o, Arrays.copyOfRange(x, cut, x.length));
                    } else {
                        h.stream(o, x);
                    }
                }
                h.done();
                assertThat(rows).as("message %d cut %d", i, cut).extracting(RdpAnalyzerTest::row)
                        .containsExactly(STANDARD);
                assertThat(violations).as("message %d cut %d", i, cut).isEmpty();
            }
        }
        // The client's whole stream in pieces of every size, the server's after its first message.
        byte[] all = client.toByteArray();
        for (int piece = 1; piece <= all.length; piece++) {
            rows.clear();
            AnalyzerHarness h = harness();
            int first = ((byte[]) conv[0][1]).length;
            h.stream(true, Arrays.copyOf(all, first)).stream(false, (byte[]) conv[1][1]);
            for (int off = first; off < all.length; off += piece) {
                h.stream(true, Arrays.copyOfRange(all, off, Math.min(all.length, off + piece)));
            }
            h.stream(false, (byte[]) conv[3][1]).done();
            assertThat(rows).as("piece %d", piece).extracting(RdpAnalyzerTest::row).containsExactly(STANDARD);
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void probesFollowTheSignatures() {
        byte[] cr = connectionRequest("x", 0);
        assertThat(RdpAnalyzer.CLIENT_PROBE.test(cr, cr.length)).isEqualTo(Probe.MATCH);
        assertThat(RdpAnalyzer.CLIENT_PROBE.test(cr, 20)).isEqualTo(Probe.MORE);
        byte[] init = RdpMessages.standardInitial();
        assertThat(RdpAnalyzer.CLIENT_PROBE.test(init, init.length)).isEqualTo(Probe.MATCH);
        byte[] noChannels = connectInitial(clientCore(1, 1, 1, 1, "a", 0, 0, ""));
        assertThat(RdpAnalyzer.CLIENT_PROBE.test(noChannels, noChannels.length)).isEqualTo(Probe.MORE);
        byte[] cc = connectionConfirm(0);
        assertThat(RdpAnalyzer.SERVER_PROBE.test(cc, cc.length)).isEqualTo(Probe.MATCH);
        byte[] resp = RdpMessages.standardResponse();
        resp[5] = 0;
        assertThat(RdpAnalyzer.SERVER_PROBE.test(resp, resp.length)).isEqualTo(Probe.MATCH);
        byte[] other = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(RdpAnalyzer.SERVER_PROBE.test(other, other.length)).isEqualTo(Probe.MORE);
    }

    @Test
    void steadyStateDoesNotAllocate() {
        // Records after the handshake that are parsed (no encryption chosen): one delivery each.
        AnalyzerHarness h = harness();
        h.stream(true, connectionRequest("a", 0)).stream(false, connectionConfirm(0));
        byte[] pdu = tpkt(new Bytes().u8(2, 0xf0, 0x80, 0x64, 0, 6, 3, 0xeb, 0x70).zeros(40).build());
        java.lang.foreign.MemorySegment seg = java.lang.foreign.MemorySegment.ofArray(pdu);
        for (int i = 0; i < 20_000; i++) {
            h.stream(true, seg, 0, pdu.length);
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            h.stream(true, seg, 0, pdu.length);
        }
        assertThat(mx.getCurrentThreadAllocatedBytes() - before).isLessThan(64 * 1024);
        assertThat(violations).isEmpty();
    }

    static byte[] corrupt(byte[] msg, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] out = msg.clone();
        for (int i = 0; i + f.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, out, i, f.length);
                return out;
            }
        }
        throw new IllegalArgumentException(from);
    }
}
