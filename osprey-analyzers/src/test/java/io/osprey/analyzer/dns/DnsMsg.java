package io.osprey.analyzer.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Builds DNS messages byte by byte for tests (RFC 1035 §4.1 wire format): header, questions, RRs with uncompressed
 * names or explicit compression pointers, and raw RDATA. Also parses hex text blocks.
 */
final class DnsMsg {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private DnsMsg() {
    }

    /** A header: id, flags (QR, opcode, AA... as the 16-bit field), and the four counts. */
    static DnsMsg header(int id, int flags, int qd, int an, int ns, int ar) {
        DnsMsg m = new DnsMsg();
        m.u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
        return m;
    }

    /** A standard query header (RD set) with one question. */
    static DnsMsg query(int id) {
        return header(id, 0x0100, 1, 0, 0, 0);
    }

    /** A standard response header (QR, AA, RD, RA) with one question and {@code an} answers. */
    static DnsMsg response(int id, int an) {
        return header(id, 0x8580, 1, an, 0, 0);
    }

    /** Hex text (whitespace ignored) to bytes. */
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    DnsMsg u8(int v) {
        out.write(v);
        return this;
    }

    DnsMsg u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    DnsMsg u32(long v) {
        return u16((int) (v >>> 16)).u16((int) v);
    }

    DnsMsg raw(byte... b) {
        out.writeBytes(b);
        return this;
    }

    /** A name as labels ending with the root label. */
    DnsMsg name(String dotted) {
        if (!dotted.isEmpty()) {
            for (String l : dotted.split("\\.")) {
                byte[] b = l.getBytes(StandardCharsets.ISO_8859_1);
                u8(b.length).raw(b);
            }
        }
        return u8(0);
    }

    /** A compression pointer to {@code offset}. */
    DnsMsg ptr(int offset) {
        return u16(0xC000 | offset);
    }

    /** Labels followed by a pointer (no root label). */
    DnsMsg labelsThenPtr(String dotted, int offset) {
        for (String l : dotted.split("\\.")) {
            byte[] b = l.getBytes(StandardCharsets.ISO_8859_1);
            u8(b.length).raw(b);
        }
        return ptr(offset);
    }

    DnsMsg question(String name, int qtype, int qclass) {
        return name(name).u16(qtype).u16(qclass);
    }

    /** An RR with an uncompressed owner name. */
    DnsMsg rr(String owner, int type, int cls, long ttl, byte[] rdata) {
        return name(owner).u16(type).u16(cls).u32(ttl).u16(rdata.length).raw(rdata);
    }

    /** An RR whose owner is a pointer (usually 12, the question name). */
    DnsMsg rrPtr(int ownerOffset, int type, int cls, long ttl, byte[] rdata) {
        return ptr(ownerOffset).u16(type).u16(cls).u32(ttl).u16(rdata.length).raw(rdata);
    }

    /** The current length (an offset for pointers). */
    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** RDATA helpers. */
    static byte[] rdName(String dotted) {
        return new DnsMsg().name(dotted).bytes();
    }

    static byte[] rd(DnsMsg m) {
        return m.bytes();
    }

    static DnsMsg rdata() {
        return new DnsMsg();
    }

    /** Character-strings (RFC 1035 §3.3). */
    static byte[] strings(String... s) {
        DnsMsg m = new DnsMsg();
        for (String x : s) {
            byte[] b = x.getBytes(StandardCharsets.ISO_8859_1);
            m.u8(b.length).raw(b);
        }
        return m.bytes();
    }

    /** A TCP stream of messages, each with its 2-byte length prefix. */
    static byte[] tcpStream(byte[]... msgs) {
        DnsMsg m = new DnsMsg();
        for (byte[] x : msgs) {
            m.u16(x.length).raw(x);
        }
        return m.bytes();
    }
}
