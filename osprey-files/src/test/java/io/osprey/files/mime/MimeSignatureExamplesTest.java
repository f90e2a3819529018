package io.osprey.files.mime;

import io.osprey.common.pattern.ZeekPattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per file magic signature: its shortest example matches it, and sniffing the example gives the type
 * Zeek 9.1's {@code identify_data} gave for the same bytes (zeek-signature-examples.tsv; several signatures can
 * match one example, and then Zeek's choice by strength decides). Regenerate the examples with
 * {@code -Dosprey.golden.update=true}, then Zeek's column with {@code scripts/zeek-identify.py}.
 */
class MimeSignatureExamplesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/io/osprey/files/mime/zeek-signature-examples.tsv");
    /** Signatures Zeek can never match: they need the end of input or a '^' in the middle. */
    private static final List<String> UNMATCHABLE = List.of("file-json3", "file-magic-auto460", "file-magic-auto461",
            "file-magic-auto462", "file-magic-auto83", "file-magic-auto477", "file-magic-auto478", "file-magic-auto530",
            "file-magic-auto531", "file-magic-auto532");

    private final MimeSniffer sniffer = MimeSniffer.zeekDefault();

    private static Map<String, String[]> golden() throws IOException {
        Map<String, String[]> m = new LinkedHashMap<>();
        try (var in = MimeSignatureExamplesTest.class.getResourceAsStream("zeek-signature-examples.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    String[] f = line.split("\t");
                    m.put(f[0], f);
                }
            }
        }
        return m;
    }

    private static byte[] example(MimeSniffer.Signature s) {
        return ZeekPattern.compileSet(List.of(s.pattern()), true).shortestExample();
    }

    @TestFactory
    List<DynamicTest> everySignatureAgainstZeek() throws IOException {
        Map<String, String[]> g = golden();
        List<DynamicTest> tests = new ArrayList<>();
        for (MimeSniffer.Signature s : sniffer.signatures()) {
            tests.add(DynamicTest.dynamicTest(s.name(), () -> {
                byte[] ex = example(s);
                if (ex == null) {
                    assertThat(UNMATCHABLE).contains(s.name());
                    return;
                }
                assertThat(sniffer.matches(ex, 0, ex.length)).contains(s);
                String[] row = g.get(s.name());
                assertThat(row).as("golden row for " + s.name()).isNotNull();
                assertThat(row[1]).as("example changed: regenerate the golden file").isEqualTo(
                        HexFormat.of().formatHex(ex));
                String zeek = row[2].equals("-") ? null : row[2];
                assertThat(sniffer.sniff(ex, 0, ex.length)).isEqualTo(zeek);
            }));
        }
        assertThat(tests).hasSize(374);
        return tests;
    }

    @Test
    void unmatchableSignaturesHaveNoExample() {
        for (MimeSniffer.Signature s : sniffer.signatures()) {
            if (UNMATCHABLE.contains(s.name())) {
                assertThat(example(s)).as(s.name()).isNull();
            }
        }
    }

    /** {@code -Dosprey.golden.update=true}: rewrites the examples (Zeek's column then comes from the script). */
    @Test
    void updateExamples() throws IOException {
        if (!Boolean.getBoolean("osprey.golden.update")) {
            return;
        }
        Map<String, String[]> g = golden();
        StringBuilder sb = new StringBuilder("# Each file magic signature's shortest example (ZeekPattern.shortestExample)"
                + " and the MIME type Zeek 9.1's\n# identify_data reports for it. Regenerate: see "
                + "scripts/zeek-identify.py. name<TAB>hex<TAB>type (- = none)\n");
        for (MimeSniffer.Signature s : sniffer.signatures()) {
            byte[] ex = example(s);
            if (ex != null) {
                String hex = HexFormat.of().formatHex(ex);
                String[] old = g.get(s.name());
                String type = old != null && old[1].equals(hex) ? old[2] : "?";
                sb.append(s.name()).append('\t').append(hex).append('\t').append(type).append('\n');
            }
        }
        Files.writeString(GOLDEN, sb.toString());
    }
}
