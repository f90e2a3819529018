package io.osprey.log.writer;

import io.osprey.log.Field;
import io.osprey.log.FieldType;
import io.osprey.log.LogSchema;
import io.osprey.log.ZeekTime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/**
 * Zeek's ASCII log format, byte for byte (zeek {@code src/logging/writers/ascii/Ascii.cc} with the defaults of
 * {@code scripts/base/frameworks/logging/writers/ascii.zeek}: tab separator, {@code ,} set separator,
 * {@code (empty)}, {@code -}, {@code enable_utf_8=T}, meta header on, no gzip). The header is
 *
 * <pre>
 * #separator \x09
 * #set_separator	,
 * #empty_field	(empty)
 * #unset_field	-
 * #path	conn
 * #open	2026-11-23-21-07-00
 * #fields	ts	uid	...
 * #types	time	string	...
 * </pre>
 *
 * then one line per record and {@code #close} with the close time. {@code #separator} uses a space ("always use
 * space as separator here", {@code Ascii::WriteHeader}); the other meta lines use the separator. {@code #open} and
 * {@code #close} are wall-clock local times, {@code %Y-%m-%d-%H-%M-%S} ({@code Ascii::Timestamp(0)},
 * {@code localtime_r}). A row whose first byte is {@code #} gets it escaped as {@code \x23}
 * ({@code Ascii::DoWrite}). Value rendering: see {@link ZeekNumbers} and {@link ZeekStrings}.
 *
 * <p>Rendering numbers, times, bools and addresses allocates nothing; strings from Java text are encoded to UTF-8
 * in a reused scratch array.
 */
public final class AsciiLogWriter extends FileLogWriter {
    private static final DateTimeFormatter META_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");

    private final Clock clock;
    private final boolean utf8;

    AsciiLogWriter(LogSchema schema, Path file, Clock clock, boolean utf8) {
        super(schema, file);
        this.clock = clock;
        this.utf8 = utf8;
    }

    /** {@code Ascii::Timestamp(0)}: now, local time, whole seconds. */
    static String metaTime(Clock clock) {
        return LocalDateTime.ofInstant(clock.instant(), clock.getZone()).format(META_TIME);
    }

    @Override
    void header() {
        out.putAscii("#separator ");
        byte[] sep = {ZeekStrings.SEPARATOR};
        headerValue(sep);
        out.put('\n');
        headerField("set_separator", new byte[] {ZeekStrings.SET_SEPARATOR}, true);
        headerField("empty_field", ZeekStrings.EMPTY, true);
        headerField("unset_field", ZeekStrings.UNSET, true);
        headerField("path", schema.path().getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
        headerField("open", metaTime(clock).getBytes(java.nio.charset.StandardCharsets.US_ASCII), false);
        out.putAscii("#fields");
        for (Field f : schema.fields()) {
            out.put(ZeekStrings.SEPARATOR);
            out.put(f.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        out.put('\n');
        out.putAscii("#types");
        for (Field f : schema.fields()) {
            out.put(ZeekStrings.SEPARATOR);
            out.putAscii(f.type().zeekName());
        }
        out.put('\n');
    }

    private void headerField(String key, byte[] value, boolean escaped) {
        out.put('#');
        out.putAscii(key);
        out.put(ZeekStrings.SEPARATOR);
        if (escaped) {
            headerValue(value);
        } else {
            out.put(value);
        }
        out.put('\n');
    }

    /**
     * {@code util::get_escaped_string(s, false)} (zeek {@code src/util.cc}): whitespace, non-ASCII and non-printable
     * bytes as {@code \xHH}, everything else (backslash included) as is.
     */
    private void headerValue(byte[] value) {
        for (byte v : value) {
            int c = v & 0xFF;
            if (c <= 0x20 || c >= 0x7F) {
                ZeekNumbers.hexEscape(out, c);
            } else {
                out.put(c);
            }
        }
    }

    @Override
    void trailer() {
        out.putAscii("#close");
        out.put(ZeekStrings.SEPARATOR);
        out.putAscii(metaTime(clock));
        out.put('\n');
    }

    @Override
    void beginRow() {
    }

    @Override
    void endRow(int rowStart) {
        out.put('\n');
        if (out.array()[rowStart] == '#') {
            // Ascii::DoWrite: a row must never look like a meta line.
            out.array()[rowStart] = '\\';
            out.insert(rowStart + 1, new byte[] {'x', '2', '3'});
        }
    }

    private void sep() {
        if (nextField() > 0) {
            out.put(ZeekStrings.SEPARATOR);
        }
    }

    @Override
    public void unset() {
        sep();
        out.put(ZeekStrings.UNSET);
    }

    @Override
    public void time(long epochNanos) {
        sep();
        ZeekNumbers.fixed6(out, ZeekTime.seconds(epochNanos));
    }

    @Override
    public void timeSeconds(double seconds) {
        sep();
        ZeekNumbers.fixed6(out, seconds);
    }

    @Override
    public void interval(long nanos) {
        sep();
        ZeekNumbers.fixed6(out, nanos / 1e9);
    }

    @Override
    public void intervalSeconds(double seconds) {
        sep();
        ZeekNumbers.fixed6(out, seconds);
    }

    @Override
    public void string(CharSequence s) {
        sep();
        byte[] b = utf8(s);
        ZeekStrings.asciiValue(out, b, 0, allowedStringBytes(scratchLength(), type == FieldType.ENUM), false, utf8);
    }

    @Override
    public void bytes(byte[] b, int off, int len) {
        sep();
        ZeekStrings.asciiValue(out, b, off, allowedStringBytes(len, type == FieldType.ENUM), false, utf8);
    }

    @Override
    public void addr(long hi, long lo) {
        sep();
        ZeekNumbers.addr(out, hi, lo);
    }

    @Override
    public void subnet(long hi, long lo, int prefixLength) {
        sep();
        ZeekNumbers.subnet(out, hi, lo, prefixLength);
    }

    @Override
    public void port(int port) {
        sep();
        ZeekNumbers.unsigned(out, port & 0xFFFFFFFFL);
    }

    @Override
    public void count(long n) {
        sep();
        ZeekNumbers.unsigned(out, n);
    }

    @Override
    public void integer(long n) {
        sep();
        ZeekNumbers.signed(out, n);
    }

    @Override
    public void dbl(double d) {
        sep();
        ZeekNumbers.zeekDouble(out, d);
    }

    @Override
    public void bool(boolean b) {
        sep();
        out.put(b ? 'T' : 'F');
    }

    @Override
    public void strings(Collection<String> values) {
        sep();
        if (values == null || values.isEmpty()) {
            out.put(ZeekStrings.EMPTY);
            return;
        }
        int allowed = allowedElements(values.size());
        if (allowed == 0) {
            out.put(ZeekStrings.EMPTY);
            return;
        }
        boolean isEnum = type == FieldType.SET_ENUM;
        int i = 0;
        for (String v : values) {
            if (i == allowed) {
                break;
            }
            if (i++ > 0) {
                out.put(ZeekStrings.SET_SEPARATOR);
            }
            byte[] b = utf8(v);
            ZeekStrings.asciiValue(out, b, 0, allowedStringBytes(scratchLength(), isEnum), true, utf8);
        }
    }

    @Override
    public void byteStrings(Collection<byte[]> values) {
        sep();
        if (values == null || values.isEmpty()) {
            out.put(ZeekStrings.EMPTY);
            return;
        }
        int allowed = allowedElements(values.size());
        if (allowed == 0) {
            out.put(ZeekStrings.EMPTY);
            return;
        }
        boolean isEnum = type == FieldType.SET_ENUM;
        int i = 0;
        for (byte[] v : values) {
            if (i == allowed) {
                break;
            }
            if (i++ > 0) {
                out.put(ZeekStrings.SET_SEPARATOR);
            }
            ZeekStrings.asciiValue(out, v, 0, allowedStringBytes(v.length, isEnum), true, utf8);
        }
    }

    @Override
    public void counts(long[] values, int n) {
        sep();
        n = allowedElements(n);
        if (n == 0) {
            out.put(ZeekStrings.EMPTY);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.put(ZeekStrings.SET_SEPARATOR);
            }
            ZeekNumbers.unsigned(out, values[i]);
        }
    }

    @Override
    public void intervals(long[] nanos, int n) {
        sep();
        n = allowedElements(n);
        if (n == 0) {
            out.put(ZeekStrings.EMPTY);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.put(ZeekStrings.SET_SEPARATOR);
            }
            ZeekNumbers.fixed6(out, nanos[i] / 1e9);
        }
    }

    @Override
    public void addrs(long[] hiLo, int n) {
        sep();
        n = allowedElements(n);
        if (n == 0) {
            out.put(ZeekStrings.EMPTY);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.put(ZeekStrings.SET_SEPARATOR);
            }
            ZeekNumbers.addr(out, hiLo[2 * i], hiLo[2 * i + 1]);
        }
    }
}
