package io.osprey.filter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * libpcap's filter test corpus (../shared/corpus/bpf: filters.tsv, savefiles, name-databases.txt), found by
 * walking up from the working directory (or given as {@code -Dosprey.filter.corpus=DIR}); null where it is absent.
 * Never copied into this repository.
 */
final class Corpus {
    private Corpus() {
    }

    static Path dir() {
        String given = System.getProperty("osprey.filter.corpus");
        if (given != null && Files.isRegularFile(Path.of(given, "filters.tsv"))) {
            return Path.of(given);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared/corpus/bpf");
            if (Files.isRegularFile(c.resolve("filters.tsv"))) {
                return c;
            }
        }
        return null;
    }

    /** One row of filters.tsv, by column name. */
    record Row(int line, Map<String, String> cols) {
        String get(String name) {
            String v = cols.get(name);
            return v == null ? "" : v;
        }
    }

    static List<Row> rows(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("filters.tsv"));
        String[] header = lines.get(0).split("\t", -1);
        List<Row> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            Map<String, String> m = new HashMap<>();
            for (int j = 0; j < header.length && j < f.length; j++) {
                m.put(header[j], unescape(f[j]));
            }
            out.add(new Row(i + 1, m));
        }
        return out;
    }

    /**
     * The TSV writes the few multi-line expressions with "\\n" for each line break; a backslash before a name
     * ({@code proto \\netbeui}) is a real backslash. A "\\n" followed by white space or the end is a line break.
     */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'n'
                    && (i + 2 == s.length() || s.charAt(i + 2) == ' ' || s.charAt(i + 2) == '\t')) {
                b.append('\n');
                i++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The hosts, ethers and networks entries libpcap's tests expect (name-databases.txt). */
    static FixedNames names(Path dir) throws IOException {
        StringBuilder hosts = new StringBuilder();
        StringBuilder ethers = new StringBuilder();
        StringBuilder networks = new StringBuilder();
        StringBuilder cur = null;
        for (String line : Files.readAllLines(dir.resolve("name-databases.txt"))) {
            if (line.startsWith("## ethers")) {
                cur = ethers;
            } else if (line.startsWith("## hosts(5) equivalent")) {
                cur = null;
            } else if (line.startsWith("## hosts")) {
                cur = hosts;
            } else if (line.startsWith("## networks")) {
                cur = networks;
            } else if (cur != null && !line.startsWith("#")) {
                cur.append(line).append('\n');
            }
        }
        return new FixedNames(hosts.toString(), ethers.toString(), networks.toString());
    }
}
