package io.osprey.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.log.writer.AsciiLogWriterFactory;
import io.osprey.log.writer.JsonLogWriterFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogOutputsTest {
    @TempDir
    Path dir;

    private static final LogSchema WEIRD = LogSchema.of("weird", "ts", FieldType.TIME, "name", FieldType.STRING,
            "notice", FieldType.BOOL);
    private static final LogSchema QUIET = LogSchema.of("quiet", "n", FieldType.COUNT);

    private static final LogRecord RECORD = w -> {
        w.time(1300475167_096535000L);
        w.string("bad_TCP_checksum");
        w.bool(false);
    };

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void tsvOnlyWritesDotLog() throws IOException {
        try (LogManager m = new LogManager(LogOutputs.files(dir, LogFormat.TSV))) {
            m.stream(WEIRD).write(RECORD);
            m.stream(QUIET);
        }
        assertThat(files()).containsExactly("weird.log");
        assertThat(Files.readString(dir.resolve("weird.log"))).startsWith("#separator \\x09\n")
                .contains("\n1300475167.096535\tbad_TCP_checksum\tF\n").contains("\n#close\t");
    }

    @Test
    void jsonOnlyWritesDotLogLikeZeekUseJson() throws IOException {
        try (LogManager m = new LogManager(LogOutputs.files(dir, LogFormat.JSON))) {
            m.stream(WEIRD).write(RECORD);
        }
        assertThat(files()).containsExactly("weird.log");
        assertThat(Files.readString(dir.resolve("weird.log")))
                .isEqualTo("{\"ts\":1300475167.096535,\"name\":\"bad_TCP_checksum\",\"notice\":false}\n");
    }

    @Test
    void bothFormatsInOneRunWriteDotLogAndDotJson() throws IOException {
        try (LogManager m = new LogManager(LogOutputs.files(dir, LogFormat.JSON, LogFormat.TSV, LogFormat.JSON))) {
            LogStream s = m.stream(WEIRD);
            s.write(RECORD);
            s.write(RECORD);
            m.flush();
            assertThat(s.records()).isEqualTo(2);
        }
        assertThat(files()).containsExactly("weird.json", "weird.log");
        assertThat(Files.readString(dir.resolve("weird.json"))).hasLineCount(2);
        assertThat(Files.readString(dir.resolve("weird.log"))).hasLineCount(8 + 2 + 1);
    }

    @Test
    void factoriesComeInTsvJsonOrder() {
        List<LogWriterFactory> f = LogOutputs.files(dir, LogFormat.JSON, LogFormat.TSV);
        assertThat(f).hasSize(2);
        assertThat(f.get(0)).isInstanceOf(AsciiLogWriterFactory.class);
        assertThat(f.get(1)).isInstanceOf(JsonLogWriterFactory.class);
        assertThatThrownBy(() -> LogOutputs.files(dir)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeekTimeIsSecondsPlusTruncatedMicros() {
        assertThat(ZeekTime.seconds(1300475167_096535999L)).isEqualTo(1300475167 + 96535 / 1e6);
        assertThat(ZeekTime.seconds(-1L)).isEqualTo(-1 + 999999 / 1e6);
        assertThat(ZeekTime.seconds(0)).isEqualTo(0.0);
    }
}
