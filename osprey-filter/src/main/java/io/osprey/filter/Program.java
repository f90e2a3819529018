package io.osprey.filter;

import io.osprey.filter.Ir.Block;
import io.osprey.filter.Ir.Stmt;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled filter as a flat list of classic BPF instructions. Unlike struct bpf_insn, jump targets are absolute
 * instruction indices ({@code jt} for the true branch and for {@code ja}, {@code jf} for the false branch), so
 * there is no 255-instruction jump limit and backward jumps (protochain's loop) need no special casing.
 */
final class Program {
    final int[] code;
    final int[] k;
    final int[] jt;
    final int[] jf;

    Program(int[] code, int[] k, int[] jt, int[] jf) {
        this.code = code;
        this.k = k;
        this.jt = jt;
        this.jf = jf;
    }

    int length() {
        return code.length;
    }

    /** Flattens the block graph reachable from {@code root}, each block's statements then its jump. */
    static Program linearize(Block root) {
        List<Block> order = order(root);
        Map<Block, Integer> start = new IdentityHashMap<>();
        List<Stmt> flat = new ArrayList<>();
        List<Block> owner = new ArrayList<>();
        Map<Stmt, Integer> stmtIndex = new IdentityHashMap<>();
        // first pass: positions
        int n = 0;
        for (Block b : order) {
            start.put(b, n);
            for (Stmt s = b.stmts; s != null; s = s.next) {
                if (s.code != Optimizer.NOP) {
                    n++;
                }
            }
            n++;
        }
        int[] code = new int[n];
        int[] k = new int[n];
        int[] jt = new int[n];
        int[] jf = new int[n];
        int i = 0;
        for (Block b : order) {
            // statements that jumps inside the list may target: map each (including NOPs) to the index of
            // the next emitted instruction
            List<Stmt> pendingNops = new ArrayList<>();
            for (Stmt s = b.stmts; s != null; s = s.next) {
                if (s.code == Optimizer.NOP) {
                    pendingNops.add(s);
                    continue;
                }
                for (Stmt p : pendingNops) {
                    stmtIndex.put(p, i);
                }
                pendingNops.clear();
                stmtIndex.put(s, i);
                flat.add(s);
                owner.add(b);
                code[i] = s.code;
                k[i] = s.k;
                i++;
            }
            for (Stmt p : pendingNops) {
                stmtIndex.put(p, i);
            }
            flat.add(null);
            owner.add(b);
            code[i] = b.code;
            k[i] = b.k;
            if (!b.isReturn()) {
                jt[i] = start.get(b.jt);
                jf[i] = start.get(b.jf);
            }
            i++;
        }
        // resolve jumps inside statement lists; a missing target means "the block's own jump"
        for (int j = 0; j < n; j++) {
            Stmt s = flat.get(j);
            if (s != null && Bpf.cls(s.code) == Bpf.JMP) {
                Block b = owner.get(j);
                int blockJump = start.get(b) + countEmitted(b.stmts);
                jt[j] = s.jt == null ? blockJump : stmtIndex.getOrDefault(s.jt, blockJump);
                jf[j] = Bpf.op(s.code) == Bpf.JA ? jt[j] : s.jf == null ? blockJump
                        : stmtIndex.getOrDefault(s.jf, blockJump);
            }
        }
        return new Program(code, k, jt, jf);
    }

    private static int countEmitted(Stmt s) {
        int c = 0;
        for (; s != null; s = s.next) {
            if (s.code != Optimizer.NOP) {
                c++;
            }
        }
        return c;
    }

    /**
     * Blocks in an order where every jump between blocks goes forward (the block graph is acyclic): reverse
     * postorder, visiting the false branch first so that a block's true branch tends to follow it.
     */
    static List<Block> order(Block root) {
        List<Block> post = new ArrayList<>();
        Map<Block, Boolean> seen = new IdentityHashMap<>();
        // iterative DFS to stay safe on deep graphs
        List<Object[]> stack = new ArrayList<>();
        stack.add(new Object[] {root, 0});
        seen.put(root, true);
        while (!stack.isEmpty()) {
            Object[] top = stack.get(stack.size() - 1);
            Block b = (Block) top[0];
            int state = (int) top[1];
            Block next = null;
            if (!b.isReturn()) {
                if (state == 0) {
                    next = b.jf;
                } else if (state == 1) {
                    next = b.jt;
                }
            }
            if (state >= 2 || b.isReturn()) {
                post.add(b);
                stack.remove(stack.size() - 1);
                continue;
            }
            top[1] = state + 1;
            if (next != null && !seen.containsKey(next)) {
                seen.put(next, true);
                stack.add(new Object[] {next, 0});
            }
        }
        List<Block> order = new ArrayList<>(post.size());
        for (int j = post.size() - 1; j >= 0; j--) {
            order.add(post.get(j));
        }
        // keep the returns last: accept before reject reads better in dumps
        order.sort((a, c) -> Boolean.compare(a.isReturn(), c.isReturn()));
        return order;
    }

    /** The program in the style of {@code tcpdump -d}, with absolute jump targets. */
    String dump() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < code.length; i++) {
            boolean ja = Bpf.cls(code[i]) == Bpf.JMP && Bpf.op(code[i]) == Bpf.JA;
            Bpf.Insn insn = new Bpf.Insn(code[i], jt[i] - i - 1, jf[i] - i - 1, ja ? jt[i] - i - 1 : k[i]);
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(Bpf.image(insn, i));
        }
        return sb.toString();
    }
}
