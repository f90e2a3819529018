package io.osprey.analyzer.sip;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIP over UDP, datagram by datagram: replies confirm, requests do not; malformed start and header lines are
 * violations; the analyzer's and the script's weirds carry Zeek's names and addl. Expected values were checked
 * against Zeek 9.1 on captures of the same datagrams.
 */
class SipAnalyzerTest {
    static final String INVITE = "INVITE sip:bob@10.0.0.2 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9\r\n"
            + "From: <sip:alice@10.0.0.1>;tag=19\r\nTo: <sip:bob@10.0.0.2>\r\nCall-ID: a84b@10.0.0.1\r\n"
            + "CSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: 8\r\n\r\nv=0\r\no=x";
    static final String OK = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9\r\nCSeq: 1 INVITE\r\n"
            + "Content-Length: 0\r\n\r\n";

    private static AnalyzerHarness harness() {
        return new AnalyzerHarness(AnalyzerSpec.UDP, 5060, SipAnalyzer.SPEC);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aReplyConfirmsARequestDoesNot() {
        AnalyzerHarness h = harness().packet(true, b(INVITE));
        assertThat(h.services()).isEmpty();
        assertThat(h.analyzer("SIP")).isNotNull();
        h.packet(false, b(OK));
        assertThat(h.services()).containsExactly("sip");
        assertThat(h.weirds()).isEmpty();
    }

    @Test
    void directionComesFromThePayloadNotTheSender() {
        // A reply sent by the originator still confirms (SIP.cc's real_orig).
        assertThat(harness().packet(true, b(OK)).services()).containsExactly("sip");
        // A request sent by the responder does not, and parses as a request (its junk is reported).
        AnalyzerHarness h = harness().packet(false, b("\0\0INVITE sip:x SIP/2.0\r\n\r\n"));
        assertThat(h.services()).isEmpty();
        assertThat(h.weirds()).containsExactly("sip_junk_before_request:\\x00\\x00");
    }

    @Test
    void keepAlivesAreIgnored() {
        // A "\r\n" datagram between the reply line and its headers would otherwise end the headers.
        AnalyzerHarness h = harness().packet(true, b(INVITE)).packet(true, b("\r\n")).packet(false, b(OK));
        assertThat(h.services()).containsExactly("sip");
        assertThat(h.analyzer("SIP")).isNotNull();
    }

    @Test
    void junkBeforeTheMethodIsReportedRendered() {
        AnalyzerHarness h = harness().packet(true, b("\0\0\0\0" + INVITE));
        assertThat(h.weirds()).containsExactly("sip_junk_before_request:\\x00\\x00\\x00\\x00");
        // Render leaves printable bytes, backslash included, as they are.
        h = harness().packet(true, b("\\\"\u007f INVITE sip:x SIP/2.0\r\n\r\n"));
        assertThat(h.weirds()).containsExactly("sip_junk_before_request:\\\"\\x7f ");
    }

    @Test
    void contentLengthsThatAreNotCountsAreScriptWeirds() {
        AnalyzerHarness h = harness()
                .packet(true, b("INVITE sip:bob@x SIP/2.0\r\nContent-Length: bad\r\n\r\n"))
                .packet(false, b("SIP/2.0 200 OK\r\ncontent-length: xyz\r\n\r\n"));
        assertThat(h.weirds()).containsExactly("invalid_SIP_request_body_len:bad",
                "invalid_SIP_response_body_len:xyz");
        assertThat(h.services()).containsExactly("sip");
        // A blank after the number and the compact form "l" are fine; a NUL is not, nor an empty value (the
        // blanks after ':' are not part of the value).
        h = harness().packet(true, b("INVITE sip:x SIP/2.0\r\nl: 12 \r\nContent-Length: 5\0x\r\nL: \t\r\n\r\n"));
        assertThat(h.weirds()).containsExactly("invalid_SIP_request_body_len:<string-with-NUL>",
                "invalid_SIP_request_body_len:");
    }

    @Test
    void unknownMethodsAreScriptWeirds() {
        AnalyzerHarness h = harness().packet(true, b("FOO sip:x SIP/2.0\r\n\r\n"));
        assertThat(h.weirds()).containsExactly("unknown_SIP_method:FOO");
    }

    @Test
    void pathsLongerThanTheCapAreWeird() {
        String vias = "Via: a\r\n".repeat(SipScript.MAX_PATH + 1);
        AnalyzerHarness h = harness().packet(true, b("INVITE sip:x SIP/2.0\r\n" + vias + "\r\n"))
                .packet(false, b("SIP/2.0 200 OK\r\n" + "v: b\r\n".repeat(SipScript.MAX_PATH) + "\r\n"));
        assertThat(h.weirds()).containsExactly("sip_max_request_path_length_exceeded");
    }

    @Test
    void theBodyFollowsContentLengthAcrossDatagrams() {
        // The body's last bytes arrive in the next datagram; what follows them is a new request.
        AnalyzerHarness h = harness()
                .packet(true, b("INVITE sip:x SIP/2.0\r"))
                .packet(true, b("\nContent-Length: 4\r\n\r\nab"))
                .packet(true, b("cdFOO sip:x SIP/2.0\r\n\r\n"));
        assertThat(h.weirds()).containsExactly("unknown_SIP_method:FOO");
        assertThat(h.analyzer("SIP")).isNotNull();
    }

    @Test
    void malformedLinesAreViolations() {
        String[] bad = {
            "INVITE sip:x SIP/2.0\r\nbad header\r\n\r\n", // no ':'
            "INVITE sip:x SIP/2.0\r\nSubject: a\r\n b\r\n\r\n", // folded header: no name
            "INVITE sip:x SIP/X\r\n", // version digits
            "INVITE sip:x\r\n", // no version at all
            "INVITE\r\n", // no URI
            "\u00ff\u00fe\r\n", // no method
            "INVITE sip:x SIP/2.0\r\nContent-Length: -5\r\n\r\n", // negative body length
        };
        for (String m : bad) {
            AnalyzerHarness h = harness().packet(false, b(OK)).packet(true, b(m));
            assertThat(h.services()).as(m).isEmpty();
            assertThat(h.analyzer("SIP")).as(m).isNull();
        }
        AnalyzerHarness h = harness().packet(false, b(OK)).packet(false, b("SIP/2.0 2x0 OK\r\n\r\n"));
        assertThat(h.analyzer("SIP")).isNull();
    }

    @Test
    void linesWithoutAnEndWaitAndGarbageIsNeitherConfirmedNorRejected() {
        AnalyzerHarness h = harness().packet(true, b("hello world")).packet(false, new byte[] {0, 1, 2});
        assertThat(h.services()).isEmpty();
        assertThat(h.analyzer("SIP")).isNotNull();
        assertThat(h.weirds()).isEmpty();
    }

    @Test
    void numbersAreReadAsZeekReadsThem() {
        assertThat(SipAnalyzer.strtol(b(" 42x"), 0, 4)).isEqualTo(42);
        assertThat(SipAnalyzer.strtol(b("bad"), 0, 3)).isZero();
        assertThat(SipAnalyzer.strtol(b("-7"), 0, 2)).isEqualTo(-7);
        assertThat(SipAnalyzer.strtol(b("99999999999999999999"), 0, 20)).isEqualTo(-1); // LONG_MAX as an int
        assertThat(SipAnalyzer.isCount(b("12 "), 0, 3)).isTrue();
        assertThat(SipAnalyzer.isCount(b(" "), 0, 1)).isTrue();
        assertThat(SipAnalyzer.isCount(b(""), 0, 0)).isFalse();
        assertThat(SipAnalyzer.isCount(b("+"), 0, 1)).isFalse();
        assertThat(SipAnalyzer.isCount(b("3x"), 0, 2)).isFalse();
    }

    @Test
    void probesFollowTheSignatures() {
        assertThat(SipAnalyzer.probe(b(INVITE), INVITE.length())).isEqualTo(Probe.MATCH);
        assertThat(SipAnalyzer.probe(b(OK), OK.length())).isEqualTo(Probe.MATCH);
        assertThat(SipAnalyzer.probe(b(" SIP/2.0\r\n"), 10)).isEqualTo(Probe.MATCH);
        assertThat(SipAnalyzer.probe(b("GET / HTTP/1.1\r\n"), 16)).isEqualTo(Probe.MORE);
        assertThat(SipAnalyzer.probe(b("SIP/2.0 20 OK"), 13)).isEqualTo(Probe.MORE);
    }
}
