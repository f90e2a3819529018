package io.osprey.analyzer.sip;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sip.log rows as main.zeek writes them (checked against Zeek 9.1 on captures of the same datagrams): a row per
 * reply that ends, provisional replies sharing the transaction with the final one, requests without a reply
 * logged when the connection ends, From/Via values cut before the tag/branch parameter.
 */
class SipScriptTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String request(String method) {
        return method + " sip:bob@x SIP/2.0\r\nFrom: A <sip:a@x>; tag=1\r\nTo: B <sip:b@x>;tag=2\r\nCall-ID: c1\r\n"
                + "CSeq: 1 " + method + "\r\nvia: SIP/2.0/UDP h; branch=z\r\nUser-Agent: ua\r\nContent-Length: 0\r\n\r\n";
    }

    private static String reply(int code) {
        return "SIP/2.0 " + code + " Msg here\r\nf: A;tag=9\r\nt: B;tag=3\r\nv: SIP/2.0/UDP h;branch=1\r\n"
                + "c: text/plain\r\nL: 4\r\n\r\nbody";
    }

    @Test
    void transactionsBecomeRows() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 5060, SipAnalyzer.SPEC);
        List<SipInfo> rows = new ArrayList<>();
        h.events().subscribe(SipInfo.class, rows::add);
        h.packet(true, b(request("INVITE"))).packet(false, b(reply(100))).packet(false, b(reply(200)));
        assertThat(rows).hasSize(2);
        SipInfo r = rows.get(0);
        assertThat(r.method()).isEqualTo("INVITE");
        assertThat(r.uri()).isEqualTo("sip:bob@x");
        assertThat(r.transDepth()).isZero();
        assertThat(r.requestFrom()).isEqualTo("A <sip:a@x>");
        assertThat(r.requestTo()).isEqualTo("B <sip:b@x>;tag=2");
        assertThat(r.responseFrom()).isEqualTo("A");
        assertThat(r.responseTo()).isEqualTo("B;tag=3");
        assertThat(r.callId()).isEqualTo("c1");
        assertThat(r.seq()).isEqualTo("1 INVITE");
        assertThat(r.requestPath()).containsExactly("SIP/2.0/UDP h");
        assertThat(r.responsePath()).containsExactly("SIP/2.0/UDP h");
        assertThat(r.userAgent()).isEqualTo("ua");
        assertThat(r.statusCode()).isEqualTo(100);
        assertThat(r.statusMsg()).isEqualTo("Msg here");
        assertThat(r.requestBodyLen()).isZero();
        assertThat(r.responseBodyLen()).isEqualTo(4);
        assertThat(r.contentType()).isEqualTo("text/plain");
        // The final reply updates the same transaction: its Via is appended to the provisional one's.
        assertThat(rows.get(1).statusCode()).isEqualTo(200);
        assertThat(rows.get(1).responsePath()).hasSize(2);

        h.packet(true, b(request("ACK")));
        assertThat(rows).hasSize(2);
        h.done();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).method()).isEqualTo("ACK");
        assertThat(rows.get(2).statusCode()).isEqualTo(-1);
        assertThat(rows.get(2).responseBodyLen()).isNull();
    }

    @Test
    void onlyExactContentLengthAndLSizeTheBody() {
        // "l" is a count for the script but not a length for binpac: the body is read as the next start line.
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.UDP, 5060, SipAnalyzer.SPEC);
        h.packet(false, b("SIP/2.0 100 Trying\r\nl: 4\r\n\r\nbody")).packet(false, b(reply(200)));
        assertThat(h.analyzer("SIP")).isNull();
        assertThat(h.services()).isEmpty();
    }

    @Test
    void parametersAreCutAsTheScriptCutsThem() {
        assertThat(SipScript.before("<sip:a@x>;tag=1", "tag=")).isEqualTo("<sip:a@x>");
        assertThat(SipScript.before("<sip:a@x>; tag=1", "tag=")).isEqualTo("<sip:a@x>");
        assertThat(SipScript.before("<sip:a@x>;x=1;tag=1", "tag=")).isEqualTo("<sip:a@x>;x=1");
        assertThat(SipScript.before("<sip:a@x>;  tag=1", "tag=")).isEqualTo("<sip:a@x>;  tag=1");
        assertThat(SipScript.before("SIP/2.0/UDP h;branchX", "branch")).isEqualTo("SIP/2.0/UDP h");
    }
}
