package io.osprey.log;

import java.util.Collection;

/**
 * The sink a {@link LogRecord} writes its fields into, one call per field in schema order, on the thread that writes
 * the stream; values are copied during the call, so arrays and collections may be reused afterwards. Each format
 * implements it and renders values exactly as Zeek does (see {@code io.osprey.log.writer}): ASCII prints times and
 * intervals with 6 decimals, unset values as {@code -}, empty strings and containers as {@code (empty)}, escapes
 * non-printable bytes as {@code \xHH}; JSON omits unset fields, prints {@code []} for empty containers and numbers
 * with rapidjson's digits. Strings longer than 4096 bytes and containers over 100 elements are cut as Zeek's logging
 * manager cuts them. Writing fewer or more fields than the schema has throws {@link IllegalStateException}.
 */
public interface FieldWriter {
    /** The field is unset ({@code &optional} with no value). */
    void unset();

    /**
     * A {@code time}: nanoseconds since the epoch, turned into Zeek's double ({@link ZeekTime#seconds}: microseconds,
     * truncated).
     */
    void time(long epochNanos);

    /**
     * An {@code interval}: nanoseconds (as the double {@code nanos / 1e9}). For a difference of two packet times use
     * {@link #intervalBetween} so that JSON prints the same digits as Zeek.
     */
    void interval(long nanos);

    /**
     * A {@code string} (or {@code enum}) from Java text, encoded as UTF-8 and then escaped like {@link #bytes}
     * (valid UTF-8 passes through, as with Zeek's default {@code LogAscii::enable_utf_8=T}).
     */
    void string(CharSequence s);

    /** A {@code string} of raw bytes (e.g. from the wire): non-printable and non-UTF-8 bytes are escaped. */
    void bytes(byte[] b, int off, int len);

    /** An {@code addr} as two longs, IPv4 stored IPv4-mapped (see {@code io.osprey.common.net.Addr}). */
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

    /**
     * A set or vector of strings (the schema's field type says which) in the order given: Zeek prints sets in its
     * hash order, which is not reproducible, so callers pick an order. Empty gives {@code (empty)} / {@code []}.
     */
    void strings(Collection<String> values);

    /** A set or vector of counts. */
    void counts(long[] values, int n);

    /** An optional {@code string}: {@link #string}, or {@link #unset} when {@code s} is null. */
    default void optionalString(CharSequence s) {
        if (s == null) {
            unset();
        } else {
            string(s);
        }
    }

    /**
     * An optional {@code string} whose value is raw bytes carried one per char (ISO-8859-1, as the line-based
     * analyzers keep what the wire said): {@link #bytes}, or {@link #unset} when {@code s} is null.
     */
    default void optionalLatin1(String s) {
        if (s == null) {
            unset();
        } else {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            bytes(b, 0, b.length);
        }
    }

    /**
     * A {@code string} that may carry raw wire bytes one per char (ISO-8859-1), as weird.log's {@code addl} and
     * analyzer.log's reasons do: when every char is below 256 it is written as those bytes ({@link #bytes}: a byte
     * such as 0xF9 comes out as Zeek writes it, {@code \xf9}, not as the two bytes of its UTF-8 encoding);
     * otherwise (text beyond Latin-1) as {@link #string}. Allocates; for rows that are rare (weirds, violations).
     */
    default void wireString(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                string(s);
                return;
            }
        }
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        bytes(b, 0, b.length);
    }

    /** An optional {@code count}: {@link #count}, or {@link #unset} for a negative value (the records' "none"). */
    default void optionalCount(long n) {
        if (n < 0) {
            unset();
        } else {
            count(n);
        }
    }

    /**
     * An {@code interval} given as Zeek's double seconds. Use it (or {@link #intervalBetween}) for durations that
     * Zeek computes as the difference of two times: JSON prints the double's shortest digits, so
     * {@code 1300475167.110895 - 1300475167.096535} prints as {@code 0.01435995101928711}, not {@code 0.01436}.
     * The default rounds to nanoseconds and calls {@link #interval(long)}.
     */
    default void intervalSeconds(double seconds) {
        interval(Math.round(seconds * 1e9));
    }

    /**
     * A {@code time} given as Zeek's double seconds, for times that come from the wire rather than from packet
     * timestamps (e.g. NTP's timestamps, which Zeek converts as {@code secs + frac * 2^-32} from 1900). ASCII
     * rounds it to 6 decimals, JSON prints its shortest digits, as Zeek does. The default rounds to nanoseconds and
     * calls {@link #time(long)} (which truncates to microseconds); the ASCII and JSON writers render the double.
     */
    default void timeSeconds(double seconds) {
        time(Math.round(seconds * 1e9));
    }

    /**
     * An {@code interval} that is the difference {@code end - start} of two packet times, computed exactly as Zeek
     * does: each time becomes a double first ({@link ZeekTime#seconds}), then they are subtracted (e.g. conn
     * {@code duration = last_time - start_time}).
     */
    default void intervalBetween(long startEpochNanos, long endEpochNanos) {
        intervalSeconds(ZeekTime.seconds(endEpochNanos) - ZeekTime.seconds(startEpochNanos));
    }

    /**
     * A {@code subnet}: the network address and its prefix length counted in the address's own family (24 for
     * {@code 10.1.2.0/24}, even though IPv4 is stored IPv4-mapped). The default renders it as a string.
     */
    default void subnet(long hi, long lo, int prefixLength) {
        string(io.osprey.common.net.Addr.toString(hi, lo) + "/" + prefixLength);
    }

    /**
     * A set or vector of raw byte strings (e.g. from the wire), rendered like {@link #bytes} per element. The default
     * decodes them as UTF-8 (lossy) and calls {@link #strings}.
     */
    default void byteStrings(Collection<byte[]> values) {
        java.util.List<String> s = new java.util.ArrayList<>(values.size());
        for (byte[] v : values) {
            s.add(new String(v, java.nio.charset.StandardCharsets.UTF_8));
        }
        strings(s);
    }

    /** A {@code vector[interval]} of nanosecond values. */
    default void intervals(long[] nanos, int n) {
        throw new UnsupportedOperationException("intervals");
    }

    /**
     * A {@code set[addr]} or {@code vector[addr]}: {@code n} addresses packed as {@code hiLo[2*i], hiLo[2*i+1]}.
     */
    default void addrs(long[] hiLo, int n) {
        throw new UnsupportedOperationException("addrs");
    }
}
