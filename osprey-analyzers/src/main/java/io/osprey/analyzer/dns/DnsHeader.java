package io.osprey.analyzer.dns;

import io.osprey.common.bytes.Bytes;

import java.lang.foreign.MemorySegment;

/**
 * The fixed header of a DNS message (RFC 1035 §4.1.1), decoded into fields: Zeek's {@code dns_msg}. One instance per
 * worker, owned by the {@link DnsParser}, refilled for every message; handlers read it during a callback and never
 * keep it.
 *
 * <pre>
 *   0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |                      ID                       |  0
 * |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |  2   (Z includes AD and CD, RFC 4035 §3.2)
 * |              QDCOUNT / ZOCOUNT                |  4   (dynamic update, RFC 2136 §2: zones,
 * |              ANCOUNT / PRCOUNT                |  6    prerequisites,
 * |              NSCOUNT / UPCOUNT                |  8    updates)
 * |                    ARCOUNT                    | 10
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * </pre>
 */
public final class DnsHeader {
    /** Bytes of the header. */
    public static final int HEADER_LENGTH = 12;
    static final int FLAGS_OFFSET = 2;

    int id;
    int opcode;
    int rcode;
    boolean qr;
    boolean aa;
    boolean tc;
    boolean rd;
    boolean ra;
    int z;
    int qdCount;
    int anCount;
    int nsCount;
    int arCount;
    /** The connection is NetBIOS name service (port 137 on either side). */
    boolean netbios;
    /** Opcode 5 outside NetBIOS (RFC 2136): zone, prerequisite and update sections instead of the usual ones. */
    boolean dynamicUpdate;
    /** Events of the section being parsed are suppressed ({@code dns_skip_all_auth}/{@code _addl}). */
    boolean skipEvent;

    /** Opcode of the message at {@code off} (bits 11-14 of the flags). */
    static int opcodeAt(MemorySegment s, long off) {
        return (Bytes.u16(s, off + FLAGS_OFFSET) & 0x7800) >> 11;
    }

    /** Decodes the 12 bytes at {@code off}; the caller checked they are there. */
    void read(MemorySegment s, long off, boolean isNetbios) {
        int flags = Bytes.u16(s, off + FLAGS_OFFSET);
        id = Bytes.u16(s, off);
        qr = (flags & 0x8000) != 0;
        opcode = (flags & 0x7800) >> 11;
        aa = (flags & 0x0400) != 0;
        tc = (flags & 0x0200) != 0;
        rd = (flags & 0x0100) != 0;
        ra = (flags & 0x0080) != 0;
        z = (flags & 0x0070) >> 4;
        rcode = flags & 0x000F;
        qdCount = Bytes.u16(s, off + 4);
        anCount = Bytes.u16(s, off + 6);
        nsCount = Bytes.u16(s, off + 8);
        arCount = Bytes.u16(s, off + 10);
        netbios = isNetbios;
        dynamicUpdate = opcode == DnsConsts.OP_DYNAMIC_UPDATE && !isNetbios;
        skipEvent = false;
    }

    /** The transaction id. */
    public int id() {
        return id;
    }

    /** The opcode. */
    public int opcode() {
        return opcode;
    }

    /** The response code (4 bits; EDNS extended rcodes are not merged, as in Zeek's dns_msg). */
    public int rcode() {
        return rcode;
    }

    /** QR: the message is a response. */
    public boolean qr() {
        return qr;
    }

    /** Number of questions (zones in a dynamic update). */
    public int qdCount() {
        return qdCount;
    }

    /** Number of answer RRs (prerequisites in a dynamic update). */
    public int anCount() {
        return anCount;
    }

    /** Number of authority RRs (updates in a dynamic update). */
    public int nsCount() {
        return nsCount;
    }

    /** Number of additional RRs. */
    public int arCount() {
        return arCount;
    }
}
