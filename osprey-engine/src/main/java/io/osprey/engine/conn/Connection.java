package io.osprey.engine.conn;

import io.osprey.engine.analyzer.ConnAnalyzers;
import io.osprey.engine.analyzer.ConnInfo;

import java.util.Arrays;

/**
 * One connection (Zeek's {@code Connection} plus its session adapter state): the 5-tuple in originator/responder
 * order, times, history, per-transport state, packet/byte counters (Zeek's ConnSize analyzer), tunnel parents and
 * timers. Owned by exactly one worker thread; never shared.
 */
public final class Connection implements ConnInfo {
    /** IP protocol numbers used for dispatch. */
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMP6 = 58;

    // ---- key (originator first)
    long origHi;
    long origLo;
    long respHi;
    long respLo;
    int origPort;
    int respPort;
    /** IP protocol number (id.proto / ip_proto). */
    int proto;
    /** For ICMP "one-way" types the key is not canonicalized (Zeek's is_one_way). */
    boolean oneWay;
    /** VLAN ids in the key (vlan_fivetuple conn key), -1 when connections are not keyed by VLAN. */
    int keyVlan = -1;
    int keyInnerVlan = -1;

    // ---- identity and time
    String uid;
    long startTime;
    long lastTime;

    // ---- history
    private char[] history = new char[8];
    private int historyLen;
    int histSeen;

    // ---- ConnSize
    long origPkts;
    long origIpBytes;
    long respPkts;
    long respIpBytes;

    // ---- UDP / ICMP / unknown endpoint activity (-1 = inactive, Zeek's request_len/reply_len)
    long requestLen = -1;
    long replyLen = -1;
    /** bad-checksum scaled history ('C'/'c'): counters and threshold exponents, see {@link #scaledHistoryEntry}. */
    int reqChkCnt;
    int repChkCnt;
    byte reqChkThreshExp;
    byte repChkThreshExp;

    // ---- TCP
    TcpSession tcp;

    // ---- extras
    long origL2;
    long respL2;
    boolean hasL2;
    int vlan = -1;
    int innerVlan = -1;
    /** PPPoE session id of the packet that created the connection, or -1. */
    int pppoeSession = -1;
    long missedBytes;
    /** uids of the tunnels this connection was seen in (Zeek's tunnel_parents), null when none. */
    String[] tunnelParents;
    /** The innermost encapsulation uid last seen, to detect tunnel changes. */
    String encapUid;
    int encapDepth;
    /** tunnel_changed events so far (bounded by Tunnel::max_changes_per_connection). */
    int tunnelChanges;

    /** Tunnel analyzers (bit per analyzer) confirmed / found in violation on this connection. */
    int tunnelConfirmed;
    /** Services of confirmed tunnel (packet) analyzers, in confirmation order; null when none. */
    String[] tunnelServices;
    /** The application analyzers of this connection, or null when none can ever attach. */
    ConnAnalyzers analyzers;
    int tunnelViolated;
    /**
     * Tunnel analyzers with a delayed confirmation that parsed a valid packet from the originator (their bits) and
     * from the responder (their bits shifted left by 16).
     */
    int tunnelSidesValid;

    // ---- table / timers bookkeeping
    boolean removed;
    int heapIndex = -1;
    long nextDeadline = Long.MAX_VALUE;
    long inactivityTimeout;
    long inactivityAt = -1;
    final long[] expireAt = {-1, -1, -1};
    long attemptAt = -1;
    long deleteAt = -1;
    long resetAt = -1;
    long partialCloseAt = -1;
    /** The DNS analyzer's expire timer on UDP connections. */
    long dnsExpireAt = -1;
    /** Next connection in the same hash bucket. */
    Connection next;
    int hash;

    Connection() {
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public int proto() {
        return proto;
    }

    @Override
    public long origHi() {
        return origHi;
    }

    @Override
    public long origLo() {
        return origLo;
    }

    @Override
    public int origPort() {
        return origPort;
    }

    @Override
    public long respHi() {
        return respHi;
    }

    @Override
    public long respLo() {
        return respLo;
    }

    @Override
    public int respPort() {
        return respPort;
    }

    @Override
    public long startTime() {
        return startTime;
    }

    @Override
    public long lastTime() {
        return lastTime;
    }

    @Override
    public long origPayloadBytes() {
        return tcp != null ? tcp.orig.size() : Math.max(requestLen, 0);
    }

    @Override
    public long respPayloadBytes() {
        return tcp != null ? tcp.resp.size() : Math.max(replyLen, 0);
    }

    @Override
    public boolean partial() {
        return tcp != null && tcp.isPartial;
    }

    /** The application analyzers of this connection, or null. */
    public ConnAnalyzers analyzers() {
        return analyzers;
    }

    // ---- history (Zeek Session::CheckHistory / AddHistory)

    /** Adds {@code code} the first time a bit of {@code mask} is seen; returns true if it had been seen before. */
    boolean checkHistory(int mask, char code) {
        if ((histSeen & mask) == 0) {
            histSeen |= mask;
            addHistory(code);
            return false;
        }
        return true;
    }

    void addHistory(char code) {
        if (historyLen == history.length) {
            history = Arrays.copyOf(history, historyLen * 2);
        }
        history[historyLen++] = code;
    }

    /** 10^0 .. 10^9: the scaled-history thresholds that fit an int. */
    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};

    /**
     * Zeek's ScaledHistoryEntry with base 10: counts one more occurrence of {@code code} and adds the letter at the
     * 1st, 10th, 100th... occurrence. The counter and threshold live with the caller; they come in and go out packed
     * in one long ({@code counter << 32 | exp}, see {@link #pack}) so that no holder object is needed. The threshold
     * is {@code 10^exp}; once it would pass {@code Integer.MAX_VALUE} it stays at 10^9 and the counter restarts
     * from 0 instead.
     */
    long scaledHistoryEntry(char code, long counterAndThresholdExp) {
        int counter = (int) (counterAndThresholdExp >>> 32) + 1;
        int exp = (int) counterAndThresholdExp;
        if (counter == POW10[exp]) {
            addHistory(code);
            if (exp == POW10.length - 1) {
                counter = 0;
            } else {
                exp++;
            }
        }
        return pack(counter, exp);
    }

    /** Packs a counter and a threshold exponent (threshold = 10^exp) for {@link #scaledHistoryEntry}. */
    static long pack(int counter, int thresholdExp) {
        return ((long) counter << 32) | thresholdExp;
    }

    /** The counter half of {@link #scaledHistoryEntry}'s result. */
    static int packedCounter(long packed) {
        return (int) (packed >>> 32);
    }

    /** The threshold exponent half of {@link #scaledHistoryEntry}'s result. */
    static byte packedThresholdExp(long packed) {
        return (byte) packed;
    }

    boolean historyIs(String s) {
        if (historyLen != s.length()) {
            return false;
        }
        for (int i = 0; i < historyLen; i++) {
            if (history[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    void replaceHistory(String s) {
        historyLen = 0;
        for (int i = 0; i < s.length(); i++) {
            addHistory(s.charAt(i));
        }
    }

    /** The history string ("" when none). */
    public String history() {
        return new String(history, 0, historyLen);
    }

    // ---- roles

    /** Zeek's Connection::FlipRoles: swaps endpoints, appends '^'. */
    void flipRoles() {
        long t = origHi;
        origHi = respHi;
        respHi = t;
        t = origLo;
        origLo = respLo;
        respLo = t;
        int p = origPort;
        origPort = respPort;
        respPort = p;
        t = origL2;
        origL2 = respL2;
        respL2 = t;
        t = origPkts;
        origPkts = respPkts;
        respPkts = t;
        t = origIpBytes;
        origIpBytes = respIpBytes;
        respIpBytes = t;
        // requestLen/replyLen (the UDP and ICMP sizes) stay where they are: Zeek's session adapters keep their
        // request and reply lengths through Connection::FlipRoles, so after a DNS or NTP flip the bytes the old
        // originator sent are logged as the new originator's.
        if (tcp != null) {
            tcp.flipRoles();
        }
        addHistory('^');
    }

    void addTunnelParent(String parentUid) {
        if (tunnelParents == null) {
            tunnelParents = new String[] {parentUid};
            return;
        }
        for (String s : tunnelParents) {
            if (s.equals(parentUid)) {
                return;
            }
        }
        tunnelParents = Arrays.copyOf(tunnelParents, tunnelParents.length + 1);
        tunnelParents[tunnelParents.length - 1] = parentUid;
    }

    /** Recomputes {@link #nextDeadline} from the armed timers. */
    void recomputeDeadline() {
        long m = Long.MAX_VALUE;
        if (inactivityAt >= 0) {
            m = Math.min(m, inactivityAt);
        }
        for (long e : expireAt) {
            if (e >= 0) {
                m = Math.min(m, e);
            }
        }
        if (attemptAt >= 0) {
            m = Math.min(m, attemptAt);
        }
        if (deleteAt >= 0) {
            m = Math.min(m, deleteAt);
        }
        if (resetAt >= 0) {
            m = Math.min(m, resetAt);
        }
        if (partialCloseAt >= 0) {
            m = Math.min(m, partialCloseAt);
        }
        if (dnsExpireAt >= 0) {
            m = Math.min(m, dnsExpireAt);
        }
        nextDeadline = m;
    }

    /** Zeek's Session::CancelTimers. */
    void cancelTimers() {
        inactivityAt = -1;
        Arrays.fill(expireAt, -1);
        attemptAt = deleteAt = resetAt = partialCloseAt = dnsExpireAt = -1;
    }

    void addExpireTimer(long at) {
        for (int i = 0; i < expireAt.length; i++) {
            if (expireAt[i] < 0) {
                expireAt[i] = at;
                return;
            }
        }
        // All chains armed: keep the earliest checks (a later duplicate chain cannot remove sooner).
        int latest = 0;
        for (int i = 1; i < expireAt.length; i++) {
            if (expireAt[i] > expireAt[latest]) {
                latest = i;
            }
        }
        if (at < expireAt[latest]) {
            expireAt[latest] = at;
        }
    }

    /** Zeek's Session::SetInactivityTimeout. */
    void setInactivityTimeout(long timeout) {
        if (timeout == inactivityTimeout) {
            return;
        }
        inactivityAt = timeout > 0 ? lastTime + timeout : -1;
        inactivityTimeout = timeout;
    }
}
