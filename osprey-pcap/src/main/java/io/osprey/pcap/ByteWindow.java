package io.osprey.pcap;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.ReadableByteChannel;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one view of input bytes both readers parse: a {@link MemorySegment} holding file bytes
 * {@code [base, limit)}. For a memory-mapped file the window is the whole file ({@code base = 0}) and never moves;
 * for a stream (a plain file read sequentially, gzip, zstd, stdin, pipes) it is a reusable native buffer that
 * {@link #ensure} compacts and refills.
 *
 * <p>Why native: a plain file is read by {@code FileChannel.read} straight into it (one copy, from the page cache; a
 * heap array would be filled through the JDK's temporary direct buffer, a second copy of every byte), and every
 * packet the analysis sees then lives in one kind of segment (IP fragment reassembly also assembles into native
 * memory), so the JIT compiles the per-packet accessors for one segment class. Compressed and standard input come
 * through a small heap array and are copied in.
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
    /** Where a plain file is read from directly (null for other streams). */
    private final ReadableByteChannel channel;
    /** Staging array for {@link #in} (streams deliver into arrays). */
    private byte[] stage;
    private final Arena arena;
    private final LongSupplier consumed;
    private final Consumer<String> warnings;
    private final long size;
    /** The streaming buffer (native, freed by the GC when replaced or unreachable). */
    private MemorySegment buf;
    /** Current bytes; the whole mapping, or {@link #buf}. */
    MemorySegment seg;
    /** File offset of {@code seg} byte 0. */
    long base;
    /** File offset one past the last valid byte in {@code seg}. */
    long limit;
    private boolean eof;
    private boolean closed;

    private ByteWindow(String name, MemorySegment seg, Arena arena, InputStream in, ReadableByteChannel channel,
            int bufSize, long size, LongSupplier consumed, Consumer<String> warnings) {
        this.name = name;
        this.arena = arena;
        this.in = in;
        this.channel = channel;
        this.size = size;
        this.consumed = consumed;
        this.warnings = warnings;
        if (in == null && channel == null) {
            this.seg = seg;
            this.limit = seg.byteSize();
            this.eof = true;
        } else {
            this.buf = Arena.ofAuto().allocate(Math.max(16, bufSize), 64);
            this.seg = buf;
        }
    }

    /** A window over a whole mapped file; {@code arena} (owned by the window) is closed with it. */
    static ByteWindow mapped(String name, MemorySegment mapping, Arena arena) {
        return new ByteWindow(name, mapping, arena, null, null, 0, mapping.byteSize(), null, null);
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
        return new ByteWindow(name, null, null, in, null, bufSize, size, consumed, warnings);
    }

    /**
     * A window over a plain capture file read sequentially from {@code channel} (owned by the window), straight into
     * the native buffer.
     */
    static ByteWindow channel(String name, ReadableByteChannel channel, int bufSize, long size,
            Consumer<String> warnings) {
        return new ByteWindow(name, null, null, null, channel, bufSize, size, null, warnings);
    }

    String name() {
        return name;
    }

    boolean isStreaming() {
        return in != null || channel != null;
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
            MemorySegment.copy(buf, off - base, buf, 0, keep);
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
                if (have == buf.byteSize()) {
                    // Grow with the data actually read, not with what a (possibly hostile) length field claims.
                    MemorySegment bigger = Arena.ofAuto().allocate(Math.min(len, 2L * buf.byteSize()), 64);
                    MemorySegment.copy(buf, 0, bigger, 0, have);
                    buf = bigger;
                    seg = bigger;
                }
                int n = read(have, (int) buf.byteSize() - have);
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

    /** Reads up to {@code max} bytes into {@link #buf} at {@code at}; -1 at the end of the input. */
    private int read(int at, int max) throws IOException {
        if (channel != null) {
            int n;
            do {
                n = channel.read(buf.asSlice(at, max).asByteBuffer());
            } while (n == 0); // a blocking channel returns 0 only for an empty buffer, which max > 0 rules out
            return n;
        }
        if (stage == null) {
            stage = new byte[STAGE];
        }
        int n = in.read(stage, 0, Math.min(max, STAGE));
        if (n > 0) {
            MemorySegment.copy(stage, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, at, n);
        }
        return n;
    }

    /** Staging size for streams (gzip and zstd inflate in pieces of this order anyway). */
    private static final int STAGE = 1 << 16;

    /** Discards {@code n} stream bytes between {@link #limit} and the next offset asked for. */
    private void skip(long n) {
        long left = n;
        try {
            while (left > 0) {
                int r = read(0, (int) Math.min(left, buf.byteSize()));
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
            if (channel != null) {
                channel.close();
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
