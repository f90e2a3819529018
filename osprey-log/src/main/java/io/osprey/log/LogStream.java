package io.osprey.log;

import java.util.List;

/**
 * One log stream (e.g. conn): a schema and the writers it fans out to. Writers are opened lazily on the first
 * record, so a stream that logs nothing leaves no file, as in Zeek. Used from one thread.
 */
public final class LogStream {
    private final LogSchema schema;
    private final List<LogWriterFactory> factories;
    private LogWriter[] writers;
    private long records;

    LogStream(LogSchema schema, List<LogWriterFactory> factories) {
        this.schema = schema;
        this.factories = List.copyOf(factories);
    }

    /** The stream's schema. */
    public LogSchema schema() {
        return schema;
    }

    /** Number of records written so far. */
    public long records() {
        return records;
    }

    /** Writes one record to every output of this stream. */
    public void write(LogRecord record) {
        if (writers == null) {
            writers = new LogWriter[factories.size()];
            for (int i = 0; i < writers.length; i++) {
                writers[i] = factories.get(i).open(schema);
            }
        }
        for (LogWriter w : writers) {
            w.write(record);
        }
        records++;
    }

    /** Flushes every opened writer. */
    public void flush() {
        if (writers != null) {
            for (LogWriter w : writers) {
                w.flush();
            }
        }
    }

    /** Closes every opened writer; all are closed even if one fails, and the first failure is rethrown. */
    public void close() {
        if (writers == null) {
            return;
        }
        RuntimeException first = null;
        for (LogWriter w : writers) {
            try {
                w.close();
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
