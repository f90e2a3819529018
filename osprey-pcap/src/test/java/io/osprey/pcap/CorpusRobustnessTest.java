package io.osprey.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads every capture of the tcpdump malformed-input corpus, read in place from the sibling {@code shared/corpus}
 * checkout (never copied into this repository). Each file must read to its end or fail with
 * {@link CaptureFormatException}, identically when mapped and when streamed; anything else, or a hang, fails.
 * Skipped where the corpus is absent.
 */
class CorpusRobustnessTest {
    private static final String[] DIRS = {"malformed/captures", "malformed/libpcap-format"};

    static Path corpus() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared/corpus");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return null;
    }

    static List<Path> corpusFiles() {
        Path c = corpus();
        List<Path> files = new ArrayList<>();
        if (c == null) {
            return files;
        }
        for (String sub : DIRS) {
            Path d = c.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new AssertionError("cannot list " + d + ": " + e.getMessage());
                }
            }
        }
        return files;
    }

    /** "ok N" or "error <message>", for comparing mapped with streamed reads. */
    static String outcome(PacketSource s, List<String> warnings) {
        int n = 0;
        try (s) {
            PacketRecord r = new PacketRecord();
            while (s.next(r)) {
                assertThat(r.caplen).isBetween(0, r.wirelen);
                assertThat(r.offset + r.caplen).isLessThanOrEqualTo(r.segment.byteSize());
                n++;
            }
            return "ok " + n;
        } catch (CaptureFormatException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return "error after " + n + ": " + e.getMessage();
        } finally {
            assertThat(warnings).allSatisfy(w -> assertThat(w).doesNotContain("\n"));
        }
    }

    static String open(Path f, boolean streamed, List<String> warnings) {
        String name = f.getFileName().toString();
        try {
            PacketSource s = streamed
                    ? Captures.openStream(name, new ByteArrayInputStream(Files.readAllBytes(f)), -1, 4096,
                            warnings::add)
                    : Captures.openMapped(name, f, warnings::add, false);
            return outcome(s, warnings);
        } catch (CaptureFormatException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return "error: " + e.getMessage();
        } catch (IOException e) {
            throw new AssertionError(e.getMessage());
        }
    }

    @Test
    void everyCorpusFileEndsOrFailsCleanly() {
        List<Path> files = corpusFiles();
        assumeTrue(!files.isEmpty(), "tcpdump corpus not found (../shared/corpus)");
        String[] current = {""};
        int[] errors = {0};
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (Path f : files) {
                current[0] = f.toString();
                List<String> w1 = new ArrayList<>();
                List<String> w2 = new ArrayList<>();
                String mapped = open(f, false, w1);
                String streamed = open(f, true, w2);
                assertThat(streamed).as(f.toString()).isEqualTo(mapped);
                assertThat(w2).as(f.toString()).isEqualTo(w1);
                if (mapped.startsWith("error")) {
                    errors[0]++;
                }
            }
        }, () -> "hung on " + current[0]);
        assertThat(files.size()).isGreaterThan(errors[0]);
    }
}
