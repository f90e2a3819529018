package io.osprey.files;

import java.util.Arrays;

/**
 * The live files' inactivity timers (Zeek's FileTimer), one per file, ordered by due time and then by when each was
 * armed: an indexed binary heap over {@link FileState#timerAt} and {@link FileState#timerSeq}, so a file's timer is
 * re-armed in place and taken out when the file ends. A queue of timer records would keep every ended file (its
 * handle, connections and analyzer state) reachable until its timer came due, two minutes of network time later:
 * on the 1 GB benchmark capture that was ~50,000 dead files holding ~100 MB of heap and a tenth of the run in GC.
 * Owned by one {@link FileManager}; no allocation once grown. It has the shape of the engine's connection
 * {@code TimerHeap} but not its code: that one runs for every packet and stays specialized to its one element type.
 */
final class FileTimers {
    private FileState[] heap = new FileState[256];
    private int size;
    private long seq;

    int size() {
        return size;
    }

    /** The file whose timer is due first, or null. */
    FileState peek() {
        return size == 0 ? null : heap[0];
    }

    /** Arms (or re-arms) {@code f}'s timer for {@code at}; timers due at the same time fire in the order armed. */
    void arm(FileState f, long at) {
        f.timerAt = at;
        f.timerSeq = seq++;
        int i = f.timerIndex;
        if (i < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            i = size++;
            heap[i] = f;
            f.timerIndex = i;
            up(i);
        } else {
            up(i);
            down(f.timerIndex);
        }
    }

    /** Takes {@code f}'s timer out, if armed. */
    void remove(FileState f) {
        int i = f.timerIndex;
        if (i < 0) {
            return;
        }
        f.timerIndex = -1;
        size--;
        if (i != size) {
            FileState last = heap[size];
            heap[i] = last;
            last.timerIndex = i;
            up(i);
            down(last.timerIndex);
        }
        heap[size] = null;
    }

    /** Takes every timer out. */
    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].timerIndex = -1;
            heap[i] = null;
        }
        size = 0;
    }

    private static boolean before(FileState a, FileState b) {
        return a.timerAt < b.timerAt || (a.timerAt == b.timerAt && a.timerSeq < b.timerSeq);
    }

    private void up(int i) {
        FileState f = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!before(f, heap[p])) {
                break;
            }
            heap[i] = heap[p];
            heap[i].timerIndex = i;
            i = p;
        }
        heap[i] = f;
        f.timerIndex = i;
    }

    private void down(int i) {
        FileState f = heap[i];
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int r = l + 1;
            int m = r < size && before(heap[r], heap[l]) ? r : l;
            if (!before(heap[m], f)) {
                break;
            }
            heap[i] = heap[m];
            heap[i].timerIndex = i;
            i = m;
        }
        heap[i] = f;
        f.timerIndex = i;
    }
}
