package io.osprey.log.writer;

import io.osprey.log.LogSchema;
import io.osprey.log.LogWriterFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Creates {@link AsciiLogWriter}s writing {@code <dir>/<path><suffix>} (Zeek: {@code <path>.log}, the extension
 * being {@code ZEEK_LOG_SUFFIX} or "log", {@code Ascii::LogExt}). The file itself is created on the stream's first
 * record.
 */
public final class AsciiLogWriterFactory implements LogWriterFactory {
    /** The file suffix Zeek uses. */
    public static final String DEFAULT_SUFFIX = ".log";

    private final Path dir;
    private final String suffix;
    private final Clock clock;
    private final boolean enableUtf8;

    /** Zeek's defaults: {@code <path>.log} in {@code dir}, system clock and time zone, UTF-8 passed through. */
    public AsciiLogWriterFactory(Path dir) {
        this(dir, DEFAULT_SUFFIX, Clock.systemDefaultZone(), true);
    }

    /**
     * @param dir        output directory (created when the first file is)
     * @param suffix     appended to the log path to name the file, e.g. {@code .log}
     * @param clock      wall clock and zone for the {@code #open}/{@code #close} lines
     * @param enableUtf8 {@code LogAscii::enable_utf_8} (Zeek default T): pass valid UTF-8 through; when false every
     *                   byte outside 0x20..0x7E is escaped
     */
    public AsciiLogWriterFactory(Path dir, String suffix, Clock clock, boolean enableUtf8) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.suffix = Objects.requireNonNull(suffix, "suffix");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.enableUtf8 = enableUtf8;
    }

    @Override
    public AsciiLogWriter open(LogSchema schema) {
        return new AsciiLogWriter(schema, dir.resolve(schema.path() + suffix), clock, enableUtf8);
    }
}
