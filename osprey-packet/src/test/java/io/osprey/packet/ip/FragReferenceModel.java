package io.osprey.packet.ip;

import static io.osprey.packet.ip.FragTestPackets.L2;
import static io.osprey.packet.ip.FragTestPackets.get16;
import static io.osprey.packet.ip.FragTestPackets.get32;

import io.osprey.packet.ip.FragTestPackets.Frag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately naive, allocation-happy model of Zeek's FragmentManager + FragReassembler (an ordered map of blocks,
 * a boolean per byte), written from the semantics of {@code src/Frag.cc} / {@code src/Reassem.cc}, with no caps and
 * no timeout. The randomized test checks the real reassembler's weirds and output against it.
 */
final class FragReferenceModel {
    private record Key(long src, long dst, long kid) {
    }

    private static final class State {
        boolean v4;
        byte[] hdr;
        int proto;
        int ihl;
        int nextProto;
        int nhPos;
        int fragSize;
        final TreeMap<Integer, Integer> blocks = new TreeMap<>();
        final byte[] buf = new byte[1 << 17];
        final boolean[] covered = new boolean[1 << 17];
    }

    private final Map<Key, State> states = new HashMap<>();
    final List<String> weirds = new ArrayList<>();
    byte[] output;

    int size() {
        return states.size();
    }

    /** Feeds a well-formed, fully captured fragment; true when a datagram completes ({@link #output}). */
    boolean feed(Frag fr) {
        byte[] f = fr.frame();
        output = null;
        Key key;
        int offset;
        int len;
        int hdr;
        boolean mf;
        int nh;
        State s;
        if (fr.version() == 4) {
            int ihl = (f[L2] & 0x0F) * 4;
            len = get16(f, L2 + 2);
            int offFlags = get16(f, L2 + 6);
            int proto = f[L2 + 9] & 0xFF;
            key = new Key(get32(f, L2 + 12), get32(f, L2 + 16), (4L << 32) | get16(f, L2 + 4));
            s = states.get(key);
            if (s == null) {
                s = new State();
                s.v4 = true;
                s.hdr = Arrays.copyOfRange(f, L2, L2 + ihl);
                s.proto = proto;
                s.ihl = ihl;
                states.put(key, s);
            }
            if (proto != s.proto || ihl != s.ihl) {
                weirds.add("fragment_protocol_inconsistency");
            }
            if ((offFlags & 0x4000) != 0) {
                weirds.add("fragment_with_DF");
            }
            offset = (offFlags & 0x1FFF) * 8;
            mf = (offFlags & 0x2000) != 0;
            hdr = ihl;
            nh = -1;
        } else {
            int unfrag = (int) (fr.fragHdr() - L2);
            int fh = (int) fr.fragHdr();
            len = get16(f, L2 + 4) + 40;
            nh = f[fh] & 0xFF;
            int offlg = get16(f, fh + 2);
            key = new Key(Arrays.hashCode(Arrays.copyOfRange(f, L2 + 8, L2 + 24)),
                    Arrays.hashCode(Arrays.copyOfRange(f, L2 + 24, L2 + 40)),
                    (6L << 32) | (get32(f, fh + 4) & 0xFFFFFFFFL));
            s = states.get(key);
            if (s == null) {
                s = new State();
                s.hdr = Arrays.copyOfRange(f, L2, L2 + unfrag);
                s.nextProto = nh;
                s.nhPos = (int) (fr.prevNh() - L2);
                states.put(key, s);
            }
            if (nh != s.nextProto || unfrag != s.hdr.length) {
                weirds.add("fragment_protocol_inconsistency");
            }
            offset = offlg & 0xFFF8;
            mf = (offlg & 1) != 0;
            hdr = unfrag + 8;
        }
        if (len < hdr) {
            weirds.add("fragment_protocol_inconsistency");
            return false;
        }
        int upper = offset + len - hdr;
        if (offset == 0 && nh >= 0) {
            s.nextProto = nh;
        }
        if (!mf) {
            if (s.fragSize == 0) {
                s.fragSize = upper;
            } else if (upper != s.fragSize) {
                weirds.add("fragment_size_inconsistency");
                s.fragSize = Math.max(s.fragSize, upper);
            }
        } else if (len < 64) {
            weirds.add("excessively_small_fragment");
        }
        if (upper > 64000) {
            weirds.add("excessively_large_fragment");
        }
        if (s.fragSize != 0 && upper > s.fragSize) {
            weirds.add("fragment_size_inconsistency");
            s.fragSize = upper;
        }
        if (upper == offset) {
            return false;
        }
        int src = L2 + hdr;
        // CheckOverlap: every held block the new range intersects
        for (var b : s.blocks.entrySet()) {
            int lo = Math.max(b.getKey(), offset);
            int hi = Math.min(b.getValue(), upper);
            if (lo < hi) {
                boolean same = Arrays.equals(s.buf, lo, hi, f, src + lo - offset, src + hi - offset);
                weirds.add(same ? "fragment_overlap" : "fragment_inconsistency");
            }
        }
        // Insert: each uncovered run becomes a block
        int i = offset;
        while (i < upper) {
            if (s.covered[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i < upper && !s.covered[i]) {
                s.covered[i] = true;
                s.buf[i] = f[src + i - offset];
                i++;
            }
            s.blocks.put(start, i);
        }
        // BlockInserted
        var first = s.blocks.firstEntry();
        if (first.getKey() > 0 || s.fragSize == 0) {
            return false;
        }
        int reach = 0;
        boolean hole = false;
        for (var b : s.blocks.entrySet()) {
            if (b.getKey() != reach) {
                hole = true;
                break;
            }
            reach = b.getValue();
        }
        int last = s.blocks.lastEntry().getValue();
        if (hole) {
            if (reach >= s.fragSize) {
                weirds.add("fragment_size_inconsistency");
                s.fragSize = reach;
            } else {
                return false;
            }
        } else if (last > s.fragSize) {
            weirds.add("fragment_size_inconsistency");
            s.fragSize = last;
        } else if (last < s.fragSize) {
            return false;
        }
        int h = s.hdr.length;
        int n = h + s.fragSize;
        byte[] out = new byte[n];
        System.arraycopy(s.hdr, 0, out, 0, h);
        System.arraycopy(s.buf, 0, out, h, s.fragSize);
        if (s.v4) {
            FragTestPackets.put16(out, 2, n & 0xFFFF);
            FragTestPackets.put16(out, 6, get16(out, 6) & 0xC000);
            FragTestPackets.put16(out, 10, 0);
            FragTestPackets.put16(out, 10, FragTestPackets.checksum(out, 0, h));
        } else {
            FragTestPackets.put16(out, 4, (n - 40) & 0xFFFF);
            out[s.nhPos] = (byte) s.nextProto;
        }
        states.remove(key);
        output = out;
        return true;
    }
}
