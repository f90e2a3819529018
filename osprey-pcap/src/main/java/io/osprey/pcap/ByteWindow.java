package io.osprey.pcap;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one view of input bytes both readers parse: a {@link MemorySegment} holding file bytes
 * {@code [base, limit)}. For a memory-mapped file the window is the whole file ({@code base = 0}) and never moves;
 * for a stream (gzip, zstd, stdin, pipes) it is a reusable heap buffer that {@link #ensure} compacts and refills.
 * This is what lets {@link PcapReader} and {@link PcapngReader} keep a single parsing core for both kinds of input.
 *
 * <p>Bytes at file offset {@code off} are at segment offset {@code off - base}. A caller that {@link #ensure}s a
 * range may read it until its next {@code ensure} call, which may move or overwrite earlier bytes (never bytes at
 * or after the offset it was asked for).
 */
final class ByteWindow implements AutoCloseable {
    /** Initial size of the streaming buffer; it grows only when a single record is larger. */
    static final int DEFAULT_BUFFER = 1 << 20;

    private final String name;
    private final InputStream in;
    private final Arena arena;
    private final LongSupplier consumed;
    private final Consumer<String> warnings;
    private final long size;
    private byte[] buf;
    /** Current bytes; the whole mapping, or a heap segment over {@link #buf}. */
    MemorySegment seg;
    /** File offset of {@code seg} byte 0. */
    long base;
    /** File offset one past the last valid byte in {@code seg}. */
    long limit;
    private boolean eof;
    private boolean closed;

    private ByteWindow(String name, MemorySegment seg, Arena arena, InputStream in, int bufSize, long size,
            LongSupplier consumed, Consumer<String> warnings) {
        this.name = name;
        this.arena = arena;
        this.in = in;
        this.size = size;
        this.consumed = consumed;
        this.warnings = warnings;
        if (in == null) {
            this.seg = seg;
            this.limit = seg.byteSize();
            this.eof = true;
        } else {
            this.buf = new byte[Math.max(16, bufSize)];
            this.seg = MemorySegment.ofArray(buf);
        }
    }

    /** A window over a whole mapped file; {@code arena} (owned by the window) is closed with it. */
    static ByteWindow mapped(String name, MemorySegment mapping, Arena arena) {
        return new ByteWindow(name, mapping, arena, null, 0, mapping.byteSize(), null, null);
    }

    /**
     * A window over a stream of uncompressed capture bytes.
     *
     * @param size     total input size for progress (compressed size where compressed), or -1
     * @param consumed input bytes consumed so far (compressed bytes where compressed), or null to use the parse
     *                 position
     */
    static ByteWindow streaming(String name, InputStream in, int bufSize, long size, LongSupplier consumed,
            Consumer<String> warnings) {
        return new ByteWindow(name, null, null, in, bufSize, size, consumed, warnings);
    }

    String name() {
        return name;
    }

    boolean isStreaming() {
        return in != null;
    }

    long size() {
        return size;
    }

    /** Input bytes consumed, for progress; {@code parsePos} is used where nothing better is known. */
    long position(long parsePos) {
        return consumed != null ? consumed.getAsLong() : parsePos;
    }

    /**
     * Makes file bytes {@code [off, off + len)} available in {@link #seg}. Returns false when the input ends
     * first; then {@link #limit} is the end of the input. {@code off} must not be before the offset given to the
     * previous call, nor beyond {@link #limit}.
     */
    boolean ensure(long off, long len) {
        return off + len <= limit || fill(off, len);
    }

    /** Bytes available from {@code off} to the end of what could be read (after a failed {@link #ensure}). */
    long available(long off) {
        return Math.max(0, limit - off);
    }

    private boolean fill(long off, long len) {
        if (eof || closed) {
            return false;
        }
        if (len > Integer.MAX_VALUE - 8) {
            throw new CaptureFormatException(name, off, "record of " + len + " bytes is too large to buffer");
        }
        int keep = (int) Math.max(0, limit - off);
        if (keep > 0 && off != base) {
            System.arraycopy(buf, (int) (off - base), buf, 0, keep);
        }
        if (off > limit) {
            skip(off - limit);
            if (eof) {
                base = limit;
                return false;
            }
        }
        base = off;
        int have = keep;
        try {
            while (have < len) {
                if (have == buf.length) {
                    // Grow with the data actually read, not with what a (possibly hostile) length field claims.
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min(len, 2L * buf.length));
                    seg = MemorySegment.ofArray(buf);
                }
                int n = in.read(buf, have, buf.length - have);
                if (n < 0) {
                    eof = true;
                    break;
                }
                have += n;
            }
        } catch (EOFException e) {
            // A compressed stream cut short: deliver what came out of it, like a truncated file.
            eof = true;
            if (warnings != null) {
                warnings.accept(name + ": offset " + (base + have) + ": compressed input ends early ("
                        + Captures.oneLine(e) + "), stopped");
            }
        } catch (IOException e) {
            throw new CaptureFormatException(name, base + have, "read error: " + Captures.oneLine(e), e);
        } catch (RuntimeException e) {
            // zstd-jni reports corrupt frames as unchecked exceptions in some versions.
            throw new CaptureFormatException(name, base + have, "read error: " + Captures.oneLine(e), e);
        } finally {
            limit = base + have;
        }
        return have >= len;
    }

    /** Discards {@code n} stream bytes between {@link #limit} and the next offset asked for. */
    private void skip(long n) {
        long left = n;
        try {
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(left, buf.length));
                if (r < 0) {
                    eof = true;
                    break;
                }
                left -= r;
                limit += r;
            }
        } catch (IOException e) {
            throw new CaptureFormatException(name, limit, "read error: " + Captures.oneLine(e), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // close never throws (PacketSource contract)
        }
        if (arena != null) {
            try {
                arena.close();
            } catch (RuntimeException ignored) {
                // already closed or in use elsewhere: nothing more to release
            }
        }
    }
}
