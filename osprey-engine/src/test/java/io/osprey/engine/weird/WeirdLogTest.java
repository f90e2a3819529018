package io.osprey.engine.weird;

import io.osprey.common.net.Addr;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogManager;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogWriter;
import io.osprey.log.LogWriterFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Zeek's weird.zeek filtering: actions per name, repeat suppression, per-originator logging. */
class WeirdLogTest {
    private static final long SEC = 1_000_000_000L;

    /** Collects the weird names written. */
    private static final class Names implements LogWriterFactory {
        final List<String> names = new ArrayList<>();

        @Override
        public LogWriter open(LogSchema schema) {
            return new LogWriter() {
                @Override
                public void write(LogRecord record) {
                    List<String> v = new ArrayList<>();
                    record.write(new Capture(v));
                    names.add(v.get(6) + "@" + v.get(0));
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Records each field as text (enough for these tests). */
    private record Capture(List<String> out) implements FieldWriter {
        public void unset() { out.add("-"); }
        public void time(long n) { out.add(Long.toString(n / SEC)); }
        public void interval(long n) { out.add(Long.toString(n)); }
        public void string(CharSequence s) { out.add(s.toString()); }
        public void bytes(byte[] b, int o, int l) { out.add(new String(b, o, l)); }
        public void addr(long hi, long lo) { out.add(Addr.toString(hi, lo)); }
        public void port(int p) { out.add(Integer.toString(p)); }
        public void count(long n) { out.add(Long.toString(n)); }
        public void integer(long n) { out.add(Long.toString(n)); }
        public void dbl(double d) { out.add(Double.toString(d)); }
        public void bool(boolean b) { out.add(b ? "T" : "F"); }
        public void strings(Collection<String> v) { out.add(String.join(",", v)); }
        public void counts(long[] v, int n) { out.add("counts"); }
    }

    private static final long A = Addr.v4Lo(0x0A000001);
    private static final long B = Addr.v4Lo(0x0A000002);
    private static final long C = Addr.v4Lo(0x0A000003);

    @Test
    void repeatsOfTheSameWeirdOnAConnectionAreSuppressedForTenMinutes() {
        Names n = new Names();
        WeirdLog w = new WeirdLog(new LogManager(List.of(n)).stream(WeirdLog.SCHEMA));
        w.connWeird(10 * SEC, "C1", 0, A, 1, 0, B, 2, "window_recision", null, null);
        w.connWeird(20 * SEC, "C1", 0, A, 1, 0, B, 2, "window_recision", null, null);
        w.connWeird(20 * SEC, "C2", 0, A, 3, 0, B, 2, "window_recision", null, null);
        w.connWeird(611 * SEC, "C1", 0, A, 1, 0, B, 2, "window_recision", null, null);
        assertThat(n.names).containsExactly("window_recision@10", "window_recision@20", "window_recision@611");
        assertThat(w.count()).isEqualTo(4);
    }

    @Test
    void ignoredNamesAreNeverLogged() {
        Names n = new Names();
        WeirdLog w = new WeirdLog(new LogManager(List.of(n)).stream(WeirdLog.SCHEMA));
        w.connWeird(10 * SEC, "C1", 0, A, 1, 0, B, 2, "spontaneous_FIN", null, null);
        w.connWeird(10 * SEC, "C1", 0, A, 1, 0, B, 2, "unsolicited_SYN_response", null, null);
        assertThat(n.names).isEmpty();
    }

    @Test
    void checksumWeirdsAreLoggedOncePerOriginator() {
        Names n = new Names();
        WeirdLog w = new WeirdLog(new LogManager(List.of(n)).stream(WeirdLog.SCHEMA));
        w.connWeird(10 * SEC, "C1", 0, A, 1, 0, B, 2, "bad_TCP_checksum", null, "TCP");
        w.connWeird(11 * SEC, "C2", 0, A, 5, 0, C, 2, "bad_TCP_checksum", null, "TCP");
        w.connWeird(12 * SEC, "C3", 0, B, 5, 0, C, 2, "bad_TCP_checksum", null, "TCP");
        assertThat(n.names).containsExactly("bad_TCP_checksum@10", "bad_TCP_checksum@12");
    }

    @Test
    void wireBytesInAddlAreWrittenAsZeekWritesThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        // An HTTP Content-Range value with the raw byte 0xF9, carried one byte per char: Zeek writes \xf9 (seen on a
        // damaged capture against real Zeek), not the two bytes of U+00F9's UTF-8 encoding.
        try (LogManager logs = new LogManager(io.osprey.log.LogOutputs.files(dir, io.osprey.log.LogFormat.TSV))) {
            WeirdLog w = new WeirdLog(logs.stream(WeirdLog.SCHEMA));
            w.connWeird(10 * SEC, "C1", 0, A, 1, 0, B, 2, "HTTP_content_range_cannot_parse", "37\u00f9903-", "HTTP");
        }
        String log = java.nio.file.Files.readString(dir.resolve("weird.log"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(log).contains("\tHTTP_content_range_cannot_parse\t37\\xf9903-\t");
    }
}
