package io.osprey.files;

import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

import static io.osprey.files.FilesTestKit.SEC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Splits, permutations and random call sequences: the accounting stays consistent, nothing throws, buffers stay
 * within their bounds, and the result does not depend on how the content was cut.
 */
class FileManagerFuzzTest {
    private static final byte[] CONTENT = content();

    private static byte[] content() {
        byte[] page = ("<!DOCTYPE html>\n<html><head><title>osprey</title></head><body>" + "x".repeat(6000)
                + "</body></html>\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return page;
    }

    private static FilesConfig hashing() {
        FilesConfig cfg = new FilesConfig();
        cfg.hashes = EnumSet.allOf(FilesConfig.Hash.class);
        return cfg;
    }

    /** Every split size gives the same file: same bytes, type and digests (Netty's multiple-steps test). */
    @Test
    void everySplitSizeGivesTheSameFile() {
        FileInfo whole = null;
        for (int size = 1; size <= 300; size += (size < 40 ? 1 : 37)) {
            FilesTestKit k = new FilesTestKit(hashing());
            FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
            h.setTotalBytes(CONTENT.length);
            for (int off = 0; off < CONTENT.length; off += size) {
                int n = Math.min(size, CONTENT.length - off);
                h.deliver(FilesTestKit.seg(CONTENT), off, n);
            }
            FileInfo f = k.only();
            assertThat(f.seenBytes()).isEqualTo(CONTENT.length);
            assertThat(f.mimeType()).isEqualTo("text/html");
            if (whole == null) {
                whole = f;
            } else {
                assertThat(f.md5()).isEqualTo(whole.md5());
                assertThat(f.sha256()).isEqualTo(whole.sha256());
            }
        }
        assertThat(whole.md5()).hasSize(32);
    }

    /** Pieces in any order, overlapping or not, reassemble to the same content when none is lost. */
    @TestFactory
    List<DynamicTest> permutedPiecesReassemble() {
        List<DynamicTest> tests = new ArrayList<>();
        FilesTestKit ref = new FilesTestKit(hashing());
        FileHandle r = ref.files.open(ref.ctx(), "HTTP", false, 0);
        ref.deliver(r, CONTENT);
        r.end();
        String md5 = ref.only().md5();
        for (int seed = 0; seed < 40; seed++) {
            long s = seed;
            tests.add(DynamicTest.dynamicTest("seed " + seed, () -> {
                SplittableRandom rnd = new SplittableRandom(s);
                List<int[]> pieces = new ArrayList<>();
                for (int off = 0; off < CONTENT.length; ) {
                    int n = 1 + rnd.nextInt(700);
                    n = Math.min(n, CONTENT.length - off);
                    // Sometimes overlap the next piece: duplicated bytes must not count twice.
                    int extra = rnd.nextInt(4) == 0 ? Math.min(50, CONTENT.length - off - n) : 0;
                    pieces.add(new int[] {off, n + extra});
                    off += n;
                }
                java.util.Collections.shuffle(pieces, new java.util.Random(s));
                FilesTestKit k = new FilesTestKit(hashing());
                FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
                h.setTotalBytes(CONTENT.length);
                for (int[] p : pieces) {
                    h.deliverAt(p[0], FilesTestKit.seg(CONTENT), p[0], p[1]);
                }
                FileInfo f = k.only();
                assertThat(f.seenBytes()).isEqualTo(CONTENT.length);
                assertThat(f.missingBytes()).isZero();
                assertThat(f.md5()).isEqualTo(md5);
            }));
        }
        return tests;
    }

    /**
     * Random calls (content in and out of order, gaps, sizes, time jumps, ends, several handles and connections):
     * no exception, and for every file logged seen + missing never exceeds the highest offset reached.
     */
    @TestFactory
    List<DynamicTest> randomCallSequences() {
        List<DynamicTest> tests = new ArrayList<>();
        int n = Mutator.iterations(200);
        for (int batch = 0; batch < 8; batch++) {
            int b = batch;
            tests.add(DynamicTest.dynamicTest("batch " + batch, () -> {
                for (int i = 0; i < n; i++) {
                    run(b * 1_000_000L + i);
                }
            }));
        }
        return tests;
    }

    private static void run(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FilesConfig cfg = hashing();
        cfg.reassemblyBufferSize = rnd.nextBoolean() ? 2048 : 524_288;
        cfg.bofBufferSize = rnd.nextBoolean() ? 4096 : 1 + rnd.nextInt(64);
        FilesTestKit k = new FilesTestKit(cfg);
        FilesTestKit.Conn[] conns = {
            FilesTestKit.Conn.of("C1", "10.0.0.1", 1000, "10.0.0.2"),
            FilesTestKit.Conn.of("C2", "10.0.0.1", 1001, "10.0.0.2")};
        List<FileHandle> hs = new ArrayList<>();
        byte[] data = Mutator.mutate(CONTENT, seed);
        for (int step = 0; step < 60; step++) {
            if (hs.isEmpty() || rnd.nextInt(10) == 0) {
                String key = rnd.nextBoolean() ? null : "k" + rnd.nextInt(2);
                hs.add(k.files.open(k.ctx(conns[rnd.nextInt(2)]), "HTTP", rnd.nextBoolean(), 0, key));
            }
            FileHandle h = hs.get(rnd.nextInt(hs.size()));
            int off = data.length == 0 ? 0 : rnd.nextInt(data.length);
            int len = Math.min(data.length - off, rnd.nextInt(1500));
            switch (rnd.nextInt(9)) {
                case 0, 1 -> h.deliver(FilesTestKit.seg(data), off, len);
                case 2, 3 -> h.deliverAt(rnd.nextInt(20_000), FilesTestKit.seg(data), off, len);
                case 4 -> h.gap(rnd.nextInt(3000));
                case 5 -> h.gap(rnd.nextInt(20_000), rnd.nextInt(3000));
                case 6 -> h.setTotalBytes(rnd.nextInt(30_000));
                case 7 -> k.now += rnd.nextInt(4) == 0 ? 200 * SEC : SEC;
                default -> {
                    if (rnd.nextInt(3) == 0) {
                        h.end();
                    } else {
                        h.mimeType();
                    }
                }
            }
        }
        k.endOfInput();
        assertThat(k.files.liveFiles()).isZero();
        for (FileInfo f : k.logged) {
            assertThat(f.seenBytes()).isNotNegative();
            assertThat(f.missingBytes()).isNotNegative();
            assertThat(f.overflowBytes()).isNotNegative();
            assertThat(f.seenBytes() + f.missingBytes()).isLessThanOrEqualTo(1L << 40);
            assertThat(f.conns()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
            assertThat(f.lastActive()).isGreaterThanOrEqualTo(f.ts());
            if (f.md5() != null) {
                assertThat(f.missingBytes()).isZero();
            }
        }
    }
}
