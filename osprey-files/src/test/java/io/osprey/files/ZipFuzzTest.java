package io.osprey.files;

import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated archives in random chunks: nothing throws (the analyzer runs without the framework's seatbelt here), every
 * file it opened ends, the caps hold, and at most one violation is reported per archive.
 * {@code -Dosprey.fuzz.iterations=N} runs more.
 */
class ZipFuzzTest {
    @TestFactory
    List<DynamicTest> mutatedArchives() {
        byte[] seed = ZipSplitTest.archive();
        int n = Mutator.iterations(300);
        List<DynamicTest> tests = new ArrayList<>();
        for (int batch = 0; batch < 6; batch++) {
            int b = batch;
            tests.add(DynamicTest.dynamicTest("batch " + batch, () -> {
                for (int i = 0; i < n; i++) {
                    run(seed, b * 1_000_000L + i);
                }
            }));
        }
        return tests;
    }

    private static void run(byte[] seed, long s) {
        byte[] data = Mutator.mutate(seed, s);
        SplittableRandom rnd = new SplittableRandom(s);
        FilesConfig cfg = ZipAnalyzerTest.config();
        cfg.zip.maxEntries = 8;
        cfg.zip.maxTreeBytes = 64 * 1024;
        int chunk = 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 2000);
        ZipAnalyzerTest.Run r = ZipAnalyzerTest.run(data, chunk, cfg);
        // One violation per archive at most (a mutated entry may itself sniff as a ZIP and get its own analyzer).
        assertThat(r.violations()).as("seed %d", s)
                .doesNotHaveDuplicates()
                .extracting(io.osprey.engine.analyzer.FileAnalyzerFailure::fuid).doesNotHaveDuplicates();
        long produced = 0;
        int kids = 0;
        for (FileInfo f : r.files()) {
            if (f.source().equals("ZIP")) {
                produced += f.seenBytes();
                kids++;
            }
        }
        assertThat(produced).as("seed %d", s).isLessThanOrEqualTo(cfg.zip.maxTreeBytes);
        // Entries of the archive (8) plus, for an archive inside it, its entries: each counted once more at most
        // when it came back as a new file after reaching its announced size.
        assertThat(kids).as("seed %d", s).isLessThanOrEqualTo(2 * (8 + 8 * 8));
    }
}
