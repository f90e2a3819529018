package io.osprey.analyzer.smb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds SMB2 messages for tests ([MS-SMB2] 2.2): PDUs with the 64-byte header, compounded into NetBIOS session
 * messages. Only the fields the analyzer reads are filled; the rest are zero.
 */
final class SmbMsg {
    private SmbMsg() {
    }

    /** One direction's bytes of a conversation. */
    record Segment(boolean orig, byte[] data) {
    }

    static final long FT_2020 = 132_223_104_000_000_000L; // 2020-01-01 as a FILETIME

    /** A NetBIOS session message holding {@code pdus}, compounded (NextCommand set, 8-byte aligned). */
    static byte[] nbss(byte[]... pdus) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < pdus.length; i++) {
            byte[] p = pdus[i].clone();
            if (i < pdus.length - 1) {
                int padded = (p.length + 7) & ~7;
                p = Arrays.copyOf(p, padded);
                putU32(p, 20, padded);
            }
            body.writeBytes(p);
        }
        return nbssRaw(0, body.toByteArray());
    }

    /** A NetBIOS message of any type around {@code body}. */
    static byte[] nbssRaw(int type, byte[] body) {
        byte[] m = new byte[4 + body.length];
        m[0] = (byte) type;
        m[1] = (byte) (body.length >> 16);
        m[2] = (byte) (body.length >> 8);
        m[3] = (byte) body.length;
        System.arraycopy(body, 0, m, 4, body.length);
        return m;
    }

    /** A PDU: header plus {@code body} (the command's structure, offsets counted from the header's start). */
    static byte[] pdu(int command, boolean response, long messageId, long treeId, long status, byte[] body) {
        byte[] p = new byte[64 + body.length];
        p[0] = (byte) 0xFE;
        p[1] = 'S';
        p[2] = 'M';
        p[3] = 'B';
        putU16(p, 4, 64);
        putU32(p, 8, status);
        putU16(p, 12, command);
        putU32(p, 16, response ? 0x01000000L : 0);
        putU64(p, 24, messageId);
        putU32(p, 36, treeId);
        putU64(p, 40, 0x1234);
        System.arraycopy(body, 0, p, 64, body.length);
        return p;
    }

    static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    static byte[] treeConnectRequest(long mid, String path) {
        byte[] name = utf16(path);
        byte[] b = new byte[8 + name.length];
        putU16(b, 0, 9);
        putU16(b, 4, 64 + 8);
        putU16(b, 6, name.length);
        System.arraycopy(name, 0, b, 8, name.length);
        return pdu(Smb2Header.TREE_CONNECT, false, mid, 0, 0, b);
    }

    static byte[] treeConnectResponse(long mid, long tid, int shareType) {
        byte[] b = new byte[16];
        putU16(b, 0, 16);
        b[2] = (byte) shareType;
        return pdu(Smb2Header.TREE_CONNECT, true, mid, tid, 0, b);
    }

    static byte[] createRequest(long mid, long tid, String name, long createOptions) {
        byte[] n = utf16(name);
        byte[] b = new byte[56 + n.length];
        putU16(b, 0, 57);
        putU32(b, 40, createOptions);
        putU16(b, 44, 64 + 56);
        putU16(b, 46, n.length);
        System.arraycopy(n, 0, b, 56, n.length);
        return pdu(Smb2Header.CREATE, false, mid, tid, 0, b);
    }

    static byte[] createResponse(long mid, long tid, long fid, long eof, long modified) {
        byte[] b = new byte[88];
        putU16(b, 0, 89);
        putU64(b, 8, FT_2020);
        putU64(b, 16, modified);
        putU64(b, 24, modified);
        putU64(b, 32, modified);
        putU64(b, 48, eof);
        putU64(b, 64, fid);
        putU64(b, 72, 0);
        return pdu(Smb2Header.CREATE, true, mid, tid, 0, b);
    }

    static byte[] readRequest(long mid, long tid, long fid, long offset, int len) {
        byte[] b = new byte[49];
        putU16(b, 0, 49);
        putU32(b, 4, len);
        putU64(b, 8, offset);
        putU64(b, 16, fid);
        return pdu(Smb2Header.READ, false, mid, tid, 0, b);
    }

    static byte[] readResponse(long mid, long tid, byte[] data) {
        byte[] b = new byte[16 + data.length];
        putU16(b, 0, 17);
        b[2] = (byte) 80;
        putU32(b, 4, data.length);
        System.arraycopy(data, 0, b, 16, data.length);
        return pdu(Smb2Header.READ, true, mid, tid, 0, b);
    }

    static byte[] writeRequest(long mid, long tid, long fid, long offset, byte[] data) {
        byte[] b = new byte[48 + data.length];
        putU16(b, 0, 49);
        putU16(b, 2, 64 + 48);
        putU32(b, 4, data.length);
        putU64(b, 8, offset);
        putU64(b, 16, fid);
        System.arraycopy(data, 0, b, 48, data.length);
        return pdu(Smb2Header.WRITE, false, mid, tid, 0, b);
    }

    static byte[] writeResponse(long mid, long tid, int count) {
        byte[] b = new byte[16];
        putU16(b, 0, 17);
        putU32(b, 4, count);
        return pdu(Smb2Header.WRITE, true, mid, tid, 0, b);
    }

    static byte[] closeRequest(long mid, long tid, long fid) {
        byte[] b = new byte[24];
        putU16(b, 0, 24);
        putU64(b, 8, fid);
        return pdu(Smb2Header.CLOSE, false, mid, tid, 0, b);
    }

    static byte[] setInfoDelete(long mid, long tid, long fid) {
        byte[] b = new byte[33];
        putU16(b, 0, 33);
        b[2] = 1;
        b[3] = 0x0d;
        putU32(b, 4, 1);
        putU16(b, 8, 64 + 32);
        putU64(b, 16, fid);
        b[32] = 1;
        return pdu(Smb2Header.SET_INFO, false, mid, tid, 0, b);
    }

    static byte[] errorResponse(int command, long mid, long tid, long status) {
        byte[] b = new byte[9];
        putU16(b, 0, 9);
        return pdu(command, true, mid, tid, status, b);
    }

    /** A share mapped, a file created, written in two pieces and closed; then another read back whole. */
    static List<Segment> writeAndReadConversation(byte[] written, byte[] read) {
        List<Segment> c = new ArrayList<>();
        long tid = 5;
        c.add(new Segment(true, nbss(treeConnectRequest(1, "\\\\10.0.0.2\\share"))));
        c.add(new Segment(false, nbss(treeConnectResponse(1, tid, 1))));
        c.add(new Segment(true, nbss(createRequest(2, tid, "dir\\new.txt", 0))));
        c.add(new Segment(false, nbss(createResponse(2, tid, 0x77, 0, FT_2020 + 1))));
        int half = written.length / 2;
        c.add(new Segment(true, nbss(writeRequest(3, tid, 0x77, 0, Arrays.copyOf(written, half)))));
        c.add(new Segment(false, nbss(writeResponse(3, tid, half))));
        c.add(new Segment(true, nbss(writeRequest(4, tid, 0x77, half, Arrays.copyOfRange(written, half,
                written.length)))));
        c.add(new Segment(false, nbss(writeResponse(4, tid, written.length - half))));
        c.add(new Segment(true, nbss(closeRequest(5, tid, 0x77))));
        c.add(new Segment(true, nbss(createRequest(6, tid, "old.bin", 0))));
        c.add(new Segment(false, nbss(createResponse(6, tid, 0x88, read.length, FT_2020 + 2))));
        // Two READs compounded in one message, answered in one compounded message too.
        int h2 = read.length / 2;
        c.add(new Segment(true, nbss(readRequest(7, tid, 0x88, 0, h2), readRequest(8, tid, 0x88, h2, 4096))));
        c.add(new Segment(false, nbss(readResponse(7, tid, Arrays.copyOf(read, h2)),
                readResponse(8, tid, Arrays.copyOfRange(read, h2, read.length)))));
        c.add(new Segment(true, nbss(closeRequest(9, tid, 0x88))));
        return c;
    }

    static void putU16(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >> 8);
    }

    static void putU32(byte[] b, int p, long v) {
        putU16(b, p, (int) v);
        putU16(b, p + 2, (int) (v >> 16));
    }

    static void putU64(byte[] b, int p, long v) {
        putU32(b, p, v);
        putU32(b, p + 4, v >>> 32);
    }
}
