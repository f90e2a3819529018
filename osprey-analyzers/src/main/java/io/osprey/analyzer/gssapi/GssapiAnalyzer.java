package io.osprey.analyzer.gssapi;

import io.osprey.analyzer.asn1.BerReader;
import io.osprey.analyzer.ntlm.NtlmAnalyzer;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ChildAnalyzer;

import java.lang.foreign.MemorySegment;

/**
 * Zeek's GSSAPI analyzer ({@code src/analyzer/protocol/gssapi}, grammar {@code GSSAPI_SELECT}): each
 * {@link #deliverStream} call is one whole security blob (SMB's NEGOTIATE and SESSION_SETUP blobs), read as Zeek
 * reads it with {@link BerReader}:
 * <ul>
 *   <li>an outer TLV whose tag and first length octet {@code 04 04} or {@code 05 04} mark a MIC or wrap token
 *       (RFC 4121 §4.2.6; opaque);</li>
 *   <li>otherwise, when the outer tag is {@code 0x60} (InitialContextToken, RFC 2743 §3.1), the mechanism OID and
 *       the NegotiationToken's {@code [0]} wrapper, then the NegTokenInit's SEQUENCE (RFC 4178 §4.2.1) whose
 *       elements {@code [0]} mechTypes, {@code [1]} reqFlags, {@code [2]} mechToken, {@code [3]} mechListMIC are
 *       read until the end of the blob (not of the SEQUENCE, as Zeek);</li>
 *   <li>any other outer tag: a NegTokenResp's SEQUENCE (§4.2.2) with {@code [0]} negState (published as
 *       {@link GssapiNegResult}), {@code [1]} supportedMech, {@code [2]} responseToken, {@code [3]} mechListMIC.</li>
 * </ul>
 * Each element's content must fit its length; an element index without a case fails the blob. A mechToken or
 * responseToken goes on: starting with "NTLMSSP" to this analyzer's own {@link NtlmAnalyzer}; starting with
 * {@code 0x60} (KRB5 GSS token, RFC 4121 §4.1: OID, two-byte token id, message) or {@code 0x6E}/{@code 0x6F}
 * (a bare AP-REQ/AP-REP) to Kerberos, for which Osprey has no analyzer yet: {@link KrbRecognizer} checks the
 * message's outer tag and length and confirms "krb" as Zeek's KRB analyzer would on a message it parses
 * (kerberos.log is not written). A blob that parses confirms "gssapi"; one that does not is a violation ("Binpac exception: binpac
 * exception: ...").
 *
 * <p>Created by SMB with {@link AnalyzerContext#instantiate}; worker thread only. Parsing allocates nothing beyond
 * the events it publishes.
 */
public final class GssapiAnalyzer extends Analyzer {
    /** The analyzer's declaration: no ports, no payload detection (only parents create it). */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("GSSAPI", "gssapi", AnalyzerSpec.TCP, new int[0], null,
            null, GssapiAnalyzer::new);

    private final BerReader r = new BerReader();
    private static final byte[] NTLMSSP = {'N', 'T', 'L', 'M', 'S', 'S', 'P'};
    private ChildAnalyzer ntlm;
    private ChildAnalyzer krb;
    private boolean orig;
    private String error;

    GssapiAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        this.orig = isOrig;
        error = null;
        r.reset(data, offset, len);
        if (parse()) {
            ctx.confirm();
        } else {
            ctx.violation("Binpac exception: binpac exception: " + error, null);
        }
    }

    @Override
    public void done() {
        if (ntlm != null) {
            ntlm.done();
        }
        if (krb != null) {
            krb.done();
        }
    }

    private boolean parse() {
        if (!r.header()) {
            return fail("out_of_bound: ASN1EncodingMeta", 2);
        }
        int tokId = r.tag() << 8 | r.lenByte();
        if (tokId == 0x0404 || tokId == 0x0504) {
            return true; // MIC or wrap token: the rest is opaque
        }
        boolean init = r.tag() == 0x60;
        if (init && !r.element()) { // the mechanism OID
            return fail("out_of_bound: GSSAPI_NEG_TOKEN:oid", r.length());
        }
        if (init && !r.header()) { // the NegotiationToken's [0] wrapper
            return fail("out_of_bound: GSSAPI_NEG_TOKEN:init_wrapper", 2);
        }
        if (!r.header()) { // the NegTokenInit / NegTokenResp SEQUENCE
            return fail("out_of_bound: ASN1EncodingMeta:seq_meta", 2);
        }
        while (r.remaining() > 0) {
            if (!r.header()) {
                return fail("out_of_bound: ASN1EncodingMeta:arg", 2);
            }
            int index = r.index();
            long outer = r.limit();
            if (outer < 0) {
                return fail("out_of_bound: GSSAPI_NEG_TOKEN_" + (init ? "INIT" : "RESP") + "_Arg:args",
                        r.length());
            }
            long argEnd = r.end();
            boolean ok = init ? initArg(index) : respArg(index);
            r.restore(outer);
            if (!ok) {
                return false;
            }
            r.pos(argEnd);
        }
        return true;
    }

    private boolean initArg(int index) {
        return switch (index) {
            case 0, 1, 3 -> r.element() || fail("out_of_bound: GSSAPI_NEG_TOKEN_INIT_Arg_Data", r.length());
            case 2 -> mechToken();
            default -> fail("invalid index for case: GSSAPI_NEG_TOKEN_INIT_Arg_Data: " + index);
        };
    }

    private boolean respArg(int index) {
        return switch (index) {
            case 0 -> negState();
            case 1, 3 -> r.element() || fail("out_of_bound: GSSAPI_NEG_TOKEN_RESP_Arg", r.length());
            case 2 -> mechToken();
            default -> fail("invalid index for case: GSSAPI_NEG_TOKEN_RESP_Arg: " + index);
        };
    }

    private boolean negState() {
        if (!r.header() || !r.contentFits()) {
            return fail("out_of_bound: ASN1Integer", r.length());
        }
        long state = r.contentAsLong();
        r.skip();
        if (ctx.events().wants(GssapiNegResult.class)) {
            ctx.events().publish(new GssapiNegResult(ctx.conn(), ctx.networkTime(), state));
        }
        return true;
    }

    /** GSSAPI_NEG_TOKEN_MECH_TOKEN: an OCTET STRING whose content goes on to NTLM or Kerberos. */
    private boolean mechToken() {
        if (!r.header() || !r.contentFits()) {
            return fail("out_of_bound: GSSAPI_NEG_TOKEN_MECH_TOKEN:token", r.length());
        }
        long t = r.pos();
        int n = (int) r.length();
        long tokenEnd = t + n;
        if (n == 0) {
            return true;
        }
        MemorySegment seg = r.segment();
        int first = r.u8(t);
        if (first == 'N') {
            if (n >= 7 && isNtlmssp(t)) {
                if (ntlm == null) {
                    ntlm = ctx.instantiate(NtlmAnalyzer.SPEC);
                }
                if (ntlm != null) {
                    ntlm.deliverStream(orig, seg, t, n);
                }
            }
        } else if (first == 0x60) {
            // KRB_OID_BLOB: meta, OID, 2-byte token id, the Kerberos message (RFC 4121 §4.1)
            long outer = r.end();
            r.restore(tokenEnd);
            boolean ok = r.header() && r.element() && r.remaining() >= 2;
            long msg = r.pos() + 2;
            r.restore(outer);
            if (!ok) {
                return fail("out_of_bound: KRB_OID_BLOB", n);
            }
            kerberos(seg, msg, tokenEnd);
        } else if (first == 0x6E || first == 0x6F) {
            kerberos(seg, t, tokenEnd);
        }
        r.pos(tokenEnd);
        return true;
    }

    private boolean isNtlmssp(long t) {
        for (int i = 0; i < NTLMSSP.length; i++) {
            if (r.u8(t + i) != NTLMSSP[i]) {
                return false;
            }
        }
        return true;
    }

    /** A Kerberos message goes to this analyzer's own KRB analyzer (see {@link KrbRecognizer}). */
    private void kerberos(MemorySegment seg, long from, long to) {
        if (krb == null) {
            krb = ctx.instantiate(KrbRecognizer.SPEC);
        }
        if (krb != null) {
            krb.deliverStream(orig, seg, from, (int) (to - from));
        }
    }

    private boolean fail(String what, long need) {
        return fail(what + ": " + need + " > " + r.remaining());
    }

    private boolean fail(String why) {
        if (error == null) {
            error = why;
        }
        return false;
    }
}
