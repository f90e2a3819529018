package io.osprey.analyzer.rdp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Parses one TPKT record (RFC 1006 §6: version, reserved, 16-bit big-endian length) of the RDP connection sequence
 * as Zeek's binpac grammar reads it (src/analyzer/protocol/rdp/rdp-protocol.pac), and reports what it finds to a
 * {@link Listener}:
 * <pre>
 *   TPKT  | ver | res | len(2, BE) | COTP ...                                  (the record is len bytes)
 *   COTP  | LI | code | 0xE0 Connection Request | 0xD0 Connection Confirm | 0xF0 Data | other: skipped
 *   CR    | dst(2) src(2) class(1) | ["Cookie: mstshash=" value CRLF] | [RDP_NEG_REQ(8)]   ([MS-RDPBCGR] 2.2.1.1)
 *   CC    | dst(2) src(2) flags(1) | [type(1): 2 RDP_NEG_RSP(7) | 3 RDP_NEG_FAILURE(7)]        (2.2.1.2)
 *   DT    | EOT(1) | BER tag(2): 7F 65 MCS Connect Initial (2.2.1.3) | 7F 66 Connect Response (2.2.1.4)
 * </pre>
 * The MCS and GCC headers are walked as Zeek's grammar walks them (roughly: BER lengths taken at their positions,
 * fixed GCC fields, the H.221 keys "Duca" / "McDn"), then the user data blocks (TS_UD_HEADER: type, length, both
 * 16-bit little-endian): client core (0xC001), security, network (channels), cluster; server core (0x0C01), security
 * (0x0C02: encryption method and level, server random, the proprietary or X.509 certificate chain), network.
 *
 * <p>Where binpac would throw (data shorter than a field, an {@code &enforce} that fails, a case index without a
 * branch, a regular expression that does not match) {@link #parse} returns binpac's message; records and events
 * completed before that point have been reported, as with Zeek. Nothing is thrown and nothing is copied: fields are
 * read in place; only the strings a listener keeps are built. One parser per analyzer; worker thread only.
 *
 * <p>Caps: the record is at most 65535 bytes (its 16-bit length), which bounds every nested length; binpac's own
 * caps are kept: {@link #MAX_DATA_LENGTH} on key, random and certificate lengths, 1000 channels, 1000 certificates.
 */
final class RdpParser {
    /** rdp-protocol.pac's {@code MAX_DATA_LENGTH} (256 KiB) on the 32-bit lengths of key and certificate data. */
    static final long MAX_DATA_LENGTH = 262144;
    /** Where binpac's string mismatches say the grammar is (the reference Zeek build's source path). */
    private static final String PAC = "/opt/src/zeek/src/analyzer/protocol/rdp/rdp-protocol.pac:";

    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED
            .withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED
            .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private static final byte[] COOKIE = "Cookie: mstshash=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** What the grammar's {@code proc_*} functions and {@code go_encrypted} report (rdp-analyzer.pac). */
    interface Listener {
        /**
         * X.224 Connection Request: the cookie value is {@code [cookieOff, cookieOff + cookieLen)} of {@code s}
         * (only valid during the call), {@code cookieLen < 0} when there was no cookie.
         */
        void connectRequest(MemorySegment s, long cookieOff, int cookieLen, int flags);

        /** RDP_NEG_RSP. */
        void negotiationResponse(long selectedProtocol, int flags);

        /** RDP_NEG_FAILURE. */
        void negotiationFailure(long failureCode, int flags);

        /** {@code go_encrypted(method)}: the rest of the connection is encrypted (0: RDP's own, else TLS/CredSSP). */
        void beginEncryption(long method);

        /** TS_UD_CS_CORE, the 206 bytes Zeek requires, at {@code off} of {@code s} (valid during the call). */
        void clientCoreData(MemorySegment s, long off);

        /** TS_UD_CS_NET with {@code count > 0} channel definitions (12 bytes each) at {@code off}. */
        void clientNetworkData(MemorySegment s, long off, int count);

        /** GCC Conference Create Response's result. */
        void gccServerCreateResponse(int result);

        /** TS_UD_SC_SEC1's method and level, after its certificate. */
        void serverSecurity(long encryptionMethod, long encryptionLevel);

        /** The server certificate's type and whether it is permanently issued. */
        void serverCertificate(long certType, boolean permanent);

        /** One X.509 certificate of the server's chain (Zeek hands it to the files framework). */
        void x509Certificate(MemorySegment s, long off, int len);

        /** A flow weird of Zeek's ASN.1 helpers ("asn_binary_to_int64_shift_too_large"). */
        void weird(String name, String addl);
    }

    private final Listener listener;
    private MemorySegment s;
    private long p;
    private long end;
    /** binpac's exception message, once one was "thrown". */
    private String failure;

    RdpParser(Listener listener) {
        this.listener = listener;
    }

    /**
     * Parses the TPKT record of {@code tpktLen} bytes whose first {@code frameLen} bytes (at least 4: binpac buffers
     * the header even when the length says less) are at {@code off} in {@code seg}.
     *
     * @return null, or binpac's exception message ("binpac exception: ...")
     */
    String parse(MemorySegment seg, long off, int tpktLen) {
        s = seg;
        p = off + 4;
        // A length below the header's 4 bytes leaves binpac's frame at the header: nothing after it.
        end = off + Math.max(4, tpktLen);
        failure = null;
        cotp();
        s = null;
        return failure == null ? null : "binpac exception: " + failure;
    }

    // ------------------------------------------------------------------------------------------- X.224 (COTP)

    private void cotp() {
        if (!need(2, "COTP:pdu")) {
            return;
        }
        int cotpLen = u8(p);
        int pdu = u8(p + 1);
        p += 2;
        switch (pdu) {
            case 0xd0 -> connectConfirm(cotpLen);
            case 0xe0 -> connectRequest(cotpLen);
            case 0xf0 -> dtData();
            default -> {
                // not_done: the rest of the record is skipped.
            }
        }
    }

    private void connectRequest(int cotpLen) {
        long start = p;
        if (!need(5, "Connect_Request:flow_control")) {
            return;
        }
        p += 5;
        long cookieOff = -1;
        int cookieLen = -1;
        // RE/(Cookie: mstshash\=)?/: the whole prefix or nothing.
        if (startsWith(COOKIE)) {
            p += COOKIE.length;
            cookieOff = p;
            long q = p;
            while (q < end && s.get(ValueLayout.JAVA_BYTE, q) != 0x0d) {
                q++;
            }
            if (q + 2 > end || s.get(ValueLayout.JAVA_BYTE, q + 1) != 0x0a) {
                p = q;
                mismatch(85, "\\x0d\\x0a");
                return;
            }
            cookieLen = (int) (q - cookieOff);
            p = q + 2;
        }
        // "Terrifying little case statement": an RDP_NEG_REQ follows unless the COTP length ends here.
        int flags = 0;
        if ((p - start) + 2 - cotpLen - 1 != 0) {
            if (!need(8, "RDP_Negotiation_Request:requested_protocols")) {
                return;
            }
            flags = u8(p + 1);
            if (u16le(p + 2) != 8) {
                failure = "&enforce violation : RDP_Negotiation_Request:length";
                return;
            }
            p += 8;
        }
        listener.connectRequest(s, cookieOff, cookieLen, flags);
    }

    private void connectConfirm(int cotpLen) {
        if (!need(5, "Connect_Confirm:flags")) {
            return;
        }
        p += 5;
        if (5 + 2 - cotpLen - 1 == 0) {
            return;
        }
        if (!need(1, "Connect_Confirm_Record:response_type")) {
            return;
        }
        int type = u8(p);
        p++;
        switch (type) {
            case 0x02 -> {
                if (!need(7, "RDP_Negotiation_Response:selected_protocol")) {
                    return;
                }
                int flags = u8(p);
                if (u16le(p + 1) != 8) {
                    failure = "&enforce violation : RDP_Negotiation_Response:length";
                    return;
                }
                long selected = u32le(p + 3);
                p += 7;
                if (selected > 0) {
                    listener.beginEncryption(selected);
                }
                listener.negotiationResponse(selected, flags);
            }
            case 0x03 -> {
                if (!need(7, "RDP_Negotiation_Failure:failure_code")) {
                    return;
                }
                int flags = u8(p);
                long code = u32le(p + 3);
                p += 7;
                listener.negotiationFailure(code, flags);
            }
            default -> failure = "invalid index for case: Connect_Confirm_Record: " + type;
        }
    }

    private void dtData() {
        if (!need(3, "DT_Data:application_type")) {
            return;
        }
        int type = u8(p + 2);
        p += 3;
        if (type == 0x65) {
            clientHeader();
        } else if (type == 0x66) {
            serverHeader();
        }
    }

    // ---------------------------------------------------------------------------------------------------- MCS

    /** MCS Connect Initial as Client_Header walks it, then the GCC Conference Create Request and the blocks. */
    private void clientHeader() {
        if (!asn1Encoding("Client_Header:type_length") || !asn1Encoding("Client_Header:calling_domain_selector")
                || !asn1Encoding("Client_Header:called_domain_selector")
                || !asn1Encoding("Client_Header:upward_flag")
                || !asn1Sequence("Client_Header:targ_parameters_pad")
                || !asn1Sequence("Client_Header:min_parameters_pad")
                || !asn1Sequence("Client_Header:max_parameters_pad")
                || !need(4, "Client_Header:user_data_length")) {
            return;
        }
        p += 4;
        // GCC_Client_Connection_Data (big-endian): key object, then the connect PDU's 16-bit length.
        if (!need(2, "GCC_Client_Connection_Data:key_object_length")) {
            return;
        }
        int keyLen = u16be(p);
        p += 2;
        if (!need(keyLen, "GCC_Client_Connection_Data:key_object")) {
            return;
        }
        p += keyLen;
        if (!need(2, "GCC_Client_Connection_Data:connect_data_connect_pdu")) {
            return;
        }
        p += 2;
        // GCC_Client_Create_Request: eight one-byte fields, the H.221 key, its user data length.
        if (!need(8, "GCC_Client_Create_Request:h221_nonstandard_length")) {
            return;
        }
        p += 8;
        if (!key('D', 'u', 'c', 'a', 196) || !need(2, "GCC_Client_Create_Request:user_data_value_length")) {
            return;
        }
        p += 2;
        dataBlocks();
    }

    /** MCS Connect Response as Server_Header walks it, then the GCC Conference Create Response and the blocks. */
    private void serverHeader() {
        if (!need(3, "Server_Header:type_length")) {
            return;
        }
        p += 3;
        if (!asn1Encoding("Server_Header:connect_response_result")
                || !asn1Encoding("Server_Header:connect_response_called_id")
                || !asn1Sequence("Server_Header:domain_parameters")
                || !need(4, "Server_Header:user_data_length")) {
            return;
        }
        p += 4;
        if (!need(2, "GCC_Server_Connection_Data:key_object_length")) {
            return;
        }
        int keyLen = u16be(p);
        p += 2;
        if (!need(keyLen, "GCC_Server_Connection_Data:key_object")) {
            return;
        }
        p += keyLen;
        if (!need(1, "GCC_Server_Connection_Data:connect_data_connect_pdu")) {
            return;
        }
        p += 1;
        if (!need(9, "GCC_Server_Create_Response:h221_nonstandard_length")) {
            return;
        }
        int result = u8(p + 5);
        p += 9;
        if (!key('M', 'c', 'D', 'n', 310) || !need(2, "GCC_Server_Create_Response:user_data_value_length")) {
            return;
        }
        p += 2;
        listener.gccServerCreateResponse(result);
        dataBlocks();
    }

    /** The H.221 non-standard key (binpac RE field): four literal bytes. */
    private boolean key(char a, char b, char c, char d, int line) {
        if (p + 4 <= end && u8(p) == a && u8(p + 1) == b && u8(p + 2) == c && u8(p + 3) == d) {
            p += 4;
            return true;
        }
        mismatch(line, "" + a + b + c + d);
        return false;
    }

    /** ASN1Encoding: tag, length (short or long form), content skipped. */
    private boolean asn1Encoding(String where) {
        long len = asn1Meta(where);
        if (len < 0) {
            return false;
        }
        if (Long.compareUnsigned(len, end - p) > 0) {
            failure = "out_of_bound: " + where + ": " + len + " > " + (end - p);
            return false;
        }
        p += len;
        return true;
    }

    /** ASN1SequenceMeta and the padding of its length that follows it in Zeek's grammar. */
    private boolean asn1Sequence(String padWhere) {
        return asn1Encoding(padWhere);
    }

    /**
     * ASN1EncodingMeta: returns the content length (binpac's {@code binary_to_int64} of the long form, 0 with a
     * weird when it has more than 8 bytes), or -1 after a failure. Lengths of 2^63 and above read as huge.
     */
    private long asn1Meta(String where) {
        if (!need(2, "ASN1EncodingMeta:len")) {
            return -1;
        }
        int len = u8(p + 1);
        p += 2;
        if ((len & 0x80) == 0) {
            return len;
        }
        int n = len & 0x7f;
        if (!need(n, "ASN1EncodingMeta:more_len")) {
            return -1;
        }
        long v = 0;
        if (n > 8) {
            listener.weird("asn_binary_to_int64_shift_too_large", Integer.toString(n));
        } else {
            for (int i = 0; i < n; i++) {
                v = v << 8 | u8(p + i);
            }
        }
        p += n;
        // Long.MAX_VALUE stands for any length past the record (compared unsigned by the caller).
        return v < 0 ? Long.MAX_VALUE : v;
    }

    // ---------------------------------------------------------------------------------------------- user data

    /** Data_Block[] &until($input.length() == 0): blocks up to the end of the record. */
    private void dataBlocks() {
        while (p < end) {
            if (!need(4, "Data_Header:length")) {
                return;
            }
            int type = u16le(p);
            int length = u16le(p + 2);
            p += 4;
            int blockLen = length - 4;
            if (blockLen < 0 || blockLen > end - p) {
                failure = "out_of_bound: Data_Block:block: " + blockLen + " > " + (end - p);
                return;
            }
            long blockEnd = p + blockLen;
            long outer = end;
            end = blockEnd;
            boolean ok = block(type, length);
            end = outer;
            if (!ok) {
                return;
            }
            p = blockEnd;
        }
    }

    private boolean block(int type, int length) {
        switch (type) {
            case 0xc001 -> {
                if (!need(206, "Client_Core_Data:dig_product_id")) {
                    return false;
                }
                listener.clientCoreData(s, p);
            }
            case 0xc002 -> {
                return need(8, "Client_Security_Data:ext_encryption_methods");
            }
            case 0xc003 -> {
                if (!need(4, "Client_Network_Data:channel_count")) {
                    return false;
                }
                long count = u32le(p);
                if (count > 1000) {
                    failure = "&enforce violation : Client_Network_Data:channel_count";
                    return false;
                }
                p += 4;
                if (!need(12 * count, "Client_Channel_Def:options")) {
                    return false;
                }
                if (count > 0) {
                    listener.clientNetworkData(s, p, (int) count);
                }
            }
            case 0xc004 -> {
                return need(8, "Client_Cluster_Data:redir_session_id");
            }
            case 0x0c01 -> {
                return need(length == 8 ? 4 : 8, "Server_Core_Data:client_requested_protocols");
            }
            case 0x0c02 -> {
                return serverSecurity();
            }
            case 0x0c03 -> {
                return need(4, "Server_Network_Data:channel_count");
            }
            default -> {
                // unhandled: skipped.
            }
        }
        return true;
    }

    /** TS_UD_SC_SEC1 ([MS-RDPBCGR] 2.2.1.4.3) with Zeek's two {@code &enforce}s and the certificate. */
    private boolean serverSecurity() {
        if (!need(16, "Server_Security_Data:server_cert_length")) {
            return false;
        }
        long method = u32le(p);
        long level = u32le(p + 4);
        long randomLen = u32le(p + 8);
        long certLen = u32le(p + 12);
        if (!((level == 0 && method == 0 && randomLen == 0) || randomLen == 0x20)) {
            failure = "&enforce violation : Server_Security_Data:server_random_length";
            return false;
        }
        p += 16;
        if (!need(randomLen, "Server_Security_Data:server_random")) {
            return false;
        }
        p += randomLen;
        if (certLen > end - p) {
            failure = "out_of_bound: Server_Security_Data:server_certificate: " + certLen + " > " + (end - p);
            return false;
        }
        long outer = end;
        end = p + certLen;
        boolean ok = serverCertificate();
        end = outer;
        if (!ok) {
            return false;
        }
        if (method > 0 && level > 0) {
            listener.beginEncryption(0);
        }
        listener.serverSecurity(method, level);
        return true;
    }

    private boolean serverCertificate() {
        if (!need(4, "Server_Certificate:version")) {
            return false;
        }
        long version = u32le(p);
        p += 4;
        long certType = version & 0x7fffffffL;
        boolean permanent = (version & 0x80000000L) == 0;
        if (certType == 1) {
            if (!proprietaryCertificate()) {
                return false;
            }
        } else if (certType == 2) {
            if (!x509Chain()) {
                return false;
            }
        } else {
            failure = "invalid index for case: Server_Certificate: " + certType;
            return false;
        }
        listener.serverCertificate(certType, permanent);
        return true;
    }

    private boolean proprietaryCertificate() {
        if (!need(12, "Server_Proprietary_Cert:public_key_blob_length")) {
            return false;
        }
        int blobLen = u16le(p + 10);
        p += 12;
        if (blobLen > end - p) {
            failure = "out_of_bound: Server_Proprietary_Cert:public_key_blob: " + blobLen + " > " + (end - p);
            return false;
        }
        long blobEnd = p + blobLen;
        long outer = end;
        end = blobEnd;
        boolean ok = publicKeyBlob();
        end = outer;
        if (!ok) {
            return false;
        }
        p = blobEnd;
        if (!need(4, "Server_Proprietary_Cert:signature_blob_length")) {
            return false;
        }
        int sigLen = u16le(p + 2);
        p += 4;
        return need(sigLen, "Server_Proprietary_Cert:signature_blob");
    }

    private boolean publicKeyBlob() {
        if (!need(16, "Public_Key_Blob:public_exponent")) {
            return false;
        }
        long keyLen = u32le(p + 4);
        if (keyLen > MAX_DATA_LENGTH) {
            failure = "&enforce violation : Public_Key_Blob:key_length";
            return false;
        }
        p += 16;
        return need(keyLen, "Public_Key_Blob:modulus");
    }

    private boolean x509Chain() {
        if (!need(4, "X509:num_of_certs")) {
            return false;
        }
        long n = u32le(p);
        if (n > 1000) {
            failure = "&enforce violation : X509:num_of_certs";
            return false;
        }
        p += 4;
        for (long i = 0; i < n; i++) {
            if (!need(4, "X509_Cert_Data:cert_len")) {
                return false;
            }
            long len = u32le(p);
            if (len > MAX_DATA_LENGTH) {
                failure = "&enforce violation : X509_Cert_Data:cert_len";
                return false;
            }
            p += 4;
            if (!need(len, "X509_Cert_Data:cert")) {
                return false;
            }
            listener.x509Certificate(s, p, (int) len);
            p += len;
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** binpac's bounds check before a field: {@code n} more bytes must be there. */
    private boolean need(long n, String where) {
        if (n > end - p) {
            failure = "out_of_bound: " + where + ": " + n + " > " + (end - p);
            return false;
        }
        return true;
    }

    private boolean startsWith(byte[] lit) {
        if (lit.length > end - p) {
            return false;
        }
        for (int i = 0; i < lit.length; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, p + i) != lit[i]) {
                return false;
            }
        }
        return true;
    }

    /** binpac's ExceptionStringMismatch for a regular-expression field; the actual data is cut at its first NUL. */
    private void mismatch(int line, String expected) {
        StringBuilder actual = new StringBuilder();
        for (long q = p; q < end && s.get(ValueLayout.JAVA_BYTE, q) != 0; q++) {
            actual.append((char) u8(q));
        }
        failure = "string mismatch at " + PAC + line + ": \nexpected pattern: \"" + expected + "\"\nactual data: \""
                + actual + "\"";
    }

    private int u8(long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    }

    private int u16le(long at) {
        return Short.toUnsignedInt(s.get(LE16, at));
    }

    private int u16be(long at) {
        return Short.toUnsignedInt(s.get(BE16, at));
    }

    private long u32le(long at) {
        return Integer.toUnsignedLong(s.get(LE32, at));
    }

    static int u16le(MemorySegment seg, long at) {
        return Short.toUnsignedInt(seg.get(LE16, at));
    }

    static long u32le(MemorySegment seg, long at) {
        return Integer.toUnsignedLong(seg.get(LE32, at));
    }
}
