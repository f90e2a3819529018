package io.osprey.engine.conn;

/**
 * One direction's reassembler (Zeek's {@code TCP_Reassembler}): which ranges of the stream have been seen, delivered
 * and acknowledged, so that conn.log's {@code missed_bytes}, the {@code G/g} history letters and the deferred close
 * ("data still pending") come out as Zeek computes them, and the bytes themselves, delivered in order to the
 * connection's analyzers with gaps reported, never glued over.
 *
 * <p><b>Bytes.</b> In-order data (the common case) is delivered straight from the packet, without a copy. Only data
 * that arrives above a hole is copied, and only while the connection has live analyzers; it is freed as soon as it
 * is delivered. Ranges stay (without bytes) until acknowledged, as Zeek keeps blocks until trimmed. A retransmission
 * overlapping still-buffered bytes with different content raises {@code rexmit_inconsistency} (Zeek's event of that
 * name; Zeek also compares against delivered data it still holds, which Osprey no longer has).
 *
 * <p><b>Limits.</b> Buffered bytes are bounded per direction by {@link #MAX_BUFFERED_PER_DIRECTION} and per worker
 * by {@link ConnConfig#maxReassemblyBytes}. Data that does not fit is not kept: its range is delivered to the
 * analyzers as a gap (weird {@code reassembly_buffer_limit}, once per connection), conn.log is unaffected.
 *
 * <p><b>Range capacity.</b> The range arrays are bounded per direction by {@link #MAX_BLOCKS} and per worker by
 * {@link ConnConfig#maxReassemblyRanges} (counted in {@code ConnEngine.reassemblyRanges}: the slots beyond each
 * direction's {@link #INITIAL_BLOCKS}). Growth asks the worker-wide budget, one comparison on the grow path only
 * (rare: a doubling), nothing per segment; refused, the newest range is dropped as at the per-direction bound.
 * Capacity is given back when an ACK leaves a direction's arrays mostly empty ({@link #SHRINK_FLOOR}, with
 * hysteresis so that a steady transfer never reallocates), when a direction gives up reassembly, and when the
 * connection is removed ({@link #releaseReassembly}).
 *
 * <p>Relative sequence numbers are unsigned 64-bit as in Zeek (1 = first data byte after the SYN); comparisons are
 * unsigned. Blocks are kept, sorted and non-overlapping, until an ACK trims them (Zeek's {@code DataBlockList});
 * the count is bounded by {@link #MAX_BLOCKS}. Delivered ranges stay until acknowledged, one per segment, so a bulk
 * transfer over a large window holds thousands of them: lookups are binary searches and the total size is kept as
 * it changes, so the work per segment does not grow with the number of unacknowledged segments.
 *
 * <p><b>Layout.</b> The tracker is the superclass of {@link TcpEndpoint} (its only subclass) rather than an object
 * the endpoint points to: both halves of a direction's state then share one object header and need no pointers to
 * each other, which saves 64 B per direction (an object of its own plus the back pointer) on every tracked TCP
 * connection (BENCHMARKS.md, "Heap per tracked connection"). The range arrays are allocated on first use. The
 * session is not stored either: the methods that need it (its engine, weirds, analyzers, the peer) take it as their
 * first parameter, which keeps 8 B per direction off every connection.
 */
abstract sealed class TcpSeqTracker permits TcpEndpoint {
    /** Zeek's {@code tcp_max_initial_window}. */
    static final long MAX_INITIAL_WINDOW = 16384;
    /** Zeek's {@code tcp_max_above_hole_without_any_acks}. */
    static final long MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS = 16384;
    /** Zeek's {@code tcp_excessive_data_without_further_acks}. */
    static final long EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS = 10L * 1024 * 1024;
    /**
     * Ranges the arrays hold at first (they double up to {@link #MAX_BLOCKS} as the worker's budget allows, and shrink
     * back to {@link #SHRINK_FLOOR} at least; the initial slots are not counted in the budget: every connection
     * with data has them, bounded with the connections by {@link ConnConfig#maxConnections}). Each segment is a range
     * until the ACK that covers it: a request/response exchange has one or two at a time, a bulk transfer as many as
     * it has segments in flight (its arrays grow once, either way). Starting at 2 rather than 4 keeps 40 B per
     * direction off every connection that carried data (BENCHMARKS.md, "Heap per tracked connection"), at the cost
     * of one more doubling for a direction that ever has more.
     */
    static final int INITIAL_BLOCKS = 2;
    /**
     * Bound on tracked ranges per direction (Osprey's; Zeek has none). Ranges stay until acknowledged, one per segment,
     * and Zeek gives up on a direction once more than {@link #EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS} (10 MiB) wait for
     * an ACK: 16,384 ranges cover those 10 MiB in segments of 640 bytes or more (a full-size segment is 1,448 bytes
     * on a 1500-byte MTU link), so only traffic of many tiny segments reaches the bound. Beyond it the last range is
     * dropped (weird {@code reassembly_buffer_limit}, once per connection). The bound was 1,024 before: a 64 MiB
     * download over a 6 MiB window (1 GB benchmark capture) had more than 1,024 segments unacknowledged, and the
     * dropped ranges came out as content gaps Zeek does not report (missed_bytes, history {@code g}).
     */
    static final int MAX_BLOCKS = 16384;
    /**
     * Range capacity a direction keeps however few ranges it holds while its connection lives: arrays up to this
     * size are never shrunk (1,280 B per direction at most, counted in the worker-wide budget), larger ones are
     * shrunk when an ACK leaves at most an eighth of them in use, to four times the ranges left rounded down to a
     * power of two (at least this floor). The hysteresis: after a shrink the ranges fill at most half of the arrays
     * (and at least a quarter, unless at the floor), so they must double to grow them again and halve to shrink
     * them again. A steady bulk
     * transfer keeps about as many segments unacknowledged from one ACK to the next and never reallocates; a
     * transfer in bursts (all acknowledged between them) reallocates a few times per burst, never per segment.
     * 64 = a burst of more than 64 segments in flight before anything is given back: request/response traffic
     * (one or two ranges at a time) never gets there.
     */
    static final int SHRINK_FLOOR = 64;
    /**
     * Bytes buffered above a hole per direction (Osprey's bound): Zeek stops delivering once 10 MiB wait for an
     * ACK ({@link #EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS}), so keeping more would never be used.
     */
    static final long MAX_BUFFERED_PER_DIRECTION = EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS;

    /** Marks a block whose bytes are in the packet being processed (resolved before {@link #dataSent} returns). */
    private static final byte[] CURRENT = new byte[0];
    /** Marks a block whose bytes were not kept (buffer limit): delivered to analyzers as a gap. */
    private static final byte[] DROPPED = new byte[0];

    /**
     * The state of one direction that only a direction carrying data (or acknowledging data, or closing) needs: the
     * reassembler's ranges and positions, and the endpoint's FIN/RST bookkeeping and scaled-history counters. A
     * connection that never sends data (scans, unanswered connections) never needs it, a rejected one only for the
     * side that sends the RST, so
     * {@link #ds} starts as the shared, never-written {@link #NO_DATA} (whose values are the initial ones: nothing
     * buffered, positions at 1, no FIN or RST) and a direction gets its own, through {@link #dataState()}, at its
     * first data segment, its first ACK of data, its first FIN or RST or its first scaled-history event. Every write
     * goes through {@link #dataState()}; reads go through {@link #ds} directly.
     *
     * <p>Why: the target is about 300 B of heap per tracked connection (BENCHMARKS.md, "Heap per tracked
     * connection"); these 56 B per direction held in the endpoint itself were paid by every connection, also by the
     * many that never carry a byte. A connection with data pays one object header and pointer more per direction.
     */
    static final class DataState {
        /**
         * Range starts and ends interleaved ({@code lo0, hi0, lo1, hi1, ...}: one array header rather than two,
         * 16 B per direction with data); null until the first range. Read through {@link #lo}/{@link #hi}.
         */
        long[] ranges;
        /** Per block: its bytes (undelivered data above a hole), or null (no bytes: delivered, or not kept). */
        byte[][] data;
        /** Number of ranges in use. */
        int n;
        /** Bytes held in {@link #data}. */
        int buffered;
        /** Sum of the ranges' sizes (Zeek's DataBlockList::DataSize), kept as ranges are added and removed. */
        long size;
        /** Zeek's last_reassem_seq and trim_seq (relative, 1 = the first data byte). */
        long lastReassemSeq = 1;
        long trimSeq = 1;
        /** This direction had a content gap (Zeek's TCP_Reassembler had_gap; see {@code ConnInfo.hadGap}). */
        boolean hadGap;
        /** TCP_Endpoint's FIN_seq, FIN_cnt and RST_cnt. */
        long finSeq;
        int finCnt;
        int rstCnt;
        /** The relative sequence numbers of the last FIN and RST (Zeek's hist_last_FIN / hist_last_RST). */
        long histLastFin;
        long histLastRst;
        /** The scaled-history counters; null until the first such event (most connections never have one). */
        TcpEndpoint.ScaledCounters scaledCounters;

        /** Range {@code i}'s start. */
        long lo(int i) {
            return ranges[2 * i];
        }

        /** Range {@code i}'s end (exclusive). */
        long hi(int i) {
            return ranges[2 * i + 1];
        }
    }

    /** Shared by every direction that has no state of its own yet: initial values, never written. */
    private static final DataState NO_DATA = new DataState();

    /**
     * This direction's {@link DataState} for reading ({@link #NO_DATA} while it has none); write through
     * {@link #dataState()}.
     */
    DataState ds = NO_DATA;

    /** This direction's own {@link DataState}, allocated on first use (a state transition, not every packet). */
    DataState dataState() {
        DataState d = ds;
        if (d == NO_DATA) {
            d = new DataState();
            ds = d;
        }
        return d;
    }

    /**
     * Bit flags of this direction, one byte instead of three booleans (the endpoint is 8 bytes smaller for it):
     * {@link #SKIP_DELIVERIES}, {@link #DID_EOF}, the endpoint's {@link #DID_CLOSE} and {@link #FIN_SEEN}.
     */
    private byte flags;
    /** Zeek's skip_deliveries: the reassembler gave up on this direction. */
    private static final int SKIP_DELIVERIES = 1;
    /** Zeek's did_EOF: end of data was reported. */
    private static final int DID_EOF = 2;
    /** TCP_Endpoint's did_close ({@link TcpEndpoint#didClose()}). */
    static final int DID_CLOSE = 4;
    /**
     * This side sent a FIN ({@link DataState#finCnt} &gt; 0): the per-packet checks ask the endpoint's own byte
     * rather than its {@link DataState}, which is another object (a cache line) on every packet of a connection
     * with data.
     */
    static final int FIN_SEEN = 8;

    boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    void setFlag(int flag) {
        flags |= (byte) flag;
    }

    void clearFlag(int flag) {
        flags &= (byte) ~flag;
    }

    private boolean skipDeliveries() {
        return hasFlag(SKIP_DELIVERIES);
    }

    /** This direction's endpoint: the tracker is its superclass (see the class comment). */
    private TcpEndpoint endp() {
        return (TcpEndpoint) this;
    }

    private static boolean lt(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    private static boolean le(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    boolean hasBlocks() {
        return ds.n > 0;
    }

    long numUndeliveredBytes() {
        return ds.n == 0 ? 0 : ds.hi(ds.n - 1) - ds.lastReassemSeq;
    }

    private long dataSize() {
        return ds.size;
    }

    /**
     * Index of the first range ending above {@code seq} ({@code ds.n} when none): ranges are sorted and do not
     * overlap, so their ends are sorted too (unsigned).
     */
    private int firstEndingAbove(long seq) {
        DataState d = ds;
        int lo = 0;
        int hi = d.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (le(d.hi(mid), seq)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    void clearBlocks(TcpSession session) {
        if (ds.n == 0) {
            return; // also keeps NO_DATA unwritten
        }
        for (int i = 0; i < ds.n; i++) {
            release(session, i);
        }
        ds.n = 0;
        ds.size = 0;
    }

    private void release(TcpSession session, int i) {
        byte[] b = ds.data[i];
        if (b != null && b != CURRENT && b != DROPPED) {
            ds.buffered -= b.length;
            session.engine.reassemblyBytes -= b.length;
        }
        ds.data[i] = null;
    }

    /**
     * Zeek's TCP_Reassembler::DataSent with relative {@code seq}; {@code payload} at {@code payloadOffset} holds the
     * segment's {@code len} bytes (null when there are no analyzers to deliver to).
     */
    boolean dataSent(TcpSession session, long seq, int len, java.lang.foreign.MemorySegment payload,
                     long payloadOffset) {
        long ack = endp().toRelativeSeqSpace(endp().ackSeq(), endp().ackWraps);
        long upper = seq + len;
        if (skipDeliveries()) {
            return false;
        }
        session.engine.curSeg = session.wantsPayload() ? payload : null;
        session.engine.curOff = payloadOffset;
        session.engine.curSeq = seq;
        if (lt(seq, ack)) {
            if (le(upper, ack)) {
                session.engine.curSeg = null;
                return false;
            }
            seq = ack;
        }
        dataState(); // this direction carries data: from here on it writes its own state
        newBlock(session, seq, upper);
        keepCurrent(session, seq, upper);
        session.engine.curSeg = null;
        if (endp().noDataAcked() && Long.compareUnsigned(numUndeliveredBytes(), MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS) > 0) {
            session.weird("above_hole_data_without_any_acks", null, "TCP");
            clearBlocks(session);
            setFlag(SKIP_DELIVERIES);
            freeRanges(session);
        }
        if (dataSize() > EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS) {
            session.weird("excessive_data_without_further_acks", null, "TCP");
            clearBlocks(session);
            setFlag(SKIP_DELIVERIES);
            freeRanges(session);
        }
        return true;
    }

    /**
     * This direction gave up reassembly ({@code SKIP_DELIVERIES} set, no ranges left, none ever added again):
     * its arrays go, and the capacity they held beyond the initial slots goes back to the worker's budget.
     */
    private void freeRanges(TcpSession session) {
        DataState d = ds;
        if (d.data != null) {
            session.engine.reassemblyRanges -= d.data.length - INITIAL_BLOCKS;
            d.ranges = null;
            d.data = null;
        }
    }

    /**
     * The connection is being removed ({@code ConnEngine.remove}, the one way out of every connection, called after
     * its logs are written): buffered bytes and range capacity beyond the initial slots go back to the worker's
     * budgets. Delivery stops ({@code SKIP_DELIVERIES}), so nothing is added again and the counters cannot be
     * charged twice. The arrays themselves stay (emptied): a removal from inside this connection's own delivery (an
     * eviction by a packet its analyzer decoded) returns into loops that may still index them; they are garbage
     * with the connection.
     */
    void releaseReassembly(TcpSession session) {
        DataState d = ds;
        if (d == NO_DATA) {
            return; // never carried data: nothing held
        }
        clearBlocks(session);
        setFlag(SKIP_DELIVERIES);
        if (d.data != null) {
            session.engine.reassemblyRanges -= d.data.length - INITIAL_BLOCKS;
        }
    }

    private void newBlock(TcpSession session, long seq, long upper) {
        if (seq == upper) {
            return;
        }
        if (le(upper, ds.trimSeq)) {
            return;
        }
        if (lt(seq, ds.trimSeq)) {
            seq = ds.trimSeq;
        }
        boolean deliverable = insert(session, seq, upper);
        if (deliverable) {
            blockInserted(session);
        }
    }

    /** Adds the parts of [seq, upper) not covered yet; true when one of them starts at or before ds.lastReassemSeq. */
    private boolean insert(TcpSession session, long seq, long upper) {
        boolean deliverable = false;
        long cur = seq;
        int i = firstEndingAbove(cur);
        while (lt(cur, upper)) {
            if (i < ds.n && le(ds.lo(i), cur)) {
                long oh = lt(ds.hi(i), upper) ? ds.hi(i) : upper;
                checkOverlap(session, i, cur, oh);
                cur = ds.hi(i);
                i++;
                continue;
            }
            long end = upper;
            if (i < ds.n && lt(ds.lo(i), end)) {
                end = ds.lo(i);
            }
            if (le(cur, ds.lastReassemSeq) && lt(ds.lastReassemSeq, end)) {
                deliverable = true;
            }
            addAt(session, i, cur, end);
            i++;
            cur = end;
        }
        return deliverable;
    }

    /** Zeek's Reassembler::CheckOverlap against block {@code i} for the new data's part [from, to). */
    private void checkOverlap(TcpSession session, int i, long from, long to) {
        byte[] b = ds.data[i];
        if (session.engine.curSeg == null || b == null || b == CURRENT || b == DROPPED || !lt(from, to)) {
            return;
        }
        int len = (int) (to - from);
        long newOff = session.engine.curOff + (from - session.engine.curSeq);
        int oldOff = (int) (from - ds.lo(i));
        long mismatch = java.lang.foreign.MemorySegment.mismatch(session.engine.curSeg, newOff, newOff + len,
                java.lang.foreign.MemorySegment.ofArray(b), oldOff, oldOff + len);
        if (mismatch >= 0 && (len > 1 || session.peer(endp()).hasDoneSomething())) {
            session.weird("rexmit_inconsistency", null, "TCP");
        }
    }

    private void addAt(TcpSession session, int i, long l, long h) {
        assert ds != NO_DATA;
        if (ds.ranges == null) {
            ds.ranges = new long[2 * INITIAL_BLOCKS];
            ds.data = new byte[INITIAL_BLOCKS][];
        }
        if (ds.n == ds.data.length) {
            ConnEngine eng = session.engine;
            // Growing by n more slots is granted by the worker-wide budget (ConnConfig.maxReassemblyRanges): the
            // one check it costs is here, on the rare grow path, not per segment.
            if (ds.n >= MAX_BLOCKS || eng.reassemblyRanges + ds.n > eng.config.maxReassemblyRanges) {
                // Drop the last range: many tiny segments unacknowledged (see MAX_BLOCKS), here or over the worker.
                release(session, ds.n - 1);
                ds.n--;
                ds.size -= ds.hi(ds.n) - ds.lo(ds.n);
                session.reassemblyLimit();
                if (i > ds.n) {
                    return;
                }
            } else {
                eng.reassemblyRanges += ds.n;
                ds.ranges = java.util.Arrays.copyOf(ds.ranges, ds.n * 4);
                ds.data = java.util.Arrays.copyOf(ds.data, ds.n * 2);
            }
        }
        System.arraycopy(ds.ranges, 2 * i, ds.ranges, 2 * i + 2, 2 * (ds.n - i));
        System.arraycopy(ds.data, i, ds.data, i + 1, ds.n - i);
        ds.ranges[2 * i] = l;
        ds.ranges[2 * i + 1] = h;
        ds.data[i] = session.engine.curSeg != null ? CURRENT : null;
        ds.n++;
        ds.size += h - l;
    }

    /**
     * After a segment's delivery pass: copies the parts of it that could not be delivered yet (they lie above a
     * hole), within the buffer limits; what does not fit is marked to be delivered as a gap.
     */
    private void keepCurrent(TcpSession session, long seq, long upper) {
        if (session.engine.curSeg == null) {
            return;
        }
        // The segment's undelivered parts are ranges within [seq, upper): only those can be CURRENT.
        for (int i = firstEndingAbove(seq); i < ds.n && lt(ds.lo(i), upper); i++) {
            if (ds.data[i] != CURRENT) {
                continue;
            }
            if (le(ds.hi(i), ds.lastReassemSeq)) {
                ds.data[i] = null;
                continue;
            }
            long from = ds.lo(i);
            int len = (int) (ds.hi(i) - from);
            ConnEngine eng = session.engine;
            if ((long) ds.buffered + len > MAX_BUFFERED_PER_DIRECTION
                    || eng.reassemblyBytes + len > eng.config.maxReassemblyBytes) {
                ds.data[i] = DROPPED;
                session.reassemblyLimit();
                continue;
            }
            byte[] b = new byte[len];
            java.lang.foreign.MemorySegment.copy(session.engine.curSeg, java.lang.foreign.ValueLayout.JAVA_BYTE,
                    session.engine.curOff + (from - session.engine.curSeq), b, 0, len);
            ds.data[i] = b;
            ds.buffered += len;
            eng.reassemblyBytes += len;
        }
    }

    /** Delivers block {@code i}'s bytes from {@code from} (within the block) to its end. */
    private void deliverBlock(TcpSession session, int i, long from) {
        byte[] b = ds.data[i];
        int len = (int) (ds.hi(i) - from);
        if (b == CURRENT) {
            session.deliver(endp(), session.engine.curSeg, session.engine.curOff + (from - session.engine.curSeq), len);
            ds.data[i] = null;
        } else if (b == DROPPED) {
            session.analyzerGap(endp(), from, len);
            ds.data[i] = null;
        } else if (b != null) {
            session.deliver(endp(), java.lang.foreign.MemorySegment.ofArray(b), from - ds.lo(i), len);
            release(session, i);
        }
    }

    /** Delivers every contiguous range from ds.lastReassemSeq on, then applies Zeek's initial-window trim. */
    private void blockInserted(TcpSession session) {
        assert ds != NO_DATA;
        for (int i = firstEndingAbove(ds.lastReassemSeq); i < ds.n; i++) {
            if (le(ds.hi(i), ds.lastReassemSeq)) {
                continue;
            }
            if (lt(ds.lastReassemSeq, ds.lo(i))) {
                break;
            }
            long from = ds.lastReassemSeq;
            ds.lastReassemSeq = ds.hi(i);
            deliverBlock(session, i, from);
        }
        if (endp().noDataAcked() && Long.compareUnsigned(session.size(endp()), MAX_INITIAL_WINDOW) > 0) {
            trimToSeq(session, ds.lastReassemSeq);
        }
    }

    /** Zeek's DataBlockList::Trim: an ACK (or skip) up to {@code seq}. */
    void trimToSeq(TcpSession session, long seq) {
        dataState(); // data acknowledged (or skipped): this direction's positions move
        if (lt(ds.lastReassemSeq, seq)) {
            undelivered(session, seq);
        }
        int k = firstEndingAbove(seq); // the ranges acknowledged entirely
        if (k > 0) {
            for (int j = 0; j < k; j++) {
                release(session, j);
                ds.size -= ds.hi(j) - ds.lo(j);
            }
            System.arraycopy(ds.ranges, 2 * k, ds.ranges, 0, 2 * (ds.n - k));
            System.arraycopy(ds.data, k, ds.data, 0, ds.n - k);
            java.util.Arrays.fill(ds.data, ds.n - k, ds.n, null);
            ds.n -= k;
            if (ds.data.length > SHRINK_FLOOR && ds.n <= ds.data.length >>> 3) {
                shrink(session);
            }
        }
        if (ds.n > 0 && ds.lo(0) == ds.lastReassemSeq) {
            blockInserted(session);
        }
        ds.trimSeq = seq;
    }

    /**
     * Gives back capacity after an ACK left at most an eighth of the arrays in use (see {@link #SHRINK_FLOOR}): the
     * new capacity is four times the ranges left rounded down to a power of two, at least the floor, so the ranges
     * fill at most half of it (at least a quarter above the floor). Capacities stay powers of two.
     */
    private void shrink(TcpSession session) {
        DataState d = ds;
        int cap = Math.max(SHRINK_FLOOR, Integer.highestOneBit(Math.max(d.n, 1)) << 2);
        session.engine.reassemblyRanges -= d.data.length - cap;
        d.ranges = java.util.Arrays.copyOf(d.ranges, 2 * cap);
        d.data = java.util.Arrays.copyOf(d.data, cap);
    }

    /** Zeek's TCP_Reassembler::Undelivered: data up to {@code upTo} will never arrive; report the holes. */
    private void undelivered(TcpSession session, long upTo) {
        if (le(upTo, 2) && session.isPartial) {
            return;
        }
        if (!skipDeliveries()) {
            int i = 0;
            while (i < ds.n) {
                if (lt(ds.lo(i), ds.lastReassemSeq)) {
                    i++;
                    continue;
                }
                if (le(upTo, ds.lo(i))) {
                    break;
                }
                long gapLen = ds.lo(i) - ds.lastReassemSeq;
                if (gapLen != 0) {
                    session.gap(endp(), ds.lastReassemSeq, gapLen);
                }
                ds.lastReassemSeq += gapLen;
                blockInserted(session);
                i = 0;
            }
            if (lt(ds.lastReassemSeq, upTo)) {
                session.gap(endp(), ds.lastReassemSeq, upTo - ds.lastReassemSeq);
            }
        }
        if (lt(ds.lastReassemSeq, upTo)) {
            ds.lastReassemSeq = upTo;
        }
    }

    /** Zeek's TCP_Reassembler::AckReceived with a relative ack. */
    void ackReceived(TcpSession session, long seq) {
        if (hasFlag(FIN_SEEN) && !lt(seq, ds.finSeq)) {
            seq = ds.finSeq - 1;
        }
        if (le(seq, ds.trimSeq)) {
            return;
        }
        trimToSeq(session, seq);
        checkEof(session);
    }

    /** Zeek's TCP_Reassembler::DataPending. */
    boolean dataPending(TcpSession session) {
        if (skipDeliveries()) {
            return false;
        }
        long delivered = endp().startSeq + ds.lastReassemSeq;
        long last = endp().toFullSeqSpace(endp().lastSeq(), endp().seqWraps);
        if (Long.compareUnsigned(last, delivered) < 0) {
            return false;
        }
        if (delivered != last - 1 && delivered != last) {
            return true;
        }
        return endp().state != TcpEndpoint.RESET && session.peer(endp()).hasBlocks();
    }

    /** Zeek's TCP_Reassembler::CheckEOF. */
    void checkEof(TcpSession session) {
        if (!hasFlag(DID_EOF)
                && (hasFlag(FIN_SEEN) || endp().state == TcpEndpoint.CLOSED || endp().state == TcpEndpoint.RESET)
                && !dataPending(session)) {
            setFlag(DID_EOF);
            session.endpointEof(endp());
        }
    }
}
