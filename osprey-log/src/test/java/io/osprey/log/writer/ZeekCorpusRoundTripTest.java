package io.osprey.log.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osprey.common.net.Addr;
import io.osprey.log.Field;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance against the expected logs of Zeek's own test suite (the shared corpus, if present): every value of
 * every ASCII log is parsed back (unescaping {@code \xHH} and {@code \\}) and rendered again through
 * {@link AsciiLogWriter}; the output must equal Zeek's text field by field, and the header lines must be identical.
 * Masked values ({@code XXXXXXXXXX.XXXXXX}) and value kinds that do not survive parsing (doubles Zeek printed without
 * {@code .0}, field types Osprey does not model) are skipped and counted. Also renders the JSON of the
 * {@code json-non-printable-escaping} case from its ASCII twin.
 */
class ZeekCorpusRoundTripTest {
    @TempDir
    Path tmp;

    private static final String MASK = "XXXXXXXXXX.XXXXXX";

    /** The corpus' cases directory: -Dosprey.zeek.corpus, else shared/corpus/zeek/cases above the working dir. */
    static Path corpus() {
        String prop = System.getProperty("osprey.zeek.corpus");
        if (prop != null && !prop.isBlank()) {
            Path c = Paths.get(prop);
            return Files.isDirectory(c) ? c : null;
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/corpus/zeek/cases");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return null;
    }

    /** One field's parsed value, replayed into a FieldWriter; null means "skip this field". */
    private interface Value {
        void write(FieldWriter w);
    }

    private static FieldType type(String zeek) {
        for (FieldType t : FieldType.values()) {
            if (t.zeekName().equals(zeek)) {
                return t;
            }
        }
        return null;
    }

    static byte[] unescape(String s) {
        byte[] in = s.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\\' && i + 1 < in.length && in[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (in[i] == '\\' && i + 3 < in.length && in[i + 1] == 'x') {
                out.write(Integer.parseInt(new String(in, i + 2, 2, StandardCharsets.ISO_8859_1), 16));
                i += 3;
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }

    private static long[] parseAddr(String s) {
        long[] a = new long[2];
        if (!Addr.parse(s, a)) {
            throw new IllegalArgumentException(s);
        }
        return a;
    }

    private static long timeNanos(String s) {
        int dot = s.indexOf('.');
        long sec = Long.parseLong(s.substring(0, dot));
        long usec = Long.parseLong(s.substring(dot + 1));
        if (s.substring(dot + 1).length() != 6 || sec < 0) {
            throw new IllegalArgumentException(s);
        }
        return sec * 1_000_000_000L + usec * 1000;
    }

    /** Parses one field's text; returns null when it cannot be replayed exactly. */
    private static Value parse(FieldType t, String text) {
        if (t == null || text.contains("XXX")) {
            return null;
        }
        if (text.equals("-")) {
            return FieldWriter::unset;
        }
        return switch (t) {
            case TIME -> {
                long n = timeNanos(text);
                yield w -> w.time(n);
            }
            case INTERVAL -> {
                double d = Double.parseDouble(text);
                yield w -> w.intervalSeconds(d);
            }
            case DOUBLE -> {
                if (!text.contains(".")) {
                    yield null; // printed without ".0": not an integer-valued double, not invertible
                }
                double d = Double.parseDouble(text);
                yield w -> w.dbl(d);
            }
            case STRING, ENUM -> {
                byte[] b = text.equals("(empty)") ? new byte[0] : unescape(text);
                yield w -> w.bytes(b, 0, b.length);
            }
            case ADDR -> {
                long[] a = parseAddr(text);
                yield w -> w.addr(a[0], a[1]);
            }
            case SUBNET -> {
                int slash = text.indexOf('/');
                long[] a = parseAddr(text.substring(0, slash));
                int len = Integer.parseInt(text.substring(slash + 1));
                yield w -> w.subnet(a[0], a[1], len);
            }
            case PORT -> {
                int p = Integer.parseInt(text);
                yield w -> w.port(p);
            }
            case COUNT -> {
                long c = Long.parseUnsignedLong(text);
                yield w -> w.count(c);
            }
            case INT -> {
                long c = Long.parseLong(text);
                yield w -> w.integer(c);
            }
            case BOOL -> {
                boolean b = switch (text) {
                    case "T" -> true;
                    case "F" -> false;
                    default -> throw new IllegalArgumentException(text);
                };
                yield w -> w.bool(b);
            }
            default -> container(t, text);
        };
    }

    private static Value container(FieldType t, String text) {
        String[] parts = text.equals("(empty)") ? new String[0] : text.split(",", -1);
        return switch (t) {
            case SET_STRING, SET_ENUM, VECTOR_STRING -> {
                List<byte[]> v = new ArrayList<>();
                for (String p : parts) {
                    v.add(p.equals("(empty)") ? new byte[0] : unescape(p));
                }
                yield w -> w.byteStrings(v);
            }
            case SET_COUNT, VECTOR_COUNT -> {
                long[] v = Arrays.stream(parts).mapToLong(Long::parseUnsignedLong).toArray();
                yield w -> w.counts(v, v.length);
            }
            case VECTOR_INTERVAL -> {
                long[] v = new long[parts.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.round(Double.parseDouble(parts[i]) * 1e6) * 1000;
                }
                yield w -> w.intervals(v, v.length);
            }
            case SET_ADDR, VECTOR_ADDR -> {
                long[] v = new long[2 * parts.length];
                for (int i = 0; i < parts.length; i++) {
                    long[] a = parseAddr(parts[i]);
                    v[2 * i] = a[0];
                    v[2 * i + 1] = a[1];
                }
                yield w -> w.addrs(v, parts.length);
            }
            default -> null;
        };
    }

    private record Parsed(LogSchema schema, boolean allTypesKnown, List<String> header, List<String[]> rows,
                          List<Value[]> values) {
    }

    private static Parsed parseLog(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        if (!lines.isEmpty() && lines.getFirst().startsWith("### ")) {
            lines.removeFirst();
        }
        String path = null;
        String[] names = null;
        String[] types = null;
        List<String> header = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("#")) {
                if (l.startsWith("#path\t")) {
                    path = l.substring(6);
                } else if (l.startsWith("#fields\t")) {
                    names = l.substring(8).split("\t", -1);
                } else if (l.startsWith("#types\t")) {
                    types = l.substring(7).split("\t", -1);
                }
                if (!l.startsWith("#open") && !l.startsWith("#close")) {
                    header.add(l);
                }
            } else {
                rows.add(l.split("\t", -1));
            }
        }
        if (path == null || names == null || types == null || names.length != types.length) {
            return null;
        }
        List<Field> fields = new ArrayList<>();
        boolean known = true;
        for (int i = 0; i < names.length; i++) {
            FieldType t = type(types[i]);
            known &= t != null;
            fields.add(new Field(names[i], t == null ? FieldType.STRING : t));
        }
        List<Value[]> values = new ArrayList<>();
        for (String[] r : rows) {
            Value[] v = new Value[names.length];
            for (int i = 0; i < names.length && i < r.length; i++) {
                try {
                    v[i] = parse(type(types[i]), r[i]);
                } catch (RuntimeException e) {
                    v[i] = null;
                }
            }
            values.add(v);
        }
        return new Parsed(new LogSchema(path, fields), known, header, rows, values);
    }

    private static LogRecord record(Value[] v) {
        return w -> {
            for (Value x : v) {
                if (x == null) {
                    w.string("\u0000skip");
                } else {
                    x.write(w);
                }
            }
        };
    }

    @Test
    void everyCorpusValueRendersAsZeekWroteIt() throws IOException {
        Path cases = corpus();
        assumeTrue(cases != null, "Zeek corpus not present");
        List<Path> logs;
        try (Stream<Path> s = Files.walk(cases, 2)) {
            logs = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        long compared = 0;
        long skipped = 0;
        int files = 0;
        List<String> failures = new ArrayList<>();
        for (Path log : logs) {
            Parsed p = parseLog(log);
            if (p == null || p.rows().isEmpty()) {
                continue;
            }
            files++;
            Path out = tmp.resolve(Integer.toString(files));
            List<LogRecord> records = p.values().stream().map(ZeekCorpusRoundTripTest::record).toList();
            String mine = TestSupport.text(TestSupport.ascii(out, p.schema(), records));
            List<String> myHeader = new ArrayList<>();
            List<String> myRows = new ArrayList<>();
            for (String l : mine.split("\n")) {
                if (l.startsWith("#")) {
                    if (!l.startsWith("#open") && !l.startsWith("#close")) {
                        myHeader.add(l);
                    }
                } else {
                    myRows.add(l);
                }
            }
            if (p.allTypesKnown() && !myHeader.equals(p.header())) {
                failures.add(log + ": header " + myHeader + " != " + p.header());
            }
            for (int r = 0; r < p.rows().size(); r++) {
                String[] want = p.rows().get(r);
                String[] got = myRows.get(r).split("\t", -1);
                for (int f = 0; f < want.length; f++) {
                    if (p.values().get(r)[f] == null) {
                        skipped++;
                        continue;
                    }
                    compared++;
                    if (!want[f].equals(got[f])) {
                        failures.add(log.getParent().getFileName() + "/" + log.getFileName() + " row " + (r + 1)
                                + " field " + p.schema().fields().get(f).name() + ": got '" + got[f] + "' want '"
                                + want[f] + "'");
                    }
                }
            }
        }
        System.out.printf("corpus round trip: %d logs, %d values compared, %d skipped%n", files, compared, skipped);
        assertThat(failures).as("mismatches").isEmpty();
        assertThat(compared).isGreaterThan(1000);
    }

    @Test
    void jsonNonPrintableEscapingCase() throws IOException {
        Path cases = corpus();
        assumeTrue(cases != null, "Zeek corpus not present");
        Path tsv = cases.resolve("scripts.base.frameworks.logging.json-non-printable-escaping--run1/http.log.tsv");
        Path json = cases.resolve("scripts.base.frameworks.logging.json-non-printable-escaping--run2/http.log.json");
        assumeTrue(Files.exists(tsv) && Files.exists(json), "case not present");
        Parsed p = parseLog(tsv);
        assertThat(p).isNotNull();
        // ts is masked in both files: write a real time and mask it again.
        List<LogRecord> records = new ArrayList<>();
        for (Value[] v : p.values()) {
            Value[] copy = v.clone();
            copy[0] = w -> w.time(1_700_000_000_000_000_000L);
            records.add(record(copy));
        }
        String mine = TestSupport.text(TestSupport.json(tmp, p.schema(), records));
        Matcher m = Pattern.compile("(?m)^\\{\"ts\":[0-9.]+").matcher(mine);
        mine = m.replaceAll("{\"ts\":" + MASK);
        String want = new String(Files.readAllBytes(json), StandardCharsets.ISO_8859_1);
        want = want.substring(want.indexOf('\n') + 1);
        assertThat(mine).isEqualTo(want);

        // And the ASCII twin, whole file, with only #open/#close masked.
        List<LogRecord> same = new ArrayList<>();
        for (Value[] v : p.values()) {
            Value[] copy = v.clone();
            copy[0] = w -> w.string(MASK);
            same.add(record(copy));
        }
        String ascii = TestSupport.text(TestSupport.ascii(tmp.resolve("a"), p.schema(), same));
        String wantTsv = new String(Files.readAllBytes(tsv), StandardCharsets.ISO_8859_1);
        wantTsv = wantTsv.substring(wantTsv.indexOf('\n') + 1);
        assertThat(TestSupport.maskMeta(ascii)).isEqualTo(TestSupport.maskMeta(wantTsv));
    }
}
