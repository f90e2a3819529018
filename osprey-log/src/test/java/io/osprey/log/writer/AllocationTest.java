package io.osprey.log.writer;

import static io.osprey.log.writer.TestSupport.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.log.FieldType;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogWriter;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows of numbers, times, bools and addresses must not allocate once the writer is warm (style guide §5: an
 * allocation check, not a timing test).
 */
class AllocationTest {
    @TempDir
    Path dir;

    private static final LogSchema NUMERIC = LogSchema.of("n", "ts", FieldType.TIME, "a", FieldType.ADDR,
            "p", FieldType.PORT, "b", FieldType.ADDR, "d", FieldType.INTERVAL, "c", FieldType.COUNT,
            "i", FieldType.INT, "x", FieldType.DOUBLE, "ok", FieldType.BOOL, "u", FieldType.STRING,
            "v", FieldType.VECTOR_COUNT);

    private static final long[] V4 = addr("192.168.1.20");
    private static final long[] V6 = addr("2001:db8:85a3::8a2e:370:7334");
    private static final long[] COUNTS = {1, 22, 333};

    private static final LogRecord ROW = w -> {
        w.time(1300475167_096535000L);
        w.addr(V4[0], V4[1]);
        w.port(443);
        w.addr(V6[0], V6[1]);
        w.intervalBetween(1300475167_096535000L, 1300475168_110895000L);
        w.count(123456789L);
        w.integer(-42);
        w.dbl(0.123456789);
        w.bool(true);
        w.unset();
        w.counts(COUNTS, 3);
    };

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private long bytesPerRow(Function<Path, LogWriter> open) {
        try (LogWriter w = open.apply(dir)) {
            for (int i = 0; i < 50_000; i++) {
                w.write(ROW);
            }
            long before = allocatedBytes();
            int rows = 100_000;
            for (int i = 0; i < rows; i++) {
                w.write(ROW);
            }
            return (allocatedBytes() - before) / rows;
        }
    }

    @Test
    void asciiNumericRowsDoNotAllocate() {
        long perRow = bytesPerRow(d -> new AsciiLogWriterFactory(d, ".log", TestSupport.CLOCK, true).open(NUMERIC));
        assertThat(perRow).isLessThan(8);
    }

    @Test
    void jsonNumericRowsDoNotAllocate() {
        long perRow = bytesPerRow(d -> new JsonLogWriterFactory(d, ".json").open(NUMERIC));
        assertThat(perRow).isLessThan(8);
    }
}
