package io.osprey.filter;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Makes packets that drive a reference BPF program down many different paths, to compare another program's
 * verdicts with it: runs the reference on a packet, notes each comparison whose left side came straight from packet
 * bytes (possibly masked), and rewrites those bytes to flip one comparison; a load past the end grows the packet.
 * Random lengths and truncated captures exercise the out-of-bounds rule.
 */
final class GuidedPackets {
    private GuidedPackets() {
    }

    /** A test packet: bytes (the capture), and the wire length. */
    record Pkt(byte[] data, int wirelen) {
        MemorySegment segment() {
            return MemorySegment.ofArray(data);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("len " + data.length + "/" + wirelen + ":");
            for (byte b : data) {
                sb.append(String.format(" %02x", b));
            }
            return sb.toString();
        }
    }

    /** Where a register's value came from: {@code size} bytes at {@code pos}, ANDed with {@code mask}. */
    private record Origin(int pos, int size, int mask) {
    }

    private record Decision(Origin origin, int code, int operand, boolean taken) {
    }

    private static final class Trace {
        final List<Decision> decisions = new ArrayList<>();
        int oobPos = -1;
        int oobSize;
    }

    static List<Pkt> explore(Program ref, Random rnd, int budget) {
        List<Pkt> pool = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            byte[] d = new byte[rnd.nextInt(i < 3 ? 40 : 160)];
            if (i % 2 == 1) {
                rnd.nextBytes(d);
            }
            add(pool, seen, new Pkt(d, d.length + rnd.nextInt(3) * 100));
        }
        for (int iter = 0; pool.size() < budget && iter < budget * 20; iter++) {
            Pkt base = pool.get(rnd.nextInt(pool.size()));
            Trace t = trace(ref, base);
            Pkt next;
            if (t.oobPos >= 0 && rnd.nextInt(3) > 0) {
                long end = (long) t.oobPos + t.oobSize + rnd.nextInt(16);
                if (end > 4096) {
                    continue;
                }
                byte[] d = Arrays.copyOf(base.data, (int) end);
                for (int i = base.data.length; i < d.length; i++) {
                    d[i] = (byte) rnd.nextInt(256);
                }
                next = new Pkt(d, Math.max(d.length, base.wirelen));
            } else if (!t.decisions.isEmpty() && rnd.nextInt(8) > 0) {
                Decision dec = t.decisions.get(rnd.nextInt(t.decisions.size()));
                byte[] d = flip(base.data, dec, rnd);
                if (d == null) {
                    continue;
                }
                next = new Pkt(d, Math.max(d.length, base.wirelen));
            } else {
                // a truncated capture, or another wire length
                byte[] d = Arrays.copyOf(base.data, base.data.length == 0 ? 0 : rnd.nextInt(base.data.length + 1));
                next = new Pkt(d, rnd.nextBoolean() ? base.wirelen : d.length + rnd.nextInt(2000));
            }
            add(pool, seen, next);
        }
        return pool;
    }

    private static void add(List<Pkt> pool, Set<String> seen, Pkt p) {
        if (seen.add(Arrays.toString(p.data) + "/" + p.wirelen)) {
            pool.add(p);
        }
    }

    private static byte[] flip(byte[] data, Decision dec, Random rnd) {
        Origin o = dec.origin;
        if (o == null || o.pos + o.size > data.length) {
            return null;
        }
        int full = o.size == 4 ? -1 : o.size == 2 ? 0xffff : 0xff;
        int mask = o.mask & full;
        int old = read(data, o.pos, o.size);
        int want;
        boolean toTrue = !dec.taken;
        int op = dec.operand;
        switch (Bpf.op(dec.code)) {
            case Bpf.JEQ -> {
                if (toTrue) {
                    if ((op & ~mask) != 0) {
                        return null;
                    }
                    want = (old & ~mask) | op;
                } else {
                    int bit = Integer.lowestOneBit(mask);
                    if (bit == 0) {
                        return null;
                    }
                    want = old ^ (rnd.nextBoolean() ? bit : Integer.highestOneBit(mask));
                }
            }
            case Bpf.JGT -> want = (old & ~mask) | ((toTrue ? op + 1 : op - rnd.nextInt(2)) & mask);
            case Bpf.JGE -> want = (old & ~mask) | ((toTrue ? op + rnd.nextInt(2) : op - 1) & mask);
            default -> {
                int bits = op & mask;
                if (bits == 0) {
                    return null;
                }
                want = toTrue ? old | Integer.lowestOneBit(bits) : old & ~bits;
            }
        }
        byte[] d = data.clone();
        write(d, o.pos, o.size, want);
        return d;
    }

    private static int read(byte[] d, int pos, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (d[pos + i] & 0xff);
        }
        return v;
    }

    private static void write(byte[] d, int pos, int size, int v) {
        for (int i = size - 1; i >= 0; i--) {
            d[pos + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Runs {@code p} on {@code pkt} like the interpreter, noting comparisons and a failed load. */
    private static Trace trace(Program p, Pkt pkt) {
        Trace t = new Trace();
        byte[] d = pkt.data;
        int a = 0;
        int x = 0;
        Origin ao = null;
        Origin xo = null;
        int[] mem = new int[Bpf.MEMWORDS];
        Origin[] memo = new Origin[Bpf.MEMWORDS];
        int pc = 0;
        for (int steps = 0; steps < 100_000; steps++) {
            int c = p.code[pc];
            int k = p.k[pc];
            int cls = Bpf.cls(c);
            if (cls == Bpf.RET) {
                return t;
            }
            if (cls == Bpf.LD && (Bpf.mode(c) == Bpf.ABS || Bpf.mode(c) == Bpf.IND)) {
                int size = Bpf.size(c) == Bpf.W ? 4 : Bpf.size(c) == Bpf.H ? 2 : 1;
                long pos = Integer.toUnsignedLong(k) + (Bpf.mode(c) == Bpf.IND ? Integer.toUnsignedLong(x) : 0);
                if (pos + size > d.length) {
                    t.oobPos = pos > Integer.MAX_VALUE ? -1 : (int) pos;
                    t.oobSize = size;
                    return t;
                }
                a = read(d, (int) pos, size);
                ao = new Origin((int) pos, size, -1);
            } else if (c == (Bpf.LDX | Bpf.MSH | Bpf.B)) {
                long pos = Integer.toUnsignedLong(k);
                if (pos + 1 > d.length) {
                    t.oobPos = pos > Integer.MAX_VALUE ? -1 : (int) pos;
                    t.oobSize = 1;
                    return t;
                }
                x = (d[(int) pos] & 0xf) << 2;
                xo = null;
            } else if (cls == Bpf.LD) {
                switch (Bpf.mode(c)) {
                    case Bpf.LEN -> a = pkt.wirelen;
                    case Bpf.IMM -> a = k;
                    case Bpf.MEM -> {
                        a = mem[k];
                        ao = memo[k];
                        pc++;
                        continue;
                    }
                    default -> {
                    }
                }
                ao = null;
            } else if (cls == Bpf.LDX) {
                switch (Bpf.mode(c)) {
                    case Bpf.LEN -> x = pkt.wirelen;
                    case Bpf.IMM -> x = k;
                    case Bpf.MEM -> {
                        x = mem[k];
                        xo = memo[k];
                        pc++;
                        continue;
                    }
                    default -> {
                    }
                }
                xo = null;
            } else if (cls == Bpf.ST) {
                mem[k] = a;
                memo[k] = ao;
            } else if (cls == Bpf.STX) {
                mem[k] = x;
                memo[k] = xo;
            } else if (cls == Bpf.MISC) {
                if (Bpf.miscop(c) == Bpf.TAX) {
                    x = a;
                    xo = ao;
                } else {
                    a = x;
                    ao = xo;
                }
            } else if (cls == Bpf.ALU) {
                int op = Bpf.op(c);
                if (op == Bpf.NEG) {
                    a = -a;
                    ao = null;
                } else {
                    int b = Bpf.src(c) == Bpf.X ? x : k;
                    if ((op == Bpf.DIV || op == Bpf.MOD) && b == 0) {
                        return t;
                    }
                    a = Interpreter.alu(op, a, b);
                    ao = op == Bpf.AND && Bpf.src(c) == Bpf.K && ao != null ? new Origin(ao.pos, ao.size, ao.mask & k)
                            : null;
                }
            } else if (cls == Bpf.JMP) {
                if (Bpf.op(c) == Bpf.JA) {
                    pc = p.jt[pc];
                    continue;
                }
                int b = Bpf.src(c) == Bpf.X ? x : k;
                boolean taken = Interpreter.test(Bpf.op(c), a, b);
                t.decisions.add(new Decision(ao, c, b, taken));
                pc = taken ? p.jt[pc] : p.jf[pc];
                continue;
            }
            pc++;
        }
        return t;
    }
}
