package io.osprey.analyzer.ftp;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The data channels FTP control connections announced, by the data connection's responder address and port
 * (Zeek's {@code ftp_data_expected} table, {@code &read_expire=5mins}): the FTP_DATA analyzer of a data connection
 * finds its control session here, to label the connection "ftp-data" and to link its file to ftp.log. One per worker
 * (shared by that worker's FTP and FTP_DATA analyzers), used on its thread. Bounded by
 * {@code FTP::max_expected_data_channels} (the FTP session refuses to add beyond it, with Zeek's weird).
 */
final class FtpDataChannels {
    private record Key(long hi, long lo, int port) {
    }

    private static final class Entry {
        FtpSession session;
        long lastRead;
    }

    private final Map<Key, Entry> table = new HashMap<>();
    private long nextPurge;

    /** Entries not yet expired. */
    int size(long now) {
        purge(now);
        return table.size();
    }

    /** True when the key is present (not expired); refreshes it, as a read does in Zeek. */
    boolean contains(long hi, long lo, int port, long now) {
        return get(hi, lo, port, now) != null;
    }

    /** The session that announced this data channel, or null; refreshes the entry. */
    FtpSession get(long hi, long lo, int port, long now) {
        Entry e = table.get(new Key(hi, lo, port));
        if (e == null) {
            return null;
        }
        if (now - e.lastRead > FtpSession.DATA_CHANNEL_TIMEOUT) {
            table.remove(new Key(hi, lo, port));
            return null;
        }
        e.lastRead = now;
        return e.session;
    }

    void put(long hi, long lo, int port, FtpSession s, long now) {
        Entry e = new Entry();
        e.session = s;
        e.lastRead = now;
        table.put(new Key(hi, lo, port), e);
    }

    void remove(long hi, long lo, int port) {
        table.remove(new Key(hi, lo, port));
    }

    private void purge(long now) {
        if (now < nextPurge) {
            return;
        }
        nextPurge = now + 10_000_000_000L;
        Iterator<Entry> it = table.values().iterator();
        while (it.hasNext()) {
            if (now - it.next().lastRead > FtpSession.DATA_CHANNEL_TIMEOUT) {
                it.remove();
            }
        }
    }
}
