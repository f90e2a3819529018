package io.osprey.analyzer.smb;

import io.osprey.analyzer.gssapi.GssapiAnalyzer;
import io.osprey.analyzer.ntlm.NtlmAnalyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.ChildAnalyzer;

import java.lang.foreign.MemorySegment;

/**
 * The security blobs of NEGOTIATE and SESSION_SETUP (Zeek's {@code forward_gssapi}, smb-gssapi.pac): Zeek's SMB
 * analyzer instantiates a GSSAPI and an NTLM analyzer of its own (outside the connection's analyzer tree) and hands
 * each blob of 8 bytes or more to one of them as a whole: raw NTLMSSP to NTLM, anything else to GSSAPI (which hands
 * NTLM and Kerberos tokens on). Their confirmations add "gssapi", "ntlm" and "krb" to conn.log's service; NTLM's
 * and GSSAPI's events feed ntlm.log. One per SMB analyzer instance.
 */
final class SmbAuth {
    private static final byte[] NTLMSSP = {'N', 'T', 'L', 'M', 'S', 'S', 'P'};

    private final AnalyzerContext ctx;
    private ChildAnalyzer gssapi;
    private ChildAnalyzer ntlm;

    SmbAuth(AnalyzerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Zeek's {@code forward_gssapi} for the blob of {@code len} bytes at {@code off} in {@code b} (read during the
     * call only).
     *
     * @param request true for a request's blob (the originator's side), false for a response's
     */
    void forward(byte[] b, int off, int len, boolean request) {
        if (len < 8) {
            return;
        }
        boolean raw = true;
        for (int i = 0; i < NTLMSSP.length; i++) {
            if (b[off + i] != NTLMSSP[i]) {
                raw = false;
                break;
            }
        }
        MemorySegment seg = MemorySegment.ofArray(b);
        if (raw) {
            if (ntlm == null) {
                ntlm = ctx.instantiate(NtlmAnalyzer.SPEC);
            }
            if (ntlm != null) {
                ntlm.deliverStream(request, seg, off, len);
            }
        } else {
            if (gssapi == null) {
                gssapi = ctx.instantiate(GssapiAnalyzer.SPEC);
            }
            if (gssapi != null) {
                gssapi.deliverStream(request, seg, off, len);
            }
        }
    }

    /** The SMB analyzer is done: so are the analyzers it created (Zeek's SMB_Conn cleanup). */
    void done() {
        if (gssapi != null) {
            gssapi.done();
        }
        if (ntlm != null) {
            ntlm.done();
        }
    }
}
