package io.osprey.files;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reassembly of a file's pieces delivered out of order (Zeek's FileReassembler over its Reassembler's block list):
 * pieces are kept by offset, overlapping bytes are dropped (the first copy wins), and the contiguous run from the
 * file's current position is passed on as soon as it exists. {@link #flush()} and {@link #flushTo(long)} give up on
 * holes: the file is told of each gap, then of the bytes after it. Owned by its {@link FileState}.
 *
 * <p>Memory is bounded by the file's {@code reassembly_buffer_size} check before each new piece (FileState
 * flushes when the buffered bytes exceed it) plus one piece.
 */
final class FileReassembler {
    private record Block(long seq, long upper, byte[] data) {
    }

    private final FileState file;
    private final TreeMap<Long, Block> blocks = new TreeMap<>();
    private long lastReassemSeq;
    private long trimSeq;
    private long totalSize;
    private boolean flushing;

    FileReassembler(FileState file, long startingOffset) {
        this.file = file;
        this.lastReassemSeq = startingOffset;
        this.trimSeq = startingOffset;
    }

    /** Bytes buffered. */
    long totalSize() {
        return totalSize;
    }

    /** True while a flush reports gaps (the file's gap handling then must not flush again). */
    boolean isFlushing() {
        return flushing;
    }

    /** A piece of {@code len} bytes at file offset {@code seq} (Zeek's NewBlock). */
    void newBlock(long seq, byte[] data, int off, int len) {
        if (len <= 0 || seq < 0) {
            return;
        }
        long upper = seq + len;
        if (upper < 0) { // past 2^63: keep what fits
            len = (int) Math.min(len, Long.MAX_VALUE - seq);
            upper = seq + len;
            if (len == 0) {
                return;
            }
        }
        if (upper <= trimSeq) {
            return;
        }
        if (seq < trimSeq) {
            int old = (int) (trimSeq - seq);
            off += old;
            len -= old;
            seq = trimSeq;
        }
        long first = insert(seq, upper, data, off);
        blockInserted(first);
    }

    /**
     * Stores the parts of [seq, upper) not covered yet; returns the key of the block holding {@code seq} afterwards
     * (new or old), where delivery is tried from.
     */
    private long insert(long seq, long upper, byte[] data, int off) {
        long pos = seq;
        long first = -1;
        while (pos < upper) {
            Map.Entry<Long, Block> e = blocks.floorEntry(pos);
            if (e != null && e.getValue().upper > pos) {
                if (first < 0) {
                    first = e.getKey();
                }
                pos = e.getValue().upper;
                continue;
            }
            Long nextKey = blocks.higherKey(pos);
            long end = nextKey == null ? upper : Math.min(upper, nextKey);
            int from = off + (int) (pos - seq);
            byte[] copy = Arrays.copyOfRange(data, from, from + (int) (end - pos));
            blocks.put(pos, new Block(pos, end, copy));
            totalSize += end - pos;
            if (first < 0) {
                first = pos;
            }
            pos = end;
        }
        return first;
    }

    /** Delivers the contiguous run starting at {@code key} if it continues the file (Zeek's BlockInserted). */
    private void blockInserted(long key) {
        Block start = blocks.get(key);
        if (start == null || start.seq > lastReassemSeq || start.upper <= lastReassemSeq) {
            return;
        }
        // Delivering does not touch the block list (the file's analyzers never call back here), so the live view
        // can be walked; the delivered blocks are trimmed afterwards.
        for (Block b : blocks.tailMap(key, true).values()) {
            if (b.seq > lastReassemSeq) {
                break;
            }
            if (b.seq == lastReassemSeq) {
                lastReassemSeq += b.upper - b.seq;
                file.deliverStream(b.data, 0, b.data.length);
            }
        }
        trimToSeq(lastReassemSeq);
    }

    /**
     * Drops everything below {@code seq}, first reporting as gaps (and delivering around them) what was never
     * delivered below it; returns the bytes missing below {@code seq} (Zeek's DataBlockList::Trim accounting).
     */
    private long trimToSeq(long seq) {
        long numMissing = 0;
        if (!blocks.isEmpty()) {
            Block first = blocks.firstEntry().getValue();
            if (first.seq > lastReassemSeq) {
                numMissing += first.seq - lastReassemSeq;
            }
        } else if (seq > lastReassemSeq) {
            numMissing += seq - lastReassemSeq;
        }
        if (seq > lastReassemSeq) {
            undelivered(seq);
        }
        while (!blocks.isEmpty()) {
            Map.Entry<Long, Block> fe = blocks.firstEntry();
            Block first = fe.getValue();
            if (first.upper > seq) {
                break;
            }
            Map.Entry<Long, Block> next = blocks.higherEntry(fe.getKey());
            if (next != null && next.getValue().seq <= seq) {
                if (first.upper != next.getValue().seq) {
                    numMissing += next.getValue().seq - first.upper;
                }
            } else if (first.upper != seq && first.upper != seq - 1) {
                numMissing += seq - first.upper;
            }
            blocks.pollFirstEntry();
            totalSize -= first.upper - first.seq;
        }
        if (!blocks.isEmpty()) {
            Block first = blocks.firstEntry().getValue();
            if (first.seq == lastReassemSeq) {
                blockInserted(first.seq);
            }
        }
        trimSeq = seq;
        return numMissing;
    }

    /** Reports the holes below {@code upTo} as gaps, delivering the pieces between them (Zeek's Undelivered). */
    private void undelivered(long upTo) {
        boolean again = true;
        while (again) {
            again = false;
            for (Block b : blocks.values()) {
                if (b.seq < lastReassemSeq) {
                    continue;
                }
                if (b.seq >= upTo) {
                    break;
                }
                long gapAt = lastReassemSeq;
                long gapLen = b.seq - lastReassemSeq;
                file.gapFromReassembler(gapAt, gapLen);
                lastReassemSeq += gapLen;
                blockInserted(b.seq);
                again = true; // the block list changed: start over
                break;
            }
        }
        if (upTo > lastReassemSeq) {
            file.gapFromReassembler(lastReassemSeq, upTo - lastReassemSeq);
            lastReassemSeq = upTo;
        }
    }

    /** Gives up on every hole: delivers all buffered pieces with gaps between them; returns the bytes missing. */
    long flush() {
        if (flushing || blocks.isEmpty()) {
            return 0;
        }
        flushing = true;
        try {
            return trimToSeq(blocks.lastEntry().getValue().upper);
        } finally {
            flushing = false;
        }
    }

    /** Gives up on the holes below {@code seq}; the file continues at {@code seq} (Zeek's FlushTo). */
    long flushTo(long seq) {
        if (flushing) {
            return 0;
        }
        flushing = true;
        long r;
        try {
            r = trimToSeq(seq);
        } finally {
            flushing = false;
        }
        lastReassemSeq = seq;
        return r;
    }
}
