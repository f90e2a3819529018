package io.osprey.pcap;

import java.util.List;

/**
 * Several sources merged into one stream in timestamp order, as {@code mergecap} does: a k-way merge over one
 * pending record per input, ties broken by input order (stable), {@link PacketRecord#sourceIndex} set to the
 * input's index. A pending record points into its source's buffer, which stays valid until that source's next call,
 * so only the source whose packet was returned last is advanced, on the following call. Allocates nothing per
 * packet: a binary min-heap of input indexes ordered by (timestamp, index).
 *
 * <p>Inputs that are themselves out of order are not sorted; the merge only interleaves them. A
 * {@link CaptureFormatException} from any input ends the merge.
 */
public final class MergedSource implements PacketSource {
    private final PacketSource[] sources;
    private final PacketRecord[] pending;
    private final int[] heap;
    private final String name;
    private int heapSize;
    private int last = -1;
    private boolean started;
    private boolean closed;

    /** Merges {@code sources}; the merge owns and closes them. */
    public MergedSource(List<? extends PacketSource> sources) {
        this.sources = sources.toArray(new PacketSource[0]);
        this.pending = new PacketRecord[this.sources.length];
        this.heap = new int[this.sources.length];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < this.sources.length; i++) {
            pending[i] = new PacketRecord();
            sb.append(i == 0 ? "" : ",").append(this.sources[i].name());
        }
        this.name = sb.toString();
    }

    @Override
    public boolean next(PacketRecord into) {
        if (closed) {
            return false;
        }
        try {
            return advance(into);
        } catch (RuntimeException e) {
            closed = true; // an unreadable input ends the merge; the inputs are released by close()
            throw e;
        }
    }

    private boolean advance(PacketRecord into) {
        if (!started) {
            started = true;
            for (int i = 0; i < sources.length; i++) {
                if (sources[i].next(pending[i])) {
                    heap[heapSize] = i;
                    up(heapSize++);
                }
            }
        } else if (last >= 0) {
            if (sources[last].next(pending[last])) {
                down(0);
            } else {
                heap[0] = heap[--heapSize];
                if (heapSize > 0) {
                    down(0);
                }
            }
            last = -1;
        }
        if (heapSize == 0) {
            return false;
        }
        int s = heap[0];
        into.set(pending[s]);
        into.sourceIndex = s;
        last = s;
        return true;
    }

    private boolean less(int a, int b) {
        long ta = pending[a].tsNanos;
        long tb = pending[b].tsNanos;
        return ta < tb || (ta == tb && a < b);
    }

    private void up(int i) {
        int x = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(x, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = x;
    }

    private void down(int i) {
        int x = heap[i];
        int n = heapSize;
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && less(heap[c + 1], heap[c])) {
                c++;
            }
            if (!less(heap[c], x)) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = x;
    }

    /** Number of merged inputs. */
    public int inputCount() {
        return sources.length;
    }

    /** The input names joined by commas. */
    @Override
    public String name() {
        return name;
    }

    /** Sum of the inputs' positions. */
    @Override
    public long position() {
        long p = 0;
        for (PacketSource s : sources) {
            p += s.position();
        }
        return p;
    }

    /** Sum of the inputs' sizes, or -1 when any is unknown. */
    @Override
    public long size() {
        long t = 0;
        for (PacketSource s : sources) {
            long z = s.size();
            if (z < 0) {
                return -1;
            }
            t += z;
        }
        return t;
    }

    @Override
    public void close() {
        closed = true;
        last = -1;
        for (PacketSource s : sources) {
            s.close();
        }
    }
}
