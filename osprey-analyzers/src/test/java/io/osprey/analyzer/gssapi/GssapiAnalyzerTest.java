package io.osprey.analyzer.gssapi;

import io.osprey.analyzer.ntlm.NtlmAuthenticate;
import io.osprey.analyzer.ntlm.NtlmChallenge;
import io.osprey.analyzer.ntlm.NtlmMsg;
import io.osprey.analyzer.ntlm.NtlmNegotiate;
import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.osprey.analyzer.gssapi.Spnego.SPNEGO_OID;
import static io.osprey.analyzer.gssapi.Spnego.negTokenInit;
import static io.osprey.analyzer.gssapi.Spnego.negTokenResp;
import static io.osprey.analyzer.gssapi.Spnego.tlv;
import static org.assertj.core.api.Assertions.assertThat;

/** SPNEGO blobs through {@link GssapiAnalyzer}, one blob per delivery, with its own NTLM analyzer behind it. */
class GssapiAnalyzerTest {
    final AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 445, GssapiAnalyzer.SPEC);
    final List<String> events = new ArrayList<>();
    final List<String> violations = new ArrayList<>();

    GssapiAnalyzerTest() {
        h.events().subscribe(GssapiNegResult.class, e -> events.add("neg_result " + e.state()));
        h.events().subscribe(NtlmNegotiate.class, e -> events.add("ntlm_negotiate"));
        h.events().subscribe(NtlmChallenge.class, e -> events.add("ntlm_challenge"));
        h.events().subscribe(NtlmAuthenticate.class, e -> events.add("ntlm_authenticate"));
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.analyzer().name() + ": " + f.reason()));
    }

    @Test
    void negTokenInitWithoutTokenConfirmsGssapiOnly() {
        h.stream(false, negTokenInit(null));
        assertThat(h.services()).containsExactly("gssapi");
        assertThat(events).isEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void ntlmExchangeInsideSpnego() {
        h.stream(true, negTokenInit(NtlmMsg.negotiate(NtlmMsg.UNICODE, null, null)));
        h.stream(false, negTokenResp(1, NtlmMsg.challenge(NtlmMsg.UNICODE | NtlmMsg.TARGET_INFO, null,
                NtlmMsg.avPairs(1, "SRV"))));
        h.stream(true, negTokenResp(-1, NtlmMsg.authenticate(NtlmMsg.UNICODE, "D", "U", "W")));
        h.stream(false, negTokenResp(0, null));
        // NTLM confirms inside GSSAPI's parse, before GSSAPI itself
        assertThat(h.services()).containsExactly("ntlm", "gssapi");
        // negState comes before the responseToken in the SEQUENCE: its event comes first, as Zeek queues them
        assertThat(events).containsExactly("ntlm_negotiate", "neg_result 1", "ntlm_challenge", "ntlm_authenticate",
                "neg_result 0");
        assertThat(violations).isEmpty();
    }

    @Test
    void micAndWrapTokensAreOpaque() {
        h.stream(true, new byte[] {0x04, 0x04, 1, 2, 3});
        h.stream(true, new byte[] {0x05, 0x04, 9});
        assertThat(h.services()).containsExactly("gssapi");
        assertThat(violations).isEmpty();
    }

    @Test
    void elementIndexWithoutACaseIsAViolation() {
        h.stream(false, tlv(0x60, SPNEGO_OID, tlv(0xA0, tlv(0x30, tlv(0xA7, new byte[] {1})))));
        assertThat(violations).containsExactly("GSSAPI: Binpac exception: binpac exception: invalid index for case: "
                + "GSSAPI_NEG_TOKEN_INIT_Arg_Data: 7");
        assertThat(h.services()).isEmpty();
    }

    @Test
    void elementLongerThanTheBlobIsAViolation() {
        byte[] b = negTokenInit(null);
        h.stream(false, Arrays.copyOf(b, b.length - 3));
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).startsWith("GSSAPI: Binpac exception: binpac exception: out_of_bound");
    }

    @Test
    void elementsAreReadToTheEndOfTheBlobNotOfTheSequence() {
        // Zeek reads NegTokenInit's elements until the input ends: an element after the SEQUENCE's end still counts
        byte[] seq = tlv(0x30, tlv(0xA0, tlv(0x30, Spnego.NTLM_OID)));
        byte[] extra = tlv(0xA3, tlv(0x04, new byte[] {1, 2}));
        byte[] blob = tlv(0x60, SPNEGO_OID, tlv(0xA0, seq, extra));
        h.stream(false, blob);
        assertThat(h.services()).containsExactly("gssapi");
        AnalyzerHarness bad = new AnalyzerHarness(AnalyzerSpec.TCP, 445, GssapiAnalyzer.SPEC);
        byte[] trailing = Arrays.copyOf(blob, blob.length + 1); // one byte is no TLV header
        bad.stream(false, trailing);
        assertThat(bad.services()).isEmpty();
    }

    @Test
    void kerberosApReqConfirmsKrbFirst() {
        byte[] apReq = tlv(0x6E, tlv(0x30, tlv(0xA0, tlv(0x02, new byte[] {5}))));
        byte[] krbToken = tlv(0x60, tlv(0x06, new byte[] {0x2a, (byte) 0x86, 0x48}), new byte[] {1, 0}, apReq);
        h.stream(true, negTokenInit(krbToken));
        assertThat(h.services()).containsExactly("krb", "gssapi");
    }

    @Test
    void brokenKerberosOidBlobIsAViolation() {
        h.stream(true, negTokenInit(new byte[] {0x60, 0x05, 0x06, 0x09, 1}));
        assertThat(violations).hasSize(1);
        assertThat(h.services()).isEmpty();
    }

    @Test
    void brokenNtlmMessageDoesNotStopGssapiNorItsNtlmAnalyzer() {
        byte[] shortNtlm = Arrays.copyOf(NtlmMsg.negotiate(0, null, null), 10);
        h.stream(true, negTokenInit(shortNtlm));
        assertThat(violations).containsExactly(
                "NTLM: Binpac exception: binpac exception: out_of_bound: NTLM_SSP_Token:msg_type: 12 > 10");
        assertThat(h.services()).containsExactly("gssapi");
        // the NTLM analyzer lives outside the analyzer tree: Zeek cannot disable it, so it keeps parsing
        h.stream(true, negTokenResp(-1, NtlmMsg.authenticate(NtlmMsg.UNICODE, "D", "U", "W")));
        assertThat(h.services()).containsExactly("gssapi", "ntlm");
        assertThat(events).containsExactly("ntlm_authenticate");
    }

    @Test
    void everyPrefixIsHandled() {
        List<byte[]> blobs = List.of(negTokenInit(NtlmMsg.negotiate(NtlmMsg.UNICODE, null, null)),
                negTokenResp(1, NtlmMsg.challenge(NtlmMsg.UNICODE | NtlmMsg.TARGET_INFO, "T",
                        NtlmMsg.avPairs(1, "S"))),
                negTokenResp(0, null));
        for (byte[] b : blobs) {
            for (int n = 0; n <= b.length; n++) {
                AnalyzerHarness one = new AnalyzerHarness(AnalyzerSpec.TCP, 445, GssapiAnalyzer.SPEC);
                one.stream(true, Arrays.copyOf(b, n));
                assertThat(one.weirds()).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                if (n == b.length) {
                    assertThat(one.services()).contains("gssapi");
                } else if (n > 0 && n < 4) {
                    assertThat(one.services()).isEmpty();
                }
            }
        }
    }
}
