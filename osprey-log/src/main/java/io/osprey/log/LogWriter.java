package io.osprey.log;

/**
 * One output of one log stream (Zeek's {@code WriterBackend}): the ASCII file {@code conn.log}, the JSON file, and
 * later Kafka or Parquet. Created lazily on the first record (Zeek writes no file for a stream that logged nothing).
 * Called from one thread at a time.
 */
public interface LogWriter extends AutoCloseable {
    /** Writes one row. */
    void write(LogRecord record);

    /** Pushes buffered rows to the destination. */
    void flush();

    /** Flushes and finishes the output (ASCII writes its {@code #close} line). Never throws on I/O errors twice. */
    @Override
    void close();
}
