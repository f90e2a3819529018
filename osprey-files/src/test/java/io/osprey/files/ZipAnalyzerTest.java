package io.osprey.files;

import io.osprey.engine.analyzer.FileAnalyzerFailure;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ZIP file analyzer (io.osprey.files.zip) inside the files framework: archives built in code, delivered as an
 * HTTP body would be, checked through what files.log and analyzer.log would get.
 */
class ZipAnalyzerTest {
    static final byte[] PNG = png();
    static final byte[] TEXT = "Hello, archive!\n".repeat(40).getBytes(StandardCharsets.US_ASCII);

    private static byte[] png() {
        byte[] b = new byte[3000];
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(head, 0, b, 0, head.length);
        for (int i = head.length; i < b.length; i++) {
            b[i] = (byte) (i * 31 + (i >> 7));
        }
        return b;
    }

    /** A run: the framework, what it logged, the violations. */
    record Run(FilesTestKit kit, List<FileInfo> files, List<FileAnalyzerFailure> violations) {
        FileInfo parent() {
            return files.stream().filter(f -> f.source().equals("HTTP")).findFirst().orElseThrow();
        }

        List<FileInfo> children() {
            return files.stream().filter(f -> f.source().equals("ZIP")).toList();
        }

        FileInfo child(String name) {
            return children().stream().filter(f -> name.equals(f.filename())).findFirst().orElseThrow();
        }
    }

    static FilesConfig config() {
        FilesConfig cfg = new FilesConfig();
        cfg.hashes = EnumSet.allOf(FilesConfig.Hash.class);
        cfg.mimeAnalyzers.put("application/zip", List.of("ZIP"));
        return cfg;
    }

    static Run run(byte[] archive, int chunk) {
        return run(archive, chunk, config());
    }

    /** Delivers {@code archive} as an HTTP body in pieces of {@code chunk} bytes, then ends it and the input. */
    static Run run(byte[] archive, int chunk, FilesConfig cfg) {
        FilesTestKit k = new FilesTestKit(cfg);
        List<FileAnalyzerFailure> v = new ArrayList<>();
        k.events.subscribe(FileAnalyzerFailure.class, v::add);
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        for (int off = 0; off < archive.length; off += chunk) {
            h.deliver(FilesTestKit.seg(archive), off, Math.min(chunk, archive.length - off));
            k.now += 1_000_000;
        }
        h.end();
        k.endOfInput();
        assertThat(k.files.liveFiles()).as("every file ended").isZero();
        return new Run(k, k.logged, v);
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void storedAndDeflatedEntriesBecomeChildFiles() {
        byte[] zip = new ZipBuilder().stored("dir/logo.png", PNG).deflated("dir/README.md", TEXT).build();
        Run r = run(zip, 1460);
        assertThat(r.violations()).isEmpty();
        assertThat(r.files()).hasSize(3);
        // Children end before their archive, as in Zeek's files.log.
        assertThat(r.files().get(2).source()).isEqualTo("HTTP");
        FileInfo parent = r.parent();
        assertThat(parent.mimeType()).isEqualTo("application/zip");
        assertThat(parent.analyzers()).containsExactly("MD5", "SHA1", "SHA256", "ZIP");
        FileInfo png = r.child("dir/logo.png");
        assertThat(png.mimeType()).isEqualTo("image/png");
        assertThat(png.seenBytes()).isEqualTo(PNG.length);
        assertThat(png.totalBytes()).isEqualTo(PNG.length);
        assertThat(png.md5()).isEqualTo(md5(PNG));
        assertThat(png.parentFuid()).isEqualTo(parent.fuid());
        assertThat(png.conns()).isEqualTo(parent.conns());
        assertThat(png.isOrig()).isFalse();
        // No file_over_new_connection for a child: local_orig stays unset.
        assertThat(png.localOrig()).isNull();
        assertThat(png.depth()).isZero();
        assertThat(png.analyzers()).containsExactly("MD5", "SHA1", "SHA256");
        FileInfo text = r.child("dir/README.md");
        assertThat(text.md5()).isEqualTo(md5(TEXT));
        assertThat(text.seenBytes()).isEqualTo(TEXT.length);
        assertThat(text.fuid()).isNotEqualTo(png.fuid()).startsWith("F");
    }

    @Test
    void emptyEntriesKeepNoFilenameAsInZeek() {
        // Zeek's ZIP::file handler runs after an empty entry's file is gone (no file_sniff dispatches it earlier).
        byte[] zip = new ZipBuilder().stored("dir/", new byte[0]).stored("dir/a.txt", TEXT).build();
        Run r = run(zip, 100_000);
        assertThat(r.children()).hasSize(2);
        FileInfo dir = r.children().get(0);
        assertThat(dir.filename()).isNull();
        assertThat(dir.seenBytes()).isZero();
        assertThat(dir.totalBytes()).isZero();
        assertThat(dir.md5()).isNull();
        assertThat(r.child("dir/a.txt").seenBytes()).isEqualTo(TEXT.length);
    }

    @Test
    void dataDescriptorFoundByItsCrcEvenWithTheSignatureInTheContent() {
        // As Zeek's descriptor.pcap: the content holds "PK\7\8", which is content because the CRC after it is wrong.
        byte[] content = "HelloPK\u0007\u0008World!".getBytes(StandardCharsets.ISO_8859_1);
        byte[] zip = new ZipBuilder().entry("test/file.txt", content, ZipBuilder.STORED, 0, true, true, null)
                .deflated("next.png", PNG).build();
        Run r = run(zip, 7);
        assertThat(r.violations()).isEmpty();
        FileInfo f = r.child("test/file.txt");
        assertThat(f.seenBytes()).isEqualTo(15);
        assertThat(f.md5()).isEqualTo(md5(content));
        assertThat(r.child("next.png").md5()).isEqualTo(md5(PNG));
    }

    @Test
    void deflatedDescriptorEntryWithSizesInTheHeader() {
        byte[] zip = new ZipBuilder().entry("a.png", PNG, ZipBuilder.DEFLATE, 0, true, true, null).build();
        Run r = run(zip, 512);
        assertThat(r.violations()).isEmpty();
        assertThat(r.child("a.png").md5()).isEqualTo(md5(PNG));
        assertThat(r.child("a.png").seenBytes()).isEqualTo(PNG.length);
    }

    @Test
    void streamingWritersZeroSizeMakesZeekSplitTheEntry() {
        // java.util.zip writes deflated entries with a descriptor and size 0 in the local header. Zeek takes 0 as
        // the file's total: the first content ends it, the rest goes to a new file with the same id and no
        // connection or parent. Together they still hold all the content.
        byte[] noise = new byte[20_000];
        new java.util.SplittableRandom(7).nextBytes(noise);
        System.arraycopy(PNG, 0, noise, 0, 16);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bo)) {
            z.putNextEntry(new ZipEntry("big.png"));
            z.write(noise);
            z.closeEntry();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Run r = run(bo.toByteArray(), 1460);
        assertThat(r.violations()).isEmpty();
        List<FileInfo> kids = r.children();
        assertThat(kids).hasSize(2);
        assertThat(kids.get(0).fuid()).isEqualTo(kids.get(1).fuid());
        assertThat(kids.get(0).totalBytes()).isZero();
        assertThat(kids.get(0).parentFuid()).isEqualTo(r.parent().fuid());
        assertThat(kids.get(0).filename()).isEqualTo("big.png");
        assertThat(kids.get(1).conns()).isEmpty();
        assertThat(kids.get(1).parentFuid()).isNull();
        assertThat(kids.get(1).isOrig()).isNull();
        assertThat(kids.get(0).seenBytes() + kids.get(1).seenBytes()).isEqualTo(noise.length);
    }

    @Test
    void encryptedAndUnknownMethodEntriesAreSkippedWithoutFiles() {
        byte[] zip = new ZipBuilder()
                .entry("secret.txt", TEXT, ZipBuilder.STORED, 1, false, true, null)
                .entry("bzip2.bin", TEXT, 12, 0, false, true, null)
                .stored("plain.png", PNG).build();
        Run r = run(zip, 999);
        assertThat(r.violations()).isEmpty();
        assertThat(r.children()).extracting(FileInfo::filename).containsExactly("plain.png");
    }

    @Test
    void crcMismatchIsAViolationAndStopsTheArchive() {
        byte[] zip = new ZipBuilder().entry("bad.png", PNG, ZipBuilder.STORED, 0, false, true, 0x12345678L)
                .stored("after.png", PNG).build();
        Run r = run(zip, 4096);
        assertThat(r.violations()).extracting(FileAnalyzerFailure::reason).containsExactly("CRC mismatch");
        FileAnalyzerFailure v = r.violations().get(0);
        assertThat(v.analyzer()).isEqualTo("ZIP");
        assertThat(v.fuid()).isEqualTo(r.parent().fuid());
        assertThat(v.conn().uid()).isEqualTo("C1");
        // The entry's file is logged with its content; nothing after it is analyzed.
        assertThat(r.children()).extracting(FileInfo::filename).containsExactly("bad.png");
        assertThat(r.child("bad.png").seenBytes()).isEqualTo(PNG.length);
    }

    @Test
    void truncatedArchiveEndsTheOpenEntryAndReportsIt() {
        byte[] zip = new ZipBuilder().stored("a.png", PNG).build();
        byte[] cut = java.util.Arrays.copyOf(zip, 1000);
        Run r = run(cut, 300);
        assertThat(r.violations()).extracting(FileAnalyzerFailure::reason)
                .containsExactly("&size amount not consumed: expected " + PNG.length + " bytes, but got "
                        + (1000 - 30 - 5 - 4) + " bytes");
        FileInfo a = r.child("a.png");
        assertThat(a.seenBytes()).isEqualTo(1000 - 30 - 5 - 4);
        assertThat(a.totalBytes()).isEqualTo(PNG.length);
    }

    @Test
    void badLengthsRunPastTheEnd() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ZipBuilder.le32(b, 0x04034b50);
        b.writeBytes(new byte[22]);
        ZipBuilder.le16(b, 0xFFFF);
        ZipBuilder.le16(b, 0xFFFF);
        b.writeBytes("short".getBytes(StandardCharsets.US_ASCII));
        Run r = run(b.toByteArray(), 3);
        assertThat(r.violations()).extracting(FileAnalyzerFailure::reason)
                .containsExactly("expected 65535 bytes (5 available)");
        // Stored, size 0: a file was begun at the size field, and it ends with the archive.
        assertThat(r.children()).hasSize(1);
        assertThat(r.children().get(0).filename()).isNull();
    }

    @Test
    void recordsCutShortNameTheFieldAsSpicyDoes() {
        byte[] zip = new ZipBuilder().stored("a.png", PNG).build();
        // Inside the local header's CRC (offset 14 of the record: 4 signature + 10 bytes of fields, 2 of the CRC).
        Run r = run(java.util.Arrays.copyOf(zip, 16), 5);
        assertThat(r.violations()).extracting(FileAnalyzerFailure::reason)
                .containsExactly("expecting 4 bytes for unpacking value (2 bytes available)");
        assertThat(r.violations().get(0).data()).isNull();
        assertThat(r.children()).isEmpty();
        // Past the uncompressed size: the entry's file was begun (zeek_zip.spicy's hook) and ends with the archive.
        Run begun = run(java.util.Arrays.copyOf(zip, 27), 5);
        assertThat(begun.violations()).extracting(FileAnalyzerFailure::reason)
                .containsExactly("expecting 2 bytes for unpacking value (1 byte available)");
        assertThat(begun.children()).hasSize(1);
        assertThat(begun.children().get(0).totalBytes()).isEqualTo(PNG.length);
        // A descriptor entry whose descriptor never comes.
        byte[] open = new ZipBuilder().entry("d.txt", TEXT, ZipBuilder.STORED, 0, true, false, null).localsOnly();
        Run scan = run(java.util.Arrays.copyOf(open, open.length - 16), 100);
        assertThat(scan.violations()).extracting(FileAnalyzerFailure::reason)
                .containsExactly("end-of-data reached before &until expression found (0 bytes available)");
        assertThat(scan.children().get(0).filename()).isEqualTo("d.txt");
        // Fewer than 4 bytes where a record would start: the archive just ends.
        assertThat(run(new ZipBuilder().stored("a.png", PNG).raw(new byte[] {'P', 'K', 3}).localsOnly(), 64)
                .violations()).isEmpty();
    }

    @Test
    void zip64IsRefusedAsInZeek() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ZipBuilder.le32(b, 0x04034b50);
        ZipBuilder.le16(b, 45);
        ZipBuilder.le16(b, 0);
        ZipBuilder.le16(b, 8);
        ZipBuilder.le32(b, 0);
        ZipBuilder.le32(b, 0);
        ZipBuilder.le32(b, 0xFFFFFFFFL);
        ZipBuilder.le32(b, 0xFFFFFFFFL);
        ZipBuilder.le16(b, 1);
        ZipBuilder.le16(b, 0);
        b.write('-');
        Run r = run(b.toByteArray(), 64);
        assertThat(r.violations()).extracting(FileAnalyzerFailure::reason).containsExactly("ZIP64 not supported");
        assertThat(r.violations().get(0).data()).startsWith("PK\u0003\u0004");
        assertThat(r.children()).isEmpty();
        Run r64 = run(new ZipBuilder().stored("x.png", PNG)
                .raw(new byte[] {'P', 'K', 6, 6, 0, 0, 0, 0}).localsOnly(), 64);
        assertThat(r64.violations()).extracting(FileAnalyzerFailure::reason).containsExactly("ZIP64 not supported");
        assertThat(r64.children()).hasSize(1);
    }

    @Test
    void zipBombStopsAtTheTreeBudget() {
        byte[] zeros = new byte[8 << 20];
        byte[] zip = new ZipBuilder().deflated("bomb.bin", zeros).deflated("more.bin", zeros).build();
        assertThat(zip.length).isLessThan(30_000);
        FilesConfig cfg = config();
        cfg.zip.maxTreeBytes = 1 << 20;
        Run r = run(zip, 1460, cfg);
        assertThat(r.violations()).extracting(FileAnalyzerFailure::reason)
                .containsExactly("decompressed size limit reached");
        assertThat(r.children()).hasSize(1);
        assertThat(r.children().get(0).seenBytes()).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void entryCountIsCapped() {
        ZipBuilder zb = new ZipBuilder();
        for (int i = 0; i < 5; i++) {
            zb.stored("f" + i + ".png", PNG);
        }
        FilesConfig cfg = config();
        cfg.zip.maxEntries = 3;
        Run r = run(zb.build(), 5000, cfg);
        assertThat(r.children()).hasSize(3);
        assertThat(r.violations()).extracting(FileAnalyzerFailure::reason).containsExactly("too many entries");
    }

    @Test
    void nestedArchivesAreAnalyzedDownToTheDepthLimit() {
        byte[] inner = new ZipBuilder().stored("inner/logo.png", PNG).build();
        byte[] middle = new ZipBuilder().stored("inner.zip", inner).build();
        byte[] outer = new ZipBuilder().deflated("middle.zip", middle).build();
        Run all = run(outer, 1000);
        assertThat(all.violations()).isEmpty();
        FileInfo mid = all.child("middle.zip");
        FileInfo in = all.child("inner.zip");
        FileInfo logo = all.child("inner/logo.png");
        assertThat(mid.parentFuid()).isEqualTo(all.parent().fuid());
        assertThat(in.parentFuid()).isEqualTo(mid.fuid());
        assertThat(logo.parentFuid()).isEqualTo(in.fuid());
        assertThat(logo.conns()).isEqualTo(all.parent().conns());
        assertThat(logo.md5()).isEqualTo(md5(PNG));

        FilesConfig cfg = config();
        cfg.zip.maxFileDepth = 2;
        Run capped = run(outer, 1000, cfg);
        assertThat(capped.violations()).extracting(FileAnalyzerFailure::reason)
                .containsExactly("maximal file depth exceeded");
        assertThat(capped.children()).extracting(FileInfo::filename).containsExactlyInAnyOrder("middle.zip",
                "inner.zip");
    }

    @Test
    void bytesThatAreNoRecordEndTheArchiveQuietly() {
        byte[] zip = new ZipBuilder().stored("a.png", PNG).raw("trailing junk, no signature".getBytes(
                StandardCharsets.US_ASCII)).stored("never.png", PNG).localsOnly();
        Run r = run(zip, 200);
        assertThat(r.violations()).isEmpty();
        assertThat(r.children()).extracting(FileInfo::filename).containsExactly("a.png");
    }

    @Test
    void aHoleInTheArchiveStopsTheAnalysisWithoutAViolation() {
        byte[] zip = new ZipBuilder().stored("a.png", PNG).stored("b.png", PNG).build();
        FilesTestKit k = new FilesTestKit(config());
        List<FileAnalyzerFailure> v = new ArrayList<>();
        k.events.subscribe(FileAnalyzerFailure.class, v::add);
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        h.deliver(FilesTestKit.seg(zip), 0, 4200);
        h.gap(100);
        h.deliver(FilesTestKit.seg(zip), 4300, zip.length - 4300);
        h.end();
        assertThat(v).isEmpty();
        assertThat(k.files.liveFiles()).isZero();
        // a.png was complete before the hole; b.png had begun and ends with what it got.
        List<FileInfo> kids = k.logged.stream().filter(f -> f.source().equals("ZIP")).toList();
        assertThat(kids).extracting(FileInfo::filename).containsExactly("a.png", "b.png");
        assertThat(kids.get(0).seenBytes()).isEqualTo(PNG.length);
        assertThat(kids.get(1).seenBytes()).isEqualTo(4200 - 2 * (30 + 5 + 4) - PNG.length);
    }
}
