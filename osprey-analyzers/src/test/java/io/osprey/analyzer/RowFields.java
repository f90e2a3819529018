package io.osprey.analyzer;

import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;

import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For the fuzz tests: writes a log row into a writer that only counts its fields, asserting that the row writes
 * exactly its schema's columns and never a negative count (so rows built from mutated input always render).
 */
public final class RowFields implements FieldWriter {
    private int fields;

    /** Writes {@code row}: exactly one call per column of {@code schema}. */
    public void row(LogRecord row, LogSchema schema) {
        fields = 0;
        row.write(this);
        assertThat(fields).isEqualTo(schema.fields().size());
    }

    @Override public void unset() { fields++; }
    @Override public void time(long epochNanos) { fields++; }
    @Override public void interval(long nanos) { fields++; }
    @Override public void string(CharSequence s) { assertThat(s).isNotNull(); fields++; }
    @Override public void bytes(byte[] b, int off, int len) { assertThat(len).isNotNegative(); fields++; }
    @Override public void addr(long hi, long lo) { fields++; }
    @Override public void port(int port) { fields++; }
    @Override public void count(long n) { assertThat(n).isNotNegative(); fields++; }
    @Override public void integer(long n) { fields++; }
    @Override public void dbl(double d) { fields++; }
    @Override public void bool(boolean b) { fields++; }
    @Override public void strings(Collection<String> values) { fields++; }
    @Override public void counts(long[] values, int n) { fields++; }
    @Override public void addrs(long[] hiLo, int n) { fields++; }
}
