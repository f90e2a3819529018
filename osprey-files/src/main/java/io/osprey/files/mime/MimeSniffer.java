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
    private record Compiled(List<Signature> signatures, ZeekPattern set, long[][] beats) {
    }

    private final Compiled compiled;
    private final ZeekPattern matcher;
    private final long[] hits;
    /** {@link #sniff}'s early stop: the signatures that could still beat the best match so far. */
    private final ZeekPattern.Relevance stillWanted;

    private MimeSniffer(Compiled compiled) {
        this.compiled = compiled;
        this.matcher = compiled.set.copy();
        this.hits = new long[(compiled.signatures.size() + 63) / 64];
        this.stillWanted = matched -> {
            int best = best(matched);
            return best < 0 ? null : compiled.beats[best];
        };
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
        // The scan stops once no signature that could beat the best so far is alive (most files: right after
        // their magic number, instead of reading the whole buffer for the few signatures starting with ".*").
        if (!matcher.matchSet(data, off, len, hits, stillWanted)) {
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
        return new Compiled(List.copyOf(sigs), ZeekPattern.compileSet(patterns, true), beats);
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
