package io.osprey.log.writer;

import static io.osprey.log.writer.ConnLikeRecords.ASCII_CLOSE;
import static io.osprey.log.writer.ConnLikeRecords.ASCII_FULL;
import static io.osprey.log.writer.ConnLikeRecords.ASCII_HEADER;
import static io.osprey.log.writer.ConnLikeRecords.ASCII_SPARSE;
import static io.osprey.log.writer.ConnLikeRecords.FULL;
import static io.osprey.log.writer.ConnLikeRecords.SCHEMA;
import static io.osprey.log.writer.ConnLikeRecords.SPARSE;
import static io.osprey.log.writer.TestSupport.CLOCK;
import static io.osprey.log.writer.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.log.FieldType;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsciiLogWriterTest {
    @TempDir
    Path dir;

    @Test
    void headerRowsAndCloseAreExact() {
        byte[] got = TestSupport.ascii(dir, SCHEMA, List.of(FULL, SPARSE));
        assertThat(text(got)).isEqualTo(ASCII_HEADER + ASCII_FULL + ASCII_SPARSE + ASCII_CLOSE);
    }

    @Test
    void fileIsNamedAfterThePathAndCreatedOnlyOnTheFirstRecord() throws IOException {
        AsciiLogWriter w = new AsciiLogWriterFactory(dir.resolve("sub"), ".log", CLOCK, true).open(SCHEMA);
        assertThat(w.file()).isEqualTo(dir.resolve("sub").resolve("conn.log"));
        assertThat(Files.exists(w.file())).isFalse();
        w.flush();
        w.close();
        assertThat(Files.exists(w.file())).isFalse();
        assertThat(Files.exists(dir.resolve("sub"))).isFalse();
    }

    @Test
    void closeWritesTheCloseLineOnceAndLaterWritesAreIgnored() throws IOException {
        AsciiLogWriter w = new AsciiLogWriterFactory(dir, ".log", CLOCK, true).open(SCHEMA);
        w.write(SPARSE);
        w.flush();
        assertThat(Files.readString(w.file())).isEqualTo(ASCII_HEADER + ASCII_SPARSE);
        w.close();
        w.close();
        w.write(SPARSE);
        assertThat(Files.readString(w.file())).isEqualTo(ASCII_HEADER + ASCII_SPARSE + ASCII_CLOSE);
    }

    @Test
    void openAndCloseAreLocalWallClockTimes() throws IOException {
        // Ascii::Timestamp uses localtime_r: the zone of the clock decides.
        Clock berlin = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneId.of("Europe/Berlin"));
        AsciiLogWriter w = new AsciiLogWriterFactory(dir, ".log", berlin, true).open(SCHEMA);
        w.write(SPARSE);
        w.close();
        String s = Files.readString(w.file());
        assertThat(s).contains("\n#open\t2026-01-02-04-04-05\n").endsWith("\n#close\t2026-01-02-04-04-05\n");
    }

    private static final LogSchema ONE = LogSchema.of("one", "s", FieldType.STRING, "n", FieldType.COUNT);

    private String oneRow(LogRecord r) {
        String all = text(TestSupport.ascii(dir, ONE, List.of(r)));
        String[] lines = all.split("\n");
        return lines[8];
    }

    @Test
    void rowStartingWithHashIsEscaped() {
        // Ascii::DoWrite escapes the first byte when a row starts with the meta prefix.
        assertThat(oneRow(w -> {
            w.string("#not a comment");
            w.count(1);
        })).isEqualTo("\\x23not a comment\t1");
        assertThat(oneRow(w -> {
            w.string("a#b");
            w.count(1);
        })).isEqualTo("a#b\t1");
    }

    @Test
    void reservedAndSpecialStrings() {
        assertThat(oneRow(w -> {
            w.string("-");
            w.unset();
        })).isEqualTo("\\x2d\t-");
        assertThat(oneRow(w -> {
            w.string("(empty)");
            w.count(0);
        })).isEqualTo("\\x28empty)\t0");
        assertThat(oneRow(w -> {
            w.string("");
            w.count(0);
        })).isEqualTo("(empty)\t0");
        assertThat(oneRow(w -> {
            w.string("a,b\\c\td");
            w.count(0);
        })).isEqualTo("a,b\\\\c\\x09d\t0");
        assertThat(oneRow(w -> {
            w.string("caf\u00e9 \ud83d\ude00");
            w.count(0);
        })).isEqualTo(new String("caf\u00e9 \ud83d\ude00".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1) + "\t0");
        assertThat(oneRow(w -> {
            w.string("bell\u0007 caf\u00e9");
            w.count(0);
        })).isEqualTo("bell\\x07 caf\\xc3\\xa9\t0");
    }

    @Test
    void utf8CanBeTurnedOff() throws IOException {
        // LogAscii::enable_utf_8=F: every byte outside 0x20..0x7E is escaped.
        AsciiLogWriter w = new AsciiLogWriterFactory(dir, ".log", CLOCK, false).open(ONE);
        w.write(r -> {
            r.string("caf\u00e9");
            r.count(1);
        });
        w.close();
        assertThat(Files.readString(w.file()).split("\n")[8]).isEqualTo("caf\\xc3\\xa9\t1");
    }

    @Test
    void wrongFieldCountFailsFast() {
        AsciiLogWriter w = new AsciiLogWriterFactory(dir, ".log", CLOCK, true).open(ONE);
        assertThatThrownBy(() -> w.write(r -> r.string("only one"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one").hasMessageContaining("1 fields");
        assertThatThrownBy(() -> w.write(r -> {
            r.string("a");
            r.count(1);
            r.count(2);
        })).isInstanceOf(IllegalStateException.class);
        w.close();
    }

    @Test
    void manyRowsSpanSeveralBufferFlushes() throws IOException {
        List<LogRecord> rows = new ArrayList<>();
        StringBuilder want = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            int n = i;
            rows.add(w -> {
                w.string("row");
                w.count(n);
            });
            want.append("row\t").append(i).append('\n');
        }
        String all = text(TestSupport.ascii(dir, ONE, rows));
        assertThat(all.length()).isGreaterThan(2 * FileLogWriter.FLUSH_THRESHOLD);
        String body = all.substring(all.indexOf("#types"));
        body = body.substring(body.indexOf('\n') + 1, body.lastIndexOf("#close"));
        assertThat(body).isEqualTo(want.toString());
    }

    @Test
    void containerLimitsMatchZeek() {
        LogSchema schema = LogSchema.of("c", "a", FieldType.VECTOR_COUNT, "b", FieldType.VECTOR_COUNT,
                "c", FieldType.VECTOR_COUNT, "d", FieldType.VECTOR_COUNT, "e", FieldType.VECTOR_STRING,
                "f", FieldType.VECTOR_COUNT, "g", FieldType.SET_STRING);
        byte[] ascii = TestSupport.ascii(dir, schema, List.of(containerRecord()));
        assertThat(TestSupport.maskMeta(text(ascii)))
                .isEqualTo(TestSupport.maskMeta(TestSupport.resourceText("containers.zeek.log")));
        byte[] json = TestSupport.json(dir, schema, List.of(containerRecord()));
        assertThat(text(json)).isEqualTo(TestSupport.resourceText("containers.zeek.json"));
    }

    private static LogRecord containerRecord() {
        long[] v = new long[120];
        List<String> s = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            v[i] = i;
            s.add("s" + i);
        }
        return w -> {
            w.counts(v, 120);
            w.counts(v, 120);
            w.counts(v, 120);
            w.counts(new long[] {1, 2, 3}, 3);
            w.strings(s);
            w.counts(v, 120);
            w.strings(List.of("x"));
        };
    }

    @Test
    void longStringsAreCutAt4096Bytes() {
        String big = "x".repeat(5000);
        String row = oneRow(w -> {
            w.string(big);
            w.count(1);
        });
        assertThat(row).isEqualTo("x".repeat(4096) + "\t1");
    }

    @Test
    void timesFromTheWireAreRoundedNotTruncated() throws IOException {
        // NTP's timestamps: Zeek prints the double with 6 decimals, rounded (a packet time is truncated to µs).
        LogSchema s = LogSchema.of("t", "a", FieldType.TIME, "b", FieldType.TIME);
        AsciiLogWriter w = new AsciiLogWriterFactory(dir, ".log", CLOCK, true).open(s);
        w.write(r -> {
            r.timeSeconds(1476535656.4678359);
            r.timeSeconds(-2208988799.0);
        });
        w.close();
        assertThat(Files.readString(w.file())).contains("\n1476535656.467836\t-2208988799.000000\n");
    }
}
