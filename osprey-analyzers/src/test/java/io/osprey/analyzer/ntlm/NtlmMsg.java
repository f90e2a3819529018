package io.osprey.analyzer.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds NTLMSSP messages ([MS-NLMP] 2.2.1) for tests, with payload strings in UTF-16LE. */
public final class NtlmMsg {
    public static final long UNICODE = 0x1;
    public static final long REQUEST_TARGET = 0x4;
    public static final long NTLM = 0x200;
    public static final long OEM_DOMAIN = 0x1000;
    public static final long OEM_WORKSTATION = 0x2000;
    public static final long TARGET_INFO = 0x00800000L;
    public static final long VERSION = 0x02000000L;

    private NtlmMsg() {
    }

    public static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    /** A message: signature, type, the fixed part with string fields pointing into the payload. */
    private static final class Builder {
        final byte[] fixed;
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        final int base;

        Builder(int type, int fixedLen) {
            fixed = new byte[12 + fixedLen];
            System.arraycopy("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII), 0, fixed, 0, 8);
            putU32(fixed, 8, type);
            base = fixed.length;
        }

        /** Adds {@code s} to the payload and points the 8-byte field at {@code at} to it. */
        Builder field(int at, byte[] s) {
            int off = base + payload.size();
            payload.writeBytes(s);
            putU16(fixed, at, s.length);
            putU16(fixed, at + 2, s.length);
            putU32(fixed, at + 4, off);
            return this;
        }

        byte[] build() {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(fixed);
            o.writeBytes(payload.toByteArray());
            return o.toByteArray();
        }
    }

    /** NEGOTIATE_MESSAGE with optional OEM domain and workstation (null: field empty). */
    public static byte[] negotiate(long flags, String domain, String workstation) {
        Builder b = new Builder(1, 20);
        putU32(b.fixed, 12, flags);
        if (domain != null) {
            b.field(16, domain.getBytes(StandardCharsets.US_ASCII));
        }
        if (workstation != null) {
            b.field(24, workstation.getBytes(StandardCharsets.US_ASCII));
        }
        return b.build();
    }

    /** CHALLENGE_MESSAGE with a target name and TargetInfo (already encoded AV pairs, or null). */
    public static byte[] challenge(long flags, String targetName, byte[] targetInfo) {
        Builder b = new Builder(2, 36);
        putU32(b.fixed, 20, flags);
        for (int i = 0; i < 8; i++) {
            b.fixed[24 + i] = (byte) (0x11 * (i + 1)); // ServerChallenge
        }
        if (targetName != null) {
            b.field(12, utf16(targetName));
        }
        if (targetInfo != null) {
            b.field(40, targetInfo);
        }
        return b.build();
    }

    /** AV pairs: alternating ids and string values, then MsvAvEOL. */
    public static byte[] avPairs(Object... idValue) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int i = 0; i < idValue.length; i += 2) {
            int id = (Integer) idValue[i];
            byte[] v = idValue[i + 1] instanceof byte[] raw ? raw : utf16((String) idValue[i + 1]);
            byte[] h = new byte[4];
            putU16(h, 0, id);
            putU16(h, 2, v.length);
            o.writeBytes(h);
            o.writeBytes(v);
        }
        o.writeBytes(new byte[4]); // MsvAvEOL
        return o.toByteArray();
    }

    /** AUTHENTICATE_MESSAGE with an NTLMv2-sized response (null strings: empty fields). */
    public static byte[] authenticate(long flags, String domain, String user, String workstation) {
        Builder b = new Builder(3, 52);
        putU32(b.fixed, 60, flags);
        b.field(12, new byte[24]); // LmChallengeResponse
        b.field(20, new byte[48]); // NtChallengeResponse
        if (domain != null) {
            b.field(28, utf16(domain));
        }
        if (user != null) {
            b.field(36, utf16(user));
        }
        if (workstation != null) {
            b.field(44, utf16(workstation));
        }
        b.field(52, new byte[16]); // EncryptedRandomSessionKey
        return b.build();
    }

    public static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    public static void putU32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >> (8 * i));
        }
    }
}
