package io.osprey.analyzer.ssl;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Builds SSL/TLS bytes for tests: records, handshake messages, hellos (RFC 5246 §§6.2, 7.4; RFC 8446 §4.1). */
final class Tls {
    private Tls() {
    }

    static final int V10 = 0x0301;
    static final int V12 = 0x0303;
    static final int V13 = 0x0304;

    /** A record: type, version, 16-bit length, body. */
    static byte[] record(int type, int version, byte[] body) {
        byte[] r = new byte[5 + body.length];
        r[0] = (byte) type;
        r[1] = (byte) (version >> 8);
        r[2] = (byte) version;
        r[3] = (byte) (body.length >> 8);
        r[4] = (byte) body.length;
        System.arraycopy(body, 0, r, 5, body.length);
        return r;
    }

    /** A handshake message: type, 24-bit length, body. */
    static byte[] message(int type, byte[] body) {
        byte[] m = new byte[4 + body.length];
        m[0] = (byte) type;
        m[1] = (byte) (body.length >> 16);
        m[2] = (byte) (body.length >> 8);
        m[3] = (byte) body.length;
        System.arraycopy(body, 0, m, 4, body.length);
        return m;
    }

    /** An extension: type, 16-bit length, data. */
    static byte[] ext(int type, byte... data) {
        return new Bytes().u16(type).u16(data.length).raw(data).bytes();
    }

    /** A ClientHello body: version, random, a 32-byte session id, three suites, null compression, extensions. */
    static byte[] clientHello(int version, byte[]... exts) {
        Bytes b = new Bytes().u16(version).raw(filled(32, 0x11)).u8(32).raw(filled(32, 0x22));
        b.u16(6).u16(0x1301).u16(0xC02F).u16(0x009C).u8(1).u8(0);
        if (exts.length > 0) {
            int len = Arrays.stream(exts).mapToInt(e -> e.length).sum();
            b.u16(len);
            for (byte[] e : exts) {
                b.raw(e);
            }
        }
        return b.bytes();
    }

    /** A typical TLS 1.2 client's first record: ClientHello with server_name and ec_point_formats. */
    static byte[] clientHelloRecord12() {
        byte[] sni = new Bytes().u16(14).u8(0).u16(11).raw("example.com".getBytes()).bytes();
        return record(22, V10, message(1, clientHello(V12, ext(0, sni), ext(11, (byte) 1, (byte) 0))));
    }

    /** A TLS 1.3 ClientHello record (legacy version 1.2, supported_versions listing 1.3 and 1.2). */
    static byte[] clientHelloRecord13() {
        return record(22, V10, message(1, clientHello(V12, ext(43, (byte) 4, (byte) 3, (byte) 4, (byte) 3, (byte) 3),
                ext(51, new Bytes().u16(36).u16(29).u16(32).raw(filled(32, 7)).bytes()))));
    }

    /** A ServerHello body (classic layout) with optional extensions. */
    static byte[] serverHello(int version, byte[]... exts) {
        Bytes b = new Bytes().u16(version).raw(filled(32, 0x33)).u8(0).u16(0xC02F).u8(0);
        if (exts.length > 0) {
            int len = Arrays.stream(exts).mapToInt(e -> e.length).sum();
            b.u16(len);
            for (byte[] e : exts) {
                b.raw(e);
            }
        }
        return b.bytes();
    }

    /** SSLv2 CLIENT-HELLO record (2-byte header) offering {@code version}. */
    static byte[] v2ClientHello(int version) {
        Bytes body = new Bytes().u8(1).u16(version).u16(6).u16(0).u16(16)
                .raw(new byte[] {1, 0, (byte) 0x80, 7, 0, (byte) 0xC0}).raw(filled(16, 0x44));
        byte[] b = body.bytes();
        return new Bytes().u16(0x8000 | b.length).raw(b).bytes();
    }

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** A small big-endian byte writer. */
    static final class Bytes {
        private final ByteArrayOutputStream o = new ByteArrayOutputStream();

        Bytes u8(int v) {
            o.write(v);
            return this;
        }

        Bytes u16(int v) {
            o.write(v >> 8);
            o.write(v);
            return this;
        }

        Bytes raw(byte[] b) {
            o.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return o.toByteArray();
        }
    }
}
