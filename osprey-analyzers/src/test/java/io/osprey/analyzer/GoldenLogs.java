package io.osprey.analyzer;

import io.osprey.testkit.ZeekLogs;
import io.osprey.testkit.ZeekRowComparer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden tests' comparison of our logs with the Zeek baselines ({@link ZeekBaselines}): each of Zeek's rows is
 * paired with the first unpaired row of ours whose key fields (time and connection 4-tuple) are equal, then compared
 * field by field, uids through one one-to-one mapping ({@link ZeekRowComparer}).
 */
public final class GoldenLogs {
    private static final String[] KEY = {"ts", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"};

    private final ZeekRowComparer cmp;
    private final Set<String> idSets;
    private final List<String> problems = new ArrayList<>();

    /** A comparison whose uid columns are {@code idFields} and whose set columns are {@code setFields}. */
    public GoldenLogs(Set<String> idFields, Set<String> setFields) {
        this(idFields, setFields, Set.of());
    }

    /**
     * As above, with sets of uids ({@code idSets}, e.g. dhcp.log's {@code uids}, printed in Zeek's hash order):
     * compared by their number of elements only.
     */
    public GoldenLogs(Set<String> idFields, Set<String> setFields, Set<String> idSets) {
        cmp = new ZeekRowComparer(idFields, setFields, idSets);
        this.idSets = idSets;
    }

    /** Compares {@code log} in {@code out} with the baseline {@code zeek-<log>} beside {@code test}'s class. */
    public GoldenLogs compare(Class<?> test, String log, Path out) throws IOException {
        List<Map<String, String>> zeek = ZeekLogs.read(ZeekBaselines.resource(test, "zeek-" + log));
        List<Map<String, String>> ours = ZeekLogs.read(out.resolve(log));
        if (ours.size() != zeek.size()) {
            problems.add(log + ": " + ours.size() + " rows, Zeek wrote " + zeek.size());
        }
        List<Map<String, String>> left = new ArrayList<>(ours);
        for (Map<String, String> z : zeek) {
            Map<String, String> o = left.stream().filter(r -> sameKey(r, z)).findFirst().orElse(null);
            if (o == null) {
                problems.add(log + ": missing " + z);
                continue;
            }
            left.remove(o);
            cmp.compare(log, z, o);
            for (String f : idSets) {
                if (z.containsKey(f) && z.get(f).split(",").length != String.valueOf(o.get(f)).split(",").length) {
                    problems.add(log + ": " + f + ": zeek '" + z.get(f) + "' osprey '" + o.get(f) + "'");
                }
            }
        }
        return this;
    }

    /** Asserts that every compared log matched Zeek's row for row and field for field. */
    public void assertSame() {
        assertThat(problems).isEmpty();
        assertThat(cmp.diffs()).isEmpty();
    }

    private static boolean sameKey(Map<String, String> a, Map<String, String> b) {
        for (String f : KEY) {
            if (b.containsKey(f) && !b.get(f).equals(a.get(f))) {
                return false;
            }
        }
        return true;
    }
}
