package io.osprey.analyzer.gssapi;

import io.osprey.analyzer.asn1.BerReader;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;

import java.lang.foreign.MemorySegment;

/**
 * Stands in for Zeek's KRB analyzer where GSSAPI hands it a Kerberos message (Zeek's {@code forward_blob}
 * instantiates "KRB" and calls its {@code DeliverPacket} with each message): Osprey has no Kerberos analyzer yet, so
 * this only checks what Zeek's KRB analyzer needs to confirm, the message's outer tag and length (RFC 4120 §5: an
 * application tag of AS-REQ/REP, TGS-REQ/REP, AP-REQ/REP, KRB-SAFE, KRB-PRIV, KRB-CRED or KRB-ERROR), and confirms
 * ("krb" in conn.log's service, an {@link io.osprey.engine.analyzer.AnalyzerConfirmation} for the protocol
 * detector). It writes no kerberos.log and reports no violations. One per GSSAPI analyzer; worker thread only.
 */
final class KrbRecognizer extends Analyzer {
    /** Zeek's KRB analyzer as GSSAPI instantiates it: no ports, no payload detection. */
    static final AnalyzerSpec SPEC = new AnalyzerSpec("KRB", "krb", AnalyzerSpec.UDP, new int[0], null, null,
            KrbRecognizer::new);

    private final BerReader r = new BerReader();

    private KrbRecognizer(AnalyzerContext ctx) {
        super(ctx);
    }

    /** One whole Kerberos message. */
    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        r.reset(data, offset, len);
        if (len < 2) {
            return;
        }
        int tag = r.u8(offset);
        boolean known = tag >= 0x6A && tag <= 0x6F || tag >= 0x74 && tag <= 0x76 || tag == 0x7E;
        if (known && r.header() && r.contentFits()) {
            ctx.confirm();
        }
    }
}
