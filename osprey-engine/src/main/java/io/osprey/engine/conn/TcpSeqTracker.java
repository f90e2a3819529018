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
 * <p>Relative sequence numbers are unsigned 64-bit as in Zeek (1 = first data byte after the SYN); comparisons are
 * unsigned. Blocks are kept, sorted and non-overlapping, until an ACK trims them (Zeek's {@code DataBlockList});
 * the count is bounded by {@link #MAX_BLOCKS}. Delivered ranges stay until acknowledged, one per segment, so a bulk
 * transfer over a large window holds thousands of them: lookups are binary searches and the total size is kept as
 * it changes, so the work per segment does not grow with the number of unacknowledged segments.
 *
 * <p><b>Layout.</b> The tracker is the superclass of {@link TcpEndpoint} (its only subclass) rather than an object
 * the endpoint points to: both halves of a direction's state then share one object header and need no pointers to
 * each other, which saves 64 B per direction (an object of its own plus the back pointer) on every tracked TCP
 * connection (BENCHMARKS.md, "Heap per tracked connection"). The range arrays are allocated on first use.
 */
abstract sealed class TcpSeqTracker permits TcpEndpoint {
    /** Zeek's {@code tcp_max_initial_window}. */
    static final long MAX_INITIAL_WINDOW = 16384;
    /** Zeek's {@code tcp_max_above_hole_without_any_acks}. */
    static final long MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS = 16384;
    /** Zeek's {@code tcp_excessive_data_without_further_acks}. */
    static final long EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS = 10L * 1024 * 1024;
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
     * Bytes buffered above a hole per direction (Osprey's bound): Zeek stops delivering once 10 MiB wait for an
     * ACK ({@link #EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS}), so keeping more would never be used.
     */
    static final long MAX_BUFFERED_PER_DIRECTION = EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS;

    /** Marks a block whose bytes are in the packet being processed (resolved before {@link #dataSent} returns). */
    private static final byte[] CURRENT = new byte[0];
    /** Marks a block whose bytes were not kept (buffer limit): delivered to analyzers as a gap. */
    private static final byte[] DROPPED = new byte[0];

    TcpSession session;

    /**
     * The tracked ranges of one direction. A connection that never sends data (scans, rejected connections) never
     * needs one, so {@link #blocks} starts as the shared, never-written {@link #NO_BLOCKS} and a direction gets its
     * own on its first range; this keeps the endpoint 16 B smaller than holding the fields itself.
     */
    private static final class Blocks {
        /** Range starts and ends. */
        long[] lo;
        long[] hi;
        /** Per block: its bytes (undelivered data above a hole), or null (no bytes: delivered, or not kept). */
        byte[][] data;
        /** Number of ranges in use. */
        int n;
        /** Bytes held in {@link #data}. */
        int buffered;
        /** Sum of the ranges' sizes (Zeek's DataBlockList::DataSize), kept as ranges are added and removed. */
        long size;
    }

    /** Shared by every direction without a range; n == 0 and no arrays, never written. */
    private static final Blocks NO_BLOCKS = new Blocks();

    private Blocks blocks = NO_BLOCKS;

    long lastReassemSeq = 1;
    long trimSeq = 1;
    /**
     * Bit flags of this direction, one byte instead of three booleans (the endpoint is 8 bytes smaller for it):
     * {@link #SKIP_DELIVERIES}, {@link #DID_EOF} and the endpoint's {@link #DID_CLOSE}.
     */
    private byte flags;
    /** Zeek's skip_deliveries: the reassembler gave up on this direction. */
    private static final int SKIP_DELIVERIES = 1;
    /** Zeek's did_EOF: end of data was reported. */
    private static final int DID_EOF = 2;
    /** TCP_Endpoint's did_close ({@link TcpEndpoint#didClose()}). */
    static final int DID_CLOSE = 4;

    boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    void setFlag(int flag) {
        flags |= (byte) flag;
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
        return blocks.n > 0;
    }

    long numUndeliveredBytes() {
        return blocks.n == 0 ? 0 : blocks.hi[blocks.n - 1] - lastReassemSeq;
    }

    private long dataSize() {
        return blocks.size;
    }

    /**
     * Index of the first range ending above {@code seq} ({@code blocks.n} when none): ranges are sorted and do not
     * overlap, so their ends are sorted too (unsigned).
     */
    private int firstEndingAbove(long seq) {
        int lo = 0;
        int hi = blocks.n;
        long[] ends = blocks.hi;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (le(ends[mid], seq)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    void clearBlocks() {
        if (blocks.n == 0) {
            return; // also keeps NO_BLOCKS unwritten
        }
        for (int i = 0; i < blocks.n; i++) {
            release(i);
        }
        blocks.n = 0;
        blocks.size = 0;
    }

    private void release(int i) {
        byte[] b = blocks.data[i];
        if (b != null && b != CURRENT && b != DROPPED) {
            blocks.buffered -= b.length;
            session.engine.reassemblyBytes -= b.length;
        }
        blocks.data[i] = null;
    }

    /**
     * Zeek's TCP_Reassembler::DataSent with relative {@code seq}; {@code payload} at {@code payloadOffset} holds the
     * segment's {@code len} bytes (null when there are no analyzers to deliver to).
     */
    boolean dataSent(long seq, int len, java.lang.foreign.MemorySegment payload, long payloadOffset) {
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
        newBlock(seq, upper);
        keepCurrent(seq, upper);
        session.engine.curSeg = null;
        if (endp().noDataAcked() && Long.compareUnsigned(numUndeliveredBytes(), MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS) > 0) {
            session.weird("above_hole_data_without_any_acks", null, "TCP");
            clearBlocks();
            setFlag(SKIP_DELIVERIES);
        }
        if (dataSize() > EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS) {
            session.weird("excessive_data_without_further_acks", null, "TCP");
            clearBlocks();
            setFlag(SKIP_DELIVERIES);
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
        int i = firstEndingAbove(cur);
        while (lt(cur, upper)) {
            if (i < blocks.n && le(blocks.lo[i], cur)) {
                long oh = lt(blocks.hi[i], upper) ? blocks.hi[i] : upper;
                checkOverlap(i, cur, oh);
                cur = blocks.hi[i];
                i++;
                continue;
            }
            long end = upper;
            if (i < blocks.n && lt(blocks.lo[i], end)) {
                end = blocks.lo[i];
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

    /** Zeek's Reassembler::CheckOverlap against block {@code i} for the new data's part [from, to). */
    private void checkOverlap(int i, long from, long to) {
        byte[] b = blocks.data[i];
        if (session.engine.curSeg == null || b == null || b == CURRENT || b == DROPPED || !lt(from, to)) {
            return;
        }
        int len = (int) (to - from);
        long newOff = session.engine.curOff + (from - session.engine.curSeq);
        int oldOff = (int) (from - blocks.lo[i]);
        long mismatch = java.lang.foreign.MemorySegment.mismatch(session.engine.curSeg, newOff, newOff + len,
                java.lang.foreign.MemorySegment.ofArray(b), oldOff, oldOff + len);
        if (mismatch >= 0 && (len > 1 || endp().peer().hasDoneSomething())) {
            session.weird("rexmit_inconsistency", null, "TCP");
        }
    }

    private void addAt(int i, long l, long h) {
        if (blocks == NO_BLOCKS) {
            blocks = new Blocks();
            blocks.lo = new long[4];
            blocks.hi = new long[4];
            blocks.data = new byte[4][];
        }
        if (blocks.n == blocks.lo.length) {
            if (blocks.n >= MAX_BLOCKS) {
                // Drop the last range: many tiny segments unacknowledged (see MAX_BLOCKS).
                release(blocks.n - 1);
                blocks.n--;
                blocks.size -= blocks.hi[blocks.n] - blocks.lo[blocks.n];
                session.reassemblyLimit();
                if (i > blocks.n) {
                    return;
                }
            } else {
                blocks.lo = java.util.Arrays.copyOf(blocks.lo, blocks.n * 2);
                blocks.hi = java.util.Arrays.copyOf(blocks.hi, blocks.n * 2);
                blocks.data = java.util.Arrays.copyOf(blocks.data, blocks.n * 2);
            }
        }
        System.arraycopy(blocks.lo, i, blocks.lo, i + 1, blocks.n - i);
        System.arraycopy(blocks.hi, i, blocks.hi, i + 1, blocks.n - i);
        System.arraycopy(blocks.data, i, blocks.data, i + 1, blocks.n - i);
        blocks.lo[i] = l;
        blocks.hi[i] = h;
        blocks.data[i] = session.engine.curSeg != null ? CURRENT : null;
        blocks.n++;
        blocks.size += h - l;
    }

    /**
     * After a segment's delivery pass: copies the parts of it that could not be delivered yet (they lie above a
     * hole), within the buffer limits; what does not fit is marked to be delivered as a gap.
     */
    private void keepCurrent(long seq, long upper) {
        if (session.engine.curSeg == null) {
            return;
        }
        // The segment's undelivered parts are ranges within [seq, upper): only those can be CURRENT.
        for (int i = firstEndingAbove(seq); i < blocks.n && lt(blocks.lo[i], upper); i++) {
            if (blocks.data[i] != CURRENT) {
                continue;
            }
            if (le(blocks.hi[i], lastReassemSeq)) {
                blocks.data[i] = null;
                continue;
            }
            long from = blocks.lo[i];
            int len = (int) (blocks.hi[i] - from);
            ConnEngine eng = session.engine;
            if ((long) blocks.buffered + len > MAX_BUFFERED_PER_DIRECTION
                    || eng.reassemblyBytes + len > eng.config.maxReassemblyBytes) {
                blocks.data[i] = DROPPED;
                session.reassemblyLimit();
                continue;
            }
            byte[] b = new byte[len];
            java.lang.foreign.MemorySegment.copy(session.engine.curSeg, java.lang.foreign.ValueLayout.JAVA_BYTE,
                    session.engine.curOff + (from - session.engine.curSeq), b, 0, len);
            blocks.data[i] = b;
            blocks.buffered += len;
            eng.reassemblyBytes += len;
        }
    }

    /** Delivers block {@code i}'s bytes from {@code from} (within the block) to its end. */
    private void deliverBlock(int i, long from) {
        byte[] b = blocks.data[i];
        int len = (int) (blocks.hi[i] - from);
        if (b == CURRENT) {
            session.deliver(endp(), session.engine.curSeg, session.engine.curOff + (from - session.engine.curSeq), len);
            blocks.data[i] = null;
        } else if (b == DROPPED) {
            session.analyzerGap(endp(), from, len);
            blocks.data[i] = null;
        } else if (b != null) {
            session.deliver(endp(), java.lang.foreign.MemorySegment.ofArray(b), from - blocks.lo[i], len);
            release(i);
        }
    }

    /** Delivers every contiguous range from lastReassemSeq on, then applies Zeek's initial-window trim. */
    private void blockInserted() {
        for (int i = firstEndingAbove(lastReassemSeq); i < blocks.n; i++) {
            if (le(blocks.hi[i], lastReassemSeq)) {
                continue;
            }
            if (lt(lastReassemSeq, blocks.lo[i])) {
                break;
            }
            long from = lastReassemSeq;
            lastReassemSeq = blocks.hi[i];
            deliverBlock(i, from);
        }
        if (endp().noDataAcked() && Long.compareUnsigned(endp().size(), MAX_INITIAL_WINDOW) > 0) {
            trimToSeq(lastReassemSeq);
        }
    }

    /** Zeek's DataBlockList::Trim: an ACK (or skip) up to {@code seq}. */
    void trimToSeq(long seq) {
        if (lt(lastReassemSeq, seq)) {
            undelivered(seq);
        }
        int k = 0;
        while (k < blocks.n && le(blocks.hi[k], seq)) {
            k++;
        }
        if (k > 0) {
            for (int j = 0; j < k; j++) {
                release(j);
                blocks.size -= blocks.hi[j] - blocks.lo[j];
            }
            System.arraycopy(blocks.lo, k, blocks.lo, 0, blocks.n - k);
            System.arraycopy(blocks.hi, k, blocks.hi, 0, blocks.n - k);
            System.arraycopy(blocks.data, k, blocks.data, 0, blocks.n - k);
            java.util.Arrays.fill(blocks.data, blocks.n - k, blocks.n, null);
            blocks.n -= k;
        }
        if (blocks.n > 0 && blocks.lo[0] == lastReassemSeq) {
            blockInserted();
        }
        trimSeq = seq;
    }

    /** Zeek's TCP_Reassembler::Undelivered: data up to {@code upTo} will never arrive; report the holes. */
    private void undelivered(long upTo) {
        if (le(upTo, 2) && session.isPartial) {
            return;
        }
        if (!skipDeliveries()) {
            int i = 0;
            while (i < blocks.n) {
                if (lt(blocks.lo[i], lastReassemSeq)) {
                    i++;
                    continue;
                }
                if (le(upTo, blocks.lo[i])) {
                    break;
                }
                long gapLen = blocks.lo[i] - lastReassemSeq;
                if (gapLen != 0) {
                    session.gap(endp(), lastReassemSeq, gapLen);
                }
                lastReassemSeq += gapLen;
                blockInserted();
                i = 0;
            }
            if (lt(lastReassemSeq, upTo)) {
                session.gap(endp(), lastReassemSeq, upTo - lastReassemSeq);
            }
        }
        if (lt(lastReassemSeq, upTo)) {
            lastReassemSeq = upTo;
        }
    }

    /** Zeek's TCP_Reassembler::AckReceived with a relative ack. */
    void ackReceived(long seq) {
        if (endp().finCnt > 0 && !lt(seq, endp().finSeq)) {
            seq = endp().finSeq - 1;
        }
        if (le(seq, trimSeq)) {
            return;
        }
        trimToSeq(seq);
        checkEof();
    }

    /** Zeek's TCP_Reassembler::DataPending. */
    boolean dataPending() {
        if (skipDeliveries()) {
            return false;
        }
        long delivered = endp().startSeq + lastReassemSeq;
        long last = endp().toFullSeqSpace(endp().lastSeq(), endp().seqWraps);
        if (Long.compareUnsigned(last, delivered) < 0) {
            return false;
        }
        if (delivered != last - 1 && delivered != last) {
            return true;
        }
        return endp().state != TcpEndpoint.RESET && endp().peer().hasBlocks();
    }

    /** Zeek's TCP_Reassembler::CheckEOF. */
    void checkEof() {
        if (!hasFlag(DID_EOF) && (endp().finCnt > 0 || endp().state == TcpEndpoint.CLOSED || endp().state == TcpEndpoint.RESET)
                && !dataPending()) {
            setFlag(DID_EOF);
            session.endpointEof(endp());
        }
    }
}
