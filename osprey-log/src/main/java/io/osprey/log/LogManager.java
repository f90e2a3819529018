package io.osprey.log;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns the log streams of a run and the writer factories they use (Zeek's logging {@code Manager}). The CLI builds
 * one with the chosen formats and output directory; analyzers ask for their stream by schema once, at start-up.
 */
public final class LogManager implements AutoCloseable {
    private final List<LogWriterFactory> factories;
    private final Map<String, LogStream> streams = new LinkedHashMap<>();

    /** A manager whose streams write to every factory given (e.g. TSV and JSON files in one directory). */
    public LogManager(List<LogWriterFactory> factories) {
        this.factories = new ArrayList<>(factories);
    }

    /** The stream for {@code schema}, created on first use; the same schema path always gives the same stream. */
    public LogStream stream(LogSchema schema) {
        return streams.computeIfAbsent(schema.path(), p -> new LogStream(schema, factories));
    }

    /** All streams created so far, in creation order. */
    public Iterable<LogStream> streams() {
        return streams.values();
    }

    /** Flushes all streams. */
    public void flush() {
        streams.values().forEach(LogStream::flush);
    }

    /**
     * Closes all streams (ASCII files get their #close line). Every stream is closed even if one fails; the first
     * failure is rethrown afterwards with the others suppressed.
     */
    @Override
    public void close() {
        RuntimeException first = null;
        for (LogStream s : streams.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
