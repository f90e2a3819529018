package io.osprey.analyzer.mysql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** MySQL packets for the tests (this package's and the SSL hand-over test), built field by field (MySQL's protocol documentation, connection phase). */
public final class Mysql {
    private Mysql() {
    }

    static final int CAPS_41 = 0x001FA68D; // a typical client's flags: PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH...

    /** A packet: 3-byte little-endian payload length, sequence id, payload. */
    static byte[] packet(int seq, byte[] payload) {
        byte[] p = new byte[4 + payload.length];
        p[0] = (byte) payload.length;
        p[1] = (byte) (payload.length >>> 8);
        p[2] = (byte) (payload.length >>> 16);
        p[3] = (byte) seq;
        System.arraycopy(payload, 0, p, 4, payload.length);
        return p;
    }

    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes u16(int v) {
            return u8(v).u8(v >>> 8);
        }

        Bytes u32(int v) {
            return u16(v).u16(v >>> 16);
        }

        Bytes zeros(int n) {
            out.writeBytes(new byte[n]);
            return this;
        }

        Bytes cstr(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            return u8(0);
        }

        Bytes raw(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** The server's Handshake v10 greeting (sequence 0) with the mysql_native_password plugin. */
    public static byte[] greetingV10() {
        return greetingV10(21);
    }

    static byte[] greetingV10(int authPluginDataLen) {
        Bytes b = new Bytes().u8(10).cstr("8.0.35").u32(42).raw("abcdefgh").u8(0).u16(0xFFFF).u8(0xFF).u16(2)
                .u16(0xDFFF).u8(authPluginDataLen).zeros(10).raw("ijklmnopqrst").u8(0).cstr("mysql_native_password");
        return packet(0, b.bytes());
    }

    /** The server's Handshake v9 greeting. */
    static byte[] greetingV9() {
        return packet(0, new Bytes().u8(9).cstr("3.23.58").u32(7).cstr("scrambl").bytes());
    }

    /** The client's HandshakeResponse41 (sequence 1) with user, password, database, plugin and attributes. */
    public static byte[] responseV10() {
        Bytes b = new Bytes().u32(CAPS_41).u32(16 << 20).u8(0x21).zeros(23).cstr("root").u8(20).raw("01234567890123456789")
                .cstr("test").cstr("mysql_native_password");
        byte[] attrs = new Bytes().u8(4).raw("_pid").u8(3).raw("123").u8(7).raw("_client").u8(3).raw("cli").bytes();
        b.u8(attrs.length);
        b.out.writeBytes(attrs);
        return packet(1, b.bytes());
    }

    /** The client's SSLRequest (HandshakeResponse41 cut after the padding, CLIENT_SSL set). */
    public static byte[] sslRequest() {
        return packet(1, new Bytes().u32(CAPS_41 | MysqlAnalyzer.CLIENT_SSL).u32(16 << 20).u8(0x21).zeros(23).bytes());
    }

    /** The client's v9 (pre-4.1) handshake response. */
    static byte[] responseV9() {
        return packet(1, new Bytes().u16(0xA485).u8(0).u8(0).u8(0).cstr("root").cstr("scrambled").bytes());
    }

    /** The server's OK packet (sequence 2). */
    static byte[] ok(int seq) {
        return packet(seq, new Bytes().u8(0).u8(0).u8(0).u16(2).u16(0).bytes());
    }

    /** A client command (COM_QUERY) and the server's one-column answer. */
    static byte[] query(String sql) {
        return packet(0, new Bytes().u8(3).raw(sql).bytes());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
