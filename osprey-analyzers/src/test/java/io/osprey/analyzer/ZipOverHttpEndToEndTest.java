package io.osprey.analyzer;

import io.osprey.engine.conn.ConnConfig;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP download of a ZIP archive through the whole pipeline (capture built here → engine → HTTP → files
 * framework → ZIP analyzer → files.log), with Zeek's policy files/zip/register, hash-all-files and
 * extract-all-files: the rows Zeek's scripts.base.files.zip tests expect (entries as files of source ZIP with their
 * path as filename, the archive's connection and parent_fuid, extraction named extract-&lt;ts&gt;-ZIP-&lt;fuid&gt;).
 */
class ZipOverHttpEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void entriesOfADownloadedArchiveAreFilesOfTheirOwn(@TempDir Path dir) throws Exception {
        byte[] png = new byte[6000];
        new java.util.SplittableRandom(3).nextBytes(png);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H',
            'D', 'R'}, 0, png, 0, 16);
        byte[] readme = "# Read me\n\nOsprey reads archives.\n".repeat(50).getBytes(StandardCharsets.US_ASCII);
        byte[] zip = zip(new String[] {"test/", "test/logo.png", "test/README.md"},
                new byte[][] {new byte[0], png, readme}, new int[] {0, 0, 8});

        Path pcap = dir.resolve("zip.pcap");
        String client = "10.0.0.5";
        String server = "192.0.2.80";
        byte[] req = "GET /test.zip HTTP/1.1\r\nHost: example.org\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: " + zip.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] resp = new byte[head.length + zip.length];
        System.arraycopy(head, 0, resp, 0, head.length);
        System.arraycopy(zip, 0, resp, head.length, zip.length);
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            long t = T0;
            w.write(t, PacketBuilder.eth().ipv4(client, server).tcp(40000, 80).flags(SYN).seq(1000).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(server, client).tcp(80, 40000).flags(SYN | ACK).seq(5000)
                    .ack(1001).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(client, server).tcp(40000, 80).flags(ACK).seq(1001)
                    .ack(5001).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(client, server).tcp(40000, 80).flags(PSH | ACK).seq(1001)
                    .ack(5001).payload(req).build());
            int seq = 5001;
            for (int off = 0; off < resp.length; off += 1448) {
                byte[] seg = java.util.Arrays.copyOfRange(resp, off, Math.min(resp.length, off + 1448));
                w.write(t += MS, PacketBuilder.eth().ipv4(server, client).tcp(80, 40000).flags(PSH | ACK).seq(seq)
                        .ack(1001 + req.length).payload(seg).build());
                seq += seg.length;
            }
            w.write(t += MS, PacketBuilder.eth().ipv4(server, client).tcp(80, 40000).flags(FIN | ACK).seq(seq)
                    .ack(1001 + req.length).build());
            w.write(t + MS, PacketBuilder.eth().ipv4(client, server).tcp(40000, 80).flags(FIN | ACK)
                    .seq(1001 + req.length).ack(seq + 1).build());
        }

        Path out = dir.resolve("out");
        java.nio.file.Files.createDirectories(out);
        AnalyzerOptions opts = new AnalyzerOptions();
        opts.fileHashes = java.util.EnumSet.allOf(AnalyzerOptions.Hash.class);
        opts.extractDir = out.resolve("extract_files");
        opts.scripts = List.of("frameworks/files/extract-all-files", "frameworks/files/hash-all-files",
                BuiltinAnalyzers.ZIP_REGISTER);
        Pipelines.run(pcap, out, Set.of("http"), opts, new ConnConfig());

        List<Map<String, String>> files = ZeekLogs.read(out.resolve("files.log"));
        String uid = ZeekLogs.read(out.resolve("conn.log")).get(0).get("uid");
        assertThat(files).extracting(f -> f.get("source") + " " + f.get("filename") + " " + f.get("mime_type"))
                .containsExactly("ZIP - -", "ZIP test/logo.png image/png", "ZIP test/README.md text/plain",
                        "HTTP - application/zip");
        Map<String, String> http = files.get(3);
        assertThat(http.get("analyzers").split(",")).contains("ZIP", "EXTRACT", "MD5");
        for (int i = 0; i < 3; i++) {
            Map<String, String> f = files.get(i);
            assertThat(f.get("uid")).isEqualTo(uid);
            assertThat(f.get("id.resp_p")).isEqualTo("80");
            assertThat(f.get("parent_fuid")).isEqualTo(http.get("fuid"));
            assertThat(f.get("is_orig")).isEqualTo("F");
            assertThat(f.get("local_orig")).isEqualTo("-");
            assertThat(f.get("extracted")).startsWith("extract-").contains("-ZIP-" + f.get("fuid"));
            assertThat(out.resolve("extract_files").resolve(f.get("extracted"))).exists();
        }
        Map<String, String> logo = files.get(1);
        assertThat(logo.get("seen_bytes")).isEqualTo("6000");
        assertThat(logo.get("total_bytes")).isEqualTo("6000");
        assertThat(logo.get("md5")).isEqualTo(md5(png));
        assertThat(files.get(2).get("sha1")).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-1").digest(readme)));
        assertThat(java.nio.file.Files.readAllBytes(out.resolve("extract_files").resolve(logo.get("extracted"))))
                .isEqualTo(png);
        assertThat(files.get(0).get("seen_bytes")).isEqualTo("0");
        assertThat(out.resolve("analyzer.log")).doesNotExist();
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    /** A ZIP with sizes in the local headers (APPNOTE 4.3.7), then the central directory and its end record. */
    static byte[] zip(String[] names, byte[][] data, int[] methods) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream cd = new ByteArrayOutputStream();
        for (int i = 0; i < names.length; i++) {
            CRC32 crc = new CRC32();
            crc.update(data[i]);
            byte[] body = data[i];
            if (methods[i] == 8) {
                Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                d.setInput(data[i]);
                d.finish();
                byte[] buf = new byte[data[i].length + 128];
                int n = 0;
                while (!d.finished()) {
                    n += d.deflate(buf, n, buf.length - n);
                }
                d.end();
                body = java.util.Arrays.copyOf(buf, n);
            }
            byte[] nm = names[i].getBytes(StandardCharsets.UTF_8);
            int offset = o.size();
            le(o, 0x04034b50, 4);
            le(o, 20, 2);
            le(o, 0, 2);
            le(o, methods[i], 2);
            le(o, 0, 4);
            le(o, crc.getValue(), 4);
            le(o, body.length, 4);
            le(o, data[i].length, 4);
            le(o, nm.length, 2);
            le(o, 0, 2);
            o.writeBytes(nm);
            o.writeBytes(body);
            le(cd, 0x02014b50, 4);
            le(cd, 20, 2);
            le(cd, 20, 2);
            le(cd, 0, 2);
            le(cd, methods[i], 2);
            le(cd, 0, 4);
            le(cd, crc.getValue(), 4);
            le(cd, body.length, 4);
            le(cd, data[i].length, 4);
            le(cd, nm.length, 2);
            le(cd, 0, 2);
            le(cd, 0, 2);
            le(cd, 0, 2);
            le(cd, 0, 2);
            le(cd, 0, 4);
            le(cd, offset, 4);
            cd.writeBytes(nm);
        }
        int cdOffset = o.size();
        byte[] c = cd.toByteArray();
        o.writeBytes(c);
        le(o, 0x06054b50, 4);
        le(o, 0, 4);
        le(o, names.length, 2);
        le(o, names.length, 2);
        le(o, c.length, 4);
        le(o, cdOffset, 4);
        le(o, 0, 2);
        return o.toByteArray();
    }

    private static void le(ByteArrayOutputStream o, long v, int n) {
        for (int i = 0; i < n; i++) {
            o.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
