package io.osprey.log;

/**
 * Something that can be written as one row of a log: it emits its fields, in its schema's order, one
 * {@link FieldWriter} call per field. Records are built per transaction or connection, never per packet.
 */
public interface LogRecord {
    /** Writes every field of the schema, in order. */
    void write(FieldWriter w);
}
