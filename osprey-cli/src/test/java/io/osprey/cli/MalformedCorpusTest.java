package io.osprey.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole pipeline over tcpdump's malformed/fuzzed capture corpus ({@code ../shared/corpus/malformed}, when
 * present): every file either analyzes (exit 0) or is refused with one line naming the file (exit 2); never an
 * internal error, a stack trace or a hang. Skipped on machines without the shared corpus.
 */
class MalformedCorpusTest {
    @TempDir
    Path dir;

    @Test
    void everyCaptureAnalyzesOrFailsCleanly() throws IOException {
        Path shared = Logs.shared();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("corpus/malformed")), "no shared corpus");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(shared.resolve("corpus/malformed"))) {
            s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(pcap|pcapng)$")).sorted()
                    .forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(100);
        int ok = 0;
        int refused = 0;
        long start = System.nanoTime();
        for (Path f : files) {
            OspreyCliTest.Run r = OspreyCliTest.osprey("-r", f.toString(), "-o", dir.resolve("o").toString(), "-q");
            assertThat(r.exit()).as(f + ": " + r.err()).isIn(0, 2);
            assertThat(r.err()).as(f.toString()).doesNotContain("Exception").doesNotContain("\tat ");
            if (r.exit() == 2) {
                refused++;
                assertThat(r.err().strip().lines().count()).as(f + ": " + r.err()).isEqualTo(1);
                assertThat(r.err()).contains(f.toString());
            } else {
                ok++;
            }
        }
        assertThat(ok).isGreaterThan(refused);
        assertThat((System.nanoTime() - start) / 1e9).as("seconds for the corpus").isLessThan(300);
    }
}
