package io.osprey.common.pattern;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Zeek regular expressions and string built-ins. Expected values marked "Zeek:" are what Zeek 9.1 printed for the
 * same call ({@code zeek -b} with base/utils/numbers loaded).
 */
class ZeekPatternTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> split(String s, String re, boolean incl, int max) {
        return ZeekStrings.splitN(b(s), ZeekPattern.compile(re), incl, max).stream()
                .map(x -> new String(x, StandardCharsets.ISO_8859_1)).toList();
    }

    private static boolean in(String re, String s) {
        return ZeekPattern.compile(re).find(b(s));
    }

    private static String str(byte[] x) {
        return new String(x, StandardCharsets.ISO_8859_1);
    }

    @Test
    void splitStringAsZeek() {
        // Zeek: [Apache, /2.0.63 , (Unix) mod_ssl/2.0.63]
        assertThat(split("Apache/2.0.63 (Unix) mod_ssl/2.0.63", "([\\/\\-_]|( [\\(v]+))?[0-9\\-\\._, ]{2,}", true, 1))
                .containsExactly("Apache", "/2.0.63 ", "(Unix) mod_ssl/2.0.63");
        assertThat(split("a/b//c/", "\\/", true, 0)).containsExactly("a", "/", "b", "/", "", "/", "c", "/", "");
        assertThat(split("aXbXXc", "X", false, 0)).containsExactly("a", "b", "", "c");
        assertThat(split("1.2.3.4.5", "\\.", false, 3)).containsExactly("1", "2", "3", "4.5");
        // Empty matches do not split (Zeek: [abc]); "^" only matches at the very start (Zeek: [, ^, a^b]).
        assertThat(split("abc", "x*", true, 0)).containsExactly("abc");
        assertThat(split("^a^b", "^\\^", true, 0)).containsExactly("", "^", "a^b");
        assertThat(split("ab", "b*", true, 0)).containsExactly("a", "b", "");
        // Longest match (Zeek: [, aaa, ] and [, abab, ]).
        assertThat(split("aaa", "a*", true, 0)).containsExactly("", "aaa", "");
        assertThat(split("abab", "(ab)+", true, 0)).containsExactly("", "abab", "");
        // Zeek: [Mozilla/5, 0, , Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko]
        assertThat(split("Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko", "[\\-\\._,\\[\\(\\{ ]", false,
                3)).containsExactly("Mozilla/5", "0", "", "Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko");
    }

    @Test
    void subAndGsubAsZeek() {
        ZeekPattern a = ZeekPattern.compile("a");
        assertThat(str(ZeekStrings.replace(b("aaa"), a, b("b"), false))).isEqualTo("baa");
        assertThat(str(ZeekStrings.replace(b("aaa"), a, b("b"), true))).isEqualTo("bbb");
        assertThat(str(ZeekStrings.replace(b("abcabc"), ZeekPattern.compile("^a"), b("X"), true))).isEqualTo("Xbcabc");
        assertThat(str(ZeekStrings.replace(b("a\\xb\\xc"), ZeekPattern.compile("\\\\x"), b("%"), true)))
                .isEqualTo("a%b%c");
        assertThat(str(ZeekStrings.replace(b("foo-bar"), ZeekPattern.compile("([\\/\\-_]|( [\\(v]+))"), b(""),
                false))).isEqualTo("foobar");
        assertThat(str(ZeekStrings.replace(b(""), a, b("b"), true))).isEmpty();
    }

    @Test
    void stripAndUnescapeAsZeek() {
        assertThat(str(ZeekStrings.strip(b("  a b  ")))).isEqualTo("a b");
        assertThat(str(ZeekStrings.strip(b("   ")))).isEmpty();
        assertThat(str(ZeekStrings.strip(b("x")))).isEqualTo("x");
        assertThat(str(ZeekStrings.strip(b("")))).isEmpty();
        assertThat(str(ZeekStrings.unescapeUri(b("a%20b%2")))).isEqualTo("a b%2");
        // Zeek: AA\xe9%zz%  (a doubled '%' stands for one, %u00XX drops the zero byte, bad escapes stay)
        assertThat(str(ZeekStrings.unescapeUri(b("%%41%u0041%u00e9%zz%")))).isEqualTo("AA\u00e9%zz%");
    }

    @Test
    void extractCountAsZeek() {
        assertThat(ZeekStrings.extractCount(b("ab12cd34"))).isEqualTo(12);
        assertThat(ZeekStrings.extractCount(b("none"))).isZero();
        assertThat(ZeekStrings.extractCount(b("x18446744073709551615"))).isEqualTo(-1L); // 2^64-1, unsigned
        // Zeek: Foo/99999999999999999999999 has major 18446744073709551615 (strtoull saturates).
        assertThat(ZeekStrings.extractCount(b("x99999999999999999999999"))).isEqualTo(-1L);
    }

    @Test
    void patternInStringAsZeek() {
        assertThat(in("Opera [0-9\\.]*$", "Mozilla/4.0 Opera 11.00")).isTrue();
        assertThat(in("Opera [0-9\\.]*$", "Opera 11.00 x")).isFalse();
        assertThat(in("^abc", "xabc")).isFalse();
        assertThat(in("b|bc", "abc")).isTrue();
        assertThat(in("[[:blank:]]+x", "a \tx")).isTrue();
        assertThat(in("a{2,3}", "caab")).isTrue();
        assertThat(in("a{2,3}", "cab")).isFalse();
        assertThat(in("\"a.b\"", "xa.by")).isTrue();
        assertThat(in("\"a.b\"", "xaxby")).isFalse();
        assertThat(in("(?i:hello)", "HeLLo")).isTrue();
        assertThat(in("hello", "HeLLo")).isFalse();
        assertThat(in("", "")).isTrue();
    }

    @Test
    void longestPrefixAndAnchors() {
        ZeekPattern p = ZeekPattern.compile("a|ab|abc");
        assertThat(p.longestPrefix(b("abcd"))).isEqualTo(3);
        assertThat(p.longestPrefix(b("xabc"))).isEqualTo(-1);
        assertThat(ZeekPattern.compile("x*").longestPrefix(b("abc"))).isZero();
        ZeekPattern bol = ZeekPattern.compile("^a");
        assertThat(bol.longestPrefix(b("a"), 0, 1, true, true)).isEqualTo(1);
        assertThat(bol.longestPrefix(b("a"), 0, 1, false, true)).isEqualTo(-1);
        ZeekPattern eol = ZeekPattern.compile("ab$");
        assertThat(eol.longestPrefix(b("ab"), 0, 2, true, true)).isEqualTo(2);
        assertThat(eol.longestPrefix(b("ab"), 0, 2, true, false)).isEqualTo(-1);
        assertThat(eol.longestPrefix(b("abc"), 0, 3, true, true)).isEqualTo(-1);
    }

    @Test
    void dotAndClasses() {
        assertThat(in("a.b", "a\nb")).isFalse();
        assertThat(in("(?s:a.b)", "a\nb")).isTrue();
        assertThat(ZeekPattern.compileSet(List.of("a.b"), true).find(b("a\nb"))).isTrue();
        assertThat(in("[^a]", "a")).isFalse();
        assertThat(in("[^a]", "\n")).isTrue();
        assertThat(in("[]a]", "]")).isTrue();
        assertThat(in("[a-]", "-")).isTrue();
        assertThat(in("[\\x41-\\x43]", "B")).isTrue();
        assertThat(in("\\x00\\xff", "\u0000\u00ff")).isTrue();
        assertThat(in("[[:print:]]{3}", "ab\u0001")).isFalse();
        assertThat(in("\\101", "A")).isTrue();
    }

    @Test
    void largeLoopBodiesStayConnected() {
        // Regression: the loop's entry was stored into the state arrays before building its body grew them.
        ZeekPattern p = ZeekPattern.compile("^(a{100})*b");
        assertThat(p.longestPrefix(b("a".repeat(200) + "b"))).isEqualTo(201);
        assertThat(p.longestPrefix(b("a".repeat(150) + "b"))).isEqualTo(-1);
    }

    @Test
    void shortestExamples() {
        assertThat(str(ZeekPattern.compile("^ab[0-9]{2}c?").shortestExample())).isEqualTo("ab00");
        assertThat(str(ZeekPattern.compile("x|yz").shortestExample())).isEqualTo("x");
        assertThat(ZeekPattern.compile("a$").shortestExample()).isNull();
        assertThat(ZeekPattern.compile("a^b").shortestExample()).isNull();
    }

    @Test
    void setsReportEveryMatchingPattern() {
        ZeekPattern set = ZeekPattern.compileSet(List.of("^GIF8", "^G", "^X", "ab"), true);
        long[] hits = new long[1];
        assertThat(set.matchSet(b("GIF89a"), 0, 6, hits)).isTrue();
        assertThat(hits[0]).isEqualTo(0b0011);
        hits[0] = 0;
        assertThat(set.matchSet(b("xab"), 0, 3, hits)).isFalse();
        assertThat(set.ids()).isEqualTo(4);
    }

    @Test
    void setMatchingStopsOnceNothingWantedCanMatch() {
        // id 0 "^GIF8" matches at byte 4; id 1 "^.*zz" could match anywhere later; id 2 "^.{6}q" dies at byte 6.
        ZeekPattern set = ZeekPattern.compileSet(List.of("^GIF8", "^.*zz", "^.{6}q"), true);
        byte[] in = b("GIF89a" + "x".repeat(100) + "zz");
        long[] hits = new long[1];
        // Nothing constrains the scan: every pattern that matches is reported.
        assertThat(set.matchSet(in, 0, in.length, hits, m -> null)).isTrue();
        assertThat(hits[0]).isEqualTo(0b011);
        // Once id 0 matched only id 2 is wanted: it dies at byte 6, so the scan stops before "zz".
        long[] only2 = {0b100};
        hits[0] = 0;
        assertThat(set.matchSet(in, 0, in.length, hits, m -> (m[0] & 1) != 0 ? only2 : null)).isTrue();
        assertThat(hits[0]).isEqualTo(0b001);
        // While id 1 is wanted the scan goes on to its match; the DFA's memo follows the wanted set's change.
        long[] only1 = {0b010};
        hits[0] = 0;
        assertThat(set.matchSet(in, 0, in.length, hits, m -> (m[0] & 1) != 0 ? only1 : null)).isTrue();
        assertThat(hits[0]).isEqualTo(0b011);
        // Wanting nothing from the start: the start state is enough.
        long[] none = {0};
        hits[0] = 0;
        assertThat(set.matchSet(in, 0, in.length, hits, m -> none)).isFalse();
    }

    @Test
    void byteClassesKeepEveryByteDistinctWhereSetsDiffer() {
        // Patterns splitting the byte space finely (a class per byte value) and coarsely share one DFA.
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 256; c++) {
            all.append(String.format("\\x%02x", c));
        }
        ZeekPattern p = ZeekPattern.compileSet(List.of("^\\xff\\x00", "^[a-c]+d", "^" + all), true);
        long[] hits = new long[1];
        byte[] full = new byte[256];
        for (int c = 0; c < 256; c++) {
            full[c] = (byte) c;
        }
        assertThat(p.matchSet(full, 0, 256, hits)).isTrue();
        assertThat(hits[0]).isEqualTo(0b100);
        hits[0] = 0;
        full[200] = 1;
        assertThat(p.matchSet(full, 0, 256, hits)).isFalse();
        hits[0] = 0;
        assertThat(p.matchSet(new byte[] {(byte) 0xff, 0}, 0, 2, hits)).isTrue();
        assertThat(hits[0]).isEqualTo(0b001);
        hits[0] = 0;
        assertThat(p.matchSet(b("abcabd"), 0, 6, hits)).isTrue();
        assertThat(hits[0]).isEqualTo(0b010);
    }

    @Test
    void syntaxErrorsAreReported() {
        for (String bad : new String[] {"(a", "a)", "[a", "*a", "a{2", "{", "\"abc", "[[:nope:]]", "a{3,2}"}) {
            assertThatThrownBy(() -> ZeekPattern.compile(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void nestedStarsStayLinear() {
        // A pattern that makes backtracking engines exponential; here one DFA step per byte.
        ZeekPattern p = ZeekPattern.compile("^([ \\t]*(<!--.*-->)?[ \\t]*)*<html");
        byte[] d = new byte[100_000];
        java.util.Arrays.fill(d, (byte) ' ');
        assertThat(p.longestPrefix(d)).isEqualTo(-1);
        assertThat(p.find(d)).isFalse();
    }

    @Test
    void boundedDfaCacheStillMatchesCorrectly() {
        // Counted repetitions give one DFA state per position: more than the cache holds, so it is rebuilt.
        ZeekPattern p = ZeekPattern.compile("^.{6000}X");
        byte[] d = new byte[6001];
        java.util.Arrays.fill(d, (byte) 'a');
        d[6000] = 'X';
        assertThat(p.longestPrefix(d)).isEqualTo(6001);
        d[6000] = 'Y';
        assertThat(p.longestPrefix(d)).isEqualTo(-1);
    }

    @Test
    void fuzzSplitAndReplaceNeverFail() {
        ZeekPattern sep = ZeekPattern.compile("([\\/\\-_]|( [\\(v]+))?[0-9\\-\\._, ]{2,}");
        byte[] seed = b("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36");
        // (The testkit's Mutator depends on this module, so mutate here: flips and cuts from a seeded stream.)
        for (int i = 0; i < Integer.getInteger("osprey.fuzz.iterations", 500); i++) {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(i);
            byte[] m = java.util.Arrays.copyOf(seed, rnd.nextInt(seed.length + 1));
            for (int k = rnd.nextInt(4); k > 0 && m.length > 0; k--) {
                m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
            List<byte[]> parts = ZeekStrings.splitN(m, sep, true, 0);
            int total = parts.stream().mapToInt(x -> x.length).sum();
            assertThat(total).isEqualTo(m.length);
            byte[] r = ZeekStrings.replace(m, sep, new byte[0], true);
            assertThat(r.length).isLessThanOrEqualTo(m.length);
            ZeekStrings.unescapeUri(m);
            ZeekStrings.strip(m);
        }
    }
}
