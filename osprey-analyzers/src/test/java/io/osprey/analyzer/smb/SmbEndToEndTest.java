package io.osprey.analyzer.smb;

import io.osprey.analyzer.AnalyzerOptions;
import io.osprey.analyzer.Pipelines;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.testkit.PacketBuilder;
import io.osprey.testkit.PcapFileWriter;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.osprey.testkit.PacketBuilder.ACK;
import static io.osprey.testkit.PacketBuilder.FIN;
import static io.osprey.testkit.PacketBuilder.PSH;
import static io.osprey.testkit.PacketBuilder.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SMB2 conversation on port 445, written as a capture (TCP segments of at most 1460 bytes), through the whole
 * pipeline: files.log has the written and the read file as Zeek logs them, conn.log's service is "smb",
 * smb_files.log and smb_mapping.log have their rows.
 */
class SmbEndToEndTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void filesOverSmbInFilesLog(@TempDir Path dir) throws Exception {
        byte[] written = "Hello SMB world, plain text written by the client.\n".repeat(100)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] read = new byte[5000];
        for (int i = 0; i < read.length; i++) {
            read[i] = (byte) (i * 7);
        }
        List<SmbMsg.Segment> conv = SmbMsg.writeAndReadConversation(written, read);
        Path pcap = dir.resolve("smb.pcap");
        capture(pcap, conv);
        Path out = dir.resolve("out");
        java.nio.file.Files.createDirectories(out);
        AnalyzerOptions opts = new AnalyzerOptions();
        opts.fileHashes = java.util.EnumSet.allOf(AnalyzerOptions.Hash.class);
        Pipelines.run(pcap, out, Set.of("smb"), opts, new ConnConfig());
        List<Map<String, String>> conns = ZeekLogs.read(out.resolve("conn.log"));
        assertThat(conns).hasSize(1);
        assertThat(conns.get(0).get("service")).isEqualTo("smb");
        String uid = conns.get(0).get("uid");

        List<Map<String, String>> files = ZeekLogs.read(out.resolve("files.log"));
        assertThat(files).hasSize(2);
        Map<String, String> w = files.get(0);
        assertThat(w.get("uid")).isEqualTo(uid);
        assertThat(w.get("source")).isEqualTo("SMB");
        assertThat(w.get("filename")).isEqualTo("dir\\\\new.txt"); // Zeek's ASCII escaping of the backslash
        assertThat(w.get("is_orig")).isEqualTo("T");
        assertThat(w.get("seen_bytes")).isEqualTo(String.valueOf(written.length));
        assertThat(w.get("total_bytes")).isEqualTo("-");
        assertThat(w.get("missing_bytes")).isEqualTo("0");
        assertThat(w.get("mime_type")).isEqualTo("text/plain");
        assertThat(w.get("timedout")).isEqualTo("F");
        assertThat(w.get("md5")).isEqualTo(hex("MD5", written));
        assertThat(w.get("sha1")).isEqualTo(hex("SHA-1", written));
        Map<String, String> r = files.get(1);
        assertThat(r.get("filename")).isEqualTo("old.bin");
        assertThat(r.get("is_orig")).isEqualTo("F");
        assertThat(r.get("seen_bytes")).isEqualTo("5000");
        assertThat(r.get("total_bytes")).isEqualTo("5000");
        assertThat(r.get("sha256")).isEqualTo(hex("SHA-256", read));

        List<Map<String, String>> smbFiles = ZeekLogs.read(out.resolve("smb_files.log"));
        assertThat(smbFiles).extracting(m -> m.get("action") + " " + m.get("name"))
                .containsExactly("SMB::FILE_OPEN dir\\\\new.txt", "SMB::FILE_OPEN old.bin");
        assertThat(smbFiles.get(1).get("times.created")).isEqualTo("1577836800.000000");
        List<Map<String, String>> mapping = ZeekLogs.read(out.resolve("smb_mapping.log"));
        assertThat(mapping).extracting(m -> m.get("path") + " " + m.get("share_type"))
                .containsExactly("\\\\\\\\10.0.0.2\\\\share DISK");
    }

    /**
     * Writes {@code conv} as a capture of one TCP connection 10.1.1.5:49200 -> 10.1.1.9:445 (handshake, segments of
     * at most 1460 bytes one millisecond apart from {@link #T0}, FIN exchange).
     */
    static void capture(Path pcap, List<SmbMsg.Segment> conv) throws java.io.IOException {
        String client = "10.1.1.5";
        String server = "10.1.1.9";
        try (PcapFileWriter w = PcapFileWriter.create(pcap, PcapFileWriter.LINKTYPE_ETHERNET, false)) {
            long t = T0;
            w.write(t, PacketBuilder.eth().ipv4(client, server).tcp(49200, 445).flags(SYN).seq(999).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(server, client).tcp(445, 49200).flags(SYN | ACK).seq(4999)
                    .ack(1000).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(client, server).tcp(49200, 445).flags(ACK).seq(1000)
                    .ack(5000).build());
            long cseq = 1000;
            long sseq = 5000;
            for (SmbMsg.Segment s : conv) {
                byte[] d = s.data();
                for (int off = 0; off < d.length; off += 1460) {
                    byte[] p = Arrays.copyOfRange(d, off, Math.min(d.length, off + 1460));
                    t += MS;
                    if (s.orig()) {
                        w.write(t, PacketBuilder.eth().ipv4(client, server).tcp(49200, 445).flags(PSH | ACK)
                                .seq(cseq).ack(sseq).payload(p).build());
                        cseq += p.length;
                    } else {
                        w.write(t, PacketBuilder.eth().ipv4(server, client).tcp(445, 49200).flags(PSH | ACK)
                                .seq(sseq).ack(cseq).payload(p).build());
                        sseq += p.length;
                    }
                }
            }
            w.write(t += MS, PacketBuilder.eth().ipv4(client, server).tcp(49200, 445).flags(FIN | ACK).seq(cseq)
                    .ack(sseq).build());
            w.write(t += MS, PacketBuilder.eth().ipv4(server, client).tcp(445, 49200).flags(FIN | ACK).seq(sseq)
                    .ack(cseq + 1).build());
            w.write(t + MS, PacketBuilder.eth().ipv4(client, server).tcp(49200, 445).flags(ACK).seq(cseq + 1)
                    .ack(sseq + 1).build());
        }
    }

    private static String hex(String alg, byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(b));
    }
}
