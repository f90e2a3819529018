package io.osprey.files;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ZIP analyzer gets the archive in chunks of any size (whatever the carrying protocol delivers): every split
 * size gives the same child files as the whole archive in one piece (Netty's multiple-steps test).
 */
class ZipSplitTest {
    /** Stored, deflated, descriptor with the signature inside its content, an empty entry, directory, end record. */
    static byte[] archive() {
        byte[] tricky = "HelloPK\u0007\u0008World!PK\u0007".getBytes(StandardCharsets.ISO_8859_1);
        return new ZipBuilder()
                .stored("a/", new byte[0])
                .stored("a/logo.png", ZipAnalyzerTest.PNG)
                .deflated("a/readme.txt", ZipAnalyzerTest.TEXT)
                .entry("a/tricky.txt", tricky, ZipBuilder.STORED, 0, true, true, null)
                .entry("a/deflated-descriptor.png", ZipAnalyzerTest.PNG, ZipBuilder.DEFLATE, 0, true, true, null)
                .build();
    }

    private static List<String> summary(ZipAnalyzerTest.Run r) {
        return r.children().stream().map(f -> f.filename() + " " + f.mimeType() + " " + f.seenBytes() + "/"
                + f.totalBytes() + " " + f.md5() + " " + f.sha256()).toList();
    }

    @Test
    void everySplitSizeGivesTheSameFiles() {
        byte[] zip = archive();
        ZipAnalyzerTest.Run whole = ZipAnalyzerTest.run(zip, zip.length);
        assertThat(whole.violations()).isEmpty();
        List<String> expected = summary(whole);
        assertThat(expected).hasSize(5);
        assertThat(whole.child("a/tricky.txt").seenBytes()).isEqualTo(18);
        for (int size = 1; size <= zip.length; size += size < 64 ? 1 : 97) {
            ZipAnalyzerTest.Run r = ZipAnalyzerTest.run(zip, size);
            assertThat(r.violations()).as("split %d", size).isEmpty();
            assertThat(summary(r)).as("split %d", size).isEqualTo(expected);
            assertThat(r.parent().md5()).isEqualTo(whole.parent().md5());
        }
    }
}
