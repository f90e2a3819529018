package io.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's AOT training run: a command that fails would silently leave users without the cache. */
class AotTrainingTest {
    @Test
    void everyTrainingCommandSucceedsOnTheSample(@TempDir Path dir) throws Exception {
        Path sample = Logs.repoRoot().resolve("samples/sample.pcap");
        assertThat(AotTraining.run(sample.toString(), dir)).isEmpty();
        assertThat(dir.resolve("full/conn.log")).isNotEmptyFile();
        assertThat(dir.resolve("conn/conn.log")).isNotEmptyFile();
        assertThat(dir.resolve("json/conn.log")).isNotEmptyFile();
        assertThat(Files.size(dir.resolve("merged.pcap"))).isEqualTo(Files.size(dir.resolve("all.pcap")));
        assertThat(dir.resolve("slice.pcap")).exists();
    }
}
