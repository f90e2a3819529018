package io.osprey.engine.conn;

/**
 * One side of a TCP connection as Zeek's {@code TCP_Endpoint} tracks it: state machine position, sequence space
 * (start/last/ack with wrap counts), window, control-packet counters and the history bookkeeping that decides
 * which letters reach conn.log. Sequence numbers that are unsigned 32-bit on the wire are held in longs in
 * {@code [0, 2^32)}; {@link #startSeq} is a signed 64-bit value as in Zeek (it can be "one before" the first
 * sequence number of a partial connection). The direction's reassembler state is inherited from
 * {@link TcpSeqTracker} so that both live in one object.
 */
final class TcpEndpoint extends TcpSeqTracker {
    static final int INACTIVE = 0;
    static final int SYN_SENT = 1;
    static final int SYN_ACK_SENT = 2;
    static final int PARTIAL = 3;
    static final int ESTABLISHED = 4;
    static final int CLOSED = 5;
    static final int RESET = 6;

    static final int HIST_SYN_PKT = 0x1;
    static final int HIST_FIN_PKT = 0x2;
    static final int HIST_RST_PKT = 0x4;
    static final int HIST_FIN_RST_PKT = 0x8;
    static final int HIST_DATA_PKT = 0x10;
    static final int HIST_ACK_PKT = 0x20;
    static final int HIST_MULTI_FLAG_PKT = 0x40;

    /*
     * Field widths are chosen for the heap cost per tracked connection (two endpoints per TCP connection):
     * states are bytes; unsigned 32-bit sequence numbers and windows are held in ints (the bit pattern; read them
     * through the accessors, which widen to [0, 2^32)); the scaled-history counters, which only checksum errors,
     * retransmissions, zero windows and gaps need, are in a {@link ScaledCounters} allocated on first use; what
     * only a direction with data, ACKs of data, a FIN or a RST needs (reassembly positions, FIN/RST bookkeeping) is
     * in the tracker's {@link TcpSeqTracker.DataState}, also allocated on first use. An endpoint is 72 B (12 header,
     * 60 of fields; BENCHMARKS.md, "Heap per tracked connection").
     */

    /** State machine position ({@link #INACTIVE} .. {@link #RESET}). */
    byte state = INACTIVE;
    byte prevState = INACTIVE;
    /** Window scale shift, 0..14. */
    byte windowScale;

    long startSeq;
    /** Unsigned 32-bit; see {@link #lastSeq()}. */
    private int lastSeq32;
    /** Unsigned 32-bit; see {@link #ackSeq()}. */
    private int ackSeq32;
    int seqWraps;
    int ackWraps;

    long lastTime;

    /** Unsigned 32-bit (the scaled window is truncated to 32 bits, as Zeek's uint32); see {@link #window()}. */
    private int window32;
    /** Unsigned 32-bit; see {@link #windowAckSeq()}. */
    private int windowAckSeq32;
    /** Unsigned 32-bit; see {@link #windowSeq()}. */
    private int windowSeq32;

    /** The relative sequence number of the last SYN (Zeek's hist_last_SYN; FIN's and RST's are in {@link #ds}). */
    long histLastSyn;

    /**
     * Zeek's scaled-history counters of one endpoint (chk_cnt, rxmt_cnt, win0_cnt, gap_cnt) and their thresholds.
     * Thresholds are powers of ten held as the exponent: the threshold is {@code 10^exp} (1, 10, ... 10^9), see
     * {@link Connection#scaledHistoryEntry}; Zeek keeps the threshold itself in a uint32. Also this direction's
     * share of conn.log's {@code missed_bytes}: a gap is counted there exactly when it counts a 'G'
     * ({@link TcpSession#gap}), so the connection needs no field of its own for the (usually zero) total.
     */
    static final class ScaledCounters {
        /** Bytes in content gaps of this direction (conn.log's missed_bytes is the sum of both directions). */
        long missedBytes;
        int chkCnt;
        int rxmtCnt;
        int win0Cnt;
        int gapCnt;
        byte chkThreshExp;
        byte rxmtThreshExp;
        byte win0ThreshExp;
        byte gapThreshExp;
    }

    /** The scaled-history counters, allocated at the first checksum error, retransmission, zero window or gap. */
    ScaledCounters scaledCounters() {
        DataState d = dataState();
        if (d.scaledCounters == null) {
            d.scaledCounters = new ScaledCounters();
        }
        return d.scaledCounters;
    }

    /** This direction's share of conn.log's missed_bytes (0 while it had no counted gap). */
    long missedBytes() {
        ScaledCounters sc = ds.scaledCounters;
        return sc == null ? 0 : sc.missedBytes;
    }

    TcpEndpoint() {
    }

    /** Zeek's did_close: this side's close was processed. */
    boolean didClose() {
        return hasFlag(DID_CLOSE);
    }

    void setDidClose() {
        setFlag(DID_CLOSE);
    }

    static long u32(long v) {
        return v & 0xFFFF_FFFFL;
    }

    /** Zeek's LastSeq(): the highest sequence number sent, in [0, 2^32). */
    long lastSeq() {
        return Integer.toUnsignedLong(lastSeq32);
    }

    /** Zeek's AckSeq(): the highest sequence number acknowledged by the peer, in [0, 2^32). */
    long ackSeq() {
        return Integer.toUnsignedLong(ackSeq32);
    }

    /** The scaled window last advertised, in [0, 2^32). */
    long window() {
        return Integer.toUnsignedLong(window32);
    }

    /** The ack of the packet that advertised {@link #window()}, in [0, 2^32). */
    long windowAckSeq() {
        return Integer.toUnsignedLong(windowAckSeq32);
    }

    /** The sequence number of the packet that advertised {@link #window()}, in [0, 2^32). */
    long windowSeq() {
        return Integer.toUnsignedLong(windowSeq32);
    }

    /** Records a window advertisement; all three values are taken modulo 2^32. */
    void setWindow(long window, long ackSeq, long seq) {
        window32 = (int) window;
        windowAckSeq32 = (int) ackSeq;
        windowSeq32 = (int) seq;
    }

    /** Sets the sequence numbers a window advertisement is compared with (modulo 2^32), keeping the window. */
    void setWindowSeqs(long ackSeq, long seq) {
        windowAckSeq32 = (int) ackSeq;
        windowSeq32 = (int) seq;
    }

    /** Zeek's seq_delta: the signed 32-bit difference a - b. */
    static int seqDelta(long a, long b) {
        return (int) (a - b);
    }

    long toFullSeqSpace(long seq, int wraps) {
        return ((long) wraps << 32) + seq;
    }

    long toRelativeSeqSpace(long seq, int wraps) {
        return toFullSeqSpace(seq, wraps) - startSeq;
    }

    void initStartSeq(long s) {
        startSeq = s;
    }

    void initLastSeq(long s) {
        lastSeq32 = (int) s;
    }

    void initAckSeq(long s) {
        ackSeq32 = (int) s;
    }

    void updateLastSeq(long s) {
        s = u32(s);
        if (s < lastSeq()) {
            seqWraps++;
        }
        lastSeq32 = (int) s;
    }

    void updateAckSeq(long s) {
        s = u32(s);
        if (s < ackSeq()) {
            ackWraps++;
        }
        ackSeq32 = (int) s;
    }

    /** Zeek's StartSeq(): the low 32 bits of the signed start. */
    long startSeq32() {
        return u32(startSeq);
    }

    boolean noDataAcked() {
        long ack = toFullSeqSpace(ackSeq(), ackWraps);
        return ack == startSeq || ack == startSeq + 1;
    }

    boolean isActive() {
        return state != INACTIVE && !didClose();
    }

    boolean hasDoneSomething() {
        return lastTime != 0;
    }

    /**
     * Bytes sent, from the sequence space (Zeek's TCP_Endpoint::Size), conn.log's orig_bytes/resp_bytes; {@code peer}
     * is the other side ({@link TcpSession#size} passes it).
     */
    long size(TcpEndpoint peer) {
        if (prevState == SYN_SENT && state == RESET && peer.state == INACTIVE && !noDataAcked()) {
            return 0;
        }
        long last64 = toFullSeqSpace(lastSeq(), seqWraps);
        long ack64 = toFullSeqSpace(ackSeq(), ackWraps);
        long size;
        if (Long.compareUnsigned(last64, ack64) > 0) {
            size = last64 - startSeq;
        } else {
            size = ack64 - startSeq;
        }
        if (size != 0) {
            --size;
        }
        if (hasFlag(FIN_SEEN) && size != 0) {
            --size;
        }
        return size;
    }
}
