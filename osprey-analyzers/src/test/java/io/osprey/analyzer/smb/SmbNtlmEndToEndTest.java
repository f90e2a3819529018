package io.osprey.analyzer.smb;

import io.osprey.analyzer.Pipelines;
import io.osprey.analyzer.gssapi.Spnego;
import io.osprey.analyzer.ntlm.NtlmMsg;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.osprey.analyzer.smb.SmbMsg.Segment;
import static io.osprey.analyzer.smb.SmbMsg.nbss;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SMB2 NTLM logon inside SPNEGO (NEGOTIATE, then SESSION_SETUP with NTLM NEGOTIATE, CHALLENGE, AUTHENTICATE and
 * the final accept-completed), written as a capture and run through the whole pipeline. The expected conn.log
 * service and ntlm.log row were checked with real Zeek 9.1 ({@code zeek-run -C -r} on the capture this test writes):
 * service {@code gssapi,ntlm,smb}; ntlm.log with the AUTHENTICATE's names, the CHALLENGE's TargetInfo names, success
 * T, and the time of the first NTLM message; with a final negState reject (2) success F; run bare with only
 * base/protocols/conn and base/protocols/smb ({@code zeek-run -b}), the same service and no ntlm.log. (A real logon
 * failure comes as an SMB2 error response without a blob, which Zeek's SMB analyzer reports as a violation: not
 * used here.)
 */
class SmbNtlmEndToEndTest {
    static final long STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016L;

    /** SMB2 SESSION_SETUP response carrying {@code blob}. */
    static byte[] sessionSetupResponse(long mid, long status, byte[] blob) {
        byte[] b = new byte[8 + blob.length];
        SmbMsg.putU16(b, 0, 9);
        SmbMsg.putU16(b, 4, 64 + 8);
        SmbMsg.putU16(b, 6, blob.length);
        System.arraycopy(blob, 0, b, 8, blob.length);
        return SmbMsg.pdu(1, true, mid, 0, status, b);
    }

    static List<Segment> logon(int finalNegState) {
        long flags = NtlmMsg.UNICODE | NtlmMsg.NTLM | NtlmMsg.REQUEST_TARGET;
        byte[] targetInfo = NtlmMsg.avPairs(2, "CONTOSO", 1, "SERVER01", 4, "contoso.com", 3,
                "server01.contoso.com", 5, "contoso.com");
        return List.of(
                new Segment(true, nbss(SmbAuthTest.negotiateRequest(0))),
                new Segment(false, nbss(SmbAuthTest.negotiateResponse(0, Spnego.negTokenInit(null)))),
                new Segment(true, nbss(SmbAuthTest.sessionSetupRequest(1,
                        Spnego.negTokenInit(NtlmMsg.negotiate(flags, null, null))))),
                new Segment(false, nbss(sessionSetupResponse(1, STATUS_MORE_PROCESSING_REQUIRED,
                        Spnego.negTokenResp(1, NtlmMsg.challenge(flags | NtlmMsg.TARGET_INFO, "CONTOSO",
                                targetInfo))))),
                new Segment(true, nbss(SmbAuthTest.sessionSetupRequest(2,
                        Spnego.negTokenResp(-1, NtlmMsg.authenticate(flags, "CONTOSO", "Administrator",
                                "CLIENT01"))))),
                new Segment(false, nbss(sessionSetupResponse(2, 0,
                        Spnego.negTokenResp(finalNegState, null)))));
    }

    @Test
    void ntlmLogonInNtlmLog(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("smb-ntlm.pcap");
        SmbEndToEndTest.capture(pcap, logon(0));
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        List<Map<String, String>> conns = ZeekLogs.read(out.resolve("conn.log"));
        assertThat(conns).hasSize(1);
        assertThat(conns.get(0).get("service")).isEqualTo("gssapi,ntlm,smb");
        List<Map<String, String>> ntlm = ZeekLogs.read(out.resolve("ntlm.log"));
        assertThat(ntlm).hasSize(1);
        Map<String, String> r = ntlm.get(0);
        assertThat(r.get("ts")).isEqualTo("1700000000.005000");
        assertThat(r.get("uid")).isEqualTo(conns.get(0).get("uid"));
        assertThat(r.get("id.orig_h") + ":" + r.get("id.orig_p") + " " + r.get("id.resp_h") + ":"
                + r.get("id.resp_p")).isEqualTo("10.1.1.5:49200 10.1.1.9:445");
        assertThat(r.get("username")).isEqualTo("Administrator");
        assertThat(r.get("hostname")).isEqualTo("CLIENT01");
        assertThat(r.get("domainname")).isEqualTo("CONTOSO");
        assertThat(r.get("server_nb_computer_name")).isEqualTo("SERVER01");
        assertThat(r.get("server_dns_computer_name")).isEqualTo("server01.contoso.com");
        assertThat(r.get("server_tree_name")).isEqualTo("contoso.com");
        assertThat(r.get("success")).isEqualTo("T");
    }

    @Test
    void rejectedLogonAndBareSmbRun(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("smb-ntlm-reject.pcap");
        SmbEndToEndTest.capture(pcap, logon(2));
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        List<Map<String, String>> ntlm = ZeekLogs.read(out.resolve("ntlm.log"));
        assertThat(ntlm).extracting(m -> m.get("username") + " " + m.get("success"))
                .containsExactly("Administrator F");
        // Only base/protocols/smb loaded: GSSAPI and NTLM still confirm (SMB instantiates them), no ntlm.log
        Path bare = Pipelines.run(pcap, dir.resolve("bare"), Set.of("smb"));
        assertThat(ZeekLogs.read(bare.resolve("conn.log")).get(0).get("service")).isEqualTo("gssapi,ntlm,smb");
        assertThat(bare.resolve("ntlm.log")).doesNotExist();
    }
}
