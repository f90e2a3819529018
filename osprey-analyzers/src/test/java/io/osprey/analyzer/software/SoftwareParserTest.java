package io.osprey.analyzer.software;

import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.DynamicTest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The version parser against Zeek: zeek-parse-golden.tsv holds what Zeek 9.1's {@code Software::parse} returned
 * for 254 strings (Zeek's own version-parsing btest, User-Agents from the Zeek test corpus, and common servers,
 * clients and banners); regenerate it with {@code scripts/zeek-software-golden.py}.
 */
class SoftwareParserTest {
    private final SoftwareParser parser = new SoftwareParser();

    record Golden(String unparsed, byte[] name, SoftwareVersion version) {
    }

    static List<Golden> golden() throws IOException {
        List<Golden> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                SoftwareParserTest.class.getResourceAsStream("zeek-parse-golden.tsv"), StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                SoftwareVersion v = new SoftwareVersion();
                v.major = num(f[2]);
                v.minor = num(f[3]);
                v.minor2 = num(f[4]);
                v.minor3 = num(f[5]);
                v.addl = f[6].equals("-") ? null : unescape(f[6]);
                out.add(new Golden(f[0], unescape(f[1]), v));
            }
        }
        return out;
    }

    private static Long num(String s) {
        return s.equals("-") ? null : Long.parseUnsignedLong(s);
    }

    private static byte[] unescape(String s) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\x", i)) {
                b.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                b.write(s.charAt(i));
            }
        }
        return b.toByteArray();
    }

    @TestFactory
    List<DynamicTest> parsesAsZeekDoes() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Golden g : golden()) {
            tests.add(DynamicTest.dynamicTest(g.unparsed(), () -> {
                SoftwareParser.Description d = parser.parse(g.unparsed().getBytes(StandardCharsets.ISO_8859_1));
                assertThat(new String(d.name(), StandardCharsets.ISO_8859_1))
                        .isEqualTo(new String(g.name(), StandardCharsets.ISO_8859_1));
                assertThat(d.version().toString()).isEqualTo(g.version().toString());
                assertThat(new String(d.unparsedVersion(), StandardCharsets.ISO_8859_1)).isEqualTo(g.unparsed());
            }));
        }
        assertThat(tests).hasSizeGreaterThan(250);
        return tests;
    }

    @Test
    void examplesFromZeeksDocumentation() {
        SoftwareParser.Description d = parser.parse(b("Java/1.6.0_13"));
        assertThat(d.nameString()).isEqualTo("Java");
        assertThat(d.version()).isEqualTo(SoftwareVersion.of(1L, 6L, 0L, 13L, null));
        d = parser.parse(b("Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko"));
        assertThat(d.nameString()).isEqualTo("MSIE");
        assertThat(d.version()).isEqualTo(SoftwareVersion.of(11L, 0L, null, null, null));
        d = parser.parse(b("Flash Player/10.1"));
        assertThat(d.nameString()).isEqualTo("Flash"); // Software::alternate_names
    }

    @Test
    void cmpVersionsAsZeek() {
        SoftwareVersion a = SoftwareVersion.of(1L, 6L, 0L, 13L, null);
        SoftwareVersion b = SoftwareVersion.of(1L, 6L, 0L, 20L, null);
        assertThat(SoftwareVersion.compare(a, b)).isEqualTo(-1);
        assertThat(SoftwareVersion.compare(b, a)).isEqualTo(1);
        assertThat(SoftwareVersion.compare(a, a.copy())).isZero();
        // A set field beats an unset one; then addl compares byte-wise.
        assertThat(SoftwareVersion.compare(SoftwareVersion.of(1L, null, null, null, null),
                SoftwareVersion.of(1L, 0L, null, null, null))).isEqualTo(-1);
        assertThat(SoftwareVersion.compare(SoftwareVersion.of(1L, null, null, null, "b"),
                SoftwareVersion.of(1L, null, null, null, "a"))).isEqualTo(1);
        assertThat(SoftwareVersion.compare(SoftwareVersion.of(1L, null, null, null, null),
                SoftwareVersion.of(1L, null, null, null, "a"))).isEqualTo(-1);
        // Counts are unsigned.
        assertThat(SoftwareVersion.compare(SoftwareVersion.of(-1L, null, null, null, null),
                SoftwareVersion.of(1L, null, null, null, null))).isEqualTo(1);
    }

    /** Fuzz: mutated banners never throw, and parsing is deterministic. */
    @Test
    void fuzz() throws IOException {
        List<Golden> seeds = golden();
        SoftwareParser other = new SoftwareParser();
        int n = Mutator.iterations(40);
        for (int s = 0; s < seeds.size(); s++) {
            byte[] seed = seeds.get(s).unparsed().getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < n; i++) {
                byte[] m = Mutator.mutate(seed, s * 10_000L + i);
                SoftwareParser.Description d = parser.parse(m);
                assertThat(d.name()).isNotNull();
                assertThat(other.parse(m).version()).isEqualTo(d.version());
            }
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
