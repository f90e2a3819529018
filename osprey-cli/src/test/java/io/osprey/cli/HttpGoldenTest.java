package io.osprey.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden tests of http.log (and conn.log's {@code service}) against what real Zeek 9.1 logs for the project's own
 * captures of real clients and servers:
 * <ul>
 *   <li>{@code samples/http.pcap} ({@code samples/make-http-sample.sh}: curl, wget and a raw pipelining client
 *   against nginx: keep-alive, pipelining, chunked, gzip, POST with 100-continue, multipart upload, basic auth,
 *   Content-Disposition, HTTP on port 2222, HTTP/1.0 and HTTP/0.9), baseline {@code samples/zeek-baseline-http/};</li>
 *   <li>{@code samples/sample.pcap}'s HTTP part, baseline {@code samples/zeek-baseline/http.log}.</li>
 * </ul>
 * Rows are paired by connection and {@code trans_depth}; uids and file ids through one-to-one mappings (Zeek's are
 * random), sets without order; files.log rows by file id. Update the http.pcap baseline with real Zeek (needs
 * /work/shared/tools/zeek-run): {@code ./mvnw -q test -pl osprey-cli -am -Dosprey.golden.update=true
 * -Dtest=HttpGoldenTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class HttpGoldenTest {
    private static final Set<String> NOT_COMPARED = Set.of();
    private static final Set<String> SETS = Set.of("tags", "proxied", "service");

    @TempDir
    Path dir;

    @Test
    void httpSampleMatchesZeek() throws IOException {
        Path root = Logs.repoRoot();
        Path baseline = root.resolve("samples/zeek-baseline-http");
        if (Boolean.getBoolean("osprey.golden.update")) {
            updateBaseline(root, baseline);
        }
        assertThat(OspreyCliTest.osprey("-r", root.resolve("samples/http.pcap").toString(), "-o", dir.toString(),
                "-q").exit()).isZero();
        List<Map<String, String>> zeekHttp = Logs.read(baseline.resolve("http.log"));
        assertThat(zeekHttp).isNotEmpty();
        Mapping ids = new Mapping();
        List<String> diffs = compare(Logs.read(dir.resolve("http.log")), zeekHttp, ids,
                new String[] {"id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "trans_depth"});
        diffs.addAll(compare(Logs.read(dir.resolve("conn.log")), Logs.read(baseline.resolve("conn.log")), ids,
                new String[] {"id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"}));
        diffs.addAll(compare(Logs.read(dir.resolve("files.log")), Logs.read(baseline.resolve("files.log")), ids,
                new String[] {"id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "is_orig", "seen_bytes"}));
        assertThat(diffs).isEmpty();
    }

    @Test
    void sampleHttpLogMatchesZeek() throws IOException {
        Path root = Logs.repoRoot();
        assertThat(OspreyCliTest.osprey("-r", root.resolve("samples/sample.pcap").toString(), "-o", dir.toString(),
                "-q", "--analyzers", "conn,http").exit()).isZero();
        List<Map<String, String>> zeek = Logs.read(root.resolve("samples/zeek-baseline/http.log"));
        assertThat(zeek).hasSize(11);
        assertThat(compare(Logs.read(dir.resolve("http.log")), zeek, new Mapping(),
                new String[] {"id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "trans_depth"})).isEmpty();
    }

    /** Every Zeek row must have exactly one Osprey row with the same key and equal fields; no extra rows. */
    private static List<String> compare(List<Map<String, String>> ours, List<Map<String, String>> zeek, Mapping ids,
                                        String[] key) {
        List<String> diffs = new ArrayList<>();
        if (ours.size() != zeek.size()) {
            diffs.add("rows: zeek " + zeek.size() + " osprey " + ours.size());
        }
        for (Map<String, String> z : zeek) {
            List<Map<String, String>> match = ours.stream().filter(o -> sameKey(o, z, key)).toList();
            if (match.size() != 1) {
                diffs.add(match.size() + " osprey rows for " + z);
                continue;
            }
            Map<String, String> o = match.get(0);
            for (String f : z.keySet()) {
                if (NOT_COMPARED.contains(f)) {
                    continue;
                }
                String zv = z.get(f);
                String ov = o.get(f);
                if (f.equals("uid") || f.endsWith("_fuids") || f.equals("fuid")) {
                    if (!ids.same(zv, ov)) {
                        diffs.add(f + ": zeek " + zv + " osprey " + ov + " (id mapping) in " + z);
                    }
                } else if (SETS.contains(f) ? !sorted(zv).equals(sorted(ov)) : !zv.equals(ov)) {
                    diffs.add(f + ": zeek " + zv + " osprey " + ov + " in " + z);
                }
            }
        }
        return diffs;
    }

    private static boolean sameKey(Map<String, String> a, Map<String, String> b, String[] key) {
        for (String f : key) {
            if (!b.get(f).equals(a.get(f))) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> sorted(String v) {
        return v == null ? Set.of() : new TreeSet<>(Arrays.asList(v.split(",")));
    }

    /** One-to-one id mapping (Zeek's ids are random); also for comma-separated lists of ids. */
    private static final class Mapping {
        private final Map<String, String> there = new HashMap<>();
        private final Map<String, String> back = new HashMap<>();

        boolean same(String zeek, String ours) {
            if (ours == null) {
                return false;
            }
            String[] z = zeek.split(",");
            String[] o = ours.split(",");
            if (z.length != o.length) {
                return false;
            }
            for (int i = 0; i < z.length; i++) {
                if (z[i].equals("-") || o[i].equals("-")) {
                    if (!z[i].equals(o[i])) {
                        return false;
                    }
                    continue;
                }
                String a = there.putIfAbsent(z[i], o[i]);
                String b = back.putIfAbsent(o[i], z[i]);
                if ((a != null && !a.equals(o[i])) || (b != null && !b.equals(z[i]))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Regenerates the http.pcap baseline with real Zeek. */
    private void updateBaseline(Path root, Path baseline) throws IOException {
        Path shared = Logs.shared();
        Assumptions.assumeTrue(shared != null && Files.isExecutable(shared.resolve("tools/zeek-run")),
                "updating the baseline needs ../shared/tools/zeek-run");
        Path work = Files.createTempDirectory(dir, "zeek");
        try {
            Process p = new ProcessBuilder(shared.resolve("tools/zeek-run").toString(), "-C", "-r",
                    root.resolve("samples/http.pcap").toString()).directory(work.toFile()).inheritIO().start();
            assertThat(p.waitFor()).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Files.createDirectories(baseline);
        for (String log : new String[] {"conn.log", "http.log", "files.log"}) {
            Files.copy(work.resolve(log), baseline.resolve(log), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
