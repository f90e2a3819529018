package io.osprey.analyzer.smb;

import io.osprey.engine.analyzer.AnalyzerContext;

/**
 * The security blobs of NEGOTIATE and SESSION_SETUP (Zeek's {@code forward_gssapi}, smb-gssapi.pac): Zeek hands them
 * to GSSAPI and NTLM analyzers of its own, and GSSAPI hands NTLM and Kerberos tokens on; each of those analyzers
 * that parses its input without error confirms, adding "gssapi", "ntlm" or "krb" to conn.log's service. This class
 * checks the same structures (SPNEGO per RFC 4178 with its ASN.1 DER framing; NTLMSSP messages per [MS-NLMP]
 * 2.2.1; Kerberos messages per RFC 4120 §5, by their outer tag and length only) and confirms those services in the
 * order Zeek would. It logs nothing (no ntlm.log, kerberos.log).
 */
final class SmbAuth {
    private final AnalyzerContext ctx;

    SmbAuth(AnalyzerContext ctx) {
        this.ctx = ctx;
    }

    /** Zeek's {@code forward_gssapi}: raw NTLMSSP goes to NTLM, anything else of 8+ bytes to GSSAPI. */
    void forward(byte[] b, int off, int len) {
        if (len < 8) {
            return;
        }
        if (startsWith(b, off, len, NTLMSSP, 7)) {
            ntlm(b, off, len);
            return;
        }
        if (new Gssapi(b, off, len).parse()) {
            ctx.confirmService("gssapi");
        }
    }

    private static final byte[] NTLMSSP = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    private static boolean startsWith(byte[] b, int off, int len, byte[] p, int n) {
        if (len < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[off + i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    /** Zeek's NTLM_SSP_Token: signature, type, and the fixed part of a NEGOTIATE, CHALLENGE or AUTHENTICATE. */
    private void ntlm(byte[] b, int off, int len) {
        if (len < 12) {
            return;
        }
        long type = Le.u32(b, off + 8);
        int fixed = type == 1 ? 20 : type == 2 ? 36 : type == 3 ? 52 : 0;
        if (12 + fixed <= len) {
            ctx.confirmService("ntlm");
        }
    }

    /** Kerberos: an application-tagged message of a type Zeek's KRB analyzer confirms on, with a length that fits. */
    private void krb(byte[] b, int off, int len) {
        if (len < 2) {
            return;
        }
        int tag = b[off] & 0xFF;
        boolean known = tag >= 0x6A && tag <= 0x6F || tag >= 0x74 && tag <= 0x76 || tag == 0x7E;
        if (!known) {
            return;
        }
        Gssapi r = new Gssapi(b, off, len);
        if (r.meta() && r.length <= r.end - r.pos) {
            ctx.confirmService("krb");
        }
    }

    /** A parse of Zeek's GSSAPI_SELECT over one blob (ASN.1 DER, RFC 4178 §4.2); false where binpac would throw. */
    private final class Gssapi {
        final byte[] b;
        int pos;
        int end;
        int tag;
        int lenByte;
        long length;

        Gssapi(byte[] b, int off, int len) {
            this.b = b;
            this.pos = off;
            this.end = off + len;
        }

        /** ASN1EncodingMeta: tag, first length byte, long-form length bytes. */
        boolean meta() {
            if (end - pos < 2) {
                return false;
            }
            tag = b[pos] & 0xFF;
            lenByte = b[pos + 1] & 0xFF;
            pos += 2;
            if ((lenByte & 0x80) != 0) {
                int n = lenByte & 0x7F;
                if (end - pos < n) {
                    return false;
                }
                long v = 0;
                for (int i = 0; i < n; i++) {
                    v = (v << 8) | (b[pos + i] & 0xFF);
                }
                pos += n;
                length = n > 8 ? -1 : v; // binary_to_int64 keeps the low 8 bytes; treat more as unparseable
                if (length < 0) {
                    return false;
                }
            } else {
                length = lenByte & 0x7F;
            }
            return true;
        }

        /** ASN1Encoding: meta and content. */
        boolean encoding() {
            if (!meta() || length > end - pos) {
                return false;
            }
            pos += (int) length;
            return true;
        }

        boolean parse() {
            if (!meta()) {
                return false;
            }
            int tokId = tag << 8 | lenByte;
            if (tokId == 0x0404 || tokId == 0x0504) {
                return true; // MIC or wrap token: the rest is opaque
            }
            boolean init = tag == 0x60;
            if (init && (!encoding() || !meta())) { // the mechanism OID, then the NegotiationToken's wrapper
                return false;
            }
            if (!meta()) { // SEQUENCE of the NegTokenInit / NegTokenResp
                return false;
            }
            while (pos < end) {
                if (!meta() || length > end - pos) {
                    return false;
                }
                int index = tag - 0xA0;
                int argEnd = pos + (int) length;
                int saved = end;
                end = argEnd;
                boolean ok = switch (index) {
                    case 0, 1, 3 -> encoding();
                    case 2 -> mechToken(init);
                    default -> false; // no case for it: binpac's invalid case index
                };
                end = saved;
                if (!ok) {
                    return false;
                }
                pos = argEnd;
            }
            return true;
        }

        /** GSSAPI_NEG_TOKEN_MECH_TOKEN: an OCTET STRING whose content goes on to NTLM or Kerberos. */
        private boolean mechToken(boolean init) {
            if (!meta() || length > end - pos) {
                return false;
            }
            int t = pos;
            int n = (int) length;
            pos += n;
            if (n == 0) {
                return true;
            }
            int first = b[t] & 0xFF;
            if (first == 0x4E) {
                if (n >= 7 && startsWith(b, t, n, NTLMSSP, 7)) {
                    ntlm(b, t, n);
                }
            } else if (first == 0x60) {
                // KRB_OID_BLOB: meta, OID, 2-byte token id, the Kerberos message
                Gssapi k = new Gssapi(b, t, n);
                if (!k.meta() || !k.encoding() || k.end - k.pos < 2) {
                    return false;
                }
                krb(b, k.pos + 2, k.end - k.pos - 2);
            } else if (first == 0x6E || first == 0x6F) {
                krb(b, t, n);
            }
            return true;
        }
    }
}
