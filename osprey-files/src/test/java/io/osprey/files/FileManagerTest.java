package io.osprey.files;

import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.osprey.files.FilesTestKit.SEC;
import static io.osprey.files.FilesTestKit.T0;
import static io.osprey.files.FilesTestKit.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files framework through its API, as a protocol analyzer drives it. The expected accounting follows Zeek's
 * File.cc / FileReassembler.cc step by step (comments say which rule applies).
 */
class FileManagerTest {
    private final FilesTestKit k = new FilesTestKit();

    @Test
    void inOrderFileEndsWhenItsSizeIsReached() {
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        h.setTotalBytes(10);
        k.deliver(h, bytes("0123"));
        k.now += SEC;
        k.deliver(h, bytes("456789"));
        FileInfo f = k.only();
        assertThat(f.fuid()).isEqualTo(h.fuid()).startsWith("F");
        assertThat(f.ts()).isEqualTo(T0);
        assertThat(f.lastActive()).isEqualTo(T0 + SEC);
        assertThat(f.source()).isEqualTo("HTTP");
        assertThat(f.depth()).isZero();
        assertThat(f.seenBytes()).isEqualTo(10);
        assertThat(f.totalBytes()).isEqualTo(10);
        assertThat(f.missingBytes()).isZero();
        assertThat(f.overflowBytes()).isZero();
        assertThat(f.timedout()).isFalse();
        assertThat(f.isOrig()).isFalse();
        assertThat(f.localOrig()).isFalse(); // the sender (responder 93.184.216.34) is not in private space
        assertThat(f.analyzers()).isEmpty();
        // Fewer bytes than the beginning-of-file buffer: sniffed at the end.
        assertThat(f.mimeType()).isEqualTo("text/plain");
        assertThat(f.conns()).extracting(c -> c.uid()).containsExactly("C1");
        h.end();
        assertThat(k.logged).hasSize(1);
    }

    @Test
    void fileWithoutSizeEndsWhenTheProtocolEndsIt() {
        FileHandle h = k.files.open(k.ctx(), "HTTP", true, 0);
        k.deliver(h, bytes("hello world, some text"));
        assertThat(k.logged).isEmpty();
        assertThat(h.mimeType()).isNull(); // not sniffed yet: the buffer is not full
        h.end();
        FileInfo f = k.only();
        assertThat(f.totalBytes()).isEqualTo(-1);
        assertThat(f.seenBytes()).isEqualTo(22);
        assertThat(f.isOrig()).isTrue();
        assertThat(f.localOrig()).isTrue(); // sent by 10.0.0.1
        assertThat(f.mimeType()).isEqualTo("text/plain");
        assertThat(h.mimeType()).isEqualTo("text/plain");
    }

    @Test
    void anEmptyTransferLeavesNoFile() {
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        h.end();
        k.endOfInput();
        assertThat(k.logged).isEmpty();
        assertThat(k.files.files()).isZero();
    }

    @Test
    void sniffsOnceTheBufferIsFullAndTellsTheListener() {
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        List<String> told = new ArrayList<>();
        h.onMimeType(told::add);
        byte[] page = new byte[5000];
        Arrays.fill(page, (byte) ' ');
        System.arraycopy(bytes("<html>"), 0, page, 0, 6);
        k.deliver(h, Arrays.copyOf(page, 3000));
        assertThat(told).isEmpty();
        k.deliver(h, Arrays.copyOfRange(page, 3000, 5000));
        assertThat(told).containsExactly("text/html");
        assertThat(h.mimeType()).isEqualTo("text/html");
        h.end();
        assertThat(told).hasSize(1);
        assertThat(k.only().mimeType()).isEqualTo("text/html");
    }

    @Test
    void sniffListenerIsToldEvenWhenNoSignatureMatches() {
        FileHandle h = k.files.open(k.ctx(), "IRC_DATA", false, 0);
        List<String> mime = new ArrayList<>();
        List<String> sniff = new ArrayList<>();
        h.onMimeType(mime::add);
        h.onSniff(sniff::add);
        byte[] noise = new byte[5000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i * 7 + 3);
        }
        noise[0] = 0x7f;
        noise[1] = 0x01;
        k.deliver(h, noise);
        assertThat(mime).isEmpty();
        assertThat(sniff).containsExactly((String) null);
        h.end();
        assertThat(sniff).hasSize(1);
    }

    @Test
    void aGapCountsAsMissingAndSniffsWhatCameBefore() {
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        k.deliver(h, bytes("GIF89a\u0001\u0000"));
        h.gap(100);
        k.deliver(h, bytes("more"));
        h.end();
        FileInfo f = k.only();
        assertThat(f.seenBytes()).isEqualTo(12);
        assertThat(f.missingBytes()).isEqualTo(100);
        assertThat(f.mimeType()).isEqualTo("image/gif");
    }

    @Test
    void aGapBeforeAnyContentLeavesTheTypeUnknown() {
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        h.gap(10);
        k.deliver(h, bytes("GIF89a\u0001\u0000"));
        h.end();
        assertThat(k.only().mimeType()).isNull();
    }

    @Test
    void outOfOrderPiecesAreReassembled() {
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        h.setTotalBytes(10);
        k.deliverAt(h, 5, bytes("56789"));
        assertThat(k.logged).isEmpty();
        k.deliverAt(h, 0, bytes("01234"));
        FileInfo f = k.only();
        assertThat(f.seenBytes()).isEqualTo(10);
        assertThat(f.missingBytes()).isZero();
        assertThat(f.overflowBytes()).isZero();
    }

    @Test
    void overlappingPiecesKeepTheFirstCopy() {
        FilesConfig cfg = new FilesConfig();
        cfg.hashes = java.util.EnumSet.of(FilesConfig.Hash.MD5);
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        h.setTotalBytes(6);
        kk.deliverAt(h, 2, bytes("cd"));
        kk.deliverAt(h, 1, bytes("XXXX")); // only the holes at 1 and 4 are new
        kk.deliverAt(h, 0, bytes("aYYYYf"));
        FileInfo f = kk.only();
        assertThat(f.seenBytes()).isEqualTo(6);
        // content is a X c d X f
        assertThat(f.md5()).isEqualTo(md5("aXcdXf"));
    }

    @Test
    void anEndedFileKeepsNoTimer() {
        FileHandle a = k.files.open(k.ctx(), "HTTP", false, 0);
        FileHandle b = k.files.open(k.ctx(), "HTTP", false, 0);
        k.deliverAt(a, 0, bytes("hello"));
        k.deliverAt(b, 0, bytes("world"));
        assertThat(k.files.armedTimers()).isEqualTo(2);
        a.end();
        assertThat(k.files.armedTimers()).isEqualTo(1);
        assertThat(k.files.liveFiles()).isEqualTo(1);
        b.end();
        assertThat(k.files.armedTimers()).isZero();
        assertThat(k.logged).hasSize(2);
    }

    @Test
    void holesLeftAtTheEndBecomeMissing() {
        // An HTTP 206 answer for bytes 1000-1499: nothing before it ever comes. At the end the reassembler gives up
        // on the hole (a gap before any content: no MIME type), then delivers the piece.
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        h.setTotalBytes(100_000);
        byte[] piece = new byte[500];
        Arrays.fill(piece, (byte) 'x');
        k.deliverAt(h, 1000, piece);
        h.end();
        FileInfo f = k.only();
        assertThat(f.missingBytes()).isEqualTo(1000);
        assertThat(f.seenBytes()).isEqualTo(500);
        assertThat(f.mimeType()).isNull();
        assertThat(f.timedout()).isFalse();
    }

    @Test
    void reassemblyBufferOverflowFlushesAndCountsTheFirstHole() {
        FilesConfig cfg = new FilesConfig();
        cfg.reassemblyBufferSize = 1000;
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        byte[] p = new byte[600];
        kk.deliverAt(h, 10_000, p);
        kk.deliverAt(h, 20_000, p);
        // 1200 bytes buffered > 1000: flushed before this piece; Zeek's trim accounting counts the first hole
        // (10000) as overflow, and every hole as missing.
        kk.deliverAt(h, 30_000, p);
        h.end();
        FileInfo f = kk.only();
        assertThat(f.overflowBytes()).isEqualTo(10_000);
        assertThat(f.seenBytes()).isEqualTo(1800);
        assertThat(f.missingBytes()).isEqualTo(10_000 + 9400 + 9400);
    }

    @Test
    void withoutReassemblyOutOfOrderContentIsOverflow() {
        FilesConfig cfg = new FilesConfig();
        cfg.reassemblyBufferSize = 0;
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        kk.deliverAt(h, 100, bytes("abc"));
        kk.deliverAt(h, 0, bytes("xyz"));
        h.end();
        FileInfo f = kk.only();
        assertThat(f.overflowBytes()).isEqualTo(3);
        assertThat(f.seenBytes()).isEqualTo(3);
    }

    @Test
    void anInactiveFileTimesOutAtTheNextFileActivity() {
        FileHandle a = k.files.open(k.ctx(), "HTTP", false, 0);
        k.deliver(a, bytes("first file"));
        k.now += 100 * SEC;
        k.deliver(a, bytes(" more"));
        // Zeek's timer fires at +120 s (inactive 20 s: rearmed for +240 s) and at +240 s (inactive 140 s: timeout).
        k.now = T0 + 239 * SEC;
        FileHandle b = k.files.open(k.ctx(), "HTTP", false, 0);
        k.deliver(b, bytes("second"));
        assertThat(k.logged).isEmpty();
        k.now = T0 + 241 * SEC;
        k.deliver(b, bytes("!"));
        FileInfo f = k.only();
        assertThat(f.fuid()).isEqualTo(a.fuid());
        assertThat(f.timedout()).isTrue();
        assertThat(f.lastActive() - f.ts()).isEqualTo(100 * SEC);
        assertThat(f.seenBytes()).isEqualTo(15);
    }

    @Test
    void contentAfterATimeoutStartsTheFileAgainWithTheSameId() {
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        k.deliver(h, bytes("part one"));
        k.now += 300 * SEC;
        k.deliver(h, bytes("part two"));
        h.end();
        assertThat(k.logged).hasSize(2);
        assertThat(k.logged.get(0).timedout()).isTrue();
        assertThat(k.logged.get(0).seenBytes()).isEqualTo(8);
        assertThat(k.logged.get(1).fuid()).isEqualTo(k.logged.get(0).fuid());
        assertThat(k.logged.get(1).timedout()).isFalse();
        assertThat(k.logged.get(1).ts()).isEqualTo(T0 + 300 * SEC);
    }

    @Test
    void filesStillOpenAtTheEndOfInputTimeOut() {
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        h.setTotalBytes(1000);
        k.deliver(h, bytes("partial"));
        k.endOfInput();
        FileInfo f = k.only();
        assertThat(f.timedout()).isTrue();
        assertThat(f.seenBytes()).isEqualTo(7);
        assertThat(k.files.liveFiles()).isZero();
    }

    @Test
    void oneFileOverTwoConnectionsIsOneFuidAndOneRowPerConnection(@TempDir Path dir) throws Exception {
        FilesTestKit.Conn c1 = FilesTestKit.Conn.of("C1", "192.168.0.107", 58716, "88.198.248.254");
        FilesTestKit.Conn c2 = FilesTestKit.Conn.of("C2", "192.168.0.107", 58718, "88.198.248.254");
        FileHandle h1 = k.files.open(k.ctx(c1), "HTTP", false, 0, "HTTP-F-192.168.0.107-http://host/big");
        FileHandle h2 = k.files.open(k.ctx(c2), "HTTP", false, 0, "HTTP-F-192.168.0.107-http://host/big");
        assertThat(h2.fuid()).isEqualTo(h1.fuid());
        assertThat(k.files.open(k.ctx(c2), "HTTP", false, 0, "other").fuid()).isNotEqualTo(h1.fuid());
        h1.setTotalBytes(100);
        k.deliverAt(h1, 0, new byte[50]);
        k.now += SEC;
        h2.setTotalBytes(100);
        k.deliverAt(h2, 50, new byte[50]);
        FileInfo f = k.only();
        assertThat(f.conns()).extracting(c -> c.uid()).containsExactly("C1", "C2");
        assertThat(f.seenBytes()).isEqualTo(100);

        try (LogManager logs = new LogManager(LogOutputs.files(dir, LogFormat.TSV))) {
            FilesTestKit kk = new FilesTestKit();
            FilesLog.install(kk.events, logs.stream(FilesLog.schema(kk.config)), kk.config);
            kk.events.publish(f);
        }
        List<Map<String, String>> rows = ZeekLogs.read(dir.resolve("files.log"));
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(r -> r.get("fuid")).containsOnly(h1.fuid());
        assertThat(rows).extracting(r -> r.get("uid")).containsExactly("C1", "C2");
        assertThat(rows).extracting(r -> r.get("id.orig_p")).containsExactly("58716", "58718");
        assertThat(rows.get(0).get("duration")).isEqualTo("1.000000");
        assertThat(rows.get(0).get("local_orig")).isEqualTo("F");
        assertThat(rows.get(0).get("analyzers")).isEqualTo("(empty)");
        assertThat(rows.get(0).get("total_bytes")).isEqualTo("100");
        assertThat(rows.get(0).get("md5")).isEqualTo("-");
        assertThat(rows.get(0).get("extracted")).isEqualTo("-");
    }

    @Test
    void inOrderDataDoesNotAddAConnection() {
        // Zeek's sequential DataIn does not update the file's connections; sizes, offsets and gaps do.
        FilesTestKit.Conn c1 = FilesTestKit.Conn.of("C1", "10.0.0.1", 1, "10.0.0.2");
        FilesTestKit.Conn c2 = FilesTestKit.Conn.of("C2", "10.0.0.1", 2, "10.0.0.2");
        FileHandle h1 = k.files.open(k.ctx(c1), "HTTP", false, 0, "same");
        FileHandle h2 = k.files.open(k.ctx(c2), "HTTP", false, 0, "same");
        k.deliver(h1, bytes("abc"));
        k.deliver(h2, bytes("def"));
        h1.end();
        assertThat(k.only().conns()).hasSize(1);
        assertThat(k.only().seenBytes()).isEqualTo(6);
    }

    @Test
    void localOrigIsUnsetWithoutLocalNetworks() {
        FilesConfig cfg = new FilesConfig();
        cfg.localNets = io.osprey.common.net.NetSet.empty();
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        kk.deliver(h, bytes("x"));
        h.end();
        assertThat(kk.only().localOrig()).isNull();
    }

    @Test
    void filenameIsTakenWhenTheConnectionJoins() {
        FileHandle h = k.files.open(k.ctx(), "HTTP", false, 0);
        h.setFilename("report.pdf");
        k.deliver(h, bytes("%PDF-1.4"));
        h.end();
        assertThat(k.only().filename()).isEqualTo("report.pdf");
        assertThat(k.only().mimeType()).isEqualTo("application/pdf");
    }

    // ------------------------------------------------------------------------------------------- hashes

    @Test
    void hashesOfCompleteContent() {
        FilesConfig cfg = new FilesConfig();
        cfg.hashes = java.util.EnumSet.allOf(FilesConfig.Hash.class);
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        kk.deliver(h, bytes("a"));
        kk.deliver(h, bytes("bc"));
        h.end();
        FileInfo f = kk.only();
        assertThat(f.analyzers()).containsExactly("MD5", "SHA1", "SHA256");
        assertThat(f.md5()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(f.sha1()).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(f.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void noHashOfIncompleteOrEmptyContent() {
        FilesConfig cfg = new FilesConfig();
        cfg.hashes = java.util.EnumSet.allOf(FilesConfig.Hash.class);
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        kk.deliver(h, bytes("abc"));
        h.gap(3);
        kk.deliver(h, bytes("def"));
        h.end();
        FileInfo f = kk.only();
        assertThat(f.analyzers()).containsExactly("MD5", "SHA1", "SHA256"); // listed though removed at the gap
        assertThat(f.md5()).isNull();
        assertThat(f.sha256()).isNull();
        FileHandle e = kk.files.open(kk.ctx(), "HTTP", false, 0);
        e.setTotalBytes(0); // a file exists (Zeek's SetSize creates it) and is complete at once
        assertThat(kk.logged).hasSize(2);
        assertThat(kk.logged.get(1).md5()).isNull();
    }

    @Test
    void analyzersRegisteredForATypeSeeTheWholeFile() {
        FilesConfig cfg = new FilesConfig();
        cfg.mimeAnalyzers.put("text/plain", List.of("MD5", "PE"));
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        byte[] text = new byte[5000];
        Arrays.fill(text, (byte) 'a');
        kk.deliver(h, Arrays.copyOf(text, 3000));
        kk.deliver(h, Arrays.copyOfRange(text, 3000, 5000)); // the buffer fills: sniffed, MD5 attached, caught up
        h.end();
        FileInfo f = kk.only();
        assertThat(f.analyzers()).containsExactly("MD5", "PE");
        assertThat(f.md5()).isEqualTo(md5(new String(text, java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    @Test
    void zeekBaseScriptsRegisterPeAndX509() {
        assertThat(FilesConfig.zeekBaseMimeAnalyzers().get("application/x-dosexec")).containsExactly("PE");
        assertThat(FilesConfig.zeekBaseMimeAnalyzers().get("application/pkix-cert"))
                .containsExactly("X509", "MD5", "SHA1", "SHA256");
    }

    // ------------------------------------------------------------------------------------------- extraction

    @Test
    void extractsToZeeksNameInsideTheDirectory(@TempDir Path dir) throws Exception {
        FilesConfig cfg = new FilesConfig();
        cfg.extractDir = dir.resolve("extract_files");
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        kk.deliver(h, bytes("hello "));
        kk.deliver(h, bytes("world"));
        h.end();
        FileInfo f = kk.only();
        String name = "extract-1700000000.000000-HTTP-" + f.fuid();
        assertThat(f.extracted()).isEqualTo(name);
        assertThat(f.extractedCutoff()).isFalse();
        assertThat(f.extractedSize()).isEqualTo(-1);
        assertThat(f.analyzers()).containsExactly("EXTRACT");
        assertThat(java.nio.file.Files.readString(cfg.extractDir.resolve(name))).isEqualTo("hello world");
    }

    @Test
    void extractionStopsAtTheLimit(@TempDir Path dir) throws Exception {
        FilesConfig cfg = new FilesConfig();
        cfg.extractDir = dir;
        cfg.extractLimit = 4;
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        kk.deliver(h, bytes("hello"));
        k.now += SEC;
        kk.deliver(h, bytes(" world"));
        h.end();
        FileInfo f = kk.only();
        assertThat(f.extractedCutoff()).isTrue();
        assertThat(f.extractedSize()).isEqualTo(4);
        assertThat(f.seenBytes()).isEqualTo(11);
        assertThat(java.nio.file.Files.readString(dir.resolve(f.extracted()))).isEqualTo("hell");
    }

    @Test
    void holesCountTowardTheLimitAndStaySparse(@TempDir Path dir) throws Exception {
        FilesConfig cfg = new FilesConfig();
        cfg.extractDir = dir;
        cfg.extractLimit = 10;
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        kk.deliver(h, bytes("ab"));
        h.gap(3);
        kk.deliver(h, bytes("cd"));
        h.gap(20); // 7 + 20 > 10: cut off here
        h.end();
        FileInfo f = kk.only();
        assertThat(f.extractedCutoff()).isTrue();
        assertThat(f.extractedSize()).isEqualTo(10);
        byte[] out = java.nio.file.Files.readAllBytes(dir.resolve(f.extracted()));
        assertThat(out).containsExactly('a', 'b', 0, 0, 0, 'c', 'd');
    }

    @Test
    void extractionNamesCannotLeaveTheDirectory(@TempDir Path dir) throws Exception {
        for (String evil : new String[] {"../../etc/passwd", "..", ".", "", "a/b\\c", "x\u0000y", "/abs"}) {
            String s = io.osprey.files.extract.ExtractAnalyzer.safeName(evil);
            assertThat(s).as(evil).matches("[A-Za-z0-9._-]+").isNotIn(".", "..");
            assertThat(dir.resolve(s).normalize().getParent()).isEqualTo(dir.normalize());
        }
        FilesConfig cfg = new FilesConfig();
        cfg.extractDir = dir;
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "../../evil", false, 0);
        kk.deliver(h, bytes("x"));
        h.end();
        String name = kk.only().extracted();
        assertThat(name).doesNotContain("/");
        assertThat(java.nio.file.Files.exists(dir.resolve(name))).isTrue();
    }

    @Test
    void anUnwritableDirectoryIsCountedNotFatal(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("not-a-dir");
        java.nio.file.Files.writeString(file, "x");
        FilesConfig cfg = new FilesConfig();
        cfg.extractDir = file.resolve("sub");
        FilesTestKit kk = new FilesTestKit(cfg);
        FileHandle h = kk.files.open(kk.ctx(), "HTTP", false, 0);
        kk.deliver(h, bytes("data"));
        h.end();
        assertThat(kk.files.extractFailures()).isEqualTo(1);
        assertThat(kk.only().seenBytes()).isEqualTo(4);
    }

    private static String md5(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
