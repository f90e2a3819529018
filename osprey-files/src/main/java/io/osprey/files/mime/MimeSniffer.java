package io.osprey.files.mime;

import io.osprey.common.pattern.ZeekPattern;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIME type detection by content (Zeek's {@code file_mgr->DetectMIME} over the file magic signatures of
 * base/frameworks/files/magic): every signature's pattern is tried, anchored at the first byte, against the file's
 * beginning-of-file buffer; of the signatures that match, the one with the highest strength wins, and among equal
 * strengths the MIME type that sorts first byte-wise (Zeek keeps the matches in a {@code map<int, set<string>,
 * greater>} and takes {@code begin()->second.begin()}).
 *
 * <p>The signatures (all 374 of Zeek 9.1: general, archive, image, audio, video, font, office, executable, java,
 * programming, python and libmagic) are read from {@code zeek-magic.tsv} and compiled into one {@link ZeekPattern}
 * set, matched in a single linear pass: a hostile file cannot make sniffing slow. One instance per worker (the
 * matcher has scratch state); {@link #copy()} shares the compiled signatures.
 */
public final class MimeSniffer {
    /** One file magic signature: Zeek's {@code file-mime "type", strength} plus {@code file-magic /pattern/}. */
    public record Signature(String group, String name, int strength, String mimeType, String pattern) {
    }

    private static volatile Compiled defaultSet;

    /**
     * @param beats per signature, the signatures that would win over it (higher strength, or the same strength and
     *              a MIME type sorting first): once none of those can match any more, the sniff's answer is final
     */
    private record Compiled(List<Signature> signatures, ZeekPattern set, long[][] beats, Prefilter prefilter) {
    }

    /**
     * Literals that signatures cannot match without, for the signatures that keep the DFA scanning far into a
     * buffer: those starting with an unbounded {@code .*} (php's {@code ^.*<\?php}, diff's {@code (.*)(--- )...},
     * the portable bitmaps' {@code (.*)(P1)...}: the literal anywhere), and those starting with a long fixed skip
     * ({@code (.{369})(MICROSOFT PIFEX\x00)}, {@code (.{128})(DICM)}: the literal at that offset). Without this, an
     * HTML file was scanned to byte 369, or to the end of the buffer, in case one of them still matched: about a
     * quarter of a full analysis's steady-state time on the benchmark capture (BENCHMARKS.md). One pass over the
     * buffer tells which literals occur; the signatures whose literal does not are no longer "still wanted", and the
     * scan stops as soon as nothing else is. At most 31 signatures (an int mask); more are not prefiltered.
     *
     * @param ids     signature index per prefiltered signature
     * @param lits    the literal each one needs
     * @param at      where: the offset from the start of the buffer, or -1 for anywhere
     * @param firsts  per byte value, whether some anywhere-literal starts with it
     * @param firstsSpread those bytes, each repeated in a long, for the word-at-a-time pass (null: byte by byte)
     */
    record Prefilter(int[] ids, byte[][] lits, int[] at, boolean[] firsts, long[] firstsSpread) {
        static final int MAX = 31;

        Prefilter(int[] ids, byte[][] lits, int[] at, boolean[] firsts) {
            this(ids, lits, at, firsts, spread(firsts));
        }

        /** Each distinct first byte repeated in all eight bytes of a long, or null when there are more than 4. */
        static long[] spread(boolean[] firsts) {
            int count = 0;
            long[] out = new long[4];
            for (int b = 0; b < 256; b++) {
                if (firsts[b]) {
                    if (count == out.length) {
                        return null;
                    }
                    out[count++] = 0x0101010101010101L * b;
                }
            }
            return count == 0 ? null : java.util.Arrays.copyOf(out, count);
        }
        /** Shortest fixed skip worth a prefilter entry: shorter ones die in the DFA about as soon. */
        static final int MIN_SKIP = 64;
    }

    /** What a signature needs: {@code lit} at offset {@code at} of the buffer, or anywhere when {@code at} is -1. */
    record Required(int at, byte[] lit) {
    }

    private final Compiled compiled;
    private final ZeekPattern matcher;
    private final long[] hits;
    /** {@link #sniff}'s early stop: the signatures that could still beat the best match so far. */
    private final ZeekPattern.Relevance stillWanted;
    /** Prefiltered signatures whose literal the buffer being sniffed lacks (bit k: {@code prefilter.ids[k]}). */
    private int impossible;
    /**
     * Per best signature (index {@code size} for "none yet") and impossible-mask, the wanted set: the signatures
     * that beat it, less the impossible ones. Made on first use and kept, so that the pattern's relevance memo (keyed
     * by the array's identity) stays valid from one sniff to the next. Per sniffer: it is not shared by threads.
     */
    private final long[][][] wantedCache;

    private MimeSniffer(Compiled compiled) {
        this.compiled = compiled;
        this.matcher = compiled.set.copy();
        this.hits = new long[(compiled.signatures.size() + 63) / 64];
        this.wantedCache = new long[compiled.signatures.size() + 1][][];
        this.stillWanted = matched -> wanted(best(matched));
    }

    /** The signatures that could still change the answer when {@code best} (or -1: none) is the best so far. */
    private long[] wanted(int best) {
        int mask = impossible;
        if (best >= 0 && mask == 0) {
            return compiled.beats[best];
        }
        if (best < 0 && mask == 0) {
            return null; // nothing matched and nothing ruled out: every signature is still wanted
        }
        int row = best < 0 ? compiled.signatures.size() : best;
        long[][] perMask = wantedCache[row];
        if (perMask == null) {
            perMask = new long[1 << compiled.prefilter.ids.length][];
            wantedCache[row] = perMask;
        }
        long[] w = perMask[mask];
        if (w == null) {
            w = best < 0 ? allIds() : compiled.beats[best].clone();
            int[] ids = compiled.prefilter.ids;
            for (int k = 0; k < ids.length; k++) {
                if ((mask & (1 << k)) != 0) {
                    w[ids[k] >>> 6] &= ~(1L << ids[k]);
                }
            }
            perMask[mask] = w;
        }
        return w;
    }

    private long[] allIds() {
        int n = compiled.signatures.size();
        long[] a = new long[(n + 63) / 64];
        for (int i = 0; i < n; i++) {
            a[i >>> 6] |= 1L << i;
        }
        return a;
    }

    /** Bit k set when prefiltered literal k does not occur in {@code data[off, off+len)}. One pass; no allocation. */
    static int absentLiterals(Prefilter p, byte[] data, int off, int len) {
        int n = p.ids.length;
        if (n == 0) {
            return 0;
        }
        int absent = 0;
        byte[][] lits = p.lits;
        int end = off + len;
        int anywhere = 0;
        for (int k = 0; k < n; k++) {
            int at = p.at[k];
            if (at < 0) {
                anywhere |= 1 << k;
            } else if (at > len || !startsWith(data, off + at, end, lits[k])) {
                absent |= 1 << k;
            }
        }
        int notSeen = anywhere;
        if (notSeen == 0) {
            return absent;
        }
        boolean[] firsts = p.firsts;
        long[] spread = p.firstsSpread();
        int i = off;
        // Eight bytes at a time while none of them can start a literal (SWAR zero-byte test per first byte: text is
        // mostly such words), then byte by byte through the word that has a candidate.
        if (spread != null) {
            // Up to four first bytes; unused lanes repeat the first, so the test stays branch-free.
            long b0 = spread[0];
            long b1 = spread.length > 1 ? spread[1] : b0;
            long b2 = spread.length > 2 ? spread[2] : b0;
            long b3 = spread.length > 3 ? spread[3] : b0;
            final long lo = 0x0101010101010101L;
            final long hi = 0x8080808080808080L;
            while (i + 8 <= end && notSeen != 0) {
                long x = (long) LONGS.get(data, i);
                long t0 = x ^ b0;
                long t1 = x ^ b1;
                long t2 = x ^ b2;
                long t3 = x ^ b3;
                long z = ((t0 - lo) & ~t0) | ((t1 - lo) & ~t1) | ((t2 - lo) & ~t2) | ((t3 - lo) & ~t3);
                if ((z & hi) != 0) {
                    notSeen = seen(data, i, i + 8, end, firsts, lits, notSeen);
                }
                i += 8;
            }
        }
        notSeen = seen(data, i, end, end, firsts, lits, notSeen);
        return absent | notSeen;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** {@code notSeen} less the anywhere-literals that start in {@code data[from, to)} (and end before {@code end}). */
    private static int seen(byte[] data, int from, int to, int end, boolean[] firsts, byte[][] lits, int notSeen) {
        for (int i = from; i < to && notSeen != 0; i++) {
            if (!firsts[data[i] & 0xFF]) {
                continue;
            }
            for (int k = 0; k < lits.length; k++) {
                if ((notSeen & (1 << k)) != 0 && startsWith(data, i, end, lits[k])) {
                    notSeen &= ~(1 << k);
                }
            }
        }
        return notSeen;
    }

    private static boolean startsWith(byte[] data, int i, int end, byte[] lit) {
        if (end - i < lit.length) {
            return false;
        }
        for (int j = 0; j < lit.length; j++) {
            if (data[i + j] != lit[j]) {
                return false;
            }
        }
        return true;
    }

    /** A sniffer with Zeek's signatures (compiled once per JVM, then shared). */
    public static MimeSniffer zeekDefault() {
        Compiled c = defaultSet;
        if (c == null) {
            synchronized (MimeSniffer.class) {
                c = defaultSet;
                if (c == null) {
                    c = compile(load());
                    defaultSet = c;
                }
            }
        }
        return new MimeSniffer(c);
    }

    /** A sniffer with the given signatures (tests, custom sets). */
    public static MimeSniffer of(List<Signature> signatures) {
        return new MimeSniffer(compile(signatures));
    }

    /** Another sniffer over the same compiled signatures, for another thread. */
    public MimeSniffer copy() {
        return new MimeSniffer(compiled);
    }

    /** The signatures, in file order. */
    public List<Signature> signatures() {
        return compiled.signatures;
    }

    /**
     * The MIME type Zeek would report for a file starting with {@code data[off, off+len)}, or null when no
     * signature matches. Allocates nothing.
     */
    public String sniff(byte[] data, int off, int len) {
        java.util.Arrays.fill(hits, 0);
        impossible = absentLiterals(compiled.prefilter, data, off, len);
        // The scan stops once no signature that could beat the best so far is alive (most files: right after
        // their magic number; text files once the ".*" signatures are ruled out by their literals, see Prefilter).
        if (!matcher.matchSet(data, off, len, hits, stillWanted)) {
            return null;
        }
        int best = best(hits);
        return best < 0 ? null : compiled.signatures.get(best).mimeType;
    }

    /** {@link #sniff} without the early stop and the prefilter: every signature run to the end (tests' reference). */
    String sniffExhaustive(byte[] data, int off, int len) {
        java.util.Arrays.fill(hits, 0);
        if (!matcher.matchSet(data, off, len, hits)) {
            return null;
        }
        int best = best(hits);
        return best < 0 ? null : compiled.signatures.get(best).mimeType;
    }

    /** Index of the winning signature among the {@code matched} ids, or -1 when none. */
    private int best(long[] matched) {
        int best = -1;
        List<Signature> sigs = compiled.signatures;
        for (int w = 0; w < matched.length; w++) {
            long bits = matched[w];
            while (bits != 0) {
                int i = w * 64 + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (best < 0 || beats(sigs.get(i), sigs.get(best))) {
                    best = i;
                }
            }
        }
        return best;
    }

    /** Whether {@code s} wins over {@code best} (higher strength; at equal strength, the MIME type sorting first). */
    private static boolean beats(Signature s, Signature best) {
        return s.strength > best.strength
                || (s.strength == best.strength && compareBytes(s.mimeType, best.mimeType) < 0);
    }

    /** The signatures matching a buffer (for tests and diagnostics). */
    public List<Signature> matches(byte[] data, int off, int len) {
        java.util.Arrays.fill(hits, 0);
        List<Signature> out = new ArrayList<>();
        if (matcher.matchSet(data, off, len, hits)) {
            for (int i = 0; i < compiled.signatures.size(); i++) {
                if ((hits[i >>> 6] & (1L << i)) != 0) {
                    out.add(compiled.signatures.get(i));
                }
            }
        }
        return out;
    }

    private static int compareBytes(String a, String b) {
        // std::string ordering: unsigned bytes; MIME types are ASCII, so char order is byte order.
        return a.compareTo(b);
    }

    private static Compiled compile(List<Signature> sigs) {
        List<String> patterns = new ArrayList<>(sigs.size());
        for (Signature s : sigs) {
            patterns.add(s.pattern);
        }
        int words = (sigs.size() + 63) / 64;
        long[][] beats = new long[sigs.size()][];
        for (int i = 0; i < sigs.size(); i++) {
            beats[i] = new long[words];
            for (int j = 0; j < sigs.size(); j++) {
                if (beats(sigs.get(j), sigs.get(i))) {
                    beats[i][j >>> 6] |= 1L << j;
                }
            }
        }
        return new Compiled(List.copyOf(sigs), ZeekPattern.compileSet(patterns, true), beats, prefilter(sigs));
    }

    private static Prefilter prefilter(List<Signature> sigs) {
        List<Integer> ids = new ArrayList<>();
        List<Required> reqs = new ArrayList<>();
        boolean[] firsts = new boolean[256];
        for (int i = 0; i < sigs.size() && ids.size() < Prefilter.MAX; i++) {
            Required r = required(sigs.get(i).pattern);
            if (r != null && (r.at < 0 || r.at >= Prefilter.MIN_SKIP)) {
                ids.add(i);
                reqs.add(r);
                if (r.at < 0) {
                    firsts[r.lit[0] & 0xFF] = true;
                }
            }
        }
        return new Prefilter(ids.stream().mapToInt(Integer::intValue).toArray(),
                reqs.stream().map(Required::lit).toArray(byte[][]::new),
                reqs.stream().mapToInt(Required::at).toArray(), firsts);
    }

    /**
     * What {@code pattern} cannot match without: for {@code .*} or {@code (.*)} first, the literal that follows
     * (anywhere); for {@code .{N}} or {@code (.{N})} first, the literal that follows at offset N; null otherwise (see
     * {@link #requiredLiteral}).
     */
    static Required required(String pattern) {
        String p = pattern.startsWith("^") ? pattern.substring(1) : pattern;
        boolean grouped = p.startsWith("(.{");
        if (grouped || p.startsWith(".{")) {
            int digits = grouped ? 3 : 2;
            int close = p.indexOf('}', digits);
            if (close <= digits || close - digits > 5 || !p.substring(digits, close).chars().allMatch(Character::isDigit)
                    || (grouped && (close + 1 >= p.length() || p.charAt(close + 1) != ')'))) {
                return null; // a range such as .{11,19}, or not a skip of its own
            }
            byte[] lit = requiredLiteral(".*" + p.substring(close + (grouped ? 2 : 1)));
            return lit == null ? null : new Required(Integer.parseInt(p.substring(digits, close)), lit);
        }
        byte[] lit = requiredLiteral(p);
        return lit == null ? null : new Required(-1, lit);
    }

    /**
     * For a pattern that starts with an unbounded {@code .*} (optionally {@code ^} and in a group of its own:
     * {@code ^.*<\?php}, {@code (.*)(P1)(...)}), the literal of at least two bytes that directly follows it and
     * that every match therefore contains; null for any other pattern, or when the literal is optional, part of an
     * alternation, or shorter. Conservative: returning null only costs speed, a literal that were not required
     * would cost correctness.
     */
    static byte[] requiredLiteral(String pattern) {
        String p = pattern.startsWith("^") ? pattern.substring(1) : pattern;
        int i;
        if (p.startsWith(".*")) {
            i = 2;
        } else if (p.startsWith("(.*)")) {
            i = 4;
        } else {
            return null;
        }
        if (hasTopLevelAlternation(p)) {
            return null;
        }
        boolean grouped = i < p.length() && p.charAt(i) == '(';
        if (grouped) {
            i++;
        }
        java.io.ByteArrayOutputStream lit = new java.io.ByteArrayOutputStream();
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char e = p.charAt(i + 1);
                if (e == 'x' && i + 3 < p.length() && isHex(p.charAt(i + 2)) && isHex(p.charAt(i + 3))) {
                    lit.write(Integer.parseInt(p.substring(i + 2, i + 4), 16));
                    i += 4;
                } else if (Character.isLetterOrDigit(e)) {
                    break; // a class such as \d or \s, or an escape we do not treat as a literal
                } else {
                    lit.write(e);
                    i += 2;
                }
                continue;
            }
            if ("*?{".indexOf(c) >= 0) {
                byte[] b = lit.toByteArray(); // the quantifier makes the last byte optional
                lit.reset();
                lit.write(b, 0, Math.max(0, b.length - 1));
                break;
            }
            if (c == '|' || (c == ')' && !grouped)) {
                return null;
            }
            if (c == ')') {
                // The group's quantifier, if any, applies to the whole literal.
                if (i + 1 < p.length() && "*?{".indexOf(p.charAt(i + 1)) >= 0) {
                    return null;
                }
                break;
            }
            if (".[]()+^$".indexOf(c) >= 0) {
                break;
            }
            if (c > 0xFF) {
                return null;
            }
            lit.write(c);
            i++;
        }
        byte[] b = lit.toByteArray();
        return b.length >= 2 ? b : null;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Whether {@code p} has a {@code |} outside every group and character class. */
    private static boolean hasTopLevelAlternation(String p) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    /** Reads the bundled zeek-magic.tsv (group, name, strength, MIME type, pattern; '#' comments). */
    static List<Signature> load() {
        List<Signature> out = new ArrayList<>();
        try (InputStream in = MimeSniffer.class.getResourceAsStream("zeek-magic.tsv")) {
            if (in == null) {
                throw new IllegalStateException("zeek-magic.tsv missing from the osprey-files jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 5);
                if (f.length != 5) {
                    throw new IllegalStateException("bad line in zeek-magic.tsv: " + line);
                }
                out.add(new Signature(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
