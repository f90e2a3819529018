package io.osprey.analyzer.gssapi;

import java.io.ByteArrayOutputStream;

/** Builds SPNEGO tokens (RFC 4178 §4.2) in DER for tests. */
public final class Spnego {
    public static final byte[] SPNEGO_OID = {0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
    public static final byte[] NTLM_OID = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02,
        0x0a};

    private Spnego() {
    }

    /** A DER TLV (short or two-byte long length form). */
    public static byte[] tlv(int tag, byte[]... content) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        for (byte[] x : content) {
            c.writeBytes(x);
        }
        byte[] v = c.toByteArray();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(tag);
        if (v.length < 128) {
            o.write(v.length);
        } else {
            o.write(0x82);
            o.write(v.length >> 8);
            o.write(v.length);
        }
        o.writeBytes(v);
        return o.toByteArray();
    }

    /** InitialContextToken with a NegTokenInit listing NTLM, with {@code mechToken} when not null. */
    public static byte[] negTokenInit(byte[] mechToken) {
        byte[] mechTypes = tlv(0xA0, tlv(0x30, NTLM_OID));
        byte[] seq = mechToken == null ? tlv(0x30, mechTypes)
                : tlv(0x30, mechTypes, tlv(0xA2, tlv(0x04, mechToken)));
        return tlv(0x60, SPNEGO_OID, tlv(0xA0, seq));
    }

    /** NegTokenResp with negState (or -1 for none), NTLM as supportedMech and {@code token} when not null. */
    public static byte[] negTokenResp(int negState, byte[] token) {
        ByteArrayOutputStream seq = new ByteArrayOutputStream();
        if (negState >= 0) {
            seq.writeBytes(tlv(0xA0, tlv(0x0A, new byte[] {(byte) negState})));
            seq.writeBytes(tlv(0xA1, NTLM_OID));
        }
        if (token != null) {
            seq.writeBytes(tlv(0xA2, tlv(0x04, token)));
        }
        return tlv(0xA1, tlv(0x30, seq.toByteArray()));
    }
}
