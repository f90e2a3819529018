package io.osprey.engine.conn;

import io.osprey.engine.analyzer.ConnAnalyzers;
import io.osprey.engine.analyzer.ConnInfo;

import java.util.Arrays;

/**
 * One connection (Zeek's {@code Connection} plus its session adapter state): the 5-tuple in originator/responder
 * order, times, history, packet/byte counters (Zeek's ConnSize analyzer), tunnel parents and timers. Owned by
 * exactly one worker thread; never shared.
 *
 * <p>The transport's own state is in the subclass: {@link TcpSession} for TCP, {@link FlowConnection} for UDP,
 * ICMP and other IP protocols, so that neither carries the other's fields.
 */
public abstract sealed class Connection implements ConnInfo permits TcpSession, FlowConnection {
    /** IP protocol numbers used for dispatch. */
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMP6 = 58;

    /*
     * Field widths are chosen for the heap cost per tracked connection (BENCHMARKS.md, "Heap per tracked
     * connection"): ports are chars (unsigned 16-bit), VLAN ids shorts (12-bit ids or -1), the history letters are
     * packed into a long, and state that only some connections need (tunnels, PPPoE, MAC addresses when they are
     * logged) lives in {@link Extras}, allocated on first use.
     */

    // ---- key (originator first)
    long origHi;
    long origLo;
    long respHi;
    long respLo;
    /** Ports (ICMP: type and code), 0..65535. */
    char origPort;
    char respPort;
    /** IP protocol number (id.proto / ip_proto), 0..255. */
    short proto;
    /** For ICMP "one-way" types the key is not canonicalized (Zeek's is_one_way). */
    boolean oneWay;

    // ---- identity and time
    /** The uid's two random numbers ({@link Uids#nextHigh}, {@link Uids#nextLow}); see {@link #uid()}. */
    private long uidHigh;
    private int uidLow;
    /** The uid text once someone asked for it ({@link #uid()}), else null. */
    private String uid;
    long startTime;
    long lastTime;

    // ---- history
    /**
     * Up to {@link #PACKED_HISTORY_MAX} history letters, {@link #HISTORY_BITS} bits each, the first letter in the
     * lowest bits; each is its index + 1 in {@link #HISTORY_ALPHABET}, so 0 marks the end. Once the history no
     * longer fits (more letters, or a letter outside the alphabet) it is {@link #HISTORY_IN_EXTRAS} and the whole
     * history is text in {@link Extras#historyOverflow}: rare enough that the common connection need not hold the
     * pointer (4 B per connection; BENCHMARKS.md, "Heap per tracked connection").
     */
    private long historyPacked;
    /** {@link #historyPacked}'s value once the history is in {@link Extras#historyOverflow}: 64 bits set, which 12
     * letters of 5 bits never are. */
    private static final long HISTORY_IN_EXTRAS = -1L;
    int histSeen;

    // ---- ConnSize
    /*
     * Zeek's ConnSize counters (packets and IP bytes per direction, uint64 in Zeek) as their low 32 bits, unsigned;
     * the bits above are in Extras once a counter passes 2^32 - 1 (4 GiB or 4 billion packets one way: rare), so
     * the common connection holds 16 B instead of 32 (the target is about 300 B per tracked connection,
     * BENCHMARKS.md, "Heap per tracked connection"). Read them through origPkts() etc., count through count().
     */
    int origPkts;
    int origIpBytes;
    int respPkts;
    int respIpBytes;

    // ---- extras
    /**
     * VLAN ids of the packet that created the connection (12-bit), or -1; also the VLAN part of the flow table's key
     * when connections are keyed by VLAN (vlan_fivetuple conn key, {@link ConnTable}).
     */
    short vlan = -1;
    short innerVlan = -1;
    /** The application analyzers of this connection, or null when none can ever attach. */
    ConnAnalyzers analyzers;
    /** State only some connections need; null while the connection has none (see {@link #extras()}). */
    private Extras extras;

    // ---- table / timers bookkeeping
    boolean removed;
    int heapIndex = -1;
    long nextDeadline = Long.MAX_VALUE;
    /**
     * Which configured inactivity timeout applies ({@link #INACTIVITY_NONE} .. {@link #INACTIVITY_INTERACTIVE}); the
     * value is {@link #inactivityTimeout(ConnConfig)}. A byte naming the setting rather than the 8-byte value it
     * names: every timeout a connection can get is one of these settings (the target is about 300 B per
     * tracked connection, BENCHMARKS.md, "Heap per tracked connection").
     */
    private byte inactivityKind = INACTIVITY_NONE;
    long inactivityAt = -1;
    /** Next connection in the same bucket of the flow table ({@link ConnTable}). */
    Connection next;

    /**
     * State only some connections need: encapsulated (tunnelled, PPPoE) connections, connections tunnel analyzers
     * looked at, and the MAC addresses when conn.log has the mac-logging columns. Kept out of {@link Connection} so
     * that the common connection does not pay for it.
     */
    static final class Extras {
        /** The link-layer (MAC) addresses, 48-bit; only kept when conn.log logs them ({@code hasL2}). */
        long origL2;
        long respL2;
        boolean hasL2;
        /**
         * The ConnSize counters' bits above the low 32 ({@link Connection#count}), 0 until a counter passes
         * 2^32 - 1.
         */
        int origPktsHigh;
        int origIpBytesHigh;
        int respPktsHigh;
        int respIpBytesHigh;
        /** PPPoE session id of the packet that created the connection, or -1. */
        int pppoeSession = -1;
        /** uids of the tunnels this connection was seen in (Zeek's tunnel_parents), null when none. */
        String[] tunnelParents;
        /** The innermost encapsulation uid last seen, to detect tunnel changes. */
        String encapUid;
        int encapDepth;
        /** tunnel_changed events so far (bounded by Tunnel::max_changes_per_connection). */
        int tunnelChanges;
        /** Tunnel analyzers (bit per analyzer) confirmed / found in violation on this connection. */
        int tunnelConfirmed;
        int tunnelViolated;
        /**
         * The whole history once it no longer fits {@link Connection#historyPacked}; null until then. Zeek's history
         * string has no length limit, so neither does this.
         */
        StringBuilder historyOverflow;
        /** Services of confirmed tunnel (packet) analyzers, in confirmation order; null when none. */
        String[] tunnelServices;
        /**
         * Tunnel analyzers with a delayed confirmation that parsed a valid packet from the originator (their bits)
         * and from the responder (their bits shifted left by 16).
         */
        int tunnelSidesValid;
    }

    /** The state only some connections need, allocated on first use. */
    Extras extras() {
        if (extras == null) {
            extras = new Extras();
        }
        return extras;
    }

    /** The state only some connections need, or null when the connection never needed it (read-only callers). */
    Extras extrasOrNull() {
        return extras;
    }

    Connection() {
    }

    /** This connection's TCP state (the object itself: {@link TcpSession} is the TCP subclass), or null. */
    final TcpSession tcp() {
        return this instanceof TcpSession t ? t : null;
    }

    /** Draws this connection's uid from {@code uids} (as {@link Uids#next} would, without making the text). */
    void drawUid(Uids uids) {
        uidHigh = uids.nextHigh();
        uidLow = uids.nextLow();
    }

    /**
     * The uid ("C" + base 62). Made on first use and kept: most connections need it only when their conn.log
     * record is written, so a tracked connection holds 12 bytes of numbers instead of a 64-byte string.
     */
    @Override
    public String uid() {
        String u = uid;
        if (u == null) {
            u = Uids.format('C', uidHigh, uidLow);
            uid = u;
        }
        return u;
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
        return this instanceof TcpSession t ? t.size(t.orig) : Math.max(((FlowConnection) this).requestLen, 0);
    }

    @Override
    public long respPayloadBytes() {
        return this instanceof TcpSession t ? t.size(t.resp) : Math.max(((FlowConnection) this).replyLen, 0);
    }

    @Override
    public boolean partial() {
        return this instanceof TcpSession t && t.isPartial;
    }

    @Override
    public boolean hadGap() {
        return this instanceof TcpSession t && (t.orig.ds.hadGap || t.resp.ds.hadGap);
    }

    /** The application analyzers of this connection, or null. */
    public ConnAnalyzers analyzers() {
        return analyzers;
    }

    // ---- ConnSize

    /** Counts one packet of {@code ipLen} IP bytes (0..65,575) in its direction (Zeek's ConnSize analyzer). */
    final void count(boolean isOrig, int ipLen) {
        if (isOrig) {
            if (++origPkts == 0) {
                extras().origPktsHigh++;
            }
            int b = origIpBytes + ipLen;
            if (Integer.compareUnsigned(b, origIpBytes) < 0) {
                extras().origIpBytesHigh++;
            }
            origIpBytes = b;
        } else {
            if (++respPkts == 0) {
                extras().respPktsHigh++;
            }
            int b = respIpBytes + ipLen;
            if (Integer.compareUnsigned(b, respIpBytes) < 0) {
                extras().respIpBytesHigh++;
            }
            respIpBytes = b;
        }
    }

    /** The 64-bit value of a counter from its low 32 bits and its high bits (0 while there is no Extras). */
    private static long wide(int low, int high) {
        return ((long) high << 32) | Integer.toUnsignedLong(low);
    }

    /** Packets the originator sent (conn.log's orig_pkts). */
    final long origPkts() {
        return wide(origPkts, extras == null ? 0 : extras.origPktsHigh);
    }

    /** IP bytes the originator sent (conn.log's orig_ip_bytes). */
    final long origIpBytes() {
        return wide(origIpBytes, extras == null ? 0 : extras.origIpBytesHigh);
    }

    /** Packets the responder sent (conn.log's resp_pkts). */
    final long respPkts() {
        return wide(respPkts, extras == null ? 0 : extras.respPktsHigh);
    }

    /** IP bytes the responder sent (conn.log's resp_ip_bytes). */
    final long respIpBytes() {
        return wide(respIpBytes, extras == null ? 0 : extras.respIpBytesHigh);
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

    /** The letters Zeek's history uses (Session::AddHistory callers), in the order of their packed codes. */
    private static final String HISTORY_ALPHABET = "SHADFRCTWGIQXshadfrctwgiqx^";
    /** Bits per packed history letter: the alphabet's 27 letters + "none" fit 5 bits. */
    private static final int HISTORY_BITS = 5;
    private static final long HISTORY_MASK = (1L << HISTORY_BITS) - 1;
    /** Letters {@link #historyPacked} holds: 12 × 5 bits = 60 of its 64. */
    static final int PACKED_HISTORY_MAX = Long.SIZE / HISTORY_BITS;

    /** Number of letters in {@link #historyPacked}. */
    private int packedHistoryLength() {
        // codes are never 0, so the letters end where the bits do
        return (Long.SIZE - Long.numberOfLeadingZeros(historyPacked) + HISTORY_BITS - 1) / HISTORY_BITS;
    }

    private char packedHistoryLetter(int i) {
        return HISTORY_ALPHABET.charAt((int) ((historyPacked >>> (i * HISTORY_BITS)) & HISTORY_MASK) - 1);
    }

    void addHistory(char code) {
        if (historyPacked == HISTORY_IN_EXTRAS) {
            extras.historyOverflow.append(code);
            return;
        }
        int len = packedHistoryLength();
        int index = HISTORY_ALPHABET.indexOf(code);
        if (len < PACKED_HISTORY_MAX && index >= 0) {
            historyPacked |= (long) (index + 1) << (len * HISTORY_BITS);
            return;
        }
        // Does not fit: from now on the whole history is kept as text (rare: long or unusual histories).
        StringBuilder text = new StringBuilder(2 * PACKED_HISTORY_MAX);
        for (int i = 0; i < len; i++) {
            text.append(packedHistoryLetter(i));
        }
        text.append(code);
        extras().historyOverflow = text;
        historyPacked = HISTORY_IN_EXTRAS;
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
        if (historyPacked == HISTORY_IN_EXTRAS) {
            return CharSequence.compare(extras.historyOverflow, s) == 0; // no copy: this runs for many packets
        }
        int len = packedHistoryLength();
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (packedHistoryLetter(i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    void replaceHistory(String s) {
        historyPacked = 0;
        if (extras != null) {
            extras.historyOverflow = null;
        }
        for (int i = 0; i < s.length(); i++) {
            addHistory(s.charAt(i));
        }
    }

    /** The history string ("" when none). */
    public String history() {
        if (historyPacked == HISTORY_IN_EXTRAS) {
            return extras.historyOverflow.toString();
        }
        int len = packedHistoryLength();
        char[] h = new char[len];
        for (int i = 0; i < len; i++) {
            h[i] = packedHistoryLetter(i);
        }
        return new String(h);
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
        char p = origPort;
        origPort = respPort;
        respPort = p;
        if (extras != null) {
            t = extras.origL2;
            extras.origL2 = extras.respL2;
            extras.respL2 = t;
        }
        int n = origPkts;
        origPkts = respPkts;
        respPkts = n;
        n = origIpBytes;
        origIpBytes = respIpBytes;
        respIpBytes = n;
        if (extras != null) {
            n = extras.origPktsHigh;
            extras.origPktsHigh = extras.respPktsHigh;
            extras.respPktsHigh = n;
            n = extras.origIpBytesHigh;
            extras.origIpBytesHigh = extras.respIpBytesHigh;
            extras.respIpBytesHigh = n;
        }
        // requestLen/replyLen (the UDP and ICMP sizes) stay where they are: Zeek's session adapters keep their
        // request and reply lengths through Connection::FlipRoles, so after a DNS or NTP flip the bytes the old
        // originator sent are logged as the new originator's.
        if (this instanceof TcpSession tcp) {
            tcp.flipEndpoints();
        }
        addHistory('^');
    }

    void addTunnelParent(String parentUid) {
        Extras e = extras();
        if (e.tunnelParents == null) {
            e.tunnelParents = new String[] {parentUid};
            return;
        }
        for (String s : e.tunnelParents) {
            if (s.equals(parentUid)) {
                return;
            }
        }
        e.tunnelParents = Arrays.copyOf(e.tunnelParents, e.tunnelParents.length + 1);
        e.tunnelParents[e.tunnelParents.length - 1] = parentUid;
    }

    /** PPPoE session id of the packet that created the connection, or -1. */
    int pppoeSession() {
        return extras == null ? -1 : extras.pppoeSession;
    }

    /** uids of the tunnels this connection was seen in (Zeek's tunnel_parents), null when none. */
    String[] tunnelParents() {
        return extras == null ? null : extras.tunnelParents;
    }

    /** Services of confirmed tunnel analyzers, in confirmation order; null when none. */
    String[] tunnelServices() {
        return extras == null ? null : extras.tunnelServices;
    }

    /** Recomputes {@link #nextDeadline} from the armed timers. */
    final void recomputeDeadline() {
        long m = inactivityAt >= 0 ? inactivityAt : Long.MAX_VALUE;
        nextDeadline = Math.min(m, transportDeadline());
    }

    /** The earliest armed timer of the transport's own (Long.MAX_VALUE when none). */
    abstract long transportDeadline();

    /** Zeek's Session::CancelTimers. */
    final void cancelTimers() {
        inactivityAt = -1;
        cancelTransportTimers();
    }

    /** Disarms the transport's own timers. */
    abstract void cancelTransportTimers();

    /** No inactivity timeout (0) yet. */
    static final byte INACTIVITY_NONE = 0;
    /** {@link ConnConfig#udpInactivityTimeout} (Zeek's udp_inactivity_timeout; also a new TCP connection's). */
    static final byte INACTIVITY_UDP = 1;
    /** {@link ConnConfig#tcpInactivityTimeout} (tcp_inactivity_timeout, once a TCP side left the handshake). */
    static final byte INACTIVITY_TCP = 2;
    /** {@link ConnConfig#icmpInactivityTimeout}. */
    static final byte INACTIVITY_ICMP = 3;
    /** {@link ConnConfig#unknownIpInactivityTimeout}. */
    static final byte INACTIVITY_UNKNOWN_IP = 4;
    /** One hour: conn/inactivity.zeek's timeout for interactive services (FTP, SSH, Telnet, rlogin). */
    static final byte INACTIVITY_INTERACTIVE = 5;

    /** The inactivity timeout (nanoseconds, 0 for none) that {@code kind} names under {@code config}. */
    static long inactivityTimeout(ConnConfig config, int kind) {
        return switch (kind) {
            case INACTIVITY_UDP -> config.udpInactivityTimeout;
            case INACTIVITY_TCP -> config.tcpInactivityTimeout;
            case INACTIVITY_ICMP -> config.icmpInactivityTimeout;
            case INACTIVITY_UNKNOWN_IP -> config.unknownIpInactivityTimeout;
            case INACTIVITY_INTERACTIVE -> 3600_000_000_000L;
            default -> 0;
        };
    }

    /** This connection's inactivity timeout in nanoseconds (0: none). */
    final long inactivityTimeout(ConnConfig config) {
        return inactivityTimeout(config, inactivityKind);
    }

    /** Zeek's Session::SetInactivityTimeout, with the timeout {@code kind} names ({@link #INACTIVITY_UDP} ...). */
    void setInactivityTimeout(ConnConfig config, byte kind) {
        long timeout = inactivityTimeout(config, kind);
        if (timeout == inactivityTimeout(config)) {
            return;
        }
        inactivityAt = timeout > 0 ? lastTime + timeout : -1;
        inactivityKind = kind;
    }
}
