package io.osprey.analyzer.rdp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RDP connection-sequence messages built for tests, laid out as [MS-RDPBCGR] 4.1 shows them (TPKT, X.224, the MCS
 * Connect Initial/Response with their GCC conference data and user data blocks), with the knobs the tests vary.
 */
final class RdpMessages {
    private RdpMessages() {
    }

    /** A little byte writer. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int... v) {
            for (int x : v) {
                out.write(x);
            }
            return this;
        }

        Bytes le16(int v) {
            return u8(v & 0xff, v >>> 8 & 0xff);
        }

        Bytes be16(int v) {
            return u8(v >>> 8 & 0xff, v & 0xff);
        }

        Bytes le32(long v) {
            return le16((int) (v & 0xffff)).le16((int) (v >>> 16 & 0xffff));
        }

        Bytes bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Bytes ascii(String s) {
            return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** {@code s} as UTF-16LE, padded with NULs (or cut) to {@code n} bytes. */
        Bytes utf16(String s, int n) {
            return bytes(Arrays.copyOf(s.getBytes(StandardCharsets.UTF_16LE), n));
        }

        Bytes zeros(int n) {
            return bytes(new byte[n]);
        }

        byte[] build() {
            return out.toByteArray();
        }
    }

    /** A TPKT record around {@code body}. */
    static byte[] tpkt(byte[] body) {
        return new Bytes().u8(3, 0).be16(body.length + 4).bytes(body).build();
    }

    /**
     * X.224 Connection Request with an optional cookie ("Cookie: mstshash=NAME\r\n") and an optional
     * RDP_NEG_REQ ({@code protocols < 0}: none).
     */
    static byte[] connectionRequest(String cookie, long protocols) {
        Bytes v = new Bytes().u8(0, 0, 0, 0, 0);
        if (cookie != null) {
            v.ascii("Cookie: mstshash=" + cookie + "\r\n");
        }
        if (protocols >= 0) {
            v.u8(1, 0).le16(8).le32(protocols);
        }
        byte[] rest = v.build();
        return tpkt(new Bytes().u8(rest.length + 1, 0xe0).bytes(rest).build());
    }

    /** X.224 Connection Confirm with RDP_NEG_RSP (type 2) selecting {@code protocol}. */
    static byte[] connectionConfirm(long protocol) {
        return tpkt(new Bytes().u8(14, 0xd0).u8(0, 0, 0x12, 0x34, 0).u8(2, 0x1f).le16(8).le32(protocol).build());
    }

    /** X.224 Connection Confirm with RDP_NEG_FAILURE (type 3). */
    static byte[] connectionFailure(long code) {
        return tpkt(new Bytes().u8(14, 0xd0).u8(0, 0, 0x12, 0x34, 0).u8(3, 0).le16(8).le32(code).build());
    }

    /** A user data block: TS_UD_HEADER (type, length) and its body. */
    static byte[] block(int type, byte[] body) {
        return new Bytes().le16(type).le16(body.length + 4).bytes(body).build();
    }

    /** TS_UD_CS_CORE, 212 bytes of body (the 206 Zeek reads plus connectionType, pad, serverSelectedProtocol). */
    static byte[] clientCore(int width, int height, long layout, long build, String name, int highColor,
                             int earlyFlags, String digProductId) {
        return block(0xc001, new Bytes().le16(4).le16(8).le16(width).le16(height).le16(0xca01).le16(0xaa03)
                .le32(layout).le32(build).utf16(name, 32).le32(4).le32(0).le32(12).zeros(64)
                .le16(0xca01).le16(1).le32(0).le16(highColor).le16(7).le16(earlyFlags).utf16(digProductId, 64)
                .u8(0, 0).le32(0).build());
    }

    /** TS_UD_CS_NET with the given channel names. */
    static byte[] clientNetwork(String... channels) {
        Bytes b = new Bytes().le32(channels.length);
        for (String c : channels) {
            b.bytes(Arrays.copyOf(c.getBytes(StandardCharsets.ISO_8859_1), 8)).le32(0x80800000L);
        }
        return block(0xc003, b.build());
    }

    /** An X.224 data TPDU carrying MCS Connect Initial with the GCC Conference Create Request around blocks. */
    static byte[] connectInitial(byte[]... blocks) {
        Bytes user = new Bytes();
        for (byte[] b : blocks) {
            user.bytes(b);
        }
        byte[] ud = user.build();
        Bytes b = new Bytes().u8(2, 0xf0, 0x80).u8(0x7f, 0x65).u8(0x82, 0x01, 0xbe)
                .u8(4, 1, 1).u8(4, 1, 1).u8(1, 1, 0xff)
                .u8(0x30, 3, 2, 1, 0x22).u8(0x30, 3, 2, 1, 1).u8(0x30, 4, 2, 2, 0xff, 0xff)
                .u8(4, 0x82).be16(ud.length + 23)
                .u8(0, 5, 0, 0x14, 0x7c, 0, 1).u8(0x81, 0x48)
                .u8(0, 8, 0, 0x10, 0, 1, 0xc0, 0).ascii("Duca").u8(0x81, 0x3a)
                .bytes(ud);
        return tpkt(b.build());
    }

    /** TS_UD_SC_CORE. */
    static byte[] serverCore() {
        return block(0x0c01, new Bytes().le16(4).le16(8).le32(0).build());
    }

    /** TS_UD_SC_SEC1 with a proprietary (RSA) certificate. */
    static byte[] serverSecurityRsa(long method, long level) {
        byte[] modulus = new byte[72];
        Arrays.fill(modulus, (byte) 0x5a);
        byte[] blob = new Bytes().ascii("RSA1").le32(72).le32(512).le32(63).le32(65537).bytes(modulus).build();
        byte[] cert = new Bytes().le32(1).le32(1).le32(1).le16(6).le16(blob.length).bytes(blob)
                .le16(8).le16(72).zeros(72).build();
        return block(0x0c02, new Bytes().le32(method).le32(level).le32(32).le32(cert.length).zeros(32).bytes(cert)
                .build());
    }

    /** TS_UD_SC_SEC1 with an X.509 chain (temporary: the version's top bit set) of {@code n} made-up certificates. */
    static byte[] serverSecurityX509(long method, long level, int n) {
        Bytes chain = new Bytes().le32(0x80000002L).le32(n);
        for (int i = 0; i < n; i++) {
            chain.le32(20 + i).bytes(new byte[20 + i]);
        }
        chain.zeros(8);
        byte[] cert = chain.build();
        return block(0x0c02, new Bytes().le32(method).le32(level).le32(32).le32(cert.length).zeros(32).bytes(cert)
                .build());
    }

    /** TS_UD_SC_NET. */
    static byte[] serverNetwork() {
        return block(0x0c03, new Bytes().le16(0x3eb).le16(0).build());
    }

    /** An X.224 data TPDU carrying MCS Connect Response with the GCC Conference Create Response around blocks. */
    static byte[] connectResponse(int result, byte[]... blocks) {
        Bytes user = new Bytes();
        for (byte[] b : blocks) {
            user.bytes(b);
        }
        byte[] ud = user.build();
        Bytes b = new Bytes().u8(2, 0xf0, 0x80).u8(0x7f, 0x66).u8(0x82, 0x01, 0x46)
                .u8(0x0a, 1, 0).u8(2, 1, 0).u8(0x30, 0x1a).zeros(0x1a)
                .u8(4, 0x82).be16(ud.length + 23)
                .u8(0, 5, 0, 0x14, 0x7c, 0, 1).u8(0x2a)
                .u8(0x14, 0x76, 0x0a, 1, 1, result, 1, 0xc0, 0).ascii("McDn").u8(0x81, 0x08)
                .bytes(ud);
        return tpkt(b.build());
    }

    /** The usual client channels. */
    static final String[] CHANNELS = {"rdpdr", "rdpsnd", "drdynvc", "cliprdr"};

    /** The client's MCS Connect Initial of the standard-security session. */
    static byte[] standardInitial() {
        return connectInitial(clientCore(1152, 864, 1033, 6000, "FROG-POND", 0x18, 0x02, ""),
                block(0xc002, new Bytes().le32(0x1b).le32(0).build()), clientNetwork(CHANNELS),
                block(0xc004, new Bytes().le32(0xd).le32(0).build()));
    }

    /** The server's MCS Connect Response of the standard-security session: RSA certificate, High, 128bit. */
    static byte[] standardResponse() {
        return connectResponse(0, serverCore(), serverSecurityRsa(2, 3), serverNetwork());
    }

    /** A complete standard-security handshake, in order: {orig?, bytes}. */
    static Object[][] standardSession() {
        return new Object[][] {
                {true, connectionRequest("FTBCO\\A70", 0)},
                {false, connectionConfirm(0)},
                {true, standardInitial()},
                {false, standardResponse()},
                // Then RDP-encrypted traffic that is not parsed.
                {true, tpkt(new Bytes().u8(2, 0xf0, 0x80, 0x64, 0, 6, 3, 0xeb, 0x70, 0x80, 0x20).zeros(20).build())},
        };
    }
}
