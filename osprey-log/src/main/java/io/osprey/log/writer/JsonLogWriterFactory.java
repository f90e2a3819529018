package io.osprey.log.writer;

import io.osprey.log.LogSchema;
import io.osprey.log.LogWriterFactory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Creates {@link JsonLogWriter}s writing {@code <dir>/<path><suffix>}: {@code .log} when JSON is the only format
 * (what Zeek writes with {@code LogAscii::use_json=T}), {@code .json} next to ASCII logs
 * (see {@link io.osprey.log.LogOutputs}). The file itself is created on the stream's first record.
 */
public final class JsonLogWriterFactory implements LogWriterFactory {
    private final Path dir;
    private final String suffix;

    /**
     * @param dir    output directory (created when the first file is)
     * @param suffix appended to the log path to name the file: {@code .log} or {@code .json}
     */
    public JsonLogWriterFactory(Path dir, String suffix) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.suffix = Objects.requireNonNull(suffix, "suffix");
    }

    @Override
    public JsonLogWriter open(LogSchema schema) {
        return new JsonLogWriter(schema, dir.resolve(schema.path() + suffix));
    }
}
