package io.osprey.log.writer;

import static io.osprey.log.writer.TestSupport.addr;
import static io.osprey.log.writer.TestSupport.maskMeta;
import static io.osprey.log.writer.TestSupport.resourceText;
import static io.osprey.log.writer.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-for-byte comparisons with logs written by real Zeek 9.1 for the same values (see the README next to the
 * resources). Only the wall-clock #open/#close lines are masked.
 */
class ZeekBaselineTest {
    @TempDir
    Path dir;

    private static final LogSchema TYPES = LogSchema.of("t",
            "d1", FieldType.DOUBLE, "d2", FieldType.DOUBLE, "d3", FieldType.DOUBLE, "d4", FieldType.DOUBLE,
            "d5", FieldType.DOUBLE, "d6", FieldType.DOUBLE, "d7", FieldType.DOUBLE, "d8", FieldType.DOUBLE,
            "i1", FieldType.INTERVAL, "i2", FieldType.INTERVAL, "t1", FieldType.TIME, "t2", FieldType.TIME,
            "s1", FieldType.STRING, "s2", FieldType.STRING, "s3", FieldType.STRING, "s4", FieldType.STRING,
            "s5", FieldType.STRING, "s6", FieldType.STRING, "s7", FieldType.STRING, "s8", FieldType.STRING,
            "ss", FieldType.SET_STRING, "se", FieldType.SET_STRING, "vs", FieldType.VECTOR_STRING,
            "u", FieldType.STRING, "vc", FieldType.VECTOR_COUNT, "vi", FieldType.VECTOR_INTERVAL,
            "sn", FieldType.SUBNET, "a6", FieldType.ADDR, "b", FieldType.BOOL, "i", FieldType.INT);

    /** The record of types.zeek; {@code ss} in the given (hash) order. */
    private static LogRecord typesRecord(List<String> ss) {
        return w -> {
            w.dbl(1.0);
            w.dbl(0.5);
            w.dbl(1e-7);
            w.dbl(123456789.123456789);
            w.dbl(1e20);
            w.dbl(-2.5);
            w.dbl(0.0078125);
            w.dbl(5.0000004);
            long t1 = 1300475167_096535000L;
            long t2 = 1300475167_110895000L;
            w.intervalBetween(t1, t2);
            w.interval(-100_000L);
            w.time(t1);
            w.time(0);
            w.string("-");
            w.string("");
            w.string("(empty)");
            w.string("a\tb,c\\d");
            w.bytes(new byte[] {(byte) 0xc3, (byte) 0xb1, 'x'}, 0, 3);
            w.bytes(new byte[] {(byte) 0xc3, (byte) 0xb1, 1}, 0, 3);
            w.bytes(new byte[] {(byte) 0xff}, 0, 1);
            w.string("#x");
            w.strings(ss);
            w.strings(List.of());
            w.strings(List.of("x\ty"));
            w.unset();
            w.counts(new long[] {1, 2}, 2);
            w.intervals(new long[] {1_500_000_000L, 2_000L}, 2);
            long[] net = addr("10.0.0.0");
            w.subnet(net[0], net[1], 8);
            long[] a6 = addr("2001:db8::1");
            w.addr(a6[0], a6[1]);
            w.bool(true);
            w.integer(-5);
        };
    }

    @Test
    void asciiMatchesZeekForEveryValueKind() {
        byte[] got = TestSupport.ascii(dir, TYPES, List.of(typesRecord(List.of("-", "(empty)", "", "a,b"))));
        assertThat(maskMeta(text(got))).isEqualTo(maskMeta(resourceText("types.zeek.log")));
    }

    @Test
    void jsonMatchesZeekForEveryValueKind() {
        byte[] got = TestSupport.json(dir, TYPES, List.of(typesRecord(List.of("(empty)", "-", "a,b", ""))));
        assertThat(text(got)).isEqualTo(resourceText("types.zeek.json"));
    }

    private static List<LogRecord> stringRecords() {
        List<LogRecord> records = new ArrayList<>();
        for (String line : resourceText("strings-input.txt").split("\n")) {
            byte[] b = TestSupport.hex(line.strip());
            records.add(w -> {
                w.bytes(b, 0, b.length);
                w.byteStrings(List.of(b, "z".getBytes(StandardCharsets.US_ASCII)));
            });
        }
        return records;
    }

    private static final LogSchema STRINGS = LogSchema.of("s", "s", FieldType.STRING, "v", FieldType.VECTOR_STRING);

    @Test
    void asciiStringEscapingMatchesZeek() {
        byte[] got = TestSupport.ascii(dir, STRINGS, stringRecords());
        assertLines(maskMeta(text(got)), maskMeta(resourceText("strings.zeek.log")));
    }

    @Test
    void jsonStringEscapingMatchesZeek() {
        byte[] got = TestSupport.json(dir, STRINGS, stringRecords());
        assertLines(text(got), resourceText("strings.zeek.json"));
    }

    /** Line by line first, for a readable failure, then the whole text. */
    private static void assertLines(String got, String want) {
        String[] g = got.split("\n", -1);
        String[] e = want.split("\n", -1);
        for (int i = 0; i < Math.min(g.length, e.length); i++) {
            assertThat(g[i]).as("line %d", i + 1).isEqualTo(e[i]);
        }
        assertThat(got).isEqualTo(want);
    }

    private static double[] doubleInputs() {
        String[] lines = resourceText("doubles-input.txt").split("\n");
        double[] d = new double[lines.length];
        for (int i = 0; i < lines.length; i++) {
            d[i] = Double.parseDouble(lines[i].strip());
        }
        return d;
    }

    @Test
    void asciiDoublesMatchZeek() {
        double[] in = doubleInputs();
        List<String> want = new ArrayList<>();
        for (String line : resourceText("doubles.zeek.log").split("\n")) {
            if (!line.startsWith("#")) {
                want.addAll(List.of(line.split(",")));
            }
        }
        assertThat(want).hasSize(in.length);
        ByteSink out = new ByteSink(64);
        for (int i = 0; i < in.length; i++) {
            out.clear();
            ZeekNumbers.zeekDouble(out, in[i]);
            assertThat(out.toString()).as("double %s", in[i]).isEqualTo(want.get(i));
        }
    }

    @Test
    void jsonDoublesMatchZeek() {
        double[] in = doubleInputs();
        List<String> want = new ArrayList<>();
        for (String line : resourceText("doubles.zeek.json").split("\n")) {
            String body = line.substring("{\"v\":[".length(), line.length() - "]}".length());
            want.addAll(List.of(body.split(",")));
        }
        assertThat(want).hasSize(in.length);
        Grisu2 g = new Grisu2();
        ByteSink out = new ByteSink(64);
        for (int i = 0; i < in.length; i++) {
            out.clear();
            g.write(out, in[i]);
            assertThat(out.toString()).as("double %s", in[i]).isEqualTo(want.get(i));
        }
    }

    @Test
    void addressesAndSubnetsMatchZeek() {
        LogSchema schema = LogSchema.of("a", "v", FieldType.VECTOR_ADDR, "n", FieldType.SUBNET, "n6", FieldType.SUBNET,
                "sa", FieldType.SET_ADDR);
        String[] v = {"::2", "::1", "::ffff:0:1.2.3.4", "::", "1::", "2001:db8:0:0:1:0:0:1", "fe80::1:0:0:0",
            "::1.2.3.4", "::ffff:1.2.3.4", "0:0:0:0:0:ffff:0:0", "1:0:0:2:0:0:0:3", "1:2:3:4:5:6:7:8",
            "::0:5:ffff:1.2.3.4", "0.0.0.0", "255.255.255.255"};
        long[] hiLo = new long[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            long[] a = addr(v[i]);
            hiLo[2 * i] = a[0];
            hiLo[2 * i + 1] = a[1];
        }
        LogRecord r = (FieldWriter w) -> {
            w.addrs(hiLo, v.length);
            long[] n = addr("10.1.2.0");
            w.subnet(n[0], n[1], 24);
            long[] n6 = addr("2001:db8::");
            w.subnet(n6[0], n6[1], 32);
            long[] s = addr("1.2.3.4");
            w.addrs(s, 1);
        };
        byte[] got = TestSupport.ascii(dir, schema, List.of(r));
        assertThat(maskMeta(text(got))).isEqualTo(maskMeta(resourceText("addrs.zeek.log")));
    }
}
