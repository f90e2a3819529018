package io.osprey.log.writer;

import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shared plumbing of the file writers: the file is created on the first record (Zeek writes no file for a stream
 * that logged nothing), rows are rendered into one reused {@link ByteSink} and handed to the file in chunks of
 * {@link #FLUSH_THRESHOLD} bytes. The writer is also the {@link FieldWriter} it passes to records. Used from one
 * thread at a time.
 *
 * <p>I/O errors: the first one is thrown as {@link UncheckedIOException}; the writer then drops further rows and
 * {@link #close()} does not throw again.
 */
abstract sealed class FileLogWriter implements LogWriter, FieldWriter permits AsciiLogWriter, JsonLogWriter {
    /** Rendered bytes are written to the file once this many are buffered (and on flush/close). */
    static final int FLUSH_THRESHOLD = 64 * 1024;

    final LogSchema schema;
    final Path file;
    final ByteSink out = new ByteSink(FLUSH_THRESHOLD + 8 * 1024);
    /**
     * Zeek's per-stream limits with their defaults (zeek {@code scripts/base/init-bare.zeek}
     * {@code Log::default_max_field_string_bytes} etc., applied in {@code src/logging/Manager.cc}
     * {@code Manager::ValToLogVal}/{@code calculate_allowed}): a {@code string} keeps at most 4096 bytes and a row at
     * most 256000 string bytes in all; a set or vector keeps at most 100 elements and a row 500 in all. Enums are not
     * limited. Zeek also raises the weirds {@code log_string_field_truncated} / {@code log_container_field_truncated};
     * here {@link #truncations()} counts them.
     */
    static final int MAX_FIELD_STRING_BYTES = 4096;
    static final int MAX_TOTAL_STRING_BYTES = 256000;
    static final int MAX_FIELD_CONTAINER_ELEMENTS = 100;
    static final int MAX_TOTAL_CONTAINER_ELEMENTS = 500;

    /** Index of the next field of the current row. */
    int field;
    /** Type of the field being written. */
    io.osprey.log.FieldType type;
    private int rowStringBytes;
    private int rowContainerElements;
    private long truncations;
    private OutputStream stream;
    private boolean failed;
    private boolean closed;
    private byte[] scratch = new byte[256];
    private final int[] scratchLen = new int[1];

    FileLogWriter(LogSchema schema, Path file) {
        this.schema = schema;
        this.file = file;
    }

    /** The file this writer writes (it exists only once a record has been written). */
    public Path file() {
        return file;
    }

    /** Appends the file header (called once, when the file is created). */
    abstract void header();

    /** Starts a row. */
    abstract void beginRow();

    /** Ends a row; {@code rowStart} is where it began in {@link #out}. */
    abstract void endRow(int rowStart);

    /** Appends the trailer (called once, on close, only if the file was created). */
    abstract void trailer();

    @Override
    public final void write(LogRecord record) {
        if (failed || closed) {
            return;
        }
        if (stream == null) {
            open();
            if (failed) {
                return;
            }
        }
        int rowStart = out.length();
        field = 0;
        rowStringBytes = 0;
        rowContainerElements = 0;
        beginRow();
        record.write(this);
        if (field != schema.fields().size()) {
            out.setLength(rowStart);
            throw new IllegalStateException("log " + schema.path() + ": record wrote " + field + " fields, schema has "
                    + schema.fields().size());
        }
        endRow(rowStart);
        if (out.length() >= FLUSH_THRESHOLD) {
            drain();
        }
    }

    /** Counts the next field and fails fast when a record writes more fields than its schema has. */
    final int nextField() {
        int f = field++;
        if (f >= schema.fields().size()) {
            throw new IllegalStateException("log " + schema.path() + ": record wrote more than "
                    + schema.fields().size() + " fields");
        }
        type = schema.fields().get(f).type();
        return f;
    }

    /** How many of {@code len} string bytes Zeek keeps for the current field (enums: all). */
    final int allowedStringBytes(int len, boolean isEnum) {
        if (isEnum) {
            return len;
        }
        int allowed = Math.min(len, Math.min(MAX_FIELD_STRING_BYTES, MAX_TOTAL_STRING_BYTES - rowStringBytes));
        if (allowed < len) {
            truncations++;
        }
        rowStringBytes += allowed;
        return allowed;
    }

    /** How many of {@code n} container elements Zeek keeps for the current field. */
    final int allowedElements(int n) {
        int allowed = Math.min(n, Math.min(MAX_FIELD_CONTAINER_ELEMENTS,
                MAX_TOTAL_CONTAINER_ELEMENTS - rowContainerElements));
        if (allowed < n) {
            truncations++;
        }
        rowContainerElements += allowed;
        return allowed;
    }

    /** Strings and containers shortened to Zeek's limits so far (Zeek reports each as a weird). */
    public final long truncations() {
        return truncations;
    }

    /** UTF-8 bytes of {@code s} in a reused scratch array; the length is in {@link #scratchLength()}. */
    final byte[] utf8(CharSequence s) {
        scratch = ZeekStrings.utf8(s, scratch, scratchLen);
        return scratch;
    }

    final int scratchLength() {
        return scratchLen[0];
    }

    private void open() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            stream = Files.newOutputStream(file);
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException("cannot create log file " + file, e);
        }
        header();
    }

    private void drain() {
        if (out.length() == 0 || stream == null || failed) {
            out.clear();
            return;
        }
        try {
            stream.write(out.array(), 0, out.length());
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException("error writing to " + file, e);
        } finally {
            out.clear();
        }
    }

    @Override
    public final void flush() {
        if (stream == null || failed) {
            return;
        }
        drain();
        try {
            stream.flush();
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException("error writing to " + file, e);
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (stream == null) {
            return;
        }
        try {
            if (!failed) {
                trailer();
                drain();
            }
        } finally {
            try {
                stream.close();
            } catch (IOException e) {
                if (!failed) {
                    failed = true;
                    throw new UncheckedIOException("error closing " + file, e);
                }
            }
        }
    }
}
