package io.osprey.analyzer.ntlm;

import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.osprey.analyzer.ntlm.NtlmMsg.NTLM;
import static io.osprey.analyzer.ntlm.NtlmMsg.OEM_DOMAIN;
import static io.osprey.analyzer.ntlm.NtlmMsg.OEM_WORKSTATION;
import static io.osprey.analyzer.ntlm.NtlmMsg.REQUEST_TARGET;
import static io.osprey.analyzer.ntlm.NtlmMsg.TARGET_INFO;
import static io.osprey.analyzer.ntlm.NtlmMsg.UNICODE;
import static io.osprey.analyzer.ntlm.NtlmMsg.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/** NTLMSSP messages through {@link NtlmAnalyzer}, one message per delivery: events, confirmation, violations. */
class NtlmAnalyzerTest {
    final AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 445, NtlmAnalyzer.SPEC);
    final List<Object> events = new ArrayList<>();
    final List<String> violations = new ArrayList<>();

    NtlmAnalyzerTest() {
        h.events().subscribe(NtlmNegotiate.class, events::add);
        h.events().subscribe(NtlmChallenge.class, events::add);
        h.events().subscribe(NtlmAuthenticate.class, events::add);
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void negotiateWithOemDomainAndWorkstation() {
        h.stream(true, NtlmMsg.negotiate(UNICODE | NTLM | OEM_DOMAIN | OEM_WORKSTATION, "CORP", "PC1"));
        assertThat(h.services()).containsExactly("ntlm");
        NtlmNegotiate n = (NtlmNegotiate) events.get(0);
        // Zeek converts them as UTF-16 whatever the flags say: "CORP" becomes two characters
        assertThat(s(n.domainName())).isEqualTo("\u4F43\u5052");
        assertThat(n.workstation()).isNotNull();
        assertThat(violations).isEmpty();
    }

    @Test
    void negotiateWithoutSuppliedFlagsHasNoStrings() {
        h.stream(true, NtlmMsg.negotiate(UNICODE | NTLM, "CORP", "PC1"));
        NtlmNegotiate n = (NtlmNegotiate) events.get(0);
        assertThat(n.domainName()).isNull();
        assertThat(n.workstation()).isNull();
        assertThat(n.flags()).isEqualTo(UNICODE | NTLM);
    }

    @Test
    void challengeTargetInfoNames() {
        byte[] ti = NtlmMsg.avPairs(2, "CONTOSO", 1, "SERVER002", 4, "contoso.com", 3, "SERVER002.contoso.com",
                5, "contoso.com", 7, new byte[8], 6, new byte[4]);
        h.stream(false, NtlmMsg.challenge(UNICODE | REQUEST_TARGET | TARGET_INFO | VERSION, "CONTOSO", ti));
        NtlmChallenge c = (NtlmChallenge) events.get(0);
        assertThat(s(c.targetName())).isEqualTo("CONTOSO");
        assertThat(c.targetInfo()).isTrue();
        assertThat(s(c.nbComputerName())).isEqualTo("SERVER002");
        assertThat(s(c.nbDomainName())).isEqualTo("CONTOSO");
        assertThat(s(c.dnsComputerName())).isEqualTo("SERVER002.contoso.com");
        assertThat(s(c.dnsDomainName())).isEqualTo("contoso.com");
        assertThat(s(c.dnsTreeName())).isEqualTo("contoso.com");
        assertThat(h.services()).containsExactly("ntlm");
        assertThat(violations).isEmpty();
    }

    @Test
    void challengeWithoutTargetInfoFlagIgnoresTheField() {
        byte[] ti = NtlmMsg.avPairs(1, "SRV");
        h.stream(false, NtlmMsg.challenge(UNICODE, "X", ti));
        NtlmChallenge c = (NtlmChallenge) events.get(0);
        assertThat(c.targetInfo()).isFalse();
        assertThat(c.nbComputerName()).isNull();
        assertThat(c.targetName()).isNull(); // REQUEST_TARGET not set
    }

    @Test
    void authenticateNames() {
        h.stream(true, NtlmMsg.authenticate(UNICODE | NTLM, "CONTOSO", "Administrator", "SERVER01"));
        NtlmAuthenticate a = (NtlmAuthenticate) events.get(0);
        assertThat(s(a.domainName())).isEqualTo("CONTOSO");
        assertThat(s(a.userName())).isEqualTo("Administrator");
        assertThat(s(a.workstation())).isEqualTo("SERVER01");
        assertThat(h.services()).containsExactly("ntlm");
    }

    @Test
    void authenticateEmptyFieldsAreAbsent() {
        h.stream(true, NtlmMsg.authenticate(UNICODE, null, "zeek", null));
        NtlmAuthenticate a = (NtlmAuthenticate) events.get(0);
        assertThat(a.domainName()).isNull();
        assertThat(a.workstation()).isNull();
        assertThat(s(a.userName())).isEqualTo("zeek");
    }

    @Test
    void unknownMessageTypeConfirmsWithoutEvent() {
        byte[] m = NtlmMsg.negotiate(0, null, null);
        m[8] = 9;
        h.stream(true, m);
        assertThat(h.services()).containsExactly("ntlm");
        assertThat(events).isEmpty();
    }

    @Test
    void shortMessageIsAViolation() {
        h.stream(true, Arrays.copyOf(NtlmMsg.negotiate(0, null, null), 10));
        assertThat(violations).containsExactly("Binpac exception: binpac exception: out_of_bound: "
                + "NTLM_SSP_Token:msg_type: 12 > 10");
        assertThat(h.services()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void stringPastTheEndIsAViolationWithoutEvent() {
        byte[] m = NtlmMsg.authenticate(UNICODE, "D", "U", "W");
        h.stream(true, Arrays.copyOf(m, m.length - 1)); // the session key's last byte is missing
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).startsWith("Binpac exception: binpac exception: out_of_bound: NTLM_String");
        assertThat(events).isEmpty();
    }

    @Test
    void stringOffsetBeforeThePayloadIsAViolation() {
        byte[] m = NtlmMsg.authenticate(UNICODE, "D", "U", "W");
        NtlmMsg.putU32(m, 40, 10); // UserName offset inside the fixed part
        h.stream(true, m);
        assertThat(violations).hasSize(1);
        assertThat(events).isEmpty();
    }

    @Test
    void unknownAvPairIdIsAViolation() {
        byte[] ti = NtlmMsg.avPairs(0x0b, "x");
        h.stream(false, NtlmMsg.challenge(UNICODE | TARGET_INFO, null, ti));
        assertThat(violations).containsExactly("Binpac exception: binpac exception: invalid index for case: "
                + "NTLM_AV_Pair: 11");
        assertThat(events).isEmpty();
    }

    @Test
    void avPairsWithoutEolUnderflowButStillConfirm() {
        byte[] ti = NtlmMsg.avPairs(1, "SRV");
        byte[] cut = Arrays.copyOf(ti, ti.length - 4); // no MsvAvEOL
        byte[] m = NtlmMsg.challenge(UNICODE | TARGET_INFO, null, cut);
        h.stream(false, m);
        assertThat(violations).containsExactly("NTLM AV Pair loop underflow");
        assertThat(events).hasSize(1);
        assertThat(s(((NtlmChallenge) events.get(0)).nbComputerName())).isEqualTo("SRV");
    }

    @Test
    void everyPrefixOfEveryMessageIsHandled() {
        List<byte[]> msgs = List.of(NtlmMsg.negotiate(UNICODE | OEM_DOMAIN | OEM_WORKSTATION | VERSION, "D", "W"),
                NtlmMsg.challenge(UNICODE | REQUEST_TARGET | TARGET_INFO | VERSION, "T",
                        NtlmMsg.avPairs(1, "A", 8, new byte[16], 10, new byte[2])),
                NtlmMsg.authenticate(UNICODE | VERSION, "D", "U", "W"));
        for (byte[] m : msgs) {
            for (int n = 0; n <= m.length; n++) {
                AnalyzerHarness one = new AnalyzerHarness(AnalyzerSpec.TCP, 445, NtlmAnalyzer.SPEC);
                one.stream(true, Arrays.copyOf(m, n));
                assertThat(one.weirds()).noneMatch(w -> w.startsWith("osprey_analyzer_error"));
                // parsed in full only when the whole message is there (or, for types it does not know, 12 bytes)
                if (n == m.length) {
                    assertThat(one.services()).containsExactly("ntlm");
                }
            }
        }
    }
}
