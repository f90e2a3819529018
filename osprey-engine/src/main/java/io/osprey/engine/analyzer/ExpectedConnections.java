package io.osprey.engine.analyzer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Connections an analyzer announced before they start, and the analyzer each gets when it does (Zeek's
 * {@code Analyzer::schedule_analyzer} / {@code analyzer::Manager::ScheduleAnalyzer}): FTP's control connection
 * announces its data connections (PORT, EPRT, PASV, EPSV), the data connection then gets the FTP_DATA analyzer
 * whatever its ports. One table per worker, owned by its thread; the connection engine consults it when it creates a
 * new connection's analyzer set.
 *
 * <p>An expectation is keyed by originator address (or any, when both halves are 0), responder address, responder
 * port and transport; the originator's port is never part of it. As in Zeek, a match does not consume the
 * expectation: every connection with that key starting before it expires gets the analyzer. Expired entries are
 * dropped lazily, on lookup and when the table is full.
 */
public final class ExpectedConnections {
    /**
     * Most expectations kept per worker. Attacker-controlled (every PORT command adds one), so bounded: Zeek's FTP
     * script caps its own table at {@code FTP::max_expected_data_channels} (100,000); we use the same figure. When
     * full, expired entries are purged and, if that frees nothing, the new one is refused.
     */
    public static final int MAX_ENTRIES = 100_000;

    private record Entry(long origHi, long origLo, long respHi, long respLo, int respPort, int proto,
                         AnalyzerSpec spec, long expiresAt) {
        boolean matches(ConnInfo c) {
            return c.respPort() == respPort && c.proto() == proto && c.respHi() == respHi && c.respLo() == respLo
                    && ((origHi == 0 && origLo == 0) || (c.origHi() == origHi && c.origLo() == origLo));
        }
    }

    /** Entries by responder port and transport ({@code proto << 16 | port}), each list in scheduling order. */
    private final HashMap<Integer, ArrayList<Entry>> byPort = new HashMap<>();
    private int size;

    /** Number of expectations held (expired ones included until purged). */
    public int size() {
        return size;
    }

    /**
     * Records that a connection from {@code orig} (0/0 for any) to {@code resp}:{@code respPort} over {@code proto}
     * gets {@code spec} attached if it starts before {@code now + timeout}. Re-announcing the same key and analyzer
     * extends the deadline.
     *
     * @return false when the table is full of live expectations and this one was not recorded
     */
    public boolean expect(long origHi, long origLo, long respHi, long respLo, int respPort, int proto,
                          AnalyzerSpec spec, long now, long timeout) {
        respPort &= 0xFFFF;
        Entry n = new Entry(origHi, origLo, respHi, respLo, respPort, proto, spec, now + timeout);
        int key = (proto << 16) | respPort;
        ArrayList<Entry> list = byPort.get(key);
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                Entry e = list.get(i);
                if (e.spec == spec && e.respHi == respHi && e.respLo == respLo && e.origHi == origHi
                        && e.origLo == origLo) {
                    list.set(i, n);
                    return true;
                }
            }
        }
        if (size >= MAX_ENTRIES) {
            purge(now);
            if (size >= MAX_ENTRIES) {
                return false;
            }
            list = byPort.get(key);
        }
        if (list == null) {
            list = new ArrayList<>(2);
            byPort.put(key, list);
        }
        list.add(n);
        size++;
        return true;
    }

    /**
     * The analyzers scheduled for a new connection (Zeek's {@code GetScheduled}), or null when none: each spec once,
     * in the order they were scheduled. Expired entries met on the way are dropped.
     */
    public AnalyzerSpec[] match(ConnInfo conn, long now) {
        if (size == 0) {
            return null;
        }
        int key = (conn.proto() << 16) | (conn.respPort() & 0xFFFF);
        ArrayList<Entry> list = byPort.get(key);
        if (list == null) {
            return null;
        }
        AnalyzerSpec[] out = null;
        for (int i = 0; i < list.size(); i++) {
            Entry e = list.get(i);
            if (e.expiresAt < now) {
                list.remove(i--);
                size--;
                continue;
            }
            if (e.matches(conn)) {
                if (out == null) {
                    out = new AnalyzerSpec[] {e.spec};
                } else if (!Arrays.asList(out).contains(e.spec)) {
                    out = Arrays.copyOf(out, out.length + 1);
                    out[out.length - 1] = e.spec;
                }
            }
        }
        if (list.isEmpty()) {
            byPort.remove(key);
        }
        return out;
    }

    private void purge(long now) {
        var it = byPort.values().iterator();
        while (it.hasNext()) {
            ArrayList<Entry> list = it.next();
            int before = list.size();
            list.removeIf(e -> e.expiresAt < now);
            size -= before - list.size();
            if (list.isEmpty()) {
                it.remove();
            }
        }
    }
}
