package io.osprey.log.writer;

import io.osprey.log.Field;
import io.osprey.log.FieldType;
import io.osprey.log.LogSchema;
import io.osprey.log.ZeekTime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;

/**
 * JSON lines exactly as Zeek writes them with {@code LogAscii::use_json=T} (zeek
 * {@code src/threading/formatters/JSON.cc}, rapidjson writer): one object per line, no header or trailer
 * ({@code InitFormatter} turns {@code include_meta} off), keys are the flat dotted field names, unset fields are left
 * out ({@code json_include_unset_fields=F}), times are epoch seconds ({@code json_timestamps=JSON::TS_EPOCH}) and,
 * like intervals and doubles, printed with rapidjson's Grisu2 ({@link Grisu2}: {@code 1300475167.096535},
 * {@code 1.0}, {@code 1e-7}), counts/ports/ints as integers, bools {@code true}/{@code false}, addresses and subnets
 * as strings, sets and vectors as arrays ({@code []} when empty), strings per
 * {@code json_string_escape_policy=JSON::STRING_ESCAPE_POLICY_HEX} ({@link ZeekStrings#jsonString}).
 *
 * <p>Jackson's {@code JsonGenerator} is not used: its doubles are Java's shortest digits in Java notation
 * ({@code 1.0E-7}) where Zeek prints rapidjson's Grisu2 ({@code 1e-7}), and its string escaping differs for control
 * and invalid UTF-8 bytes; writing bytes by hand is both exact and allocation-free.
 */
public final class JsonLogWriter extends FileLogWriter {
    private final byte[][] keys;
    private final Grisu2 grisu = new Grisu2();
    private boolean any;

    JsonLogWriter(LogSchema schema, Path file) {
        super(schema, file);
        keys = new byte[schema.fields().size()][];
        ByteSink k = new ByteSink(64);
        for (int i = 0; i < keys.length; i++) {
            Field f = schema.fields().get(i);
            k.clear();
            byte[] name = f.name().getBytes(StandardCharsets.UTF_8);
            ZeekStrings.jsonString(k, name, 0, name.length);
            k.put(':');
            keys[i] = java.util.Arrays.copyOf(k.array(), k.length());
        }
    }

    @Override
    void header() {
    }

    @Override
    void trailer() {
    }

    @Override
    void beginRow() {
        any = false;
        out.put('{');
    }

    @Override
    void endRow(int rowStart) {
        out.put('}');
        out.put('\n');
    }

    /** Writes the key of the next field (and the comma before it). */
    private void key() {
        int f = nextField();
        if (any) {
            out.put(',');
        }
        any = true;
        out.put(keys[f]);
    }

    @Override
    public void unset() {
        nextField();
    }

    @Override
    public void time(long epochNanos) {
        key();
        grisu.write(out, ZeekTime.seconds(epochNanos));
    }

    @Override
    public void timeSeconds(double seconds) {
        key();
        grisu.write(out, seconds);
    }

    @Override
    public void interval(long nanos) {
        key();
        grisu.write(out, nanos / 1e9);
    }

    @Override
    public void intervalSeconds(double seconds) {
        key();
        grisu.write(out, seconds);
    }

    @Override
    public void string(CharSequence s) {
        key();
        byte[] b = utf8(s);
        ZeekStrings.jsonString(out, b, 0, allowedStringBytes(scratchLength(), type == FieldType.ENUM));
    }

    @Override
    public void bytes(byte[] b, int off, int len) {
        key();
        ZeekStrings.jsonString(out, b, off, allowedStringBytes(len, type == FieldType.ENUM));
    }

    @Override
    public void addr(long hi, long lo) {
        key();
        out.put('"');
        ZeekNumbers.addr(out, hi, lo);
        out.put('"');
    }

    @Override
    public void subnet(long hi, long lo, int prefixLength) {
        key();
        out.put('"');
        ZeekNumbers.subnet(out, hi, lo, prefixLength);
        out.put('"');
    }

    @Override
    public void port(int port) {
        key();
        ZeekNumbers.unsigned(out, port & 0xFFFFFFFFL);
    }

    @Override
    public void count(long n) {
        key();
        ZeekNumbers.unsigned(out, n);
    }

    @Override
    public void integer(long n) {
        key();
        ZeekNumbers.signed(out, n);
    }

    @Override
    public void dbl(double d) {
        key();
        grisu.write(out, d);
    }

    @Override
    public void bool(boolean b) {
        key();
        out.putAscii(b ? "true" : "false");
    }

    @Override
    public void strings(Collection<String> values) {
        key();
        out.put('[');
        if (values != null) {
            int allowed = allowedElements(values.size());
            boolean isEnum = type == FieldType.SET_ENUM;
            int i = 0;
            for (String v : values) {
                if (i == allowed) {
                    break;
                }
                if (i++ > 0) {
                    out.put(',');
                }
                byte[] b = utf8(v);
                ZeekStrings.jsonString(out, b, 0, allowedStringBytes(scratchLength(), isEnum));
            }
        }
        out.put(']');
    }

    @Override
    public void byteStrings(Collection<byte[]> values) {
        key();
        out.put('[');
        if (values != null) {
            int allowed = allowedElements(values.size());
            boolean isEnum = type == FieldType.SET_ENUM;
            int i = 0;
            for (byte[] v : values) {
                if (i == allowed) {
                    break;
                }
                if (i++ > 0) {
                    out.put(',');
                }
                ZeekStrings.jsonString(out, v, 0, allowedStringBytes(v.length, isEnum));
            }
        }
        out.put(']');
    }

    @Override
    public void counts(long[] values, int n) {
        key();
        n = allowedElements(n);
        out.put('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.put(',');
            }
            ZeekNumbers.unsigned(out, values[i]);
        }
        out.put(']');
    }

    @Override
    public void intervals(long[] nanos, int n) {
        key();
        n = allowedElements(n);
        out.put('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.put(',');
            }
            grisu.write(out, nanos[i] / 1e9);
        }
        out.put(']');
    }

    @Override
    public void addrs(long[] hiLo, int n) {
        key();
        n = allowedElements(n);
        out.put('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.put(',');
            }
            out.put('"');
            ZeekNumbers.addr(out, hiLo[2 * i], hiLo[2 * i + 1]);
            out.put('"');
        }
        out.put(']');
    }
}
