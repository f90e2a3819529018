package io.osprey.filter;

import io.osprey.common.bytes.Bytes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Translates a {@link Program} into JVM bytecode, one method per filter, loaded as a hidden class: the JIT then
 * compiles the filter like hand-written Java (registers become locals, jumps become branches). Semantics are those
 * of {@link Interpreter}. Programs whose bytecode would exceed HotSpot's huge-method limit (8000 bytes, above which
 * methods stay interpreted) return null, and the caller uses the interpreter.
 */
final class Jit {
    private Jit() {
    }

    /** HotSpot does not JIT-compile methods larger than this (-XX:-DontCompileHugeMethods changes that). */
    private static final int HUGE_METHOD = 8000;
    private static final AtomicLong COUNTER = new AtomicLong();

    private static final ClassDesc CD_SEGMENT = ClassDesc.of(MemorySegment.class.getName());
    private static final ClassDesc CD_FILTER = ClassDesc.of(PacketFilter.class.getName());
    private static final ClassDesc CD_RUNTIME = ClassDesc.of(Jit.class.getName());
    private static final MethodTypeDesc MATCHES = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_SEGMENT,
            ConstantDescs.CD_long, ConstantDescs.CD_int, ConstantDescs.CD_int);
    private static final MethodTypeDesc LOAD = MethodTypeDesc.of(ConstantDescs.CD_int, CD_SEGMENT,
            ConstantDescs.CD_long);
    private static final MethodTypeDesc INT_INT_INT = MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int,
            ConstantDescs.CD_int);
    private static final ClassDesc CD_INTEGER = ConstantDescs.CD_Integer;

    // locals of matches(): 0 this, 1 seg, 2-3 offset, 4 caplen, 5 wirelen
    private static final int SEG = 1;
    private static final int OFF = 2;
    private static final int CAPLEN = 4;
    private static final int WIRELEN = 5;
    private static final int A = 6;
    private static final int X = 7;
    private static final int TMP = 8;
    private static final int BUDGET = 10;
    private static final int MEM0 = 11;
    /**
     * Backward jumps (protochain's loop) allowed per packet. The loop normally ends by reading past the packet,
     * but a crafted AH header can send it back to itself forever (libpcap would spin); this turns that into "no
     * match". A real header chain needs a few dozen turns at most.
     */
    static final int LOOP_BUDGET = 1 << 16;

    /** Packet loads used by the generated code (big-endian, unsigned for bytes and halves). */
    static int u8(MemorySegment s, long o) {
        return Bytes.u8(s, o);
    }

    static int u16(MemorySegment s, long o) {
        return Bytes.u16(s, o);
    }

    static int u32(MemorySegment s, long o) {
        return Bytes.i32(s, o);
    }

    /** Compiles {@code p}; null when the program is too large to be worth generating code for. */
    static PacketFilter compile(Program p) {
        String name = Jit.class.getPackageName() + ".GeneratedFilter" + COUNTER.incrementAndGet();
        byte[] bytes = ClassFile.of().build(ClassDesc.of(name), cb -> cb
                .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC)
                .withInterfaceSymbols(CD_FILTER)
                .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
                        c -> c.aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME,
                                ConstantDescs.MTD_void).return_())
                .withMethodBody("matches", MATCHES, ClassFile.ACC_PUBLIC, c -> body(c, p)));
        if (bytes.length > HUGE_METHOD + 1000) {
            return null;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (PacketFilter) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot load generated filter: " + e, e);
        }
    }

    private static void body(CodeBuilder c, Program p) {
        int n = p.length();
        Label[] at = new Label[n];
        for (int i = 0; i < n; i++) {
            at[i] = c.newLabel();
        }
        Label reject = c.newLabel();
        boolean[] usedMem = new boolean[Bpf.MEMWORDS];
        for (int i = 0; i < n; i++) {
            int cls = Bpf.cls(p.code[i]);
            if (cls == Bpf.ST || cls == Bpf.STX || ((cls == Bpf.LD || cls == Bpf.LDX)
                    && Bpf.mode(p.code[i]) == Bpf.MEM)) {
                usedMem[p.k[i]] = true;
            }
        }
        c.iconst_0().istore(A).iconst_0().istore(X);
        c.loadConstant(LOOP_BUDGET).istore(BUDGET);
        for (int m = 0; m < Bpf.MEMWORDS; m++) {
            if (usedMem[m]) {
                c.iconst_0().istore(MEM0 + m);
            }
        }
        for (int i = 0; i < n; i++) {
            c.labelBinding(at[i]);
            insn(c, p, i, at, reject);
        }
        c.labelBinding(reject);
        c.iconst_0().ireturn();
    }

    private static void insn(CodeBuilder c, Program p, int i, Label[] at, Label reject) {
        int code = p.code[i];
        int k = p.k[i];
        long uk = Integer.toUnsignedLong(k);
        switch (Bpf.cls(code)) {
            case Bpf.RET -> {
                if (Bpf.rval(code) == Bpf.K) {
                    c.loadConstant(k != 0 ? 1 : 0).ireturn();
                } else {
                    Label zero = c.newLabel();
                    c.iload(A).ifeq(zero).iconst_1().ireturn().labelBinding(zero);
                    c.iconst_0().ireturn();
                }
            }
            case Bpf.LD -> {
                switch (Bpf.mode(code)) {
                    case Bpf.ABS -> {
                        loadAbs(c, Bpf.size(code), uk, reject);
                        c.istore(A);
                    }
                    case Bpf.IND -> {
                        int size = sizeOf(Bpf.size(code));
                        // at = unsigned X + k, as a long: no overflow
                        c.iload(X).i2l().loadConstant(0xffffffffL).land().loadConstant(uk).ladd().lstore(TMP);
                        c.lload(TMP).loadConstant((long) size).ladd().iload(CAPLEN).i2l().lcmp().ifgt(reject);
                        c.aload(SEG).lload(OFF).lload(TMP).ladd();
                        c.invokestatic(CD_RUNTIME, loader(size), LOAD);
                        c.istore(A);
                    }
                    case Bpf.LEN -> c.iload(WIRELEN).istore(A);
                    case Bpf.IMM -> c.loadConstant(k).istore(A);
                    case Bpf.MEM -> c.iload(MEM0 + k).istore(A);
                    default -> throw new IllegalStateException("opcode 0x" + Integer.toHexString(code));
                }
            }
            case Bpf.LDX -> {
                switch (Bpf.mode(code)) {
                    case Bpf.IMM -> c.loadConstant(k).istore(X);
                    case Bpf.MEM -> c.iload(MEM0 + k).istore(X);
                    case Bpf.LEN -> c.iload(WIRELEN).istore(X);
                    case Bpf.MSH -> {
                        loadAbs(c, Bpf.B, uk, reject);
                        c.bipush(0xf).iand().iconst_2().ishl().istore(X);
                    }
                    default -> throw new IllegalStateException("opcode 0x" + Integer.toHexString(code));
                }
            }
            case Bpf.ST -> c.iload(A).istore(MEM0 + k);
            case Bpf.STX -> c.iload(X).istore(MEM0 + k);
            case Bpf.MISC -> {
                if (Bpf.miscop(code) == Bpf.TAX) {
                    c.iload(A).istore(X);
                } else {
                    c.iload(X).istore(A);
                }
            }
            case Bpf.ALU -> alu(c, code, k, reject);
            case Bpf.JMP -> jump(c, p, i, at, reject);
            default -> throw new IllegalStateException("opcode 0x" + Integer.toHexString(code));
        }
    }

    private static int sizeOf(int sizeCode) {
        return sizeCode == Bpf.W ? 4 : sizeCode == Bpf.H ? 2 : 1;
    }

    private static String loader(int size) {
        return size == 4 ? "u32" : size == 2 ? "u16" : "u8";
    }

    /** Pushes the value at constant offset {@code uk}, or jumps to {@code reject} when it is not captured. */
    private static void loadAbs(CodeBuilder c, int sizeCode, long uk, Label reject) {
        int size = sizeOf(sizeCode);
        long end = uk + size;
        if (end > Integer.MAX_VALUE) {
            c.goto_(reject);
            c.iconst_0();
            return;
        }
        c.iload(CAPLEN).loadConstant((int) end).if_icmplt(reject);
        c.aload(SEG).lload(OFF).loadConstant(uk).ladd();
        c.invokestatic(CD_RUNTIME, loader(size), LOAD);
    }

    private static void alu(CodeBuilder c, int code, int k, Label reject) {
        int op = Bpf.op(code);
        if (op == Bpf.NEG) {
            c.iload(A).ineg().istore(A);
            return;
        }
        boolean fromX = Bpf.src(code) == Bpf.X;
        if (!fromX) {
            if ((op == Bpf.DIV || op == Bpf.MOD) && k == 0) {
                c.goto_(reject);
                return;
            }
            if ((op == Bpf.LSH || op == Bpf.RSH) && Integer.compareUnsigned(k, 32) >= 0) {
                c.iconst_0().istore(A);
                return;
            }
        }
        if (fromX && (op == Bpf.DIV || op == Bpf.MOD)) {
            c.iload(X).ifeq(reject);
        }
        Label zero = null;
        Label done = null;
        if (fromX && (op == Bpf.LSH || op == Bpf.RSH)) {
            zero = c.newLabel();
            done = c.newLabel();
            c.iload(X).loadConstant(~31).iand().ifne(zero);
        }
        c.iload(A);
        if (fromX) {
            c.iload(X);
        } else {
            c.loadConstant(k);
        }
        switch (op) {
            case Bpf.ADD -> c.iadd();
            case Bpf.SUB -> c.isub();
            case Bpf.MUL -> c.imul();
            case Bpf.DIV -> c.invokestatic(CD_INTEGER, "divideUnsigned", INT_INT_INT);
            case Bpf.MOD -> c.invokestatic(CD_INTEGER, "remainderUnsigned", INT_INT_INT);
            case Bpf.AND -> c.iand();
            case Bpf.OR -> c.ior();
            case Bpf.XOR -> c.ixor();
            case Bpf.LSH -> c.ishl();
            case Bpf.RSH -> c.iushr();
            default -> throw new IllegalStateException("ALU op 0x" + Integer.toHexString(op));
        }
        c.istore(A);
        if (zero != null) {
            c.goto_(done).labelBinding(zero).iconst_0().istore(A).labelBinding(done);
        }
    }

    private static void jump(CodeBuilder c, Program p, int i, Label[] at, Label reject) {
        int code = p.code[i];
        int op = Bpf.op(code);
        if (op == Bpf.JA) {
            if (p.jt[i] <= i) {
                c.iinc(BUDGET, -1).iload(BUDGET).ifle(reject);
            }
            c.goto_(at[p.jt[i]]);
            return;
        }
        Label t = at[p.jt[i]];
        Label f = at[p.jf[i]];
        boolean fromX = Bpf.src(code) == Bpf.X;
        int k = p.k[i];
        switch (op) {
            case Bpf.JEQ -> {
                if (!fromX && k == 0) {
                    c.iload(A).ifeq(t);
                } else {
                    c.iload(A);
                    operand(c, fromX, k, false);
                    c.if_icmpeq(t);
                }
            }
            case Bpf.JGT, Bpf.JGE -> {
                // unsigned comparison: flip the sign bits
                c.iload(A).loadConstant(Integer.MIN_VALUE).ixor();
                operand(c, fromX, k, true);
                if (op == Bpf.JGT) {
                    c.if_icmpgt(t);
                } else {
                    c.if_icmpge(t);
                }
            }
            default -> {
                c.iload(A);
                operand(c, fromX, k, false);
                c.iand().ifne(t);
            }
        }
        if (p.jf[i] != i + 1) {
            c.goto_(f);
        }
    }

    private static void operand(CodeBuilder c, boolean fromX, int k, boolean flip) {
        if (fromX) {
            c.iload(X);
            if (flip) {
                c.loadConstant(Integer.MIN_VALUE).ixor();
            }
        } else {
            c.loadConstant(flip ? k ^ Integer.MIN_VALUE : k);
        }
    }
}
