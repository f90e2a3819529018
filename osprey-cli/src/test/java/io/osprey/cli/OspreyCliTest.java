package io.osprey.cli;

import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;
import io.osprey.testkit.PcapFileWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line end to end: outputs, formats, several inputs, and bad input files. */
class OspreyCliTest {
    @TempDir
    Path dir;

    static final Path SAMPLE = Logs.repoRoot().resolve("samples/sample.pcap");

    record Run(int exit, String err) {
    }

    static Run osprey(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        int exit = Osprey.commandLine(err).execute(args);
        return new Run(exit, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sampleGivesConnLog() throws IOException {
        Run r = osprey("-r", SAMPLE.toString(), "-o", dir.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        List<Map<String, String>> conn = Logs.read(dir.resolve("conn.log"));
        assertThat(conn).hasSize(56);
        assertThat(Files.readString(dir.resolve("conn.log"))).startsWith("#separator \\x09\n#set_separator\t,\n");
    }

    @Test
    void fileAndSoftwareOptionsAreAccepted() throws IOException {
        Run r = osprey("-r", SAMPLE.toString(), "-o", dir.toString(), "-q", "--analyzers", "conn,http",
                "--scripts", "frameworks/files/hash-all-files,frameworks/files/extract-all-files,protocols/http/software,"
                        + "files/zip/register",
                "--redef=FileExtract::default_limit=4000", "--redef=redef Software::asset_tracking = ALL_HOSTS;");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("not supported");
        assertThat(Files.isDirectory(dir.resolve("extract_files"))).isTrue();
        Run bad = osprey("-r", SAMPLE.toString(), "-o", dir.toString(), "-q", "--redef=Software::asset_tracking=SOME");
        assertThat(bad.exit()).isZero();
        assertThat(bad.err()).contains("cannot apply redef");
    }

    @Test
    void anExtractionDirectoryThatCannotBeMadeIsAnError() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        Run r = osprey("-r", SAMPLE.toString(), "-o", dir.toString(), "-q", "--extract-dir",
                file.resolve("sub").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("osprey: cannot create extraction directory").doesNotContain("Exception\n\tat");
    }

    @Test
    void jsonAndBothFormats() throws IOException {
        Path j = dir.resolve("json");
        assertThat(osprey("-r", SAMPLE.toString(), "-o", j.toString(), "--json", "-q").exit()).isZero();
        List<String> lines = Files.readAllLines(j.resolve("conn.log"));
        assertThat(lines).hasSize(56).allSatisfy(l -> assertThat(l).startsWith("{\"ts\":").contains("\"id.orig_h\":"));
        Path b = dir.resolve("both");
        assertThat(osprey("-r", SAMPLE.toString(), "-o", b.toString(), "--both", "-q").exit()).isZero();
        assertThat(Logs.read(b.resolve("conn.log"))).hasSize(56);
        assertThat(Files.readAllLines(b.resolve("conn.json"))).hasSize(56);
    }

    /** A capture split across several files is one stream: the same conn.log as the whole file. */
    @Test
    void captureSplitAcrossFilesGivesTheSameConnLog() throws IOException {
        List<Path> parts = new ArrayList<>();
        try (PacketSource src = Captures.open(SAMPLE.toString(), w -> { })) {
            PacketRecord r = new PacketRecord();
            PcapFileWriter w = null;
            int n = 0;
            while (src.next(r)) {
                if (n++ % 97 == 0) {
                    if (w != null) {
                        w.close();
                    }
                    Path p = dir.resolve("part" + parts.size() + ".pcap");
                    parts.add(p);
                    w = PcapFileWriter.create(p, r.linkType, false);
                }
                w.write(r.tsNanos, r.segment.asSlice(r.offset, r.caplen).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        r.wirelen);
            }
            if (w != null) {
                w.close();
            }
        }
        assertThat(parts.size()).isGreaterThan(3);
        List<String> args = new ArrayList<>();
        // deliberately in reverse order: the merge orders by time
        for (int i = parts.size() - 1; i >= 0; i--) {
            args.add("-r");
            args.add(parts.get(i).toString());
        }
        args.addAll(List.of("-o", dir.resolve("split").toString(), "-q"));
        assertThat(osprey(args.toArray(String[]::new)).exit()).isZero();
        assertThat(osprey("-r", SAMPLE.toString(), "-o", dir.resolve("whole").toString(), "-q").exit()).isZero();
        assertThat(Logs.read(dir.resolve("split/conn.log")))
                .containsExactlyInAnyOrderElementsOf(Logs.read(dir.resolve("whole/conn.log")));
    }

    @Test
    void unreadableInputsGiveOneLineAndExit2() throws IOException {
        Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a capture\n");
        byte[] hdr = PcapFileWriter.toBytes(1, List.of(new byte[60]));
        byte[] absurd = hdr.clone();
        absurd[24 + 8] = (byte) 0xFF; // caplen of the first record: 0x...FF
        absurd[24 + 11] = (byte) 0x7F;
        Path bad = Files.write(dir.resolve("absurd.pcap"), absurd);
        Path ng = Files.write(dir.resolve("garbage.pcapng"), new byte[] {0x0A, 0x0D, 0x0D, 0x0A, 1, 0, 0, 0,
            0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        for (Path p : List.of(empty, text, bad, ng, dir.resolve("missing.pcap"))) {
            Run r = osprey("-r", p.toString(), "-o", dir.resolve("o").toString(), "-q");
            assertThat(r.exit()).as(p + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(p.toString()).doesNotContain("\n").startsWith("osprey: " + p)
                    .contains("offset").doesNotContain("Exception");
        }
    }

    @Test
    void truncatedLastRecordWarnsAndKeepsThePacketsBefore() throws IOException {
        byte[] frame = io.osprey.testkit.PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").udp(1000, 2000)
                .payload("x").build();
        byte[] all = PcapFileWriter.toBytes(1, List.of(frame, frame));
        Path p = Files.write(dir.resolve("trunc.pcap"), java.util.Arrays.copyOf(all, all.length - 5));
        Run r = osprey("-r", p.toString(), "-o", dir.toString(), "-q");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("warning").contains("truncated");
        assertThat(Logs.read(dir.resolve("conn.log"))).singleElement()
                .satisfies(c -> assertThat(c.get("orig_pkts")).isEqualTo("1"));
    }

    @Test
    void unknownLinkTypeIsNotAFileError() throws IOException {
        Path p = Files.write(dir.resolve("lt.pcap"), PcapFileWriter.toBytes(147, List.of(new byte[40])));
        Run r = osprey("-r", p.toString(), "-o", dir.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run r = osprey("--no-such-option");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("osprey --help");
        assertThat(osprey("-r", SAMPLE.toString(), "--local-nets", "10.0.0.0/99", "-o", dir.toString()).exit())
                .isEqualTo(1);
    }

    @Test
    void helpExplainsEveryOption() {
        StringBuilder sb = new StringBuilder();
        CommandLine cl = Osprey.commandLine(System.err);
        cl.getCommandSpec().options().forEach(o -> {
            assertThat(o.description()).as(o.longestName()).isNotEmpty();
            assertThat(String.join(" ", o.description()).length()).as(o.longestName()).isGreaterThan(20);
            sb.append(o.longestName());
        });
        assertThat(cl.getUsageMessage()).contains("-r", "--output", "-C", "--filter", "--json", "--both",
                "--local-nets", "--analyzers", "--scripts", "--redef", "Exit status");
    }

    @Test
    void badChecksumsEverywhereSuggestOffloading() throws IOException {
        byte[] bad = io.osprey.testkit.PacketBuilder.eth().ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).syn()
                .badChecksum().build();
        Path p = Files.write(dir.resolve("offload.pcap"), PcapFileWriter.toBytes(1, List.of(bad, bad, bad)));
        Run r = osprey("-r", p.toString(), "-o", dir.toString(), "-q");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("warning: the trace file likely has invalid TCP checksums").contains("-C");
        Run c = osprey("-r", p.toString(), "-o", dir.resolve("c").toString(), "-q", "-C");
        assertThat(c.err()).doesNotContain("checksum");
    }
}
