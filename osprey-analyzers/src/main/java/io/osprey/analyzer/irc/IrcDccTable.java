package io.osprey.analyzer.irc;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The DCC transfers IRC connections announced, by the data connection's responder address and port (Zeek's
 * {@code dcc_expected_transfers}, {@code &read_expire=5mins}). One per worker, shared by its IRC and IRC_DATA
 * analyzers. Bounded by {@link #MAX_TRANSFERS} ({@code IRC::max_dcc_expected_transfers}): the IRC analyzer refuses
 * to add beyond it with Zeek's weird.
 */
final class IrcDccTable {
    /** Zeek's {@code IRC::max_dcc_expected_transfers} default. */
    static final int MAX_TRANSFERS = 5000;
    /** {@code &read_expire=5mins}, and the {@code schedule_analyzer} timeout, in ns. */
    static final long TIMEOUT = 300_000_000_000L;

    private record Key(long hi, long lo, int port) {
    }

    private static final class Entry {
        IrcSession session;
        long lastRead;
    }

    private final Map<Key, Entry> table = new HashMap<>();

    /** Entries not yet expired. */
    int size(long now) {
        Iterator<Entry> it = table.values().iterator();
        while (it.hasNext()) {
            if (now - it.next().lastRead > TIMEOUT) {
                it.remove();
            }
        }
        return table.size();
    }

    /** The session that announced this transfer, or null; refreshes the entry as a read does in Zeek. */
    IrcSession get(long hi, long lo, int port, long now) {
        Key k = new Key(hi, lo, port);
        Entry e = table.get(k);
        if (e == null) {
            return null;
        }
        if (now - e.lastRead > TIMEOUT) {
            table.remove(k);
            return null;
        }
        e.lastRead = now;
        return e.session;
    }

    void put(long hi, long lo, int port, IrcSession s, long now) {
        Entry e = new Entry();
        e.session = s;
        e.lastRead = now;
        table.put(new Key(hi, lo, port), e);
    }

    void remove(long hi, long lo, int port) {
        table.remove(new Key(hi, lo, port));
    }
}
