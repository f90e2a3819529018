package io.osprey.analyzer.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** DHCP messages for the tests, built byte by byte (RFC 2131 §2 header, RFC 2132 options). */
final class DhcpMessages {
    private DhcpMessages() {
    }

    /**
     * A message: {@code op}, Ethernet, transaction {@code xid}, your-address {@code yiaddr} (dotted quad or null),
     * client hardware address {@code chaddr} (16 bytes, zero-padded), the magic cookie, then {@code options} as given.
     */
    static byte[] message(int op, int xid, String yiaddr, byte[] chaddr, byte[] options) {
        ByteBuffer b = ByteBuffer.allocate(240 + options.length);
        b.put((byte) op).put((byte) 1).put((byte) 6).put((byte) 0).putInt(xid).putShort((short) 0).putShort((short) 0);
        b.putInt(0).putInt(yiaddr == null ? 0 : v4(yiaddr)).putInt(0).putInt(0);
        b.put(java.util.Arrays.copyOf(chaddr, 16)).put(new byte[64]).put(new byte[128]);
        b.putInt(0x63825363).put(options);
        return b.array();
    }

    static final byte[] MAC = {2, 0, 0, 0, 0, 1};

    /** A client message (op 1) from {@link #MAC}. */
    static byte[] client(int xid, byte[] options) {
        return message(1, xid, null, MAC, options);
    }

    /** Options concatenated: each argument is an option's whole bytes (see {@link #opt}, {@link #type}). */
    static byte[] opts(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** Option {@code code} with {@code value} and its length. */
    static byte[] opt(int code, byte[] value) {
        byte[] b = new byte[value.length + 2];
        b[0] = (byte) code;
        b[1] = (byte) value.length;
        System.arraycopy(value, 0, b, 2, value.length);
        return b;
    }

    /** Option {@code code} with a text value. */
    static byte[] opt(int code, String value) {
        return opt(code, value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The message type option (53). */
    static byte[] type(int t) {
        return opt(53, new byte[] {(byte) t});
    }

    /** Option 51 (lease time) or any other 32-bit option. */
    static byte[] u32(int code, int v) {
        return opt(code, ByteBuffer.allocate(4).putInt(v).array());
    }

    static final byte[] END = {(byte) 255};

    static int v4(String a) {
        int v = 0;
        for (String p : a.split("\\.")) {
            v = (v << 8) | Integer.parseInt(p);
        }
        return v;
    }
}
