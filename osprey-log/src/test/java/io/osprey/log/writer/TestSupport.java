package io.osprey.log.writer;

import io.osprey.common.net.Addr;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** Helpers shared by the writer tests. */
final class TestSupport {
    /** 2026-11-23 21:07:00 UTC, in UTC: the #open/#close lines read {@code 2026-11-23-21-07-00}. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T21:07:00Z"), ZoneOffset.UTC);

    private static final Pattern META_TIME = Pattern.compile("(?m)^#(open|close)[\\t ][^\\n]*$");

    private TestSupport() {
    }

    /** Writes {@code records} with a fresh ASCII writer (fixed clock) and returns the file's bytes. */
    static byte[] ascii(Path dir, LogSchema schema, List<LogRecord> records) {
        return run(new AsciiLogWriterFactory(dir, ".log", CLOCK, true).open(schema), records);
    }

    /** Writes {@code records} with a fresh JSON writer and returns the file's bytes. */
    static byte[] json(Path dir, LogSchema schema, List<LogRecord> records) {
        return run(new JsonLogWriterFactory(dir, ".json").open(schema), records);
    }

    private static byte[] run(FileLogWriter w, List<LogRecord> records) {
        try (LogWriter lw = w) {
            for (LogRecord r : records) {
                lw.write(r);
            }
        }
        try {
            return Files.readAllBytes(w.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text with the #open/#close times masked (they are wall-clock times). */
    static String maskMeta(String s) {
        return META_TIME.matcher(s).replaceAll("#$1 XXXX-XX-XX-XX-XX-XX");
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A test resource next to this class, as raw bytes. */
    static byte[] resource(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resourceText(String name) {
        return text(resource(name));
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static long[] addr(String text) {
        long[] a = new long[2];
        if (!Addr.parse(text, a)) {
            throw new IllegalArgumentException(text);
        }
        return a;
    }
}
