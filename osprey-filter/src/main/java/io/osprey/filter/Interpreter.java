package io.osprey.filter;

import io.osprey.common.bytes.Bytes;
import java.lang.foreign.MemorySegment;

/**
 * Runs a {@link Program} instruction by instruction with the semantics of libpcap's userland BPF machine
 * (bpf_filter.c): loads outside the captured bytes, and division or modulus by zero, end the program with "no
 * match"; shifts by 32 or more give 0; comparisons and division are unsigned. Used where generating bytecode is not
 * possible, and by tests as the reference for the generated code.
 */
final class Interpreter implements PacketFilter {
    private final Program p;
    /** Scratch memory per thread: filters are shared, and the hot path must not allocate. */
    private final ThreadLocal<int[]> scratch = ThreadLocal.withInitial(() -> new int[Bpf.MEMWORDS]);

    Interpreter(Program p) {
        this.p = p;
    }

    @Override
    public boolean matches(MemorySegment seg, long offset, int caplen, int wirelen) {
        int[] mem = scratch.get();
        java.util.Arrays.fill(mem, 0);
        return run(p, seg, offset, caplen, wirelen, mem) != 0;
    }

    /** The program's return value for one packet (0 = no match). */
    static int run(Program p, MemorySegment seg, long offset, int caplen, int wirelen) {
        return run(p, seg, offset, caplen, wirelen, new int[Bpf.MEMWORDS]);
    }

    private static int run(Program p, MemorySegment seg, long offset, int caplen, int wirelen, int[] mem) {
        int[] code = p.code;
        int[] kk = p.k;
        int a = 0;
        int x = 0;
        long len = Integer.toUnsignedLong(caplen);
        int pc = 0;
        // protochain's loop normally ends by reading past the packet, but a crafted AH header can make it spin:
        // cap the backward jumps as the generated code does
        int budget = Jit.LOOP_BUDGET;
        while (true) {
            int c = code[pc];
            int k = kk[pc];
            long uk = Integer.toUnsignedLong(k);
            switch (c) {
                case Bpf.RET | Bpf.K:
                    return k;
                case Bpf.RET | Bpf.RET_A:
                    return a;
                case Bpf.LD | Bpf.W | Bpf.ABS:
                    if (uk + 4 > len) {
                        return 0;
                    }
                    a = Bytes.i32(seg, offset + uk);
                    break;
                case Bpf.LD | Bpf.H | Bpf.ABS:
                    if (uk + 2 > len) {
                        return 0;
                    }
                    a = Bytes.u16(seg, offset + uk);
                    break;
                case Bpf.LD | Bpf.B | Bpf.ABS:
                    if (uk + 1 > len) {
                        return 0;
                    }
                    a = Bytes.u8(seg, offset + uk);
                    break;
                case Bpf.LD | Bpf.W | Bpf.IND, Bpf.LD | Bpf.H | Bpf.IND, Bpf.LD | Bpf.B | Bpf.IND: {
                    long at = Integer.toUnsignedLong(x) + uk;
                    int size = Bpf.size(c) == Bpf.W ? 4 : Bpf.size(c) == Bpf.H ? 2 : 1;
                    if (at + size > len) {
                        return 0;
                    }
                    a = size == 4 ? Bytes.i32(seg, offset + at) : size == 2 ? Bytes.u16(seg, offset + at)
                            : Bytes.u8(seg, offset + at);
                    break;
                }
                case Bpf.LD | Bpf.W | Bpf.LEN:
                    a = wirelen;
                    break;
                case Bpf.LDX | Bpf.W | Bpf.LEN:
                    x = wirelen;
                    break;
                case Bpf.LDX | Bpf.MSH | Bpf.B:
                    if (uk + 1 > len) {
                        return 0;
                    }
                    x = (Bytes.u8(seg, offset + uk) & 0xf) << 2;
                    break;
                case Bpf.LD | Bpf.IMM:
                    a = k;
                    break;
                case Bpf.LDX | Bpf.IMM:
                    x = k;
                    break;
                case Bpf.LD | Bpf.MEM:
                    a = mem[k];
                    break;
                case Bpf.LDX | Bpf.MEM:
                    x = mem[k];
                    break;
                case Bpf.ST:
                    mem[k] = a;
                    break;
                case Bpf.STX:
                    mem[k] = x;
                    break;
                case Bpf.MISC | Bpf.TAX:
                    x = a;
                    break;
                case Bpf.MISC | Bpf.TXA:
                    a = x;
                    break;
                case Bpf.ALU | Bpf.NEG:
                    a = -a;
                    break;
                default:
                    if (Bpf.cls(c) == Bpf.ALU) {
                        int b = Bpf.src(c) == Bpf.X ? x : k;
                        int op = Bpf.op(c);
                        if ((op == Bpf.DIV || op == Bpf.MOD) && b == 0) {
                            return 0;
                        }
                        a = alu(op, a, b);
                        break;
                    }
                    if (Bpf.cls(c) == Bpf.JMP) {
                        if (Bpf.op(c) == Bpf.JA) {
                            if (p.jt[pc] <= pc && --budget <= 0) {
                                return 0;
                            }
                            pc = p.jt[pc];
                            continue;
                        }
                        int b = Bpf.src(c) == Bpf.X ? x : k;
                        pc = test(Bpf.op(c), a, b) ? p.jt[pc] : p.jf[pc];
                        continue;
                    }
                    throw new IllegalStateException("unknown BPF opcode 0x" + Integer.toHexString(c));
            }
            pc++;
        }
    }

    static int alu(int op, int a, int b) {
        return switch (op) {
            case Bpf.ADD -> a + b;
            case Bpf.SUB -> a - b;
            case Bpf.MUL -> a * b;
            case Bpf.DIV -> Integer.divideUnsigned(a, b);
            case Bpf.MOD -> Integer.remainderUnsigned(a, b);
            case Bpf.AND -> a & b;
            case Bpf.OR -> a | b;
            case Bpf.XOR -> a ^ b;
            case Bpf.LSH -> Integer.compareUnsigned(b, 32) < 0 ? a << b : 0;
            case Bpf.RSH -> Integer.compareUnsigned(b, 32) < 0 ? a >>> b : 0;
            default -> throw new IllegalStateException("ALU op 0x" + Integer.toHexString(op));
        };
    }

    static boolean test(int op, int a, int b) {
        return switch (op) {
            case Bpf.JEQ -> a == b;
            case Bpf.JGT -> Integer.compareUnsigned(a, b) > 0;
            case Bpf.JGE -> Integer.compareUnsigned(a, b) >= 0;
            default -> (a & b) != 0;
        };
    }
}
