package io.osprey.filter;

import static io.osprey.filter.Bpf.ABS;
import static io.osprey.filter.Bpf.ALU;
import static io.osprey.filter.Bpf.IMM;
import static io.osprey.filter.Bpf.IND;
import static io.osprey.filter.Bpf.JEQ;
import static io.osprey.filter.Bpf.JMP;
import static io.osprey.filter.Bpf.K;
import static io.osprey.filter.Bpf.LD;
import static io.osprey.filter.Bpf.LDX;
import static io.osprey.filter.Bpf.LEN;
import static io.osprey.filter.Bpf.MEM;
import static io.osprey.filter.Bpf.MISC;
import static io.osprey.filter.Bpf.MSH;
import static io.osprey.filter.Bpf.RET;
import static io.osprey.filter.Bpf.ST;
import static io.osprey.filter.Bpf.STX;
import static io.osprey.filter.Bpf.TAX;
import static io.osprey.filter.Bpf.TXA;
import static io.osprey.filter.Bpf.X;

import io.osprey.filter.Ir.Block;
import io.osprey.filter.Ir.Stmt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Simplifies the block graph as libpcap's optimizer (optimize.c) does in essence, which also decides which filters
 * libpcap refuses as "expression rejects all packets":
 * <ul>
 *   <li>value numbering: every register value is named by the expression that computed it (a packet load at a
 *       given offset, a constant, an operation on other values), the same name wherever it is computed, since the
 *       packet does not change; constants are folded, with libpcap's errors for a constant division or modulus
 *       by zero and a constant shift by more than 31 bits;</li>
 *   <li>branch threading: a test whose outcome is implied by the tests on every path to an edge (the same
 *       comparison of the same value, or an equality with a different constant already known true) is skipped
 *       along that edge, provided the skipped block computes nothing that is used later;</li>
 *   <li>loads of a value already in the register are dropped.</li>
 * </ul>
 * Programs that branch inside statement lists (CodeGen#noOptimize) are left alone, as libpcap does.
 */
final class Optimizer {
    /** Code of a deleted statement. */
    static final int NOP = -1;

    private static final int A_REG = 0;
    private static final int X_REG = 1;
    private static final int NREGS = 2 + Bpf.MEMWORDS;

    private Optimizer() {
    }

    /** Optimizes the graph under {@code root} in place; returns the (possibly new) root. */
    static Block optimize(Block root) {
        // First move branches until nothing changes (libpcap's first pass does not fold statements)...
        for (int round = 0; round < 200; round++) {
            Analysis an = new Analysis(root);
            an.values(false);
            boolean changed = an.removeRedundantLoads();
            changed |= an.thread();
            Block skip = an.rootTarget();
            if (skip != null) {
                root = skip;
                changed = true;
            }
            if (!changed) {
                break;
            }
        }
        // ...then check the folded constants of what is left (division by zero and the like).
        new Analysis(root).values(true);
        return root;
    }

    /** Hash-consed value numbers. */
    private static final class Values {
        private final Map<List<Integer>, Integer> table = new HashMap<>();
        private final Map<Integer, Integer> constants = new HashMap<>();
        private int next = 1;

        int fresh() {
            return next++;
        }

        int of(Integer... key) {
            List<Integer> k = Arrays.asList(key);
            Integer v = table.get(k);
            if (v == null) {
                v = next++;
                table.put(k, v);
            }
            return v;
        }

        int constant(int c) {
            int v = of(-1, c);
            constants.put(v, c);
            return v;
        }

        Integer constValue(int vn) {
            return constants.get(vn);
        }
    }

    private record Fact(int value, int code, int operand) {
    }

    private static final class Analysis {
        final Block root;
        final List<Block> blocks;
        final Map<Block, Integer> index = new IdentityHashMap<>();
        final List<List<int[]>> preds = new ArrayList<>(); // {pred index, 1 if true edge}
        final Values vals = new Values();
        int[][] entry;
        int[][] exit;
        /** Value numbers of the branch's A and operand (a constant's number for K forms). */
        int[] branchA;
        int[] branchOp;
        /** Registers written by each block (bit set over NREGS). */
        int[] defs;
        int[] liveIn;

        Analysis(Block root) {
            this.root = root;
            this.blocks = Program.order(root);
            for (int i = 0; i < blocks.size(); i++) {
                index.put(blocks.get(i), i);
                preds.add(new ArrayList<>());
            }
            for (int i = 0; i < blocks.size(); i++) {
                Block b = blocks.get(i);
                if (!b.isReturn()) {
                    preds.get(index.get(b.jt)).add(new int[] {i, 1});
                    preds.get(index.get(b.jf)).add(new int[] {i, 0});
                }
            }
        }

        /** Value numbering over the blocks in topological order; folds constants when {@code alter}. */
        void values(boolean alter) {
            int n = blocks.size();
            entry = new int[n][];
            exit = new int[n][];
            branchA = new int[n];
            branchOp = new int[n];
            defs = new int[n];
            int zero = vals.constant(0);
            for (int i = 0; i < n; i++) {
                Block b = blocks.get(i);
                int[] st = new int[NREGS];
                List<int[]> ps = preds.get(i);
                if (ps.isEmpty()) {
                    // BPF starts with A, X and the scratch memory at zero
                    Arrays.fill(st, zero);
                } else {
                    st = exit[ps.get(0)[0]].clone();
                    for (int j = 1; j < ps.size(); j++) {
                        int[] other = exit[ps.get(j)[0]];
                        for (int r = 0; r < NREGS; r++) {
                            if (st[r] != other[r]) {
                                st[r] = -1;
                            }
                        }
                    }
                    for (int r = 0; r < NREGS; r++) {
                        if (st[r] == -1) {
                            st[r] = vals.fresh();
                        }
                    }
                }
                entry[i] = st.clone();
                for (Stmt s = b.stmts; s != null; s = s.next) {
                    defs[i] |= step(s, st, alter);
                }
                exit[i] = st;
                if (!b.isReturn()) {
                    branchA[i] = st[A_REG];
                    branchOp[i] = Bpf.src(b.code) == K ? vals.constant(b.k) : st[X_REG];
                }
            }
            liveness();
        }

        /** Executes one statement symbolically; returns the registers it writes. */
        private int step(Stmt s, int[] st, boolean alter) {
            int c = s.code;
            if (c == NOP) {
                return 0;
            }
            switch (Bpf.cls(c)) {
                case LD -> {
                    int v = switch (Bpf.mode(c)) {
                        case ABS -> vals.of(c, s.k);
                        case IND -> vals.of(c, s.k, st[X_REG]);
                        case LEN -> vals.of(c);
                        case IMM -> vals.constant(s.k);
                        case MEM -> st[2 + s.k];
                        default -> vals.fresh();
                    };
                    st[A_REG] = v;
                    return 1;
                }
                case LDX -> {
                    int v = switch (Bpf.mode(c)) {
                        case IMM -> vals.constant(s.k);
                        case MEM -> st[2 + s.k];
                        case MSH -> vals.of(c, s.k);
                        case LEN -> vals.of(LD | LEN);
                        default -> vals.fresh();
                    };
                    st[X_REG] = v;
                    return 2;
                }
                case ST -> {
                    st[2 + s.k] = st[A_REG];
                    return 1 << (2 + s.k);
                }
                case STX -> {
                    st[2 + s.k] = st[X_REG];
                    return 1 << (2 + s.k);
                }
                case ALU -> {
                    st[A_REG] = alu(s, st, alter);
                    return 1;
                }
                case MISC -> {
                    if (Bpf.miscop(c) == TAX) {
                        st[X_REG] = st[A_REG];
                        return 2;
                    }
                    st[A_REG] = st[X_REG];
                    return 1;
                }
                default -> {
                    // a jump inside a list: never optimized, but keep the numbering sound
                    return 0;
                }
            }
        }

        private int alu(Stmt s, int[] st, boolean alter) {
            int op = Bpf.op(s.code);
            Integer a = vals.constValue(st[A_REG]);
            if (op == Bpf.NEG) {
                return a != null ? vals.constant(-a) : vals.of(s.code, st[A_REG]);
            }
            Integer b;
            int operandVn;
            if (Bpf.src(s.code) == K) {
                b = s.k;
                operandVn = vals.constant(s.k);
                if (alter && s.k == 0 && (op == Bpf.DIV || op == Bpf.MOD)) {
                    throw new CompileError(op == Bpf.DIV ? "division by zero" : "modulus by zero");
                }
            } else {
                b = vals.constValue(st[X_REG]);
                operandVn = st[X_REG];
                if (alter && b != null) {
                    if (a == null && (op == Bpf.LSH || op == Bpf.RSH) && Integer.compareUnsigned(b, 31) > 0) {
                        throw new CompileError("shift by more than 31 bits");
                    }
                    if (b == 0 && (op == Bpf.DIV || op == Bpf.MOD)) {
                        throw new CompileError(op == Bpf.DIV ? "division by zero" : "modulus by zero");
                    }
                }
            }
            if (a != null && b != null) {
                return vals.constant(fold(op, a, b));
            }
            return vals.of(ALU | op, st[A_REG], operandVn);
        }

        static int fold(int op, int a, int b) {
            return switch (op) {
                case Bpf.ADD -> a + b;
                case Bpf.SUB -> a - b;
                case Bpf.MUL -> a * b;
                case Bpf.DIV -> b == 0 ? 0 : Integer.divideUnsigned(a, b);
                case Bpf.MOD -> b == 0 ? 0 : Integer.remainderUnsigned(a, b);
                case Bpf.AND -> a & b;
                case Bpf.OR -> a | b;
                case Bpf.XOR -> a ^ b;
                case Bpf.LSH -> Integer.compareUnsigned(b, 32) < 0 ? a << b : 0;
                case Bpf.RSH -> Integer.compareUnsigned(b, 32) < 0 ? a >>> b : 0;
                default -> throw new IllegalStateException("ALU op " + op);
            };
        }

        private static int uses(Stmt s) {
            int c = s.code;
            if (c == NOP) {
                return 0;
            }
            return switch (Bpf.cls(c)) {
                case LD -> Bpf.mode(c) == IND ? 2 : Bpf.mode(c) == MEM ? 1 << (2 + s.k) : 0;
                case LDX -> Bpf.mode(c) == MEM ? 1 << (2 + s.k) : 0;
                case ST -> 1;
                case STX -> 2;
                case ALU -> Bpf.op(c) == Bpf.NEG || Bpf.src(c) == K ? 1 : 3;
                case MISC -> Bpf.miscop(c) == TAX ? 1 : 2;
                default -> 0;
            };
        }

        private static int writes(Stmt s) {
            int c = s.code;
            if (c == NOP) {
                return 0;
            }
            return switch (Bpf.cls(c)) {
                case LD, ALU -> 1;
                case LDX -> 2;
                case ST, STX -> 1 << (2 + s.k);
                case MISC -> Bpf.miscop(c) == TAX ? 2 : 1;
                default -> 0;
            };
        }

        private void liveness() {
            int n = blocks.size();
            liveIn = new int[n];
            for (int i = n - 1; i >= 0; i--) {
                Block b = blocks.get(i);
                int live;
                if (b.isReturn()) {
                    live = Bpf.rval(b.code) == K ? 0 : 1;
                } else {
                    live = liveIn[index.get(b.jt)] | liveIn[index.get(b.jf)];
                    live |= Bpf.src(b.code) == X ? 3 : 1;
                }
                List<Stmt> list = new ArrayList<>();
                for (Stmt s = b.stmts; s != null; s = s.next) {
                    list.add(s);
                }
                for (int j = list.size() - 1; j >= 0; j--) {
                    Stmt s = list.get(j);
                    live = (live & ~writes(s)) | uses(s);
                }
                liveIn[i] = live;
            }
        }

        /** Drops loads of a value the register already holds. */
        boolean removeRedundantLoads() {
            boolean changed = false;
            for (int i = 0; i < blocks.size(); i++) {
                Block b = blocks.get(i);
                int[] st = entry[i].clone();
                for (Stmt s = b.stmts; s != null; s = s.next) {
                    if (s.code == NOP) {
                        continue;
                    }
                    int[] copy = st.clone();
                    step(s, st, false);
                    boolean isLoad = Bpf.cls(s.code) == LD || Bpf.cls(s.code) == LDX || Bpf.cls(s.code) == ST
                            || Bpf.cls(s.code) == STX || Bpf.cls(s.code) == MISC;
                    if (isLoad && Arrays.equals(copy, st)) {
                        // the statement changed no register's value
                        s.code = NOP;
                        changed = true;
                    }
                }
            }
            return changed;
        }

        /**
         * Where the program can start instead of the root, when the root's test has a known outcome (constants)
         * or both branches go to the same place, and its statements matter to nobody; else null.
         */
        Block rootTarget() {
            if (root.isReturn()) {
                return null;
            }
            Boolean outcome = decide(0, new HashMap<>());
            Block target = outcome != null ? (outcome ? root.jt : root.jf) : root.jt == root.jf ? root.jt : null;
            if (target == null || (liveIn[index.get(target)] & defs[0]) != 0) {
                return null;
            }
            return target;
        }

        /** Facts (comparison outcomes) known on every path into each block, then edge-by-edge threading. */
        boolean thread() {
            int n = blocks.size();
            List<Map<Fact, Boolean>> in = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                in.add(null);
            }
            for (int i = 0; i < n; i++) {
                List<int[]> ps = preds.get(i);
                Map<Fact, Boolean> facts = null;
                for (int[] p : ps) {
                    Map<Fact, Boolean> f = edgeFacts(in.get(p[0]), p[0], p[1] == 1);
                    if (facts == null) {
                        facts = new HashMap<>(f);
                    } else {
                        facts.entrySet().removeIf(e -> !Objects.equals(f.get(e.getKey()), e.getValue()));
                    }
                }
                in.set(i, facts == null ? new HashMap<>() : facts);
            }
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                Block p = blocks.get(i);
                if (p.isReturn()) {
                    continue;
                }
                for (int side = 0; side < 2; side++) {
                    boolean onTrue = side == 0;
                    Block succ = onTrue ? p.jt : p.jf;
                    Map<Fact, Boolean> facts = edgeFacts(in.get(i), i, onTrue);
                    // follow a chain of decided blocks as far as it goes
                    int skippedDefs = 0;
                    for (int guard = 0; guard < 64 && !succ.isReturn(); guard++) {
                        int si = index.get(succ);
                        Boolean outcome = decide(si, facts);
                        Block target;
                        if (outcome != null) {
                            target = outcome ? succ.jt : succ.jf;
                        } else if (succ.jt == succ.jf) {
                            target = succ.jt;
                        } else {
                            break;
                        }
                        if (conflict(i, skippedDefs | defs[si], si, index.get(target))) {
                            break;
                        }
                        skippedDefs |= defs[si];
                        if (outcome != null) {
                            facts.put(new Fact(branchA[si], succ.code, branchOp[si]), outcome);
                        }
                        succ = target;
                    }
                    Block old = onTrue ? p.jt : p.jf;
                    if (succ != old) {
                        if (onTrue) {
                            p.jt = succ;
                        } else {
                            p.jf = succ;
                        }
                        changed = true;
                    }
                }
            }
            return changed;
        }

        private Map<Fact, Boolean> edgeFacts(Map<Fact, Boolean> in, int p, boolean onTrue) {
            Map<Fact, Boolean> f = new HashMap<>(in);
            Block b = blocks.get(p);
            f.put(new Fact(branchA[p], b.code, branchOp[p]), onTrue);
            return f;
        }

        /** The outcome of block {@code i}'s test when {@code facts} hold, or null when not implied. */
        private Boolean decide(int i, Map<Fact, Boolean> facts) {
            Block b = blocks.get(i);
            Integer a = vals.constValue(branchA[i]);
            Integer o = vals.constValue(branchOp[i]);
            if (a != null && o != null) {
                return evaluate(b.code, a, o);
            }
            Boolean same = facts.get(new Fact(branchA[i], b.code, branchOp[i]));
            if (same != null) {
                return same;
            }
            if (b.code == (JMP | JEQ | K)) {
                for (Map.Entry<Fact, Boolean> e : facts.entrySet()) {
                    Fact f = e.getKey();
                    if (e.getValue() && f.value == branchA[i] && f.code == b.code && f.operand != branchOp[i]) {
                        // A equals another constant on this path
                        return false;
                    }
                }
            }
            return null;
        }

        static boolean evaluate(int code, int a, int o) {
            return switch (Bpf.op(code)) {
                case Bpf.JEQ -> a == o;
                case Bpf.JGT -> Integer.compareUnsigned(a, o) > 0;
                case Bpf.JGE -> Integer.compareUnsigned(a, o) >= 0;
                default -> (a & o) != 0;
            };
        }

        /**
         * Whether going from {@code pred} straight to {@code target}, skipping {@code skipped}, could change a
         * value {@code target} reads.
         */
        private boolean conflict(int pred, int skippedDefs, int lastSkipped, int target) {
            int live = liveIn[target] & skippedDefs;
            if (live == 0) {
                return false;
            }
            for (int r = 0; r < NREGS; r++) {
                if ((live & (1 << r)) != 0 && exit[lastSkipped][r] != exit[pred][r]) {
                    return true;
                }
            }
            return false;
        }
    }

    static boolean isReturn(Block b) {
        return Bpf.cls(b.code) == RET;
    }
}
