package io.osprey.packet.ip;

import io.osprey.common.net.Addr;
import io.osprey.packet.Packet;
import io.osprey.packet.WeirdSink;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds IPv4/IPv6 fragments as bytes, behind a fake 14-byte link header so that offsets are absolute, and loads them
 * into a {@link Packet} the way the IP layer would before calling the reassembler. Local to these tests (the shared
 * test kit is written in parallel).
 */
final class FragTestPackets {
    /** Bytes before the IP header (a fake Ethernet header). */
    static final int L2 = 14;
    static final int V4_SRC = 0x0A000001;
    static final int V4_DST = 0x0A000002;
    static final long V6_SRC_HI = 0x20010DB800000000L;
    static final long V6_SRC_LO = 1;
    static final long V6_DST_HI = 0x20010DB800000000L;
    static final long V6_DST_LO = 2;

    private FragTestPackets() {
    }

    /** A fragment as built: frame bytes plus the offsets the IPv6 layer would pass. */
    record Frag(byte[] frame, int version, long fragHdr, long prevNh) {
        /** Feeds this fragment at time {@code ts} into {@code r} using {@code p}. */
        boolean feed(FragmentReassembler r, Packet p, long ts) {
            load(p, this, ts);
            return version == 4 ? r.reassembleV4(p) : r.reassembleV6(p, fragHdr, prevNh);
        }
    }

    /** Deterministic payload of {@code n} bytes. */
    static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >>> 8));
        }
        return b;
    }

    /** IPv4 fragment: 20-byte header (+ {@code options} zero bytes), payload {@code data[from, from+len)}. */
    static Frag v4(int id, int proto, int offset, boolean mf, boolean df, byte[] data, int from, int len,
                   int options, int src) {
        int ihl = 20 + options;
        byte[] f = new byte[L2 + ihl + len];
        f[12] = 0x08;
        int o = L2;
        f[o] = (byte) (0x40 | (ihl / 4));
        put16(f, o + 2, ihl + len);
        put16(f, o + 4, id);
        put16(f, o + 6, (df ? 0x4000 : 0) | (mf ? 0x2000 : 0) | (offset / 8));
        f[o + 8] = 64;
        f[o + 9] = (byte) proto;
        put32(f, o + 12, src);
        put32(f, o + 16, V4_DST);
        put16(f, o + 10, checksum(f, o, ihl));
        System.arraycopy(data, from, f, o + ihl, len);
        return new Frag(f, 4, -1, -1);
    }

    static Frag v4(int id, int offset, boolean mf, byte[] data, int from, int len) {
        return v4(id, 17, offset, mf, false, data, from, len, 0, V4_SRC);
    }

    /**
     * IPv6 fragment: 40-byte header, an 8-byte Hop-by-Hop header when {@code hbh}, the Fragment header
     * (next header {@code nh}), payload {@code data[from, from+len)}.
     */
    static Frag v6(long id, int nh, int offset, boolean mf, boolean hbh, byte[] data, int from, int len) {
        int unfrag = 40 + (hbh ? 8 : 0);
        byte[] f = new byte[L2 + unfrag + 8 + len];
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xDD;
        int o = L2;
        f[o] = 0x60;
        put16(f, o + 4, unfrag - 40 + 8 + len);
        f[o + 6] = (byte) (hbh ? 0 : 44);
        f[o + 7] = 64;
        put64(f, o + 8, V6_SRC_HI);
        put64(f, o + 16, V6_SRC_LO);
        put64(f, o + 24, V6_DST_HI);
        put64(f, o + 32, V6_DST_LO);
        long prevNh = o + 6;
        if (hbh) {
            f[o + 40] = 44; // next header: Fragment
            f[o + 41] = 0; // 8 bytes
            f[o + 42] = 1; // PadN
            f[o + 43] = 4;
            prevNh = o + 40;
        }
        int fh = o + unfrag;
        f[fh] = (byte) nh;
        put16(f, fh + 2, (offset & 0xFFF8) | (mf ? 1 : 0));
        put32(f, fh + 4, (int) id);
        System.arraycopy(data, from, f, fh + 8, len);
        return new Frag(f, 6, fh, prevNh);
    }

    /** Loads a frame into {@code p} as the IP layer would (fields from the header). */
    static void load(Packet p, Frag fr, long ts) {
        byte[] f = fr.frame();
        p.reset(MemorySegment.ofArray(f), 0, f.length, f.length, ts, 1);
        p.l3Offset = L2;
        if (fr.version() == 4) {
            p.ipVersion = 4;
            p.ipHeaderLen = (f[L2] & 0x0F) * 4;
            p.ipTotalLen = get16(f, L2 + 2);
            p.srcHi = 0;
            p.srcLo = Addr.v4Lo(get32(f, L2 + 12));
            p.dstHi = 0;
            p.dstLo = Addr.v4Lo(get32(f, L2 + 16));
        } else {
            p.ipVersion = 6;
            p.ipHeaderLen = (int) (fr.fragHdr() + 8 - L2);
            p.ipTotalLen = get16(f, L2 + 4) + 40;
            p.srcHi = get64(f, L2 + 8);
            p.srcLo = get64(f, L2 + 16);
            p.dstHi = get64(f, L2 + 24);
            p.dstLo = get64(f, L2 + 32);
        }
        p.ipCapLen = Math.min(p.ipTotalLen, f.length - L2);
    }

    /** The bytes of the datagram {@code p} now describes. */
    static byte[] datagram(Packet p) {
        return p.seg.asSlice(p.l3Offset, p.caplen).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    static int checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += get16(b, off + i);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    static int get16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    static int get32(byte[] b, int o) {
        return (get16(b, o) << 16) | get16(b, o + 2);
    }

    static long get64(byte[] b, int o) {
        return ((long) get32(b, o) << 32) | (get32(b, o + 4) & 0xFFFFFFFFL);
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    static void put32(byte[] b, int o, int v) {
        put16(b, o, v >>> 16);
        put16(b, o + 2, v);
    }

    static void put64(byte[] b, int o, long v) {
        put32(b, o, (int) (v >>> 32));
        put32(b, o + 4, (int) v);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] x : parts) {
            n += x.length;
        }
        byte[] r = new byte[n];
        int o = 0;
        for (byte[] x : parts) {
            System.arraycopy(x, 0, r, o, x.length);
            o += x.length;
        }
        return r;
    }

    static byte[] slice(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    /** Records weirds as "name" (flow) or "net:name:addl". */
    static class Weirds implements WeirdSink {
        final List<String> names = new ArrayList<>();

        @Override
        public void netWeird(Packet p, String name, String addl, String source) {
            names.add("net:" + name + ":" + addl);
        }

        @Override
        public void flowWeird(Packet p, String name, String addl, String source) {
            names.add(name);
        }
    }

    /** Counts weirds without allocating. */
    static final class CountingWeirds implements WeirdSink {
        long flow;
        long net;

        @Override
        public void netWeird(Packet p, String name, String addl, String source) {
            net++;
        }

        @Override
        public void flowWeird(Packet p, String name, String addl, String source) {
            flow++;
        }
    }
}
