package io.osprey.engine.conn;

/**
 * One side of a TCP connection as Zeek's {@code TCP_Endpoint} tracks it: state machine position, sequence space
 * (start/last/ack with wrap counts), window, control-packet counters and the history bookkeeping that decides
 * which letters reach conn.log. Sequence numbers that are unsigned 32-bit on the wire are held in longs in
 * {@code [0, 2^32)}; {@link #startSeq} is a signed 64-bit value as in Zeek (it can be "one before" the first
 * sequence number of a partial connection).
 */
final class TcpEndpoint {
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

    int state = INACTIVE;
    int prevState = INACTIVE;
    TcpEndpoint peer;
    boolean isOrig;

    long startSeq;
    long lastSeq;
    long ackSeq;
    int seqWraps;
    int ackWraps;

    long lastTime;

    long window;
    int windowScale;
    long windowAckSeq;
    long windowSeq;

    long finSeq;
    int finCnt;
    int rstCnt;
    boolean didClose;

    int gapCnt;
    int chkCnt;
    int rxmtCnt;
    int win0Cnt;
    int gapThresh = 1;
    int chkThresh = 1;
    int rxmtThresh = 1;
    int win0Thresh = 1;

    long histLastSyn;
    long histLastFin;
    long histLastRst;

    /** Sequence-range model of the reassembler (gaps, pending data); see {@link TcpSeqTracker}. */
    final TcpSeqTracker reasm = new TcpSeqTracker(this);

    TcpEndpoint(boolean isOrig) {
        this.isOrig = isOrig;
    }

    static long u32(long v) {
        return v & 0xFFFF_FFFFL;
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
        lastSeq = u32(s);
    }

    void initAckSeq(long s) {
        ackSeq = u32(s);
    }

    void updateLastSeq(long s) {
        s = u32(s);
        if (s < lastSeq) {
            seqWraps++;
        }
        lastSeq = s;
    }

    void updateAckSeq(long s) {
        s = u32(s);
        if (s < ackSeq) {
            ackWraps++;
        }
        ackSeq = s;
    }

    /** Zeek's StartSeq(): the low 32 bits of the signed start. */
    long startSeq32() {
        return u32(startSeq);
    }

    boolean noDataAcked() {
        long ack = toFullSeqSpace(ackSeq, ackWraps);
        return ack == startSeq || ack == startSeq + 1;
    }

    boolean isActive() {
        return state != INACTIVE && !didClose;
    }

    boolean hasDoneSomething() {
        return lastTime != 0;
    }

    /** Bytes sent, from the sequence space (Zeek's TCP_Endpoint::Size), conn.log's orig_bytes/resp_bytes. */
    long size() {
        if (prevState == SYN_SENT && state == RESET && peer.state == INACTIVE && !noDataAcked()) {
            return 0;
        }
        long last64 = toFullSeqSpace(lastSeq, seqWraps);
        long ack64 = toFullSeqSpace(ackSeq, ackWraps);
        long size;
        if (Long.compareUnsigned(last64, ack64) > 0) {
            size = last64 - startSeq;
        } else {
            size = ack64 - startSeq;
        }
        if (size != 0) {
            --size;
        }
        if (finCnt > 0 && size != 0) {
            --size;
        }
        return size;
    }
}
