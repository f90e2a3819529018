package io.osprey.analyzer.smb;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Allocation on the data path (an allocation check on the thread's allocated bytes, not a timing test): WRITE data
 * delivered in TCP-sized pieces costs nothing per delivery; what a message costs (its command record, the file's
 * name for the files framework) is bounded per message, not per byte.
 */
class SmbAllocationTest {
    private static final int PIECE = 1460;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated while {@code messages} WRITEs of {@code size} bytes each are delivered in pieces. */
    private static long writes(int size, int messages) {
        SmbTestSupport t = new SmbTestSupport();
        long tid = 3;
        t.h.stream(true, SmbMsg.nbss(SmbMsg.createRequest(1, tid, "big.bin", 0)));
        t.h.stream(false, SmbMsg.nbss(SmbMsg.createResponse(1, tid, 0x9, 0, SmbMsg.FT_2020)));
        byte[][] msgs = new byte[2 * messages][];
        for (int i = 0; i < msgs.length; i++) {
            msgs[i] = SmbMsg.nbss(SmbMsg.writeRequest(2 + i, tid, 0x9, (long) i * size, new byte[size]));
        }
        MemorySegment[] segs = new MemorySegment[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            segs[i] = MemorySegment.ofArray(msgs[i]);
        }
        // warm-up: the first half (buffers grow, code is compiled)
        for (int i = 0; i < messages; i++) {
            deliver(t, segs[i], msgs[i].length);
        }
        long before = allocated();
        for (int i = messages; i < msgs.length; i++) {
            deliver(t, segs[i], msgs[i].length);
        }
        long used = allocated() - before;
        assertThat(t.fileRows).isEmpty(); // still open
        return used;
    }

    private static void deliver(SmbTestSupport t, MemorySegment m, int len) {
        for (int off = 0; off < len; off += PIECE) {
            t.h.stream(true, m, off, Math.min(PIECE, len - off));
        }
    }

    @Test
    void bufferedWritesCostPerMessageNotPerDelivery() {
        int messages = 100;
        long used = writes(64 * 1024, messages);
        // 45 deliveries per message; a few hundred bytes per message at most
        assertThat(used / messages).as("bytes allocated per 64 KiB WRITE").isLessThan(4096);
    }

    @Test
    void streamedWritesCostPerMessageNotPerDelivery() {
        int messages = 4;
        long used = writes(SmbAnalyzer.MAX_MESSAGE + 4096, messages);
        // ~720 deliveries per message
        assertThat(used / messages).as("bytes allocated per streamed WRITE").isLessThan(4096);
    }
}
