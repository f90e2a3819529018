package io.osprey.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test helper: Zeek ASCII logs parsed into rows of field name → text. */
final class Logs {
    private Logs() {
    }

    static List<Map<String, String>> read(Path log) throws IOException {
        return io.osprey.testkit.ZeekLogs.read(log);
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
