package io.osprey.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Field-by-field comparison of log rows against real Zeek's, for the golden tests: every field of Zeek's row must
 * equal ours, except that id fields (uids, fuids; comma-separated lists allowed) go through one one-to-one mapping
 * for the whole comparison (Zeek's ids are random, ours are seeded), set fields compare without order, and ignored
 * fields are skipped. The caller pairs the rows (file order, sorted, or by key) and asserts {@link #diffs()} empty.
 */
public final class ZeekRowComparer {
    private final Set<String> idFields;
    private final Set<String> setFields;
    private final Set<String> ignored;
    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, String> back = new HashMap<>();
    private final List<String> diffs = new ArrayList<>();

    public ZeekRowComparer(Set<String> idFields, Set<String> setFields, Set<String> ignored) {
        this.idFields = idFields;
        this.setFields = setFields;
        this.ignored = ignored;
    }

    /** Compares Zeek's row {@code zeek} of {@code log} with ours; differences go to {@link #diffs()}. */
    public void compare(String log, Map<String, String> zeek, Map<String, String> ours) {
        for (Map.Entry<String, String> f : zeek.entrySet()) {
            String key = f.getKey();
            String want = f.getValue();
            String mine = ours.get(key);
            if (ignored.contains(key)) {
                continue;
            }
            if (idFields.contains(key) && !want.equals("-")) {
                String[] w = want.split(",");
                String[] m = mine == null ? new String[0] : mine.split(",");
                if (w.length != m.length) {
                    diffs.add(log + ": " + key + ": zeek '" + want + "' osprey '" + mine + "'");
                    continue;
                }
                for (int i = 0; i < w.length; i++) {
                    String prev = ids.putIfAbsent(w[i], m[i]);
                    String prevBack = back.putIfAbsent(m[i], w[i]);
                    if ((prev != null && !prev.equals(m[i])) || (prevBack != null && !prevBack.equals(w[i]))) {
                        diffs.add(log + ": " + key + " mapping broken at " + zeek);
                    }
                }
            } else if (setFields.contains(key)) {
                if (!new TreeSet<>(Arrays.asList(want.split(","))).equals(
                        new TreeSet<>(Arrays.asList(String.valueOf(mine).split(","))))) {
                    diffs.add(log + ": " + key + ": zeek '" + want + "' osprey '" + mine + "'");
                }
            } else if (!want.equals(mine)) {
                diffs.add(log + ": " + key + ": zeek '" + want + "' osprey '" + mine + "' in " + zeek);
            }
        }
    }

    /** The differences found so far, one line each. */
    public List<String> diffs() {
        return diffs;
    }
}
