package io.osprey.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: Zeek ASCII logs parsed into rows of field name → text. */
final class Logs {
    private Logs() {
    }

    static List<Map<String, String>> read(Path log) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] fields = null;
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("#fields\t")) {
                fields = line.substring(8).split("\t");
            } else if (!line.startsWith("#") && fields != null) {
                String[] v = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < fields.length; i++) {
                    row.put(fields[i], v[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The repository root (the directory holding samples/), found from the module directory. */
    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root with samples/ not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** ../shared beside the repository, or null when absent (tests that need it are skipped). */
    static Path shared() {
        Path s = repoRoot().resolveSibling("shared");
        if (Files.isDirectory(s)) {
            return s;
        }
        for (Path p = repoRoot(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/corpus"))) {
                return p.resolve("shared");
            }
        }
        return null;
    }
}
