package io.osprey.log;

/**
 * Creates the writers of a stream (the plug-in point for new outputs such as Kafka or Parquet). The
 * {@link LogManager} calls it once per stream and format, on the first record of that stream.
 */
public interface LogWriterFactory {
    /** A writer for {@code schema}. */
    LogWriter open(LogSchema schema);
}
