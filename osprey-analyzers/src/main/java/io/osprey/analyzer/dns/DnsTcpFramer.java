package io.osprey.analyzer.dns;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Splits one direction of a DNS-over-TCP stream into messages (RFC 1035 §4.2.2: a 2-byte length, then the message),
 * as Zeek's {@code Contents_DNS} does. A message that lies whole inside one delivery is handed on where it lies
 * (no copy); one that spans deliveries is gathered in a buffer of at most 65,535 bytes (the largest length the
 * prefix can say), allocated on first need and reused.
 *
 * <p>Zeek's flush semantics are kept: {@link #flush()} hands on a partial message as it stands (direction unknown,
 * {@code isQuery} 2) and leaves its byte count behind, so the next delivery in that direction first yields an empty
 * message (which the parser reports as too short). Owned by one connection's {@link DnsAnalyzer}; not thread-safe.
 */
final class DnsTcpFramer {
    /** Where complete messages go. */
    interface Sink {
        /** One message: {@code len} bytes at {@code off}, valid only during the call. */
        void message(MemorySegment seg, long off, int len, int isQuery);

        /** True once nothing more should be delivered (the analyzer was detached). */
        boolean stopped();
    }

    private static final int LEN_HI = 0, LEN_LO = 1, BODY = 2;

    private final Sink sink;
    private boolean orig;
    private int state = LEN_HI;
    private int msgSize;
    private int bufN;
    private byte[] buf;
    private MemorySegment bufSeg;

    DnsTcpFramer(boolean orig, Sink sink) {
        this.orig = orig;
        this.sink = sink;
    }

    /** The direction this framer's messages come from (changes when the analyzer flips the roles). */
    void orig(boolean isOrig) {
        this.orig = isOrig;
    }

    /** Bytes held for a message that spans deliveries (tests). */
    int buffered() {
        return bufN;
    }

    /** In-order stream bytes of this direction. */
    void deliver(MemorySegment data, long off, int len) {
        while (len > 0 && !sink.stopped()) {
            if (state == LEN_HI) {
                msgSize = (data.get(ValueLayout.JAVA_BYTE, off) & 0xFF) << 8;
                state = LEN_LO;
                off++;
                len--;
                if (len == 0) {
                    return;
                }
            }
            if (state == LEN_LO) {
                msgSize += data.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
                state = BODY;
                bufN = 0;
                off++;
                len--;
                if (len == 0) {
                    return;
                }
            }
            if (bufN == 0 && len >= msgSize) {
                int size = msgSize;
                state = LEN_HI;
                off += size;
                len -= size;
                sink.message(data, off - size, size, orig ? 1 : 0);
                continue;
            }
            int n = Math.max(0, Math.min(msgSize - bufN, len));
            if (n > 0) {
                if (buf == null || buf.length < msgSize) {
                    // bufN is 0 here: a message's buffer is sized when its first bytes arrive.
                    buf = new byte[msgSize];
                    bufSeg = MemorySegment.ofArray(buf);
                }
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, buf, bufN, n);
                bufN += n;
                off += n;
                len -= n;
            }
            if (bufN < msgSize) {
                return;
            }
            int size = msgSize;
            bufN = 0;
            state = LEN_HI;
            sink.message(segment(), 0, size, orig ? 1 : 0);
        }
    }

    /** Zeek's {@code Contents_DNS::Flush}: hands on a partial message as it stands. */
    void flush() {
        if (bufN > 0 && !sink.stopped()) {
            msgSize = 0;
            sink.message(segment(), 0, bufN, 2);
        }
    }

    private MemorySegment segment() {
        if (bufSeg == null) {
            buf = new byte[0];
            bufSeg = MemorySegment.ofArray(buf);
        }
        return bufSeg;
    }
}
