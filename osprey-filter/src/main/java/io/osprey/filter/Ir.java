package io.osprey.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * The compiler's intermediate code: a control-flow graph of {@link Block}s, each a list of {@link Stmt}s (loads,
 * arithmetic, scratch-memory moves, in BPF's encoding) ending in one conditional jump, plus {@link Cond}, a
 * condition under construction whose true and false exits are still open. {@link #and}, {@link #or} and
 * {@link #not} wire conditions together by patching open exits (backpatching, Aho/Sethi/Ullman 8.6), which is also
 * how libpcap's gen_and/gen_or/gen_not build their graphs, so the two produce the same tests in the same order.
 */
final class Ir {
    private Ir() {
    }

    /** Known value of a condition built from constants: libpcap's "meaning" of a block. */
    static final int UNCERTAIN = 0, TRUE = 1, FALSE = 2;

    /**
     * One instruction of a statement list. {@code jt}/{@code jf} are used by the few generators that branch
     * inside a list (802.11 header length, Prism/AVS, protochain, Geneve, VLAN metadata): they name statements of
     * the same list; an unconditional jump ({@code JMP|JA}) uses {@code jt} only.
     */
    static final class Stmt {
        int code;
        int k;
        Stmt next;
        Stmt jt;
        Stmt jf;

        Stmt(int code, int k) {
            this.code = code;
            this.k = k;
        }

        /** Appends list {@code b} to list {@code a} (either may be null) and returns the head. */
        static Stmt append(Stmt a, Stmt b) {
            if (a == null) {
                return b;
            }
            Stmt t = a;
            while (t.next != null) {
                t = t.next;
            }
            t.next = b;
            return a;
        }

        /** Builds a list from statements given in order. */
        static Stmt list(Stmt... s) {
            Stmt head = null;
            for (Stmt x : s) {
                head = append(head, x);
            }
            return head;
        }

        static int count(Stmt s) {
            int n = 0;
            for (; s != null; s = s.next) {
                n++;
            }
            return n;
        }

        static Stmt last(Stmt s) {
            while (s.next != null) {
                s = s.next;
            }
            return s;
        }
    }

    /** A basic block: statements, then a conditional jump ({@code code}, {@code k}) or a return. */
    static final class Block {
        Stmt stmts;
        int code;
        int k;
        Block jt;
        Block jf;
        /** Numbering for the optimizer and for emitting code; -1 until assigned. */
        int id = -1;

        Block(int code, int k, Stmt stmts) {
            this.code = code;
            this.k = k;
            this.stmts = stmts;
        }

        boolean isReturn() {
            return Bpf.cls(code) == Bpf.RET;
        }
    }

    /** An open exit of a condition: the true or the false edge of a block, not yet pointing anywhere. */
    record Exit(Block block, boolean onTrue) {
        void patch(Block target) {
            if (onTrue) {
                block.jt = target;
            } else {
                block.jf = target;
            }
        }
    }

    /**
     * A condition: the block where its test starts and the edges leaving it when it holds and when it does not.
     * Immutable once built except through {@link #prepend}; the combinators return new conditions.
     */
    static final class Cond {
        final Block head;
        final List<Exit> whenTrue;
        final List<Exit> whenFalse;
        int meaning;

        Cond(Block head, List<Exit> whenTrue, List<Exit> whenFalse, int meaning) {
            this.head = head;
            this.whenTrue = whenTrue;
            this.whenFalse = whenFalse;
            this.meaning = meaning;
        }

        /** A single test block: {@code stmts}, then jump on {@code code}/{@code k}. */
        static Cond jump(int code, int k, Stmt stmts) {
            Block b = new Block(code, k, stmts);
            return new Cond(b, new ArrayList<>(List.of(new Exit(b, true))),
                    new ArrayList<>(List.of(new Exit(b, false))), UNCERTAIN);
        }

        /**
         * Puts {@code s} before the statements of the first block (libpcap sprepend_to_block). The condition may
         * have been a constant; with statements to run it no longer counts as one.
         */
        Cond prepend(Stmt s) {
            if (s != null) {
                head.stmts = Stmt.append(s, head.stmts);
                meaning = UNCERTAIN;
            }
            return this;
        }
    }

    static Cond and(Cond a, Cond b) {
        if (a.meaning == FALSE) {
            return a;
        }
        if (b.meaning == FALSE) {
            return b;
        }
        if (a.meaning == TRUE) {
            return b;
        }
        if (b.meaning == TRUE) {
            return a;
        }
        for (Exit e : a.whenTrue) {
            e.patch(b.head);
        }
        List<Exit> f = new ArrayList<>(b.whenFalse);
        f.addAll(a.whenFalse);
        return new Cond(a.head, b.whenTrue, f, UNCERTAIN);
    }

    static Cond or(Cond a, Cond b) {
        if (a.meaning == FALSE) {
            return b;
        }
        if (b.meaning == FALSE) {
            return a;
        }
        if (a.meaning == TRUE) {
            return a;
        }
        if (b.meaning == TRUE) {
            return b;
        }
        for (Exit e : a.whenFalse) {
            e.patch(b.head);
        }
        List<Exit> t = new ArrayList<>(b.whenTrue);
        t.addAll(a.whenTrue);
        return new Cond(a.head, t, b.whenFalse, UNCERTAIN);
    }

    static Cond not(Cond c) {
        int m = c.meaning == TRUE ? FALSE : c.meaning == FALSE ? TRUE : UNCERTAIN;
        return new Cond(c.head, c.whenFalse, c.whenTrue, m);
    }
}
