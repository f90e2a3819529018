package io.osprey.analyzer.ntlm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Parses one NTLMSSP message ([MS-NLMP] 2.2.1) the way Zeek's binpac grammar does
 * ({@code src/analyzer/protocol/ntlm/ntlm-protocol.pac}, {@code NTLM_SSP_Token}): 8 signature bytes (not checked),
 * the message type, then the fixed part of a NEGOTIATE (1), CHALLENGE (2) or AUTHENTICATE (3) message; any other type
 * is accepted as opaque. The payload fields Zeek evaluates must lie within the message, else the message fails as
 * Zeek's binpac exception does:
 * <ul>
 *   <li>Zeek places the payload right after the fixed part (offsets 32, 48 and 64; it does not know AUTHENTICATE's
 *       optional Version and MIC) and reads each string at its field's offset relative to that;</li>
 *   <li>the Version (8 bytes at the payload's start) when NTLMSSP_NEGOTIATE_VERSION is set and the payload starts
 *       before every string offset;</li>
 *   <li>NEGOTIATE's domain and workstation when their OEM_*_SUPPLIED flags say so; CHALLENGE's TargetName when
 *       NTLMSSP_REQUEST_TARGET is set; AUTHENTICATE's NtChallengeResponse, domain, user, workstation and session key
 *       when their lengths are not 0;</li>
 *   <li>CHALLENGE's TargetInfo AV pairs (2.2.2.1) when NTLMSSP_NEGOTIATE_TARGET_INFO is set, read from the field's
 *       offset (taken modulo 2^16, as Zeek passes it as a uint16) to the end of the message, until MsvAvEOL, each
 *       value as Zeek's fixed types read it (MsvAvFlags 4 bytes, MsvAvTimestamp 8, MsvAvSingleHost 16 or 20,
 *       MsvAvChannelBindings 2, names their length); an unknown AV id fails the message. A sequence that ends
 *       without MsvAvEOL although TargetInfoLen is not 0 is Zeek's "NTLM AV Pair loop underflow" violation, yet the
 *       message still counts as parsed ({@link #avUnderflow}).</li>
 * </ul>
 * The parse allocates nothing: strings are left as positions ({@link #start}, {@link #length}) into the caller's
 * segment. One parser per analyzer instance, reused for every message; not thread-safe.
 */
final class NtlmParser {
    static final int NEGOTIATE = 1;
    static final int CHALLENGE = 2;
    static final int AUTHENTICATE = 3;

    // String slots of the last message.
    static final int DOMAIN = 0;
    static final int WORKSTATION = 1;
    static final int USER = 2;
    static final int TARGET_NAME = 3;
    static final int NB_COMPUTER = 4;
    static final int NB_DOMAIN = 5;
    static final int DNS_COMPUTER = 6;
    static final int DNS_DOMAIN = 7;
    static final int DNS_TREE = 8;
    private static final int SLOTS = 9;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final long REQUEST_TARGET = 0x00000004L; // NTLMSSP_REQUEST_TARGET
    private static final long OEM_DOMAIN_SUPPLIED = 0x00001000L;
    private static final long OEM_WORKSTATION_SUPPLIED = 0x00002000L;
    private static final long NEGOTIATE_TARGET_INFO = 0x00800000L;
    private static final long NEGOTIATE_VERSION = 0x02000000L;

    private MemorySegment seg;
    private long end;
    private final long[] start = new long[SLOTS];
    private final int[] length = new int[SLOTS];

    /** The last message's type (any value; only 1 to 3 have content). */
    int type;
    /** The last message's NegotiateFlags (0 for other types). */
    long flags;
    /** CHALLENGE: the flags announced TargetInfo (its AV pairs were read). */
    boolean targetInfo;
    /** CHALLENGE: the AV pairs ended without MsvAvEOL although TargetInfoLen is not 0 (Zeek's violation). */
    boolean avUnderflow;
    /** Why the last message failed (binpac's exception text), or null when it parsed. */
    String error;

    /**
     * Parses the message of {@code len} bytes at {@code off} in {@code data} (valid during the call only; the
     * positions this parser keeps are good until the caller's data goes away).
     *
     * @return true when it parsed ({@link #error} is then null)
     */
    boolean parse(MemorySegment data, long off, int len) {
        seg = data;
        end = off + len;
        java.util.Arrays.fill(start, -1L);
        java.util.Arrays.fill(length, 0);
        type = 0;
        flags = 0;
        targetInfo = false;
        avUnderflow = false;
        error = null;
        if (len < 12) {
            return fail("out_of_bound: NTLM_SSP_Token:" + (len < 8 ? "signature: 8" : "msg_type: 12") + " > "
                    + len);
        }
        type = u32(off + 8);
        long m = off + 12;
        return switch (type) {
            case NEGOTIATE -> negotiate(m);
            case CHALLENGE -> challenge(m);
            case AUTHENTICATE -> authenticate(m);
            default -> true; // Zeek's default case: the rest is opaque
        };
    }

    /** Where string {@code slot} starts in the segment, or -1 when the message has none. */
    long start(int slot) {
        return start[slot];
    }

    /** String {@code slot}'s length in bytes. */
    int length(int slot) {
        return length[slot];
    }

    private boolean negotiate(long m) {
        if (end - m < 20) {
            return fail("out_of_bound: NTLM_Negotiate: 20 > " + (end - m));
        }
        flags = u32l(m);
        long payload = m + 20;
        int abs = 32;
        long domOff = u32l(m + 8);
        long wsOff = u32l(m + 16);
        if (!version(payload, abs, Math.min(domOff, wsOff))) {
            return false;
        }
        if ((flags & OEM_DOMAIN_SUPPLIED) != 0 && !string(DOMAIN, m + 4, payload, abs, "domain_name")) {
            return false;
        }
        return (flags & OEM_WORKSTATION_SUPPLIED) == 0 || string(WORKSTATION, m + 12, payload, abs, "workstation");
    }

    private boolean challenge(long m) {
        if (end - m < 36) {
            return fail("out_of_bound: NTLM_Challenge: 36 > " + (end - m));
        }
        flags = u32l(m + 8);
        long payload = m + 36;
        int abs = 48;
        long tiFields = m + 28;
        if (!version(payload, abs, Math.min(u32l(m + 4), u32l(tiFields + 4)))) {
            return false;
        }
        if ((flags & REQUEST_TARGET) != 0 && !string(TARGET_NAME, m, payload, abs, "target_name")) {
            return false;
        }
        if ((flags & NEGOTIATE_TARGET_INFO) != 0) {
            targetInfo = true;
            // NTLM_AV_Pair_Sequence(offset: uint16): the difference is truncated to 16 bits.
            int pad = (int) ((u32l(tiFields + 4) - abs) & 0xFFFF);
            return avPairs(payload + pad, u16(tiFields));
        }
        return true;
    }

    private boolean avPairs(long p, int tiLen) {
        if (p > end) {
            return fail("out_of_bound: NTLM_AV_Pair_Sequence:pad1: " + (p - end) + " beyond the end");
        }
        boolean eol = false;
        while (p < end && !eol) {
            if (end - p < 4) {
                return fail("out_of_bound: NTLM_AV_Pair:length: 4 > " + (end - p));
            }
            int id = u16(p);
            int alen = u16(p + 2);
            long v = p + 4;
            long size;
            switch (id) {
                case 0 -> {
                    eol = true;
                    size = 0;
                }
                case 1, 2, 3, 4, 5, 9 -> size = alen;
                case 6 -> size = 4;
                case 7 -> size = 8;
                case 8 -> {
                    if (end - v < 12) {
                        return fail("out_of_bound: NTLM_Single_Host: 12 > " + (end - v));
                    }
                    size = (u32l(v + 8) & 1) != 0 ? 20 : 16;
                }
                case 10 -> size = 2;
                default -> {
                    return fail("invalid index for case: NTLM_AV_Pair: " + id);
                }
            }
            if (end - v < size) {
                return fail("out_of_bound: NTLM_AV_Pair:value_case: " + size + " > " + (end - v));
            }
            int slot = switch (id) {
                case 1 -> NB_COMPUTER;
                case 2 -> NB_DOMAIN;
                case 3 -> DNS_COMPUTER;
                case 4 -> DNS_DOMAIN;
                case 5 -> DNS_TREE;
                default -> -1;
            };
            if (slot >= 0) { // a later pair of the same id replaces an earlier one, as Zeek's Assign does
                start[slot] = v;
                length[slot] = alen;
            }
            p = v + size;
        }
        if (!eol && tiLen != 0) {
            avUnderflow = true;
        }
        return true;
    }

    private boolean authenticate(long m) {
        if (end - m < 52) {
            return fail("out_of_bound: NTLM_Authenticate: 52 > " + (end - m));
        }
        flags = u32l(m + 48);
        long payload = m + 52;
        int abs = 64;
        long nt = m + 8;
        long dom = m + 16;
        long user = m + 24;
        long ws = m + 32;
        long esk = m + 40;
        long minOff = Math.min(Math.min(Math.min(u32l(dom + 4), u32l(user + 4)), u32l(ws + 4)), u32l(esk + 4));
        if (!version(payload, abs, minOff)) {
            return false;
        }
        return (u16(nt) == 0 || string(-1, nt, payload, abs, "response"))
                && (u16(dom) == 0 || string(DOMAIN, dom, payload, abs, "domain_name"))
                && (u16(user) == 0 || string(USER, user, payload, abs, "user_name"))
                && (u16(ws) == 0 || string(WORKSTATION, ws, payload, abs, "workstation"))
                && (u16(esk) == 0 || string(-1, esk, payload, abs, "encrypted_session_key"));
    }

    /** NTLM_Version: 8 bytes at the payload's start, read when the flag says so and no string starts before it. */
    private boolean version(long payload, int abs, long minOffset) {
        if ((flags & NEGOTIATE_VERSION) != 0 && abs < minOffset && end - payload < 8) {
            return fail("out_of_bound: NTLM_Version: 8 > " + (end - payload));
        }
        return true;
    }

    /**
     * NTLM_String: the field's bytes at its offset, counted from the message start (the payload is at {@code abs}).
     * An offset before the payload, or bytes past the end, fail.
     */
    private boolean string(int slot, long fields, long payload, int abs, String what) {
        int len = u16(fields);
        long pad = u32l(fields + 4) - abs;
        if (pad < 0 || pad > end - payload || len > end - payload - pad) {
            return fail("out_of_bound: NTLM_String:" + what + ": " + (pad + len) + " > " + (end - payload));
        }
        if (slot >= 0) {
            start[slot] = payload + pad;
            length[slot] = len;
        }
        return true;
    }

    private boolean fail(String why) {
        error = why;
        return false;
    }

    private int u16(long at) {
        return seg.get(U16, at) & 0xFFFF;
    }

    private int u32(long at) {
        return seg.get(U32, at);
    }

    private long u32l(long at) {
        return seg.get(U32, at) & 0xFFFFFFFFL;
    }
}
