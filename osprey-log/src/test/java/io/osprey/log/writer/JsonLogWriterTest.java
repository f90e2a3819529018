package io.osprey.log.writer;

import static io.osprey.log.writer.ConnLikeRecords.FULL;
import static io.osprey.log.writer.ConnLikeRecords.JSON_FULL;
import static io.osprey.log.writer.ConnLikeRecords.JSON_SPARSE;
import static io.osprey.log.writer.ConnLikeRecords.SCHEMA;
import static io.osprey.log.writer.ConnLikeRecords.SPARSE;
import static io.osprey.log.writer.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.log.FieldType;
import io.osprey.log.LogSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLogWriterTest {
    @TempDir
    Path dir;

    @Test
    void rowsAreExactAndThereIsNoHeader() {
        byte[] got = TestSupport.json(dir, SCHEMA, List.of(FULL, SPARSE));
        assertThat(text(got)).isEqualTo(JSON_FULL + JSON_SPARSE);
    }

    @Test
    void noRecordNoFile() {
        JsonLogWriter w = new JsonLogWriterFactory(dir, ".log").open(SCHEMA);
        w.close();
        assertThat(Files.exists(w.file())).isFalse();
        assertThat(w.file().getFileName().toString()).isEqualTo("conn.log");
    }

    @Test
    void allFieldsUnsetGiveAnEmptyObject() throws IOException {
        LogSchema s = LogSchema.of("u", "a", FieldType.STRING, "b", FieldType.COUNT);
        JsonLogWriter w = new JsonLogWriterFactory(dir, ".json").open(s);
        w.write(r -> {
            r.unset();
            r.unset();
        });
        w.write(r -> {
            r.unset();
            r.count(3);
        });
        w.close();
        assertThat(Files.readString(w.file())).isEqualTo("{}\n{\"b\":3}\n");
    }

    @Test
    void specialDoublesAndStrings() throws IOException {
        LogSchema s = LogSchema.of("d", "a", FieldType.DOUBLE, "b", FieldType.DOUBLE, "c", FieldType.STRING,
                "d", FieldType.STRING);
        JsonLogWriter w = new JsonLogWriterFactory(dir, ".json").open(s);
        w.write(r -> {
            r.dbl(Double.NaN);
            r.dbl(1e-7);
            r.string("q\"b\\s/\u0001\u00e9");
            r.bytes(new byte[] {'a', (byte) 0xe9, '\n'}, 0, 3);
        });
        w.close();
        // NullDoubleWriter: NaN -> null; \x01 is a bad character so the whole string takes the \\xHH form.
        assertThat(Files.readString(w.file()))
                .isEqualTo("{\"a\":null,\"b\":1e-7,\"c\":\"q\\\"b\\\\s/\\\\x01\\\\xc3\\\\xa9\",\"d\":\"a\\\\xe9\\n\"}\n");
    }

    @Test
    void timesFromTheWireAreZeeksDoubles() throws IOException {
        // NTP's timestamps: a double that is not a packet time, printed with its shortest digits.
        LogSchema s = LogSchema.of("t", "a", FieldType.TIME, "b", FieldType.TIME);
        JsonLogWriter w = new JsonLogWriterFactory(dir, ".json").open(s);
        w.write(r -> {
            r.timeSeconds(1476535656.46875);
            r.timeSeconds(0.0);
        });
        w.close();
        assertThat(Files.readString(w.file())).isEqualTo("{\"a\":1476535656.46875,\"b\":0.0}\n");
    }
}
