package io.osprey.log.writer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that log rows are rendered into. Writers keep one and reuse it for every row, so rendering
 * numbers and addresses allocates nothing once the buffer has reached its working size. Not thread-safe.
 */
final class ByteSink implements io.osprey.common.net.Addr.CharSink {
    private byte[] buf;
    private int len;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    /** Bytes written so far. */
    int length() {
        return len;
    }

    /** The backing array; valid up to {@link #length()}. */
    byte[] array() {
        return buf;
    }

    /** Forgets the content, keeping the array. */
    void clear() {
        len = 0;
    }

    /** Truncates to {@code newLength} bytes. */
    void setLength(int newLength) {
        len = newLength;
    }

    /** Makes room for {@code n} more bytes. */
    void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    @Override
    public void put(char c) {
        put((int) c);
    }

    void put(int b) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = (byte) b;
    }

    void put(byte[] b) {
        put(b, 0, b.length);
    }

    void put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /** Appends a string known to be ASCII (header keys, constants). */
    void putAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    /** Inserts {@code b} at {@code pos}, shifting the rest right. */
    void insert(int pos, byte[] b) {
        ensure(b.length);
        System.arraycopy(buf, pos, buf, pos + b.length, len - pos);
        System.arraycopy(b, 0, buf, pos, b.length);
        len += b.length;
    }

    /** Decodes the content as UTF-8 (tests and diagnostics only). */
    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
