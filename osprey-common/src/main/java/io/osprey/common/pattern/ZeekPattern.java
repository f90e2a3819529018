package io.osprey.common.pattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Zeek regular expression ({@code /.../} in scripts and signatures) compiled to a Thompson NFA, matched through a
 * DFA built lazily from it (as Zeek's DFA_Machine does) and cached up to a bound: one table lookup per byte once
 * warm, never backtracking, so attacker-controlled input (file contents, HTTP headers) cannot make matching slow.
 * The matching semantics are Zeek's (src/RE.cc, re-scan.l, re-parse.y), not java.util.regex's:
 * <ul>
 *   <li>input is bytes; {@code .} is any byte but {@code \n} (inside {@code (?s:...)}, and in signature sets
 *       compiled multiline, any byte);</li>
 *   <li>{@code ^} and {@code $} are the begin/end-of-input symbols, matchable only where the caller supplies them
 *       (see the {@code bol}/{@code eol} arguments), never in the middle;</li>
 *   <li>a match of a prefix is the <em>longest</em> one (Zeek's {@code LongestMatch}), not the first alternative;</li>
 *   <li>syntax: alternation, grouping, {@code * + ?}, {@code {n} {n,} {n,m}}, character classes with ranges, negation
 *       and {@code [:alpha:]}-style names (C locale), {@code "quoted"} literals, {@code (?i:...)}, {@code (?s:...)},
 *       escapes {@code \xHH}, octal {@code \NNN}, {@code \n \r \t \a \b \f \v} and {@code \c} = literal c.</li>
 * </ul>
 * A pattern can also be a <em>set</em> of patterns with ids ({@link #compileSet}), matched in one pass as Zeek's
 * signature engine does for file magic ({@link #matchSet}).
 *
 * <p>An instance holds its DFA cache and scratch, so it must not be used by two threads at once: give each worker
 * its own ({@link #copy()} shares the compiled NFA). Matching allocates only when it meets a DFA state it has not
 * built yet.
 */
public final class ZeekPattern {
    /** Cap on NFA states of one compiled pattern (counted repetitions expand): bounds memory and matching time. */
    public static final int MAX_STATES = 1 << 20;

    private static final int SYM_BOL = 256;
    private static final int SYM_EOL = 257;

    // State kinds.
    private static final byte CHAR = 0;
    private static final byte SPLIT = 1;
    private static final byte EPS = 2;
    private static final byte BOL = 3;
    private static final byte EOL = 4;
    private static final byte MATCH = 5;

    private final String text;
    private final Program prog;

    // NFA simulation scratch (per instance), used to build DFA states.
    private final int[] nxt;
    private final int[] mark;
    private final int[] stack;
    private int gen;
    private int nxtN;

    /** Lazily built DFAs: anchored (prefix matching) and searching (match anywhere). */
    private final Dfa anchored;
    private final Dfa search;

    /**
     * The compiled, shareable part: the NFA, plus (built on first use by {@link #matchSet(byte[], int, int, long[],
     * Relevance)}) for every NFA state the ids whose match it can still reach.
     */
    private record Program(byte[] kind, int[] arg, int[] out1, int[] out2, long[] sets, int start, int nIds,
                           ReachBox reach, int[] byteClass, int classes) {
    }

    /** Holder of {@link #reachableIds}, shared by a program's copies (benign race: every thread computes the same). */
    private static final class ReachBox {
        volatile long[] ids;
    }

    /**
     * What a caller of {@link #matchSet(byte[], int, int, long[], Relevance)} still cares about: given the ids
     * matched so far, the ids whose match could still change the caller's result (a bitset like {@code matched}),
     * or null for all of them. Called at the start and whenever a match adds ids; the returned array must not change
     * while it is in use (return a new or another array instead). Must not allocate on the hot path.
     */
    @FunctionalInterface
    public interface Relevance {
        long[] wanted(long[] matched);
    }

    private ZeekPattern(String text, Program prog) {
        this.text = text;
        this.prog = prog;
        this.anchored = new Dfa(false);
        this.search = new Dfa(true);
        int n = prog.kind.length;
        nxt = new int[n];
        mark = new int[n];
        stack = new int[n * 2 + 2];
    }

    /**
     * Compiles one pattern (the text between Zeek's slashes).
     *
     * @throws IllegalArgumentException on a syntax error or a pattern over {@link #MAX_STATES} states
     */
    public static ZeekPattern compile(String pattern) {
        return compileSet(List.of(pattern));
    }

    /**
     * Compiles several patterns into one matcher; pattern {@code i} reports id {@code i} from {@link #matchSet}.
     *
     * @throws IllegalArgumentException on a syntax error (naming the pattern) or too many states
     */
    public static ZeekPattern compileSet(List<String> patterns) {
        return compileSet(patterns, false);
    }

    /**
     * Compiles several patterns into one matcher, as {@link #compileSet(List)}; with {@code multiline} true,
     * {@code .} also matches {@code \n}, as in Zeek's signature engine (RuleMatcher builds its matchers multiline),
     * whereas script patterns exclude it.
     */
    public static ZeekPattern compileSet(List<String> patterns, boolean multiline) {
        Builder b = new Builder();
        int start = -1;
        for (int i = patterns.size() - 1; i >= 0; i--) {
            Node ast;
            try {
                ast = new Parser(patterns.get(i), multiline).parseAll();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad pattern /" + patterns.get(i) + "/: " + e.getMessage(), e);
            }
            int match = b.add(MATCH, i, -1, -1);
            int s = b.build(ast, match);
            start = start < 0 ? s : b.add(SPLIT, 0, s, start);
        }
        if (start < 0) {
            start = b.add(MATCH, -1, -1, -1);
        }
        return new ZeekPattern(patterns.size() == 1 ? patterns.get(0) : "<set of " + patterns.size() + ">",
                b.program(start, patterns.size()));
    }

    /** A matcher sharing this one's compiled program, with its own scratch (for another thread). */
    public ZeekPattern copy() {
        return new ZeekPattern(text, prog);
    }

    /** Number of NFA states (for tests and sizing). */
    public int states() {
        return prog.kind.length;
    }

    @Override
    public String toString() {
        return "/" + text + "/";
    }

    // ------------------------------------------------------------------------------------------- matching

    /**
     * Zeek's {@code LongestMatch} / {@code MatchPrefix}: the length of the longest prefix of {@code s[off, off+len)}
     * that the pattern matches, or -1 when none does (0 for an empty match).
     *
     * @param bol whether the begin-of-input symbol precedes the bytes ({@code ^} can match)
     * @param eol whether the end-of-input symbol follows them ({@code $} can match at the end)
     */
    public int longestPrefix(byte[] s, int off, int len, boolean bol, boolean eol) {
        Dfa dfa = anchored;
        int d = dfa.start(bol);
        int last = dfa.match[d] ? 0 : -1;
        for (int i = 0; i < len; i++) {
            d = dfa.next(d, s[off + i] & 0xFF);
            if (d == Dfa.DEAD) {
                return last;
            }
            if (dfa.match[d]) {
                last = i + 1;
            }
        }
        if (eol && last != len && dfa.eolMatch(d)) {
            return len;
        }
        return last;
    }

    /** {@link #longestPrefix} of the whole array with begin and end of input. */
    public int longestPrefix(byte[] s) {
        return longestPrefix(s, 0, s.length, true, true);
    }

    /**
     * Zeek's {@code pattern in string}: true when the pattern matches anywhere in {@code s[off, off+len)}, with
     * {@code ^} only at the start and {@code $} only at the end.
     */
    public boolean find(byte[] s, int off, int len) {
        Dfa dfa = search;
        int d = dfa.start(true);
        if (dfa.match[d]) {
            return true;
        }
        for (int i = 0; i < len; i++) {
            d = dfa.next(d, s[off + i] & 0xFF);
            if (dfa.match[d]) {
                return true;
            }
        }
        return dfa.eolMatch(d);
    }

    /** {@link #find} over the whole array. */
    public boolean find(byte[] s) {
        return find(s, 0, s.length);
    }

    /**
     * Zeek's signature matching over a buffer (file magic: begin of input given, no end of input): sets bit
     * {@code id} in {@code matched} for every pattern of the set that matches some prefix of the bytes.
     *
     * @param matched receives the ids; its length must be at least {@code (patterns + 63) / 64}
     * @return true when at least one pattern matched
     */
    public boolean matchSet(byte[] s, int off, int len, long[] matched) {
        Dfa dfa = anchored;
        int d = dfa.start(true);
        boolean any = dfa.collect(d, matched);
        for (int i = 0; i < len; i++) {
            d = dfa.next(d, s[off + i] & 0xFF);
            if (d == Dfa.DEAD) {
                break;
            }
            if (dfa.match[d]) {
                any |= dfa.collect(d, matched);
            }
        }
        return any;
    }

    /**
     * {@link #matchSet(byte[], int, int, long[])} that stops as soon as no id in {@code relevance}'s current wanted
     * set can match any longer (the result the caller derives from the ids is then final): for a file magic sniffer,
     * once the best signature so far cannot be beaten by any signature still alive, the rest of the buffer need not
     * be read. {@code matched} then holds the ids matched up to that point (every wanted one that matches at all).
     *
     * @return true when at least one pattern matched
     */
    public boolean matchSet(byte[] s, int off, int len, long[] matched, Relevance relevance) {
        Dfa dfa = anchored;
        int d = dfa.start(true);
        boolean any = dfa.collect(d, matched);
        long[] wanted = relevance.wanted(matched);
        if (wanted != null && !dfa.relevant(d, wanted)) {
            return any;
        }
        for (int i = 0; i < len; i++) {
            int e = dfa.next(d, s[off + i] & 0xFF);
            if (e == Dfa.DEAD) {
                break;
            }
            boolean grew = false;
            if (dfa.match[e]) {
                any |= dfa.collect(e, matched);
                wanted = relevance.wanted(matched);
                grew = true;
            }
            // Relevance only changes with the state or the wanted set: in a state's own loop (.* and the like) the
            // check is skipped.
            if (wanted != null && (e != d || grew) && !dfa.relevant(e, wanted)) {
                break;
            }
            d = e;
        }
        return any;
    }

    /**
     * For every NFA state, the ids (bitset of {@code (nIds + 63) / 64} words, state-major) of the MATCH states
     * reachable from it over any transition: an over-approximation of what can still match (it ignores what input
     * the path needs), so stopping when none is wanted never loses a match that could happen.
     */
    private long[] reachableIds() {
        long[] r = prog.reach.ids;
        if (r != null) {
            return r;
        }
        int n = prog.kind.length;
        int words = (prog.nIds + 63) >>> 6;
        // Reverse edges in compressed rows.
        int[] deg = new int[n + 1];
        for (int st = 0; st < n; st++) {
            if (prog.out1[st] >= 0) {
                deg[prog.out1[st] + 1]++;
            }
            if (prog.kind[st] == SPLIT && prog.out2[st] >= 0) {
                deg[prog.out2[st] + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            deg[i + 1] += deg[i];
        }
        int[] fill = Arrays.copyOf(deg, n);
        int[] pred = new int[deg[n]];
        for (int st = 0; st < n; st++) {
            if (prog.out1[st] >= 0) {
                pred[fill[prog.out1[st]]++] = st;
            }
            if (prog.kind[st] == SPLIT && prog.out2[st] >= 0) {
                pred[fill[prog.out2[st]]++] = st;
            }
        }
        r = new long[n * words];
        int[] queue = new int[n];
        for (int m = 0; m < n; m++) {
            if (prog.kind[m] != MATCH || prog.arg[m] < 0) {
                continue;
            }
            int id = prog.arg[m];
            int w = id >>> 6;
            long bit = 1L << id;
            int head = 0;
            int tail = 0;
            if ((r[m * words + w] & bit) == 0) {
                r[m * words + w] |= bit;
                queue[tail++] = m;
            }
            while (head < tail) {
                int st = queue[head++];
                for (int k = deg[st]; k < deg[st + 1]; k++) {
                    int p = pred[k];
                    if ((r[p * words + w] & bit) == 0) {
                        r[p * words + w] |= bit;
                        queue[tail++] = p;
                    }
                }
            }
        }
        prog.reach.ids = r;
        return r;
    }

    /** Number of ids of a set (patterns compiled). */
    public int ids() {
        return prog.nIds;
    }

    /**
     * A shortest input that this pattern matches from its start with the begin-of-input symbol and without the
     * end-of-input one (as signatures are matched), or null when there is none (e.g. it needs {@code $}). Each byte
     * is the printable one of its class when there is one, else the lowest. For tests: one example per signature.
     */
    public byte[] shortestExample() {
        int n = prog.kind.length;
        int[] dist = new int[n];
        int[] prev = new int[n];
        int[] via = new int[n];
        Arrays.fill(dist, Integer.MAX_VALUE);
        java.util.ArrayDeque<Integer> dq = new java.util.ArrayDeque<>();
        dist[prog.start] = 0;
        prev[prog.start] = -1;
        dq.add(prog.start);
        // 0-1 BFS: epsilon moves (and the one begin-of-input symbol) cost nothing, a byte costs one.
        while (!dq.isEmpty()) {
            int st = dq.pollFirst();
            int d = dist[st];
            switch (prog.kind[st]) {
                case MATCH -> {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    List<Integer> bytes = new ArrayList<>();
                    for (int s = st; prev[s] >= 0; s = prev[s]) {
                        if (via[s] >= 0) {
                            bytes.add(via[s]);
                        }
                    }
                    for (int i = bytes.size() - 1; i >= 0; i--) {
                        out.write(bytes.get(i));
                    }
                    return out.toByteArray();
                }
                case SPLIT -> {
                    relax(dq, dist, prev, via, st, prog.out1[st], d, -1, true);
                    relax(dq, dist, prev, via, st, prog.out2[st], d, -1, true);
                }
                case EPS -> relax(dq, dist, prev, via, st, prog.out1[st], d, -1, true);
                case BOL -> {
                    if (d == 0) {
                        relax(dq, dist, prev, via, st, prog.out1[st], d, -1, true);
                    }
                }
                case CHAR -> {
                    int b = pick(prog.sets, prog.arg[st]);
                    if (b >= 0) {
                        relax(dq, dist, prev, via, st, prog.out1[st], d + 1, b, false);
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }

    private static void relax(java.util.ArrayDeque<Integer> dq, int[] dist, int[] prev, int[] via, int from, int to,
                              int d, int b, boolean front) {
        if (d < dist[to]) {
            dist[to] = d;
            prev[to] = from;
            via[to] = b;
            if (front) {
                dq.addFirst(to);
            } else {
                dq.addLast(to);
            }
        }
    }

    private static int pick(long[] sets, int id) {
        for (int c = 'a'; c <= 'z'; c++) {
            if ((sets[id * 4 + (c >>> 6)] & (1L << c)) != 0) {
                return c;
            }
        }
        for (int c = 0x20; c < 0x7F; c++) {
            if ((sets[id * 4 + (c >>> 6)] & (1L << c)) != 0) {
                return c;
            }
        }
        for (int c = 0; c < 256; c++) {
            if ((sets[id * 4 + (c >>> 6)] & (1L << c)) != 0) {
                return c;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------- lazy DFA

    /**
     * A DFA built on demand from the NFA by subset construction (as Zeek's DFA_Machine does), so steady-state
     * matching is one table lookup per byte. States are cached up to {@link #MAX_DFA_STATES}; when the cache is
     * full it is dropped and rebuilt from the current state (bounded memory whatever the input).
     */
    private final class Dfa {
        /** Cap on cached DFA states per matcher: 4096 states cost at most 4 MiB of transitions (256 byte classes). */
        static final int MAX_DFA_STATES = 4096;
        static final int DEAD = 0;
        static final int UNKNOWN = -1;

        private final boolean searching;
        private int n;
        private int[][] nfaSets = new int[16][];
        /** Transitions, {@code prog.classes} columns per state (one per byte class). */
        private int[] trans = new int[16 * prog.classes];
        private final int[] byteClass = prog.byteClass;
        private final int classes = prog.classes;
        boolean[] match = new boolean[16];
        private long[][] accepts = new long[16][];
        /** 0 unknown, 1 no match after end of input, 2 match. */
        private byte[] eol = new byte[16];
        private final java.util.HashMap<Key, Integer> index = new java.util.HashMap<>();
        private final int[] startIds = {UNKNOWN, UNKNOWN};
        /** Per state, the ids it can still reach (null until asked). */
        private long[][] reachIds = new long[16][];
        /** Memo of {@link #relevant}: valid for the wanted array {@code relWanted} where stamped {@code relGen}. */
        private int[] relStamp = new int[16];
        private boolean[] relValue = new boolean[16];
        private long[] relWanted;
        private int relGen = 1;

        Dfa(boolean searching) {
            this.searching = searching;
            reset();
        }

        private void reset() {
            n = 0;
            newRelevanceGeneration();
            index.clear();
            startIds[0] = startIds[1] = UNKNOWN;
            intern(new int[0]); // DEAD
            java.util.Arrays.fill(trans, 0, classes, DEAD);
            eol[DEAD] = 1;
        }

        int start(boolean bol) {
            int k = bol ? 1 : 0;
            if (startIds[k] == UNKNOWN) {
                beginSet();
                addClosure(prog.start);
                if (bol) {
                    // Zeek prefixes patterns with "^?": the begin-of-input symbol is consumed by a '^' of the
                    // pattern or skipped, so both the start states and those after a '^' are live.
                    int m = nxtN;
                    for (int i = 0; i < m; i++) {
                        int st = nxt[i];
                        if (prog.kind[st] == BOL) {
                            addClosure(prog.out1[st]);
                        }
                    }
                }
                if (n >= MAX_DFA_STATES) {
                    reset();
                }
                startIds[k] = intern(sortedSet());
            }
            return startIds[k];
        }

        int next(int d, int b) {
            int t = trans[d * classes + byteClass[b]];
            return t != UNKNOWN ? t : compute(d, b);
        }

        private int compute(int d, int b) {
            int[] from = nfaSets[d];
            beginSet();
            byte[] kind = prog.kind;
            int[] arg = prog.arg;
            long[] sets = prog.sets;
            int word = b >>> 6;
            long bit = 1L << b;
            for (int st : from) {
                if (kind[st] == CHAR && (sets[arg[st] * 4 + word] & bit) != 0) {
                    addClosure(prog.out1[st]);
                }
            }
            if (searching) {
                addClosure(prog.start);
            }
            int[] to = sortedSet();
            if (n >= MAX_DFA_STATES) {
                // Start over with only the state we are in.
                reset();
                d = intern(from);
            }
            int id = intern(to);
            trans[d * classes + byteClass[b]] = id;
            return id;
        }

        boolean eolMatch(int d) {
            if (eol[d] == 0) {
                boolean m = match[d];
                if (!m) {
                    beginSet();
                    for (int st : nfaSets[d]) {
                        if (prog.kind[st] == EOL) {
                            addClosure(prog.out1[st]);
                        }
                    }
                    for (int i = 0; i < nxtN && !m; i++) {
                        m = prog.kind[nxt[i]] == MATCH;
                    }
                }
                eol[d] = (byte) (m ? 2 : 1);
            }
            return eol[d] == 2;
        }

        private void newRelevanceGeneration() {
            relWanted = null;
            if (++relGen == Integer.MAX_VALUE) {
                java.util.Arrays.fill(relStamp, 0);
                relGen = 1;
            }
        }

        /** Whether some id of {@code wanted} can still match from state {@code d}. */
        boolean relevant(int d, long[] wanted) {
            if (wanted != relWanted) {
                newRelevanceGeneration();
                relWanted = wanted;
            }
            if (relStamp[d] == relGen) {
                return relValue[d];
            }
            long[] ids = reachIds[d];
            if (ids == null) {
                int words = (prog.nIds + 63) >>> 6;
                long[] all = reachableIds();
                ids = new long[words];
                for (int st : nfaSets[d]) {
                    for (int w = 0; w < words; w++) {
                        ids[w] |= all[st * words + w];
                    }
                }
                reachIds[d] = ids;
            }
            boolean v = false;
            for (int w = 0; w < ids.length && w < wanted.length && !v; w++) {
                v = (ids[w] & wanted[w]) != 0;
            }
            relStamp[d] = relGen;
            relValue[d] = v;
            return v;
        }

        boolean collect(int d, long[] matched) {
            long[] a = accepts[d];
            if (a == null) {
                return false;
            }
            for (int w = 0; w < a.length; w++) {
                matched[w] |= a[w];
            }
            return true;
        }

        private int intern(int[] set) {
            Key key = new Key(set);
            Integer id = index.get(key);
            if (id != null) {
                return id;
            }
            int d = n++;
            if (d == match.length) {
                int cap = d * 2;
                nfaSets = java.util.Arrays.copyOf(nfaSets, cap);
                trans = java.util.Arrays.copyOf(trans, cap * classes);
                match = java.util.Arrays.copyOf(match, cap);
                accepts = java.util.Arrays.copyOf(accepts, cap);
                eol = java.util.Arrays.copyOf(eol, cap);
                reachIds = java.util.Arrays.copyOf(reachIds, cap);
                relStamp = java.util.Arrays.copyOf(relStamp, cap);
                relValue = java.util.Arrays.copyOf(relValue, cap);
            }
            reachIds[d] = null;
            relStamp[d] = 0;
            nfaSets[d] = set;
            java.util.Arrays.fill(trans, d * classes, d * classes + classes, UNKNOWN);
            eol[d] = 0;
            long[] acc = null;
            boolean m = false;
            for (int st : set) {
                if (prog.kind[st] == MATCH) {
                    m = true;
                    int ident = prog.arg[st];
                    if (ident >= 0) {
                        if (acc == null) {
                            acc = new long[(prog.nIds + 63) >>> 6];
                        }
                        acc[ident >>> 6] |= 1L << ident;
                    }
                }
            }
            match[d] = m;
            accepts[d] = acc;
            index.put(key, d);
            return d;
        }
    }

    /** An NFA state set as a hash key. */
    private record Key(int[] set) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(set, k.set);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(set);
        }
    }

    private void beginSet() {
        gen++;
        if (gen == Integer.MAX_VALUE) {
            Arrays.fill(mark, 0);
            gen = 1;
        }
        nxtN = 0;
    }

    private int[] sortedSet() {
        int[] s = Arrays.copyOf(nxt, nxtN);
        Arrays.sort(s);
        return s;
    }

    /** Adds the epsilon closure of {@code s} to {@code nxt} (each state once per generation). */
    private void addClosure(int s) {
        byte[] kind = prog.kind;
        int[] out1 = prog.out1;
        int[] out2 = prog.out2;
        int sp = 0;
        stack[sp++] = s;
        while (sp > 0) {
            int st = stack[--sp];
            if (mark[st] == gen) {
                continue;
            }
            mark[st] = gen;
            switch (kind[st]) {
                case SPLIT -> {
                    stack[sp++] = out2[st];
                    stack[sp++] = out1[st];
                }
                case EPS -> stack[sp++] = out1[st];
                default -> nxt[nxtN++] = st;
            }
        }
    }

    // ------------------------------------------------------------------------------------------- syntax tree

    private sealed interface Node permits Chars, Sym, Seq, Alt, Repeat {
    }

    /** One byte out of a set (256 bits). */
    private record Chars(long[] set) implements Node {
    }

    /** The begin- or end-of-input symbol. */
    private record Sym(int sym) implements Node {
    }

    private record Seq(List<Node> items) implements Node {
    }

    private record Alt(List<Node> options) implements Node {
    }

    /** {@code min..max} repetitions; max -1 = unbounded. */
    private record Repeat(Node body, int min, int max) implements Node {
    }

    /** Recursive-descent parser for Zeek's regular expression syntax (re-scan.l / re-parse.y). */
    private static final class Parser {
        private final String p;
        private int i;
        private boolean caseInsensitive;
        private boolean singleLine;
        /** Signature matchers: '.' matches every byte. */
        private final boolean multiline;

        Parser(String p, boolean multiline) {
            this.p = p;
            this.multiline = multiline;
        }

        Node parseAll() {
            Node n = parseAlt();
            if (i < p.length()) {
                throw new IllegalArgumentException("unexpected '" + p.charAt(i) + "' at " + i);
            }
            return n;
        }

        private Node parseAlt() {
            List<Node> opts = new ArrayList<>();
            opts.add(parseSeq());
            while (i < p.length() && p.charAt(i) == '|') {
                i++;
                opts.add(parseSeq());
            }
            return opts.size() == 1 ? opts.get(0) : new Alt(opts);
        }

        private Node parseSeq() {
            List<Node> items = new ArrayList<>();
            while (i < p.length() && p.charAt(i) != '|' && p.charAt(i) != ')') {
                items.add(postfix(atom()));
            }
            return items.size() == 1 ? items.get(0) : new Seq(items);
        }

        private Node postfix(Node n) {
            while (i < p.length()) {
                char c = p.charAt(i);
                if (c == '*') {
                    i++;
                    n = new Repeat(n, 0, -1);
                } else if (c == '+') {
                    i++;
                    n = new Repeat(n, 1, -1);
                } else if (c == '?') {
                    i++;
                    n = new Repeat(n, 0, 1);
                } else if (c == '{' && i + 1 < p.length() && Character.isDigit(p.charAt(i + 1))) {
                    i++;
                    int lo = number();
                    int hi = lo;
                    if (i < p.length() && p.charAt(i) == ',') {
                        i++;
                        hi = i < p.length() && Character.isDigit(p.charAt(i)) ? number() : -1;
                    }
                    if (i >= p.length() || p.charAt(i) != '}') {
                        throw new IllegalArgumentException("bad character inside {}'s");
                    }
                    i++;
                    if (hi >= 0 && lo > hi) {
                        throw new IllegalArgumentException("bad iteration values");
                    }
                    n = new Repeat(n, lo, hi);
                } else {
                    break;
                }
            }
            return n;
        }

        private int number() {
            int start = i;
            while (i < p.length() && Character.isDigit(p.charAt(i))) {
                i++;
            }
            if (i - start > 6) {
                throw new IllegalArgumentException("iteration count too large");
            }
            return Integer.parseInt(p.substring(start, i));
        }

        private Node atom() {
            char c = p.charAt(i);
            switch (c) {
                case '.' -> {
                    i++;
                    long[] s = new long[4];
                    setRange(s, 0, 255);
                    if (!singleLine && !multiline) {
                        clear(s, '\n');
                    }
                    return new Chars(s);
                }
                case '[' -> {
                    return charClass();
                }
                case '(' -> {
                    boolean ci = caseInsensitive;
                    boolean sl = singleLine;
                    if (p.startsWith("(?i:", i)) {
                        i += 4;
                        caseInsensitive = true;
                    } else if (p.startsWith("(?s:", i)) {
                        i += 4;
                        singleLine = true;
                    } else {
                        i++;
                    }
                    Node n = parseAlt();
                    if (i >= p.length() || p.charAt(i) != ')') {
                        throw new IllegalArgumentException("missing ')'");
                    }
                    i++;
                    caseInsensitive = ci;
                    singleLine = sl;
                    return n;
                }
                case '^' -> {
                    i++;
                    return new Sym(SYM_BOL);
                }
                case '$' -> {
                    i++;
                    return new Sym(SYM_EOL);
                }
                case '*', '+', '?', '{', '}', ')' -> throw new IllegalArgumentException("unexpected '" + c + "'");
                case '\\' -> {
                    return literal(escape());
                }
                case '"' -> {
                    // A quoted literal is one singleton: a postfix applies to all of it.
                    i++;
                    List<Node> chars = new ArrayList<>();
                    while (i < p.length() && p.charAt(i) != '"') {
                        chars.add(literal(p.charAt(i) == '\\' ? escape() : take()));
                    }
                    if (i >= p.length()) {
                        throw new IllegalArgumentException("missing quote");
                    }
                    i++;
                    return new Seq(chars);
                }
                default -> {
                    return literal(take());
                }
            }
        }

        private int take() {
            char c = p.charAt(i++);
            if (c > 0xFF) {
                throw new IllegalArgumentException("character outside 0-255: " + c);
            }
            return c;
        }

        private Node literal(int c) {
            long[] s = new long[4];
            set(s, c);
            if (caseInsensitive && isAlpha(c)) {
                set(s, c ^ 0x20);
            }
            return new Chars(s);
        }

        /** An escape sequence at {@code i} (the backslash): util::expand_escape. */
        private int escape() {
            i++;
            if (i >= p.length()) {
                throw new IllegalArgumentException("trailing backslash");
            }
            char c = p.charAt(i);
            if (c == 'x' && i + 2 < p.length() && isHex(p.charAt(i + 1)) && isHex(p.charAt(i + 2))) {
                int v = Integer.parseInt(p.substring(i + 1, i + 3), 16);
                i += 3;
                return v;
            }
            if (c >= '0' && c <= '7') {
                int v = 0;
                int n = 0;
                while (i < p.length() && n < 3 && p.charAt(i) >= '0' && p.charAt(i) <= '7') {
                    v = v * 8 + (p.charAt(i) - '0');
                    i++;
                    n++;
                }
                return v & 0xFF;
            }
            i++;
            return switch (c) {
                case 'a' -> 7;
                case 'b' -> 8;
                case 'f' -> 12;
                case 'n' -> 10;
                case 'r' -> 13;
                case 't' -> 9;
                case 'v' -> 11;
                default -> {
                    if (c > 0xFF) {
                        throw new IllegalArgumentException("character outside 0-255: " + c);
                    }
                    yield c;
                }
            };
        }

        private Node charClass() {
            i++; // '['
            long[] s = new long[4];
            boolean negate = false;
            if (i < p.length() && p.charAt(i) == '^') {
                negate = true;
                i++;
            }
            boolean first = true;
            while (true) {
                if (i >= p.length()) {
                    throw new IllegalArgumentException("unterminated character class");
                }
                char c = p.charAt(i);
                if (c == ']' && !first) {
                    i++;
                    break;
                }
                first = false;
                if (c == '[' && p.startsWith("[:", i)) {
                    int end = p.indexOf(":]", i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("bad character class expression");
                    }
                    namedClass(s, p.substring(i + 2, end));
                    i = end + 2;
                    continue;
                }
                int lo = c == '\\' ? escape() : take();
                if (i + 1 < p.length() && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
                    i++;
                    int hi = p.charAt(i) == '\\' ? escape() : take();
                    if (lo > hi) {
                        throw new IllegalArgumentException("negative range in character class");
                    }
                    for (int x = lo; x <= hi; x++) {
                        set(s, x);
                        if (caseInsensitive && isAlpha(x)) {
                            set(s, x ^ 0x20);
                        }
                    }
                } else {
                    set(s, lo);
                    if (caseInsensitive && isAlpha(lo)) {
                        set(s, lo ^ 0x20);
                    }
                }
            }
            if (negate) {
                for (int w = 0; w < 4; w++) {
                    s[w] = ~s[w];
                }
            }
            return new Chars(s);
        }

        private void namedClass(long[] s, String name) {
            for (int c = 0; c < 256; c++) {
                boolean in = switch (name) {
                    case "alnum" -> isAlpha(c) || isDigit(c);
                    case "alpha" -> isAlpha(c);
                    case "blank" -> c == ' ' || c == '\t';
                    case "cntrl" -> c < 0x20 || c == 0x7F;
                    case "digit" -> isDigit(c);
                    case "graph" -> c > 0x20 && c < 0x7F;
                    case "print" -> c >= 0x20 && c < 0x7F;
                    case "punct" -> c > 0x20 && c < 0x7F && !isAlpha(c) && !isDigit(c);
                    case "space" -> c == ' ' || (c >= '\t' && c <= '\r');
                    case "xdigit" -> isHex(c);
                    // Inside (?i:...) Zeek widens [:lower:] and [:upper:] to all letters.
                    case "lower" -> caseInsensitive ? isAlpha(c) : c >= 'a' && c <= 'z';
                    case "upper" -> caseInsensitive ? isAlpha(c) : c >= 'A' && c <= 'Z';
                    default -> throw new IllegalArgumentException("bad character class expression [:" + name + ":]");
                };
                if (in) {
                    set(s, c);
                }
            }
        }

        private static boolean isAlpha(int c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isDigit(int c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isHex(int c) {
            return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
    }

    private static void set(long[] s, int c) {
        s[c >>> 6] |= 1L << c;
    }

    private static void clear(long[] s, int c) {
        s[c >>> 6] &= ~(1L << c);
    }

    private static void setRange(long[] s, int lo, int hi) {
        for (int c = lo; c <= hi; c++) {
            set(s, c);
        }
    }

    // ------------------------------------------------------------------------------------------- NFA builder

    /** Builds the NFA backwards: each construct is given the state its matches continue to. */
    private static final class Builder {
        private byte[] kind = new byte[64];
        private int[] arg = new int[64];
        private int[] out1 = new int[64];
        private int[] out2 = new int[64];
        private int n;
        private final List<long[]> sets = new ArrayList<>();
        private final java.util.Map<String, Integer> setIds = new java.util.HashMap<>();

        int add(byte k, int a, int o1, int o2) {
            if (n == MAX_STATES) {
                throw new IllegalArgumentException("pattern too large (over " + MAX_STATES + " NFA states)");
            }
            if (n == kind.length) {
                int cap = n * 2;
                kind = Arrays.copyOf(kind, cap);
                arg = Arrays.copyOf(arg, cap);
                out1 = Arrays.copyOf(out1, cap);
                out2 = Arrays.copyOf(out2, cap);
            }
            kind[n] = k;
            arg[n] = a;
            out1[n] = o1;
            out2[n] = o2;
            return n++;
        }

        int setId(long[] s) {
            String key = Arrays.toString(s);
            Integer id = setIds.get(key);
            if (id == null) {
                id = sets.size();
                sets.add(s);
                setIds.put(key, id);
            }
            return id;
        }

        int build(Node node, int next) {
            return switch (node) {
                case Chars c -> add(CHAR, setId(c.set()), next, -1);
                case Sym s -> add(s.sym() == SYM_BOL ? BOL : EOL, s.sym(), next, -1);
                case Seq s -> {
                    int at = next;
                    for (int k = s.items().size() - 1; k >= 0; k--) {
                        at = build(s.items().get(k), at);
                    }
                    yield at;
                }
                case Alt a -> {
                    int at = build(a.options().get(a.options().size() - 1), next);
                    for (int k = a.options().size() - 2; k >= 0; k--) {
                        at = add(SPLIT, 0, build(a.options().get(k), next), at);
                    }
                    yield at;
                }
                case Repeat r -> repeat(r, next);
            };
        }

        private int repeat(Repeat r, int next) {
            int at = next;
            if (r.max() < 0) {
                // body* : a loop through a split.
                int loop = add(SPLIT, 0, -1, next);
                // Build first, then store: building may grow (replace) the arrays.
                int body = build(r.body(), loop);
                out1[loop] = body;
                at = loop;
            } else {
                // (body (body (...)?)?)? for the optional max - min copies, innermost first.
                for (int k = 0; k < r.max() - r.min(); k++) {
                    at = add(SPLIT, 0, build(r.body(), at), next);
                }
            }
            for (int k = 0; k < r.min(); k++) {
                at = build(r.body(), at);
            }
            return at;
        }

        Program program(int start, int nIds) {
            long[] flat = new long[sets.size() * 4];
            for (int k = 0; k < sets.size(); k++) {
                System.arraycopy(sets.get(k), 0, flat, k * 4, 4);
            }
            // Byte classes: bytes that every character set of the program either holds or lacks together lead
            // every DFA state to the same next state, so the DFA keeps one column per class rather than per byte
            // (tables a fraction of the size, and text that no pattern cares about hits one cache line per state).
            int[] byteClass = new int[256];
            java.util.HashMap<Key, Integer> seen = new java.util.HashMap<>();
            int words = (sets.size() + 31) >>> 5;
            for (int c = 0; c < 256; c++) {
                int[] member = new int[words];
                for (int k = 0; k < sets.size(); k++) {
                    if ((flat[k * 4 + (c >>> 6)] & (1L << c)) != 0) {
                        member[k >>> 5] |= 1 << k;
                    }
                }
                Integer id = seen.putIfAbsent(new Key(member), seen.size());
                byteClass[c] = id == null ? seen.size() - 1 : id;
            }
            int classes = seen.size();
            return new Program(Arrays.copyOf(kind, n), Arrays.copyOf(arg, n), Arrays.copyOf(out1, n),
                    Arrays.copyOf(out2, n), flat, start, nIds, new ReachBox(), byteClass, classes);
        }
    }
}
