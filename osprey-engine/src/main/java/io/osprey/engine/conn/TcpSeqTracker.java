package io.osprey.engine.conn;

/**
 * The sequence-space half of Zeek's {@code TCP_Reassembler}: which ranges of one direction's stream have been seen,
 * delivered and acknowledged, so that conn.log's {@code missed_bytes}, the {@code G/g} history letters and the
 * deferred close ("data still pending") come out as Zeek computes them. It keeps ranges, not bytes: the
 * application-analysis issue replaces the delivery step with real payload reassembly on the same rules.
 *
 * <p>Relative sequence numbers are unsigned 64-bit as in Zeek (1 = first data byte after the SYN); comparisons are
 * unsigned. Blocks are kept, sorted and non-overlapping, until an ACK trims them (Zeek's {@code DataBlockList});
 * the count is bounded by {@link #MAX_BLOCKS} (beyond it the oldest undelivered range is dropped, which can only
 * happen on pathological traffic: Zeek would be buffering &gt; 1k holes too).
 */
final class TcpSeqTracker {
    /** Zeek's {@code tcp_max_initial_window}. */
    static final long MAX_INITIAL_WINDOW = 16384;
    /** Zeek's {@code tcp_max_above_hole_without_any_acks}. */
    static final long MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS = 16384;
    /** Zeek's {@code tcp_excessive_data_without_further_acks}. */
    static final long EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS = 10L * 1024 * 1024;
    /** Bound on tracked ranges per direction (Osprey's; Zeek has none). */
    static final int MAX_BLOCKS = 1024;

    private final TcpEndpoint endp;
    TcpSession session;

    /** Range starts and ends; allocated on the first range (most scans and rejected connections never need one). */
    private long[] lo;
    private long[] hi;
    private int n;

    long lastReassemSeq = 1;
    long trimSeq = 1;
    boolean skipDeliveries;
    boolean didEof;

    TcpSeqTracker(TcpEndpoint endp) {
        this.endp = endp;
    }

    private static boolean lt(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    private static boolean le(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    boolean hasBlocks() {
        return n > 0;
    }

    long numUndeliveredBytes() {
        return n == 0 ? 0 : hi[n - 1] - lastReassemSeq;
    }

    private long dataSize() {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += hi[i] - lo[i];
        }
        return s;
    }

    void clearBlocks() {
        n = 0;
    }

    /** Zeek's TCP_Reassembler::DataSent with relative {@code seq}. */
    boolean dataSent(long seq, int len) {
        long ack = endp.toRelativeSeqSpace(endp.ackSeq, endp.ackWraps);
        long upper = seq + len;
        if (skipDeliveries) {
            return false;
        }
        if (lt(seq, ack)) {
            if (le(upper, ack)) {
                return false;
            }
            seq = ack;
        }
        newBlock(seq, upper);
        if (endp.noDataAcked() && Long.compareUnsigned(numUndeliveredBytes(), MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS) > 0) {
            session.weird("above_hole_data_without_any_acks", null, "TCP");
            clearBlocks();
            skipDeliveries = true;
        }
        if (dataSize() > EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS) {
            session.weird("excessive_data_without_further_acks", null, "TCP");
            clearBlocks();
            skipDeliveries = true;
        }
        return true;
    }

    private void newBlock(long seq, long upper) {
        if (seq == upper) {
            return;
        }
        if (le(upper, trimSeq)) {
            return;
        }
        if (lt(seq, trimSeq)) {
            seq = trimSeq;
        }
        boolean deliverable = insert(seq, upper);
        if (deliverable) {
            blockInserted();
        }
    }

    /** Adds the parts of [seq, upper) not covered yet; true when one of them starts at or before lastReassemSeq. */
    private boolean insert(long seq, long upper) {
        boolean deliverable = false;
        long cur = seq;
        int i = 0;
        while (i < n && le(hi[i], cur)) {
            i++;
        }
        while (lt(cur, upper)) {
            if (i < n && le(lo[i], cur)) {
                cur = hi[i];
                i++;
                continue;
            }
            long end = upper;
            if (i < n && lt(lo[i], end)) {
                end = lo[i];
            }
            if (le(cur, lastReassemSeq) && lt(lastReassemSeq, end)) {
                deliverable = true;
            }
            addAt(i, cur, end);
            i++;
            cur = end;
        }
        return deliverable;
    }

    private void addAt(int i, long l, long h) {
        if (lo == null) {
            lo = new long[4];
            hi = new long[4];
        }
        if (n == lo.length) {
            if (n >= MAX_BLOCKS) {
                // Drop the last range; pathological input only.
                n--;
                if (i > n) {
                    return;
                }
            } else {
                lo = java.util.Arrays.copyOf(lo, n * 2);
                hi = java.util.Arrays.copyOf(hi, n * 2);
            }
        }
        System.arraycopy(lo, i, lo, i + 1, n - i);
        System.arraycopy(hi, i, hi, i + 1, n - i);
        lo[i] = l;
        hi[i] = h;
        n++;
    }

    /** Delivers every contiguous range from lastReassemSeq on, then applies Zeek's initial-window trim. */
    private void blockInserted() {
        for (int i = 0; i < n; i++) {
            if (le(hi[i], lastReassemSeq)) {
                continue;
            }
            if (lt(lastReassemSeq, lo[i])) {
                break;
            }
            lastReassemSeq = hi[i];
        }
        if (endp.noDataAcked() && Long.compareUnsigned(endp.size(), MAX_INITIAL_WINDOW) > 0) {
            trimToSeq(lastReassemSeq);
        }
    }

    /** Zeek's DataBlockList::Trim: an ACK (or skip) up to {@code seq}. */
    void trimToSeq(long seq) {
        if (lt(lastReassemSeq, seq)) {
            undelivered(seq);
        }
        int k = 0;
        while (k < n && le(hi[k], seq)) {
            k++;
        }
        if (k > 0) {
            System.arraycopy(lo, k, lo, 0, n - k);
            System.arraycopy(hi, k, hi, 0, n - k);
            n -= k;
        }
        if (n > 0 && lo[0] == lastReassemSeq) {
            blockInserted();
        }
        trimSeq = seq;
    }

    /** Zeek's TCP_Reassembler::Undelivered: data up to {@code upTo} will never arrive; report the holes. */
    private void undelivered(long upTo) {
        if (le(upTo, 2) && session.isPartial) {
            return;
        }
        if (!skipDeliveries) {
            int i = 0;
            while (i < n) {
                if (lt(lo[i], lastReassemSeq)) {
                    i++;
                    continue;
                }
                if (le(upTo, lo[i])) {
                    break;
                }
                long gapLen = lo[i] - lastReassemSeq;
                if (gapLen != 0) {
                    session.gap(endp, lastReassemSeq, gapLen);
                }
                lastReassemSeq += gapLen;
                blockInserted();
                i = 0;
            }
            if (lt(lastReassemSeq, upTo)) {
                session.gap(endp, lastReassemSeq, upTo - lastReassemSeq);
            }
        }
        if (lt(lastReassemSeq, upTo)) {
            lastReassemSeq = upTo;
        }
    }

    /** Zeek's TCP_Reassembler::AckReceived with a relative ack. */
    void ackReceived(long seq) {
        if (endp.finCnt > 0 && !lt(seq, endp.finSeq)) {
            seq = endp.finSeq - 1;
        }
        if (le(seq, trimSeq)) {
            return;
        }
        trimToSeq(seq);
        checkEof();
    }

    /** Zeek's TCP_Reassembler::DataPending. */
    boolean dataPending() {
        if (skipDeliveries) {
            return false;
        }
        long delivered = endp.startSeq + lastReassemSeq;
        long last = endp.toFullSeqSpace(endp.lastSeq, endp.seqWraps);
        if (Long.compareUnsigned(last, delivered) < 0) {
            return false;
        }
        if (delivered != last - 1 && delivered != last) {
            return true;
        }
        return endp.state != TcpEndpoint.RESET && endp.peer.reasm.hasBlocks();
    }

    /** Zeek's TCP_Reassembler::CheckEOF. */
    void checkEof() {
        if (!didEof && (endp.finCnt > 0 || endp.state == TcpEndpoint.CLOSED || endp.state == TcpEndpoint.RESET)
                && !dataPending()) {
            didEof = true;
            session.endpointEof(endp);
        }
    }
}
