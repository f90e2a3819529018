package io.osprey.files.mime;

import io.osprey.testkit.Mutator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MIME sniffing against Zeek: the expected types are what Zeek 9.1's {@code identify_data(data, T)} (the same
 * DetectMIME over the same signatures) printed for these bytes; regenerate by running those bytes through
 * {@code zeek -b} with {@code print identify_data(hexstr_to_bytestring("..."), T)}. Beyond these, the sniffer was
 * compared with Zeek on the first 4 KiB of 4363 files of a Linux system and 3000 mutants of them: no difference.
 */
class MimeSnifferTest {
    private final MimeSniffer sniffer = MimeSniffer.zeekDefault();

    static Stream<Arguments> zeekGolden() {
        return Stream.of(
            Arguments.of("plain text", "68656c6c6f20776f726c642c207468697320697320706c61696e20746578740a", "text/plain"),
            Arguments.of("short text", "6869207468657265", null),
            Arguments.of("utf8 bom text", "efbbbf68656c6c6f20776f726c6420746578742068657265", "text/plain"),
            Arguments.of("json object", "7b226e616d65223a20226f7370726579222c20226e223a20317d", "text/json"),
            Arguments.of("json array", "5b312c20322c20335d", "text/json"),
            Arguments.of("empty json", "7b7d", null),
            Arguments.of("xml", "3c3f786d6c2076657273696f6e3d22312e302220656e636f64696e673d225554462d38223f3e0a3c726f6f742f3e", "application/xml"),
            Arguments.of("xhtml doctype", "3c21444f43545950452068746d6c3e0a3c68746d6c3e3c686561643e3c2f686561643e3c2f68746d6c3e", "text/html"),
            Arguments.of("html tag", "3c68746d6c3e3c626f64793e68693c2f626f64793e3c2f68746d6c3e", "text/html"),
            Arguments.of("html after comment", "3c212d2d2067656e657261746564202d2d3e0a3c68746d6c3e", "text/html"),
            Arguments.of("html head", "20203c686561643e3c7469746c653e783c2f7469746c653e3c2f686561643e", "text/html"),
            Arguments.of("rss", "3c3f786d6c2076657273696f6e3d22312e30223f3e0a3c7273732076657273696f6e3d22322e30223e", "text/rss"),
            Arguments.of("svg", "3c3f786d6c2076657273696f6e3d22312e302220656e636f64696e673d225554462d38223f3e0a3c73766720786d6c6e733d22687474703a2f2f7777772e77332e6f72672f323030302f737667223e3c2f7376673e", "image/svg+xml"),
            Arguments.of("ini", "5b73656374696f6e5d0a6b65793d76616c75650a", "text/ini"),
            Arguments.of("gif87", "47494638376101000100000000", "image/gif"),
            Arguments.of("gif89", "47494638396101000100800000", "image/gif"),
            Arguments.of("png", "89504e470d0a1a0a0000000d49484452", "image/png"),
            Arguments.of("jpeg", "ffd8ffe000104a4649460001", "image/jpeg"),
            Arguments.of("bmp", "424d3600000000000000360000002800", "image/x-ms-bmp"),
            Arguments.of("ico", "0000010001001010000001002000", "image/x-icon"),
            Arguments.of("webp", "52494646240000005745425056503820", "image/webp"),
            Arguments.of("wav", "524946462400000057415645666d7420", "audio/x-wav"),
            Arguments.of("tiff", "49492a0008000000", "image/tiff"),
            Arguments.of("pdf", "255044462d312e370a25e2e3cfd30a", "application/pdf"),
            Arguments.of("postscript", "252150532d41646f62652d332e300a", "application/postscript"),
            Arguments.of("zip", "504b0304140000000800", "application/zip"),
            Arguments.of("jar", "504b030414000808080000000000000000000000000000000000140004004d4554412d494e462f4d414e49464553542e4d46", "application/java-archive"),
            Arguments.of("gzip", "1f8b0800000000000003", "application/x-gzip"),
            Arguments.of("bzip2", "425a6839314159265359", "application/x-bzip2"),
            Arguments.of("xz", "fd377a585a000004", "application/x-xz"),
            Arguments.of("7z", "377abcaf271c0004", "application/x-7z-compressed"),
            Arguments.of("rar", "526172211a0700", "application/x-rar"),
            Arguments.of("cab", "4d5343460000000010000000", "application/vnd.ms-cab-compressed"),
            Arguments.of("msdos exe", "4d5a90000300000004000000ffff0000", "application/x-dosexec"),
            Arguments.of("elf exe", "7f454c4602010100000000000000000002003e00", "application/x-executable"),
            Arguments.of("elf so", "7f454c4602010100000000000000000003003e00", "application/x-sharedlib"),
            Arguments.of("mach-o", "cffaedfe07000001", "application/x-mach-o-executable"),
            Arguments.of("java class", "cafebabe00000034", "application/x-java-applet"),
            Arguments.of("ole2 office", "d0cf11e0a1b11ae100000000", "application/msword"),
            Arguments.of("ooxml docx", "504b0304140006000800000021000000000000000000000000000000130008025b436f6e74656e745f54797065735d2e786d6c", "application/vnd.openxmlformats-officedocument"),
            Arguments.of("rtf", "7b5c727466315c616e73695c6465666630", "text/rtf"),
            Arguments.of("shell script", "23212f62696e2f73680a6563686f2068690a", "text/x-shellscript"),
            Arguments.of("python script", "23212f7573722f62696e2f656e7620707974686f6e330a7072696e742831290a", "text/x-python"),
            Arguments.of("perl script", "23212f7573722f62696e2f7065726c0a7072696e7420313b0a", "text/x-perl"),
            Arguments.of("php", "3c3f706870206563686f20313b203f3e", "text/x-php"),
            Arguments.of("pem cert", "2d2d2d2d2d424547494e2043455254494649434154452d2d2d2d2d0a4d494942", "application/x-pem"),
            Arguments.of("der cert", "3082033082020aa003020102", null),
            Arguments.of("swf", "4657530a00000000", "application/x-shockwave-flash"),
            Arguments.of("flv", "464c56010500000009", "video/x-flv"),
            Arguments.of("mp4", "00000018667479706d70343200000000", "video/mp4"),
            Arguments.of("mp3 id3", "49443303000000000000", "audio/mpeg"),
            Arguments.of("ogg", "4f67675300020000", "application/ogg"),
            Arguments.of("mpeg ps", "000001ba44000400", "video/mpeg"),
            Arguments.of("pcap", "d4c3b2a102000400", "application/vnd.tcpdump.pcap"),
            Arguments.of("pcapng", "0a0d0d0a1c0000004d3c2b1a", "application/vnd.tcpdump.pcap"),
            Arguments.of("tar", "612e7478740000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000303030303634340030303031373530003030303137353000303030303030303030303400313335323331333635373000303132333435002030", "application/x-tar"),
            Arguments.of("woff", "774f464600010000", "application/font-woff"),
            Arguments.of("woff2", "774f463200010000", "application/font-woff2"),
            Arguments.of("ttf", "00010000001001000004", "application/x-font-ttf"),
            Arguments.of("dmg-ish deb", "213c617263683e0a64656269616e2d62696e617279202020", "application/x-debian-package"),
            Arguments.of("ar archive", "213c617263683e0a666f6f2e6f2f20202020202020202020", "application/x-archive"),
            Arguments.of("binary junk", "0001020304050607", null),
            Arguments.of("empty", "", null),
            Arguments.of("one byte", "41", null),
            Arguments.of("x509 user", "30820400308203e8a0030201020210", null),
            Arguments.of("ocsp response", "308201d30a0100a08201cc308201c806092b0601050507300101", "application/ocsp-response"),
            Arguments.of("lnk", "4c0000000114020000000000c000000000000046", "application/x-ms-shortcut"),
            Arguments.of("text 9 chars", "313233343536373839", null),
            Arguments.of("text 10 chars", "31323334353637383930", "text/plain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zeekGolden")
    void sniffsAsZeekDoes(String what, String hex, String expected) {
        byte[] d = HexFormat.of().parseHex(hex);
        assertThat(sniffer.sniff(d, 0, d.length)).as(what).isEqualTo(expected);
    }

    @Test
    void allOfZeeksSignaturesAreLoaded() {
        assertThat(sniffer.signatures()).hasSize(374);
        assertThat(sniffer.signatures()).extracting(MimeSniffer.Signature::mimeType)
                .contains("text/plain", "text/html", "application/x-dosexec", "application/pdf", "image/png",
                        "application/zip", "application/msword");
    }

    @Test
    void highestStrengthWinsThenFirstTypeInByteOrder() {
        MimeSniffer s = MimeSniffer.of(List.of(
                new MimeSniffer.Signature("t", "low", -20, "text/plain", "^abc"),
                new MimeSniffer.Signature("t", "tie-b", 50, "b/type", "^ab"),
                new MimeSniffer.Signature("t", "tie-a", 50, "a/type", "^a"),
                new MimeSniffer.Signature("t", "other", 10, "c/type", "^abcd")));
        byte[] d = "abcd".getBytes();
        assertThat(s.sniff(d, 0, d.length)).isEqualTo("a/type");
        assertThat(s.matches(d, 0, d.length)).hasSize(4);
        byte[] x = "xyz".getBytes();
        assertThat(s.sniff(x, 0, x.length)).isNull();
    }

    @Test
    void patternsAreAnchoredAtTheFirstByte() {
        // Zeek's file-gzip pattern has no '^' but signatures are anchored: gzip bytes later in a file do not count.
        byte[] d = HexFormat.of().parseHex("00001f8b0800");
        assertThat(sniffer.sniff(d, 0, d.length)).isNull();
        byte[] g = HexFormat.of().parseHex("1f8b0800");
        assertThat(sniffer.sniff(g, 0, g.length)).isEqualTo("application/x-gzip");
    }

    @Test
    void dotMatchesNewlineInSignatures() {
        // file-zip is ^PK\x03\x04.{2}: a newline among the two bytes still matches, as in Zeek's signature engine.
        byte[] d = {'P', 'K', 3, 4, '\n', 0};
        assertThat(sniffer.sniff(d, 0, d.length)).isEqualTo("application/zip");
    }

    @Test
    void sniffsOnlyTheGivenWindow() {
        byte[] d = "xxGIF89a\u0001".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(sniffer.sniff(d, 2, d.length - 2)).isEqualTo("image/gif");
    }

    @Test
    void copiesShareSignaturesButNotScratch() {
        MimeSniffer other = sniffer.copy();
        byte[] d = "%PDF-1.4".getBytes();
        assertThat(other.sniff(d, 0, d.length)).isEqualTo(sniffer.sniff(d, 0, d.length)).isEqualTo("application/pdf");
    }

    @Test
    void literalsRequiredAfterALeadingDotStar() {
        assertThat(MimeSniffer.requiredLiteral("^.*<\\?php")).isEqualTo("<?php".getBytes());
        assertThat(MimeSniffer.requiredLiteral("(.*)(\\x2d\\x2d\\x2d )(.*)(\\x0a)")).isEqualTo("--- ".getBytes());
        assertThat(MimeSniffer.requiredLiteral("(.*)(P1)([0-9]{1,50} )")).isEqualTo("P1".getBytes());
        assertThat(MimeSniffer.requiredLiteral(".*abc?d")).isEqualTo("ab".getBytes()); // c is optional
        assertThat(MimeSniffer.requiredLiteral(".*(ab)?cd")).isNull();                 // the group is optional
        assertThat(MimeSniffer.requiredLiteral(".*(ab|cd)")).isNull();
        assertThat(MimeSniffer.requiredLiteral(".*ab|xyz")).isNull();
        assertThat(MimeSniffer.requiredLiteral(".*a[bc]")).isNull();                   // one byte is too short
        assertThat(MimeSniffer.requiredLiteral("GIF8[79]a")).isNull();                 // not a .* pattern
        assertThat(MimeSniffer.requiredLiteral(".*\\d\\d")).isNull();
    }

    @Test
    void theLiteralPrefilterFindsLiteralsAnywhereInTheWindow() {
        MimeSniffer.Prefilter p = new MimeSniffer.Prefilter(new int[] {0, 1}, new byte[][] {"<?php".getBytes(),
                "P1".getBytes()}, new int[] {-1, -1}, firsts('<', 'P'));
        byte[] d = "xx<?phP1".getBytes();
        assertThat(MimeSniffer.absentLiterals(p, d, 0, d.length)).isEqualTo(0b01); // "<?php" cut short
        assertThat(MimeSniffer.absentLiterals(p, d, 0, d.length - 1)).isEqualTo(0b11);
        byte[] e = "<?php P1".getBytes();
        assertThat(MimeSniffer.absentLiterals(p, e, 0, e.length)).isZero();
        assertThat(MimeSniffer.absentLiterals(p, e, 1, e.length - 1)).isEqualTo(0b01);
    }

    @Test
    void literalsRequiredAtAFixedOffset() {
        MimeSniffer.Required r = MimeSniffer.required("(.{369})(MICROSOFT PIFEX\\x00)");
        assertThat(r.at()).isEqualTo(369);
        assertThat(r.lit()).isEqualTo("MICROSOFT PIFEX\0".getBytes());
        assertThat(MimeSniffer.required("^.{20}\\xdc\\xa7").at()).isEqualTo(20);
        assertThat(MimeSniffer.required("^.{11,19}\\x06\\x05")).isNull();      // a range: no fixed offset
        assertThat(MimeSniffer.required("(.{8})(a|b)")).isNull();
        assertThat(MimeSniffer.required("^.*<\\?php").at()).isEqualTo(-1);

        MimeSniffer.Prefilter p = new MimeSniffer.Prefilter(new int[] {0}, new byte[][] {"DICM".getBytes()},
                new int[] {4}, new boolean[256]);
        byte[] d = "xxxxDICMyy".getBytes();
        assertThat(MimeSniffer.absentLiterals(p, d, 0, d.length)).isZero();
        assertThat(MimeSniffer.absentLiterals(p, d, 1, d.length - 1)).isEqualTo(1); // offsets count from the window
        assertThat(MimeSniffer.absentLiterals(p, d, 0, 7)).isEqualTo(1);             // cut short by the window
    }

    private static boolean[] firsts(char... cs) {
        boolean[] f = new boolean[256];
        for (char c : cs) {
            f[c] = true;
        }
        return f;
    }

    /** The early stop and the literal prefilter never change the answer of an exhaustive scan. */
    @TestFactory
    List<DynamicTest> earlyStopAgreesWithTheExhaustiveScan() {
        List<String> texts = List.of(
                "<html><body><p>hello</p></body></html>\n",
                "<html><body><?php echo 1; ?></body></html>",
                "<!DOCTYPE html><html>--- a\n+++ b\n@@ -1 +1 @@\n</html>",
                "some text\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n",
                "junk P1 12 34\n",
                "#comment\nP1\n12 34\n0 1\n",
                "{\"a\": 1}",
                "<?xml version=\"1.0\"?><svg></svg>",
                "GIF89a\u0001\u0002<?php",
                "x".repeat(128) + "DICM" + "<html>",
                "<html>" + "y".repeat(363) + "MICROSOFT PIFEX\u0000 more");
        List<DynamicTest> tests = new ArrayList<>();
        int n = Mutator.iterations(300);
        for (int ti = 0; ti < texts.size(); ti++) {
            byte[] seed = texts.get(ti).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            int fi = ti;
            tests.add(DynamicTest.dynamicTest("text " + ti, () -> {
                MimeSniffer a = MimeSniffer.zeekDefault();
                MimeSniffer ref = a.copy();
                assertThat(a.sniff(seed, 0, seed.length)).isEqualTo(ref.sniffExhaustive(seed, 0, seed.length));
                for (int i = 0; i < n; i++) {
                    byte[] m = Mutator.mutate(seed, 7_000_000L + fi * 100_000L + i);
                    assertThat(a.sniff(m, 0, m.length)).as("mutation %d", i)
                            .isEqualTo(ref.sniffExhaustive(m, 0, m.length));
                }
            }));
        }
        return tests;
    }

    /** Fuzz: mutated beginnings of many file types never throw and give a known type or none, deterministically. */
    @TestFactory
    List<DynamicTest> fuzz() {
        List<DynamicTest> tests = new ArrayList<>();
        List<byte[]> seeds = zeekGolden().map(a -> HexFormat.of().parseHex((String) a.get()[1])).toList();
        java.util.Set<String> known = new java.util.HashSet<>();
        sniffer.signatures().forEach(s -> known.add(s.mimeType()));
        int n = Mutator.iterations(200);
        for (int si = 0; si < seeds.size(); si++) {
            byte[] seed = seeds.get(si);
            int fi = si;
            tests.add(DynamicTest.dynamicTest("seed " + si, () -> {
                MimeSniffer a = MimeSniffer.zeekDefault();
                MimeSniffer b = a.copy();
                for (int i = 0; i < n; i++) {
                    byte[] m = Mutator.mutate(seed, fi * 100_000L + i);
                    String t = a.sniff(m, 0, m.length);
                    assertThat(t == null || known.contains(t)).as("type %s", t).isTrue();
                    assertThat(b.sniff(m, 0, m.length)).isEqualTo(t);
                    assertThat(b.sniffExhaustive(m, 0, m.length)).isEqualTo(t);
                }
            }));
        }
        return tests;
    }
}
