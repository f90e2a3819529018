package io.osprey.engine.conn;

/**
 * Connections ordered by their earliest armed timer ({@code Connection.nextDeadline}), an indexed binary heap so a
 * connection's position can be fixed in O(log n) when its timers change. Network time drives it (offline runs are
 * deterministic). Preallocated and grown by doubling; no allocation per packet.
 */
final class TimerHeap {
    private Connection[] heap = new Connection[1024];
    private int size;

    int size() {
        return size;
    }

    Connection peek() {
        return size == 0 ? null : heap[0];
    }

    /** Inserts, repositions or removes {@code c} according to its current nextDeadline. */
    void update(Connection c) {
        if (c.nextDeadline == Long.MAX_VALUE) {
            remove(c);
            return;
        }
        if (c.heapIndex < 0) {
            if (size == heap.length) {
                heap = java.util.Arrays.copyOf(heap, size * 2);
            }
            heap[size] = c;
            c.heapIndex = size++;
            up(c.heapIndex);
        } else {
            int i = c.heapIndex;
            up(i);
            down(c.heapIndex);
        }
    }

    void remove(Connection c) {
        int i = c.heapIndex;
        if (i < 0) {
            return;
        }
        c.heapIndex = -1;
        size--;
        if (i != size) {
            Connection last = heap[size];
            heap[i] = last;
            last.heapIndex = i;
            up(i);
            down(last.heapIndex);
        }
        heap[size] = null;
    }

    private void up(int i) {
        Connection c = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (heap[p].nextDeadline <= c.nextDeadline) {
                break;
            }
            heap[i] = heap[p];
            heap[i].heapIndex = i;
            i = p;
        }
        heap[i] = c;
        c.heapIndex = i;
    }

    private void down(int i) {
        Connection c = heap[i];
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int r = l + 1;
            int m = r < size && heap[r].nextDeadline < heap[l].nextDeadline ? r : l;
            if (heap[m].nextDeadline >= c.nextDeadline) {
                break;
            }
            heap[i] = heap[m];
            heap[i].heapIndex = i;
            i = m;
        }
        heap[i] = c;
        c.heapIndex = i;
    }
}
