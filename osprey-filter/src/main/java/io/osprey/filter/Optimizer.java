package io.osprey.filter;

import static io.osprey.filter.Bpf.ABS;
import static io.osprey.filter.Bpf.ALU;
import static io.osprey.filter.Bpf.IMM;
import static io.osprey.filter.Bpf.IND;
import static io.osprey.filter.Bpf.JEQ;
import static io.osprey.filter.Bpf.JMP;
import static io.osprey.filter.Bpf.JSET;
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
import static io.osprey.filter.Bpf.W;
import static io.osprey.filter.Bpf.X;

import io.osprey.filter.Ir.Block;
import io.osprey.filter.Ir.Stmt;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizer, with libpcap's algorithm (optimize.c, after the BPF+ paper): because tcpdump runs libpcap's
 * optimized program, what the optimizer removes or reorders decides the verdict on short packets (a load past the
 * captured bytes fails the filter), and what it proves constant decides which filters are refused as "expression
 * rejects all packets". So this follows the same steps in the same order:
 * <ol>
 *   <li>blocks numbered depth first from the root; levels (distance to the returns); dominators and edge
 *       dominators; registers used and defined per block;</li>
 *   <li>per block, bottom level first: value numbering of the scratch memory and the A and X registers (the
 *       value at a merge point is known only if every predecessor agrees), peephole rules, dead statements;</li>
 *   <li>jump threading: an edge skips a block whose test is decided by a dominating edge testing the same
 *       value, when no register the skipped block sets is used later with a different value;</li>
 *   <li>"or"/"and" pull-ups that move a repeated comparison of the same value up a chain;</li>
 *   <li>all of this until nothing changes, first without and then with statement rewriting (constant folding,
 *       indexed loads with a known index made absolute, operations with 0 simplified), then the root is moved
 *       past blocks whose two branches meet.</li>
 * </ol>
 * Errors are libpcap's: constant division or modulus by zero, a constant shift above 31.
 */
final class Optimizer {
    /** Code of a deleted statement. */
    static final int NOP = -1;

    private static final int A_ATOM = Bpf.MEMWORDS;
    private static final int X_ATOM = Bpf.MEMWORDS + 1;
    private static final int AX_ATOM = Bpf.MEMWORDS + 2;
    private static final int N_ATOMS = Bpf.MEMWORDS + 2;
    private static final int VAL_UNKNOWN = 0;

    /** An edge of the graph: the true or the false branch of {@code pred}. */
    private static final class Edge {
        int id;
        final Node pred;
        final boolean isTrue;
        final BitSet edom = new BitSet();
        int code;
        Edge nextIn;

        Edge(Node pred, boolean isTrue) {
            this.pred = pred;
            this.isTrue = isTrue;
        }

        Block succ() {
            return isTrue ? pred.b.jt : pred.b.jf;
        }

        void succ(Block s) {
            if (isTrue) {
                pred.b.jt = s;
            } else {
                pred.b.jf = s;
            }
        }
    }

    /** The optimizer's bookkeeping for one block. */
    private static final class Node {
        final Block b;
        int id;
        int level;
        Node link;
        int mark;
        final BitSet dom = new BitSet();
        final Edge et;
        final Edge ef;
        Edge inEdges;
        int def;
        int kill;
        int inUse;
        int outUse;
        final int[] val = new int[N_ATOMS];
        int oval;

        Node(Block b) {
            this.b = b;
            this.et = new Edge(this, true);
            this.ef = new Edge(this, false);
        }
    }

    private final Map<Block, Node> nodes = new IdentityHashMap<>();
    private final List<Node> blocks = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private Node[] levels;
    private Block root;
    private int curMark;
    private boolean done;
    private boolean nonBranchMovement;

    // value numbering
    private final Map<List<Integer>, Integer> table = new HashMap<>();
    private final Map<Integer, Integer> constants = new HashMap<>();
    private int curval;

    private Optimizer(Block root) {
        this.root = root;
    }

    /** Optimizes the graph under {@code root} in place; returns the new root. */
    static Block optimize(Block root) {
        Optimizer o = new Optimizer(root);
        o.init();
        o.loop(false);
        o.loop(true);
        o.internBlocks();
        return o.optRoot();
    }

    private Node node(Block b) {
        return b == null ? null : nodes.get(b);
    }

    private Node jt(Node n) {
        return node(n.b.jt);
    }

    private Node jf(Node n) {
        return node(n.b.jf);
    }

    private static boolean isLeaf(Node n) {
        return n.b.jt == null;
    }

    private void init() {
        numberBlocks(root);
        int n = blocks.size();
        for (int i = 0; i < n; i++) {
            Node b = blocks.get(i);
            b.et.id = i;
            b.ef.id = n + i;
        }
        edges.addAll(java.util.Collections.nCopies(2 * n, null));
        for (int i = 0; i < n; i++) {
            edges.set(i, blocks.get(i).et);
            edges.set(n + i, blocks.get(i).ef);
        }
        levels = new Node[n];
    }

    /** Depth-first numbering, true branch first (libpcap number_blks_r). */
    private void numberBlocks(Block b) {
        if (b == null || nodes.containsKey(b)) {
            return;
        }
        Node n = new Node(b);
        nodes.put(b, n);
        n.id = blocks.size();
        blocks.add(n);
        if (!b.isReturn()) {
            numberBlocks(b.jt);
            numberBlocks(b.jf);
        }
    }

    private void loop(boolean doStmts) {
        int loopCount = 0;
        while (true) {
            nonBranchMovement = false;
            done = true;
            findLevels();
            findDom();
            findUd();
            findEdom();
            optBlocks(doStmts);
            if (done) {
                break;
            }
            if (nonBranchMovement) {
                loopCount = 0;
            } else if (++loopCount >= 100) {
                // only branches moved for 100 passes: a cycle
                break;
            }
        }
    }

    private void changed(boolean nonBranch) {
        done = false;
        if (nonBranch) {
            nonBranchMovement = true;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // graph analyses
    // ---------------------------------------------------------------------------------------------------------

    private void findLevels() {
        java.util.Arrays.fill(levels, null);
        curMark++;
        findLevels(node(root));
    }

    private void findLevels(Node b) {
        if (b.mark == curMark) {
            return;
        }
        b.mark = curMark;
        b.link = null;
        int level;
        if (!isLeaf(b)) {
            findLevels(jt(b));
            findLevels(jf(b));
            level = Math.max(jt(b).level, jf(b).level) + 1;
        } else {
            level = 0;
        }
        b.level = level;
        b.link = levels[level];
        levels[level] = b;
    }

    private void findDom() {
        int n = blocks.size();
        for (Node b : blocks) {
            b.dom.set(0, n);
        }
        Node r = node(root);
        r.dom.clear();
        for (int level = r.level; level >= 0; level--) {
            for (Node b = levels[level]; b != null; b = b.link) {
                b.dom.set(b.id);
                if (isLeaf(b)) {
                    continue;
                }
                jt(b).dom.and(b.dom);
                jf(b).dom.and(b.dom);
            }
        }
    }

    private void propEdom(Edge ep) {
        ep.edom.set(ep.id);
        Node succ = node(ep.succ());
        if (succ != null) {
            succ.et.edom.and(ep.edom);
            succ.ef.edom.and(ep.edom);
        }
    }

    private void findEdom() {
        int n = edges.size();
        for (Edge e : edges) {
            e.edom.set(0, n);
        }
        Node r = node(root);
        r.et.edom.clear();
        r.ef.edom.clear();
        for (int level = r.level; level >= 0; level--) {
            for (Node b = levels[level]; b != null; b = b.link) {
                propEdom(b.et);
                propEdom(b.ef);
            }
        }
    }

    private static int atomUse(int code, int k) {
        if (code == NOP) {
            return -1;
        }
        return switch (Bpf.cls(code)) {
            case RET -> Bpf.rval(code) == Bpf.RET_A ? A_ATOM : -1;
            case LD, LDX -> Bpf.mode(code) == IND ? X_ATOM : Bpf.mode(code) == MEM ? k : -1;
            case ST -> A_ATOM;
            case STX -> X_ATOM;
            case JMP, ALU -> Bpf.src(code) == X ? AX_ATOM : A_ATOM;
            default -> Bpf.miscop(code) == TXA ? X_ATOM : A_ATOM;
        };
    }

    private static int atomDef(int code, int k) {
        if (code == NOP) {
            return -1;
        }
        return switch (Bpf.cls(code)) {
            case LD, ALU -> A_ATOM;
            case LDX -> X_ATOM;
            case ST, STX -> k;
            case MISC -> Bpf.miscop(code) == TAX ? X_ATOM : A_ATOM;
            default -> -1;
        };
    }

    private static int addUse(int use, int def, int atom) {
        if (atom == AX_ATOM) {
            if ((def & (1 << X_ATOM)) == 0) {
                use |= 1 << X_ATOM;
            }
            if ((def & (1 << A_ATOM)) == 0) {
                use |= 1 << A_ATOM;
            }
        } else if (atom >= 0 && (def & (1 << atom)) == 0) {
            use |= 1 << atom;
        }
        return use;
    }

    private static void computeLocalUd(Node n) {
        int def = 0;
        int use = 0;
        int killed = 0;
        for (Stmt s = n.b.stmts; s != null; s = s.next) {
            if (s.code == NOP) {
                continue;
            }
            use = addUse(use, def, atomUse(s.code, s.k));
            int atom = atomDef(s.code, s.k);
            if (atom >= 0) {
                if ((use & (1 << atom)) == 0) {
                    killed |= 1 << atom;
                }
                def |= 1 << atom;
            }
        }
        if (Bpf.cls(n.b.code) == JMP) {
            use = addUse(use, def, atomUse(n.b.code, n.b.k));
        }
        n.def = def;
        n.kill = killed;
        n.inUse = use;
    }

    private void findUd() {
        Node r = node(root);
        int maxlevel = r.level;
        for (int i = maxlevel; i >= 0; i--) {
            for (Node p = levels[i]; p != null; p = p.link) {
                computeLocalUd(p);
                p.outUse = 0;
            }
        }
        for (int i = 1; i <= maxlevel; i++) {
            for (Node p = levels[i]; p != null; p = p.link) {
                p.outUse |= jt(p).inUse | jf(p).inUse;
                p.inUse |= p.outUse & ~p.kill;
            }
        }
    }

    private void findInedges() {
        for (Node b : blocks) {
            b.inEdges = null;
        }
        Node r = node(root);
        for (int level = r.level; level > 0; level--) {
            for (Node b = levels[level]; b != null; b = b.link) {
                linkInedge(b.et, jt(b));
                linkInedge(b.ef, jf(b));
            }
        }
    }

    private static void linkInedge(Edge parent, Node child) {
        parent.nextIn = child.inEdges;
        child.inEdges = parent;
    }

    // ---------------------------------------------------------------------------------------------------------
    // value numbering
    // ---------------------------------------------------------------------------------------------------------

    private void initVal() {
        curval = 0;
        table.clear();
        constants.clear();
    }

    /** The value number of {@code code(v0, v1)}, the same for the same operation on the same operands. */
    private int f(int code, int v0, int v1) {
        List<Integer> key = List.of(code, v0, v1);
        Integer v = table.get(key);
        if (v != null) {
            return v;
        }
        int val = ++curval;
        if (Bpf.mode(code) == IMM && (Bpf.cls(code) == LD || Bpf.cls(code) == LDX)) {
            constants.put(val, v0);
        }
        table.put(key, val);
        return val;
    }

    private int k(int i) {
        return f(LD | IMM | W, i, 0);
    }

    private boolean isConst(int val) {
        return constants.containsKey(val);
    }

    private int constVal(int val) {
        return constants.get(val);
    }

    /** Stores {@code newval} in {@code val[atom]}; with {@code alter}, a store of the value already there is dropped. */
    private static void vstore(Stmt s, int[] val, int atom, int newval, boolean alter) {
        if (alter && newval != VAL_UNKNOWN && val[atom] == newval) {
            if (s != null) {
                s.code = NOP;
            }
        } else {
            val[atom] = newval;
        }
    }

    private void foldOp(Stmt s, int v0, int v1) {
        int a = constVal(v0);
        int b = constVal(v1);
        int op = Bpf.op(s.code);
        switch (op) {
            case Bpf.ADD -> a += b;
            case Bpf.SUB -> a -= b;
            case Bpf.MUL -> a *= b;
            case Bpf.DIV -> {
                if (b == 0) {
                    throw new CompileError("division by zero");
                }
                a = Integer.divideUnsigned(a, b);
            }
            case Bpf.MOD -> {
                if (b == 0) {
                    throw new CompileError("modulus by zero");
                }
                a = Integer.remainderUnsigned(a, b);
            }
            case Bpf.AND -> a &= b;
            case Bpf.OR -> a |= b;
            case Bpf.XOR -> a ^= b;
            case Bpf.LSH -> a = Integer.compareUnsigned(b, 32) < 0 ? a << b : 0;
            case Bpf.RSH -> a = Integer.compareUnsigned(b, 32) < 0 ? a >>> b : 0;
            default -> throw new IllegalStateException("ALU op " + op);
        }
        s.k = a;
        s.code = LD | IMM;
        changed(true);
    }

    private void optStmt(Stmt s, int[] val, boolean alter) {
        int code = s.code;
        if (code == NOP) {
            return;
        }
        switch (Bpf.cls(code)) {
            case LD -> {
                switch (Bpf.mode(code)) {
                    case ABS -> vstore(s, val, A_ATOM, f(code, s.k, 0), alter);
                    case IND -> {
                        int v = val[X_ATOM];
                        if (alter && isConst(v)) {
                            s.code = LD | ABS | Bpf.size(code);
                            s.k += constVal(v);
                            v = f(s.code, s.k, 0);
                            changed(true);
                        } else {
                            v = f(code, s.k, v);
                        }
                        vstore(s, val, A_ATOM, v, alter);
                    }
                    case LEN -> vstore(s, val, A_ATOM, f(code, 0, 0), alter);
                    case IMM -> vstore(s, val, A_ATOM, k(s.k), alter);
                    case MEM -> {
                        int v = val[s.k];
                        if (alter && isConst(v)) {
                            s.code = LD | IMM;
                            s.k = constVal(v);
                            changed(true);
                        }
                        vstore(s, val, A_ATOM, v, alter);
                    }
                    default -> {
                    }
                }
            }
            case LDX -> {
                switch (Bpf.mode(code)) {
                    case IMM -> vstore(s, val, X_ATOM, k(s.k), alter);
                    case MSH -> vstore(s, val, X_ATOM, f(code, s.k, 0), alter);
                    case MEM -> {
                        int v = val[s.k];
                        if (alter && isConst(v)) {
                            s.code = LDX | IMM;
                            s.k = constVal(v);
                            changed(true);
                        }
                        vstore(s, val, X_ATOM, v, alter);
                    }
                    default -> vstore(s, val, X_ATOM, f(code, 0, 0), alter);
                }
            }
            case ALU -> optAlu(s, val, alter);
            case MISC -> {
                if (Bpf.miscop(code) == TXA) {
                    vstore(s, val, A_ATOM, val[X_ATOM], alter);
                } else {
                    vstore(s, val, X_ATOM, val[A_ATOM], alter);
                }
            }
            case ST -> vstore(s, val, s.k, val[A_ATOM], alter);
            case STX -> vstore(s, val, s.k, val[X_ATOM], alter);
            default -> {
            }
        }
    }

    private void optAlu(Stmt s, int[] val, boolean alter) {
        int op = Bpf.op(s.code);
        if (op == Bpf.NEG) {
            if (alter && isConst(val[A_ATOM])) {
                s.code = LD | IMM;
                s.k = -constVal(val[A_ATOM]);
                val[A_ATOM] = k(s.k);
            } else {
                val[A_ATOM] = f(s.code, val[A_ATOM], 0);
            }
            return;
        }
        if (Bpf.src(s.code) == K) {
            if (alter) {
                if (s.k == 0) {
                    // operations with 0: some vanish, some give 0, two are errors
                    if (op == Bpf.ADD || op == Bpf.LSH || op == Bpf.RSH || op == Bpf.OR || op == Bpf.XOR) {
                        s.code = NOP;
                        return;
                    }
                    if (op == Bpf.MUL || op == Bpf.AND) {
                        s.code = LD | IMM;
                        val[A_ATOM] = k(s.k);
                        return;
                    }
                    if (op == Bpf.DIV) {
                        throw new CompileError("division by zero");
                    }
                    if (op == Bpf.MOD) {
                        throw new CompileError("modulus by zero");
                    }
                }
                if (isConst(val[A_ATOM])) {
                    foldOp(s, val[A_ATOM], k(s.k));
                    val[A_ATOM] = k(s.k);
                    return;
                }
            }
            val[A_ATOM] = f(s.code, val[A_ATOM], k(s.k));
            return;
        }
        if (alter && isConst(val[X_ATOM])) {
            if (isConst(val[A_ATOM])) {
                foldOp(s, val[A_ATOM], val[X_ATOM]);
                val[A_ATOM] = k(s.k);
            } else {
                s.code = ALU | K | op;
                s.k = constVal(val[X_ATOM]);
                if ((op == Bpf.LSH || op == Bpf.RSH) && Integer.compareUnsigned(s.k, 31) > 0) {
                    throw new CompileError("shift by more than 31 bits");
                }
                changed(true);
                val[A_ATOM] = f(s.code, val[A_ATOM], k(s.k));
            }
            return;
        }
        if (alter && isConst(val[A_ATOM]) && constVal(val[A_ATOM]) == 0) {
            if (op == Bpf.ADD || op == Bpf.OR || op == Bpf.XOR) {
                s.code = MISC | TXA;
                vstore(s, val, A_ATOM, val[X_ATOM], alter);
                return;
            }
            if (op == Bpf.MUL || op == Bpf.DIV || op == Bpf.MOD || op == Bpf.AND || op == Bpf.LSH
                    || op == Bpf.RSH) {
                s.code = LD | IMM;
                s.k = 0;
                vstore(s, val, A_ATOM, k(s.k), alter);
                return;
            }
        }
        val[A_ATOM] = f(s.code, val[A_ATOM], val[X_ATOM]);
    }

    // ---------------------------------------------------------------------------------------------------------
    // block optimizations
    // ---------------------------------------------------------------------------------------------------------

    private static Stmt thisOp(Stmt s) {
        while (s != null && s.code == NOP) {
            s = s.next;
        }
        return s;
    }

    private static void optNot(Block b) {
        Block t = b.jt;
        b.jt = b.jf;
        b.jf = t;
    }

    /** Peephole rules on a block's statements and its test. */
    private void optPeep(Node n) {
        Block b = n.b;
        Stmt s = b.stmts;
        if (s == null) {
            return;
        }
        Stmt last = s;
        Stmt next;
        for (; ; s = next) {
            s = thisOp(s);
            if (s == null) {
                break;
            }
            next = thisOp(s.next);
            if (next == null) {
                break;
            }
            last = next;
            // st M[k]; ldx M[k]  ->  st M[k]; tax
            if (s.code == ST && next.code == (LDX | MEM) && s.k == next.k) {
                next.code = MISC | TAX;
                changed(true);
            }
            // ld #k; tax  ->  ldx #k; txa
            if (s.code == (LD | IMM) && next.code == (MISC | TAX)) {
                s.code = LDX | IMM;
                next.code = MISC | TXA;
                changed(true);
            }
            // ld #k; [ldxb 4*([j]&0xf);] add x; tax; ld [x+m]  ->  [ldxb ...;] ld [x+m+k]  (tcp[k] and the like)
            if (s.code == (LD | IMM)) {
                if ((n.outUse & (1 << X_ATOM)) != 0) {
                    continue;
                }
                Stmt add = next.code != (LDX | MSH | Bpf.B) ? next : thisOp(next.next);
                if (add == null || add.code != (ALU | Bpf.ADD | X)) {
                    continue;
                }
                Stmt tax = thisOp(add.next);
                if (tax == null || tax.code != (MISC | TAX)) {
                    continue;
                }
                Stmt ild = thisOp(tax.next);
                if (ild == null || Bpf.cls(ild.code) != LD || Bpf.mode(ild.code) != IND) {
                    continue;
                }
                ild.k += s.k;
                s.code = NOP;
                add.code = NOP;
                tax.code = NOP;
                changed(true);
            }
        }
        // an arithmetic step before "jeq #k" can merge into the test when A is not used afterwards
        if (b.code == (JMP | JEQ | K) && (n.outUse & (1 << A_ATOM)) == 0) {
            if (last.code == (ALU | Bpf.SUB | X)) {
                int val = n.val[X_ATOM];
                if (isConst(val)) {
                    b.k += constVal(val);
                    last.code = NOP;
                    changed(true);
                } else if (b.k == 0) {
                    last.code = NOP;
                    b.code = JMP | JEQ | X;
                    changed(true);
                }
            } else if (last.code == (ALU | Bpf.SUB | K)) {
                last.code = NOP;
                b.k += last.k;
                changed(true);
            } else if (last.code == (ALU | Bpf.AND | K) && b.k == 0) {
                b.k = last.k;
                b.code = JMP | K | JSET;
                last.code = NOP;
                changed(true);
                optNot(b);
            }
        }
        if (b.code == (JMP | K | JSET)) {
            if (b.k == 0) {
                b.jt = b.jf;
            } else if (b.k == 0xffffffff) {
                b.code = JMP | JEQ | K;
                b.k = 0;
                optNot(b);
                changed(true);
            }
        }
        int xval = n.val[X_ATOM];
        if (isConst(xval) && Bpf.src(b.code) == X) {
            b.code &= ~X;
            b.k = constVal(xval);
        }
        int aval = n.val[A_ATOM];
        if (isConst(aval) && Bpf.src(b.code) == K) {
            boolean v = Interpreter.test(Bpf.op(b.code), constVal(aval), b.k);
            if (b.jf != b.jt) {
                changed(true);
            }
            if (v) {
                b.jf = b.jt;
            } else {
                b.jt = b.jf;
            }
        }
    }

    private void deadStmt(Stmt s, int code, int k, Stmt[] last) {
        int atom = atomUse(code, k);
        if (atom >= 0) {
            if (atom == AX_ATOM) {
                last[X_ATOM] = null;
                last[A_ATOM] = null;
            } else {
                last[atom] = null;
            }
        }
        atom = atomDef(code, k);
        if (atom >= 0) {
            if (last[atom] != null) {
                last[atom].code = NOP;
                changed(true);
            }
            last[atom] = s;
        }
    }

    /** Removes statements whose result is overwritten before use, or not used after the block. */
    private void optDeadstores(Node n) {
        Stmt[] last = new Stmt[N_ATOMS];
        for (Stmt s = n.b.stmts; s != null; s = s.next) {
            deadStmt(s, s.code, s.k, last);
        }
        deadStmt(null, n.b.code, n.b.k, last);
        for (int atom = 0; atom < N_ATOMS; atom++) {
            if (last[atom] != null && (n.outUse & (1 << atom)) == 0) {
                last[atom].code = NOP;
                n.val[atom] = VAL_UNKNOWN;
                changed(true);
            }
        }
    }

    private void optBlk(Node n, boolean doStmts) {
        Edge p = n.inEdges;
        if (p == null) {
            java.util.Arrays.fill(n.val, VAL_UNKNOWN);
        } else {
            System.arraycopy(p.pred.val, 0, n.val, 0, N_ATOMS);
            for (p = p.nextIn; p != null; p = p.nextIn) {
                for (int i = 0; i < N_ATOMS; i++) {
                    if (n.val[i] != p.pred.val[i]) {
                        n.val[i] = VAL_UNKNOWN;
                    }
                }
            }
        }
        int aval = n.val[A_ATOM];
        int xval = n.val[X_ATOM];
        for (Stmt s = n.b.stmts; s != null; s = s.next) {
            optStmt(s, n.val, doStmts);
        }
        if (doStmts && ((n.outUse == 0 && aval != VAL_UNKNOWN && n.val[A_ATOM] == aval && xval != VAL_UNKNOWN
                && n.val[X_ATOM] == xval) || Bpf.cls(n.b.code) == RET)) {
            // nothing here is needed: the registers hold what they held
            if (n.b.stmts != null) {
                n.b.stmts = null;
                changed(true);
            }
        } else {
            optPeep(n);
            optDeadstores(n);
        }
        n.oval = Bpf.src(n.b.code) == K ? k(n.b.k) : n.val[X_ATOM];
        n.et.code = n.b.code;
        n.ef.code = -n.b.code;
    }

    /** Whether a register used after {@code succ} would differ if control came from {@code b} instead. */
    private boolean useConflict(Node b, Node succ) {
        int use = succ.outUse;
        if (use == 0) {
            return false;
        }
        for (int atom = 0; atom < N_ATOMS; atom++) {
            if ((use & (1 << atom)) != 0 && b.val[atom] != succ.val[atom]) {
                return true;
            }
        }
        return false;
    }

    /** The child of {@code child} that edge {@code ep}'s outcome selects, or null. */
    private Block foldEdge(Node child, Edge ep) {
        int code = ep.code;
        boolean sense = true;
        if (code < 0) {
            code = -code;
            sense = false;
        }
        if (child.b.code != code) {
            return null;
        }
        int aval0 = child.val[A_ATOM];
        int oval0 = child.oval;
        int aval1 = ep.pred.val[A_ATOM];
        int oval1 = ep.pred.oval;
        if (aval0 != aval1) {
            return null;
        }
        if (oval0 == oval1) {
            return sense ? child.b.jt : child.b.jf;
        }
        if (sense && code == (JMP | JEQ | K)) {
            // A equals another constant: this test fails
            return child.b.jf;
        }
        return null;
    }

    private void optJ(Edge ep) {
        Node succ = node(ep.succ());
        if (isLeaf(succ)) {
            return;
        }
        if (succ.b.jt == succ.b.jf) {
            if (!useConflict(ep.pred, jt(succ))) {
                changed(true);
                ep.succ(succ.b.jt);
            }
        }
        boolean again = true;
        while (again) {
            again = false;
            for (int k = ep.edom.nextSetBit(0); k >= 0; k = ep.edom.nextSetBit(k + 1)) {
                Node cur = node(ep.succ());
                Block target = foldEdge(cur, edges.get(k));
                if (target != null && !useConflict(ep.pred, node(target))) {
                    changed(false);
                    ep.succ(target);
                    if (target.jt != null) {
                        again = true;
                        break;
                    }
                    return;
                }
            }
        }
    }

    /**
     * libpcap's {@code or_pullup} ({@code and} false) and {@code and_pullup} ({@code and} true), which are mirror
     * images: or_pullup walks the chain of blocks through their false branches, all sharing {@code b}'s true
     * successor; and_pullup walks the true branches, all sharing its false successor. One body, the side a
     * parameter.
     */
    private void pullup(Node b, boolean and) {
        Edge ep = b.inEdges;
        if (ep == null) {
            return;
        }
        int val = ep.pred.val[A_ATOM];
        for (ep = ep.nextIn; ep != null; ep = ep.nextIn) {
            if (val != ep.pred.val[A_ATOM]) {
                return;
            }
        }
        boolean chain = and; // the branch the chain follows: jt for and_pullup, jf for or_pullup
        Block shared = branch(b.b, !chain); // the successor every block of the chain must share
        Node first = b.inEdges.pred;
        // diff: a pointer to a branch field (holder block + which side)
        Block diffHolder = first.b;
        boolean diffTrue = first.b.jt == b.b;
        boolean atTop = true;
        while (true) {
            Block d = branch(diffHolder, diffTrue);
            if (d == null) {
                return;
            }
            if (branch(d, !chain) != shared) {
                return;
            }
            Node dn = node(d);
            if (!dn.dom.get(b.id)) {
                return;
            }
            if (dn.val[A_ATOM] != val) {
                break;
            }
            diffHolder = d;
            diffTrue = chain;
            atTop = false;
        }
        Block diff = branch(diffHolder, diffTrue);
        Block sameHolder = diff;
        while (true) {
            Block sm = branch(sameHolder, chain);
            if (sm == null) {
                return;
            }
            if (branch(sm, !chain) != shared) {
                return;
            }
            Node sn = node(sm);
            if (!sn.dom.get(b.id)) {
                return;
            }
            if (sn.val[A_ATOM] == val) {
                break;
            }
            sameHolder = sm;
        }
        Block pull = branch(sameHolder, chain);
        setBranch(sameHolder, chain, branch(pull, chain));
        setBranch(pull, chain, diff);
        if (atTop) {
            for (ep = b.inEdges; ep != null; ep = ep.nextIn) {
                setBranch(ep.pred.b, ep.pred.b.jt == b.b, pull);
            }
        } else {
            setBranch(diffHolder, diffTrue, pull);
        }
        changed(false);
        findDom();
    }

    private static Block branch(Block x, boolean t) {
        return t ? x.jt : x.jf;
    }

    private static void setBranch(Block x, boolean t, Block v) {
        if (t) {
            x.jt = v;
        } else {
            x.jf = v;
        }
    }

    private void optBlocks(boolean doStmts) {
        initVal();
        Node r = node(root);
        int maxlevel = r.level;
        findInedges();
        for (int i = maxlevel; i >= 0; i--) {
            for (Node p = levels[i]; p != null; p = p.link) {
                optBlk(p, doStmts);
            }
        }
        if (doStmts) {
            return;
        }
        for (int i = 1; i <= maxlevel; i++) {
            for (Node p = levels[i]; p != null; p = p.link) {
                optJ(p.et);
                optJ(p.ef);
            }
        }
        findInedges();
        for (int i = 1; i <= maxlevel; i++) {
            for (Node p = levels[i]; p != null; p = p.link) {
                pullup(p, false);
                pullup(p, true);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // final steps
    // ---------------------------------------------------------------------------------------------------------

    private static boolean eqStmts(Stmt x, Stmt y) {
        while (true) {
            x = thisOp(x);
            y = thisOp(y);
            if (x == null) {
                return y == null;
            }
            if (y == null) {
                return false;
            }
            if (x.code != y.code || x.k != y.k) {
                return false;
            }
            x = x.next;
            y = y.next;
        }
    }

    private static boolean eqBlk(Block b0, Block b1) {
        return b0.code == b1.code && b0.k == b1.k && b0.jt == b1.jt && b0.jf == b1.jf && eqStmts(b0.stmts, b1.stmts);
    }

    /** Merges identical blocks (same statements, test and successors). */
    private void internBlocks() {
        int n = blocks.size();
        boolean again = true;
        while (again) {
            again = false;
            Block[] link = new Block[n];
            curMark++;
            markReachable(node(root));
            for (int i = n - 2; i >= 0; i--) {
                if (blocks.get(i).mark != curMark) {
                    continue;
                }
                for (int j = i + 1; j < n; j++) {
                    if (blocks.get(j).mark != curMark) {
                        continue;
                    }
                    if (eqBlk(blocks.get(i).b, blocks.get(j).b)) {
                        link[i] = link[j] != null ? link[j] : blocks.get(j).b;
                        break;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                Block p = blocks.get(i).b;
                if (p.jt == null) {
                    continue;
                }
                Block lt = link[node(p.jt).id];
                if (lt != null) {
                    again = true;
                    p.jt = lt;
                }
                Block lf = link[node(p.jf).id];
                if (lf != null) {
                    again = true;
                    p.jf = lf;
                }
            }
        }
    }

    private void markReachable(Node p) {
        if (p.mark == curMark) {
            return;
        }
        p.mark = curMark;
        if (!isLeaf(p)) {
            markReachable(jt(p));
            markReachable(jf(p));
        }
    }

    /** Skips root blocks whose branches meet, keeping their statements (libpcap opt_root). */
    private Block optRoot() {
        Block b = root;
        Stmt s = b.stmts;
        b.stmts = null;
        while (Bpf.cls(b.code) == JMP && b.jt == b.jf) {
            b = b.jt;
        }
        if (b.stmts != null) {
            s = Stmt.append(s, b.stmts);
        }
        b.stmts = s;
        if (Bpf.cls(b.code) == RET) {
            b.stmts = null;
        }
        return b;
    }

    static boolean isReturn(Block b) {
        return Bpf.cls(b.code) == RET;
    }
}
