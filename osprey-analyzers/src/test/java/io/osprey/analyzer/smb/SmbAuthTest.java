package io.osprey.analyzer.smb;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.osprey.analyzer.smb.SmbMsg.Segment;
import static io.osprey.analyzer.smb.SmbMsg.nbss;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * conn.log's service for SMB connections as Zeek fills it: GSSAPI (SPNEGO) and NTLM from the NEGOTIATE and
 * SESSION_SETUP security blobs, DCE_RPC from named-pipe data, each after its own confirmation, SMB at the third
 * delivery.
 */
class SmbAuthTest {
    // DER building shared with the GSSAPI tests.
    static byte[] tlv(int tag, byte[]... content) {
        return io.osprey.analyzer.gssapi.Spnego.tlv(tag, content);
    }

    static final byte[] SPNEGO_OID = io.osprey.analyzer.gssapi.Spnego.SPNEGO_OID;
    static final byte[] NTLM_OID = io.osprey.analyzer.gssapi.Spnego.NTLM_OID;

    /** negTokenInit listing NTLM, optionally with an NTLMSSP NEGOTIATE as its mechToken. */
    static byte[] negTokenInit(boolean withNtlm) {
        byte[] mechTypes = tlv(0xA0, tlv(0x30, NTLM_OID));
        byte[] seq = withNtlm ? tlv(0x30, mechTypes, tlv(0xA2, tlv(0x04, ntlmNegotiate()))) : tlv(0x30, mechTypes);
        return tlv(0x60, SPNEGO_OID, tlv(0xA0, seq));
    }

    static byte[] ntlmNegotiate() {
        byte[] m = new byte[32];
        System.arraycopy("NTLMSSP\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, m, 0, 8);
        m[8] = 1;
        return m;
    }

    static byte[] negotiateResponse(long mid, byte[] blob) {
        byte[] b = new byte[64 + blob.length];
        SmbMsg.putU16(b, 0, 65);
        SmbMsg.putU16(b, 56, 128);
        SmbMsg.putU16(b, 58, blob.length);
        System.arraycopy(blob, 0, b, 64, blob.length);
        return SmbMsg.pdu(0, true, mid, 0, 0, b);
    }

    static byte[] sessionSetupRequest(long mid, byte[] blob) {
        byte[] b = new byte[24 + blob.length];
        SmbMsg.putU16(b, 0, 25);
        SmbMsg.putU16(b, 12, 64 + 24);
        SmbMsg.putU16(b, 14, blob.length);
        System.arraycopy(blob, 0, b, 24, blob.length);
        return SmbMsg.pdu(1, false, mid, 0, 0, b);
    }

    static byte[] negotiateRequest(long mid) {
        byte[] b = new byte[36];
        SmbMsg.putU16(b, 0, 36);
        return SmbMsg.pdu(0, false, mid, 0, 0, b);
    }

    /** Security blobs over SMB1 and SMB2 (a seed of the fuzz test). */
    static List<Segment> conversation() {
        byte[] negWords = new byte[34];
        SmbMsg.putU32(negWords, 19, 0x80000000L);
        byte[] init = negTokenInit(false);
        byte[] guidAndBlob = new byte[16 + init.length];
        System.arraycopy(init, 0, guidAndBlob, 16, init.length);
        byte[] withNtlm = negTokenInit(true);
        return List.of(
                new Segment(false, SmbMsg.nbssRaw(0, smb1(0x72, negWords, guidAndBlob))),
                new Segment(true, SmbMsg.nbssRaw(0, sessionSetup1(withNtlm))),
                new Segment(true, nbss(negotiateRequest(0))),
                new Segment(false, nbss(negotiateResponse(0, init))),
                new Segment(true, nbss(sessionSetupRequest(1, withNtlm))));
    }

    @Test
    void gssapiThenNtlmThenSmb() {
        List<Segment> c = List.of(
                new Segment(true, nbss(negotiateRequest(0))),
                new Segment(false, nbss(negotiateResponse(0, negTokenInit(false)))),
                new Segment(true, nbss(sessionSetupRequest(1, negTokenInit(true)))));
        SmbTestSupport t = new SmbTestSupport().feed(c);
        assertThat(t.h.services()).containsExactly("gssapi", "ntlm", "smb");
    }

    @Test
    void rawNtlmssp() {
        List<Segment> c = List.of(new Segment(true, nbss(sessionSetupRequest(1, ntlmNegotiate()))));
        SmbTestSupport t = new SmbTestSupport().feed(c);
        assertThat(t.h.services()).containsExactly("ntlm");
    }

    @Test
    void brokenBlobsConfirmNothing() {
        byte[] cut = negTokenInit(false);
        cut = java.util.Arrays.copyOf(cut, cut.length - 3);
        byte[] badIndex = tlv(0x60, SPNEGO_OID, tlv(0xA0, tlv(0x30, tlv(0xA7, new byte[] {1}))));
        List<Segment> c = List.of(
                new Segment(false, nbss(negotiateResponse(0, cut))),
                new Segment(false, nbss(negotiateResponse(1, badIndex))),
                new Segment(false, nbss(negotiateResponse(2, new byte[5]))));
        SmbTestSupport t = new SmbTestSupport().feed(c);
        assertThat(t.h.services()).containsExactly("smb");
    }

    @Test
    void kerberosInsideSpnego() {
        byte[] apReq = tlv(0x6E, tlv(0x30, tlv(0xA0, tlv(0x02, new byte[] {5}))));
        byte[] krbToken = tlv(0x60, tlv(0x06, new byte[] {0x2a, (byte) 0x86, 0x48}), new byte[] {1, 0}, apReq);
        byte[] blob = tlv(0x60, SPNEGO_OID, tlv(0xA0, tlv(0x30, tlv(0xA2, tlv(0x04, krbToken)))));
        SmbTestSupport t = new SmbTestSupport().feed(List.of(new Segment(true, nbss(sessionSetupRequest(1, blob)))));
        assertThat(t.h.services()).containsExactly("krb", "gssapi");
    }

    /** An SMB1 PDU: header (32 bytes), word count, words, byte count, bytes. */
    static byte[] smb1(int command, byte[] words, byte[] bytes) {
        byte[] p = new byte[32 + 1 + words.length + 2 + bytes.length];
        p[0] = (byte) 0xFF;
        p[1] = 'S';
        p[2] = 'M';
        p[3] = 'B';
        p[4] = (byte) command;
        p[32] = (byte) (words.length / 2);
        System.arraycopy(words, 0, p, 33, words.length);
        SmbMsg.putU16(p, 33 + words.length, bytes.length);
        System.arraycopy(bytes, 0, p, 35 + words.length, bytes.length);
        return p;
    }

    /** SMB1 SESSION_SETUP_ANDX (extended security, ASCII strings) carrying {@code blob}, no chained command. */
    static byte[] sessionSetup1(byte[] blob) {
        byte[] words = new byte[24];
        words[0] = (byte) 0xFF;
        SmbMsg.putU16(words, 14, blob.length);
        byte[] strings = "Unix\0Samba\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] bytes = java.util.Arrays.copyOf(blob, blob.length + strings.length);
        System.arraycopy(strings, 0, bytes, blob.length, strings.length);
        return smb1(0x73, words, bytes);
    }

    @Test
    void smb1NegotiateAndSessionSetupBlobs() {
        byte[] negWords = new byte[34];
        SmbMsg.putU32(negWords, 19, 0x80000000L); // CAP_EXTENDED_SECURITY
        byte[] guidAndBlob = new byte[16 + negTokenInit(false).length];
        System.arraycopy(negTokenInit(false), 0, guidAndBlob, 16, negTokenInit(false).length);
        byte[] blob = ntlmNegotiate();
        List<Segment> c = List.of(
                new Segment(false, SmbMsg.nbssRaw(0, smb1(0x72, negWords, guidAndBlob))),
                new Segment(true, SmbMsg.nbssRaw(0, sessionSetup1(blob))));
        SmbTestSupport t = new SmbTestSupport().feed(c);
        assertThat(t.h.services()).containsExactly("gssapi", "ntlm");
    }

    @Test
    void smb1WithoutExtendedSecurityHasNoBlob() {
        byte[] negWords = new byte[34];
        List<Segment> c = List.of(new Segment(false, SmbMsg.nbssRaw(0, smb1(0x72, negWords,
                new byte[16 + negTokenInit(false).length]))));
        SmbTestSupport t = new SmbTestSupport().feed(c);
        assertThat(t.h.services()).isEmpty();
        assertThat(t.h.analyzer("SMB")).isNotNull();
    }

    @Test
    void dceRpcOnAPipe() {
        long tid = 7;
        byte[] bind = new byte[72];
        bind[0] = 5;
        bind[2] = 11; // bind
        bind[4] = 0x10; // little-endian data representation
        SmbMsg.putU16(bind, 8, 72);
        List<Segment> c = List.of(
                new Segment(true, nbss(SmbMsg.treeConnectRequest(1, "\\\\h\\IPC$"))),
                new Segment(false, nbss(SmbMsg.treeConnectResponse(1, tid, 2))),
                new Segment(true, nbss(SmbMsg.createRequest(2, tid, "lsarpc", 0))),
                new Segment(false, nbss(SmbMsg.createResponse(2, tid, 0x5, 0, 0))),
                new Segment(true, nbss(SmbMsg.writeRequest(3, tid, 0x5, 0, bind))));
        SmbTestSupport t = new SmbTestSupport().feed(c);
        assertThat(t.h.services()).containsExactly("smb", "dce_rpc");
        assertThat(t.fileRows).isEmpty();
    }
}
