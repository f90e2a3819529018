package io.osprey.log;

import java.util.Collection;

/**
 * The sink a {@link LogRecord} writes its fields into, one call per field in schema order. Each format (Zeek ASCII,
 * JSON) implements it and renders values exactly as Zeek does: times and intervals with 6 decimals, unset values
 * as {@code -} (ASCII) or omitted (JSON), empty containers as {@code (empty)} / {@code []}, non-printable bytes
 * escaped as {@code \xHH}.
 */
public interface FieldWriter {
    /** The field is unset ({@code &optional} with no value). */
    void unset();

    /** A {@code time}: nanoseconds since the epoch. */
    void time(long epochNanos);

    /** An {@code interval}: nanoseconds. */
    void interval(long nanos);

    /** A {@code string} (or {@code enum}) from Java text; characters above 0x7F are written as UTF-8. */
    void string(CharSequence s);

    /** A {@code string} of raw bytes (e.g. from the wire): non-printable and non-UTF-8 bytes are escaped. */
    void bytes(byte[] b, int off, int len);

    /** An {@code addr}, see io.osprey.common.net.Addr. */
    void addr(long hi, long lo);

    /** A {@code port}: the number only (the protocol is implied by the log). */
    void port(int port);

    /** A {@code count}. */
    void count(long n);

    /** An {@code int}. */
    void integer(long n);

    /** A {@code double}. */
    void dbl(double d);

    /** A {@code bool}: T/F in ASCII, true/false in JSON. */
    void bool(boolean b);

    /** A set or vector of strings (the schema's field type says which); empty gives {@code (empty)}. */
    void strings(Collection<String> values);

    /** A set or vector of counts. */
    void counts(long[] values, int n);
}
