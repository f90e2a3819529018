package io.osprey.pcap;

import com.github.luben.zstd.ZstdInputStream;
import io.osprey.common.bytes.Bytes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * Opens capture inputs by sniffing their first bytes: pcap or pcapng, plain, gzip ({@code 1f 8b}, concatenated
 * members included) or zstd ({@code 28 b5 2f fd}). Plain regular files are memory-mapped; compressed files, pipes
 * and stdin ({@code "-"}) are read through a reusable buffer. This is the entry point the CLI and engine use.
 */
public final class Captures {
    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int ZSTD_MAGIC = 0x28b52ffd;

    private Captures() {
    }

    /**
     * Opens one input: a file name or {@code "-"} for stdin.
     *
     * @param warnings receives one line per recoverable problem (e.g. a truncated final record); may be null
     * @throws CaptureFormatException when the input cannot be opened or is not a capture
     */
    public static PacketSource open(String nameOrDash, Consumer<String> warnings) {
        if ("-".equals(nameOrDash)) {
            return openStream("-", new FilterInputStream(System.in) {
                @Override
                public void close() {
                    // stdin belongs to the process, not to this source
                }
            }, -1, warnings);
        }
        return openMapped(nameOrDash, Path.of(nameOrDash), warnings, false);
    }

    /**
     * Opens several inputs: one name gives that source, several a {@link MergedSource} delivering their packets in
     * timestamp order with {@link PacketRecord#sourceIndex} set to the input's position in {@code names}.
     *
     * @throws CaptureFormatException when any input cannot be opened (those already opened are closed)
     */
    public static PacketSource openAll(List<String> names, Consumer<String> warnings) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no inputs");
        }
        if (names.size() == 1) {
            return open(names.getFirst(), warnings);
        }
        List<PacketSource> sources = new ArrayList<>(names.size());
        try {
            for (String n : names) {
                sources.add(open(n, warnings));
            }
        } catch (RuntimeException e) {
            sources.forEach(PacketSource::close);
            throw e;
        }
        return new MergedSource(sources);
    }

    /**
     * Reads a capture from a stream (possibly gzip or zstd compressed). The source owns {@code in} and closes it.
     *
     * @param size total size of {@code in} in bytes for progress reporting, or -1 if unknown
     */
    public static PacketSource openStream(String name, InputStream in, long size, Consumer<String> warnings) {
        return openStream(name, in, size, ByteWindow.DEFAULT_BUFFER, warnings);
    }

    static PacketSource openStream(String name, InputStream in, long size, int bufSize, Consumer<String> warnings) {
        CountingInputStream raw = new CountingInputStream(in);
        InputStream data;
        LongSupplier consumed = null;
        try {
            PushbackInputStream pb = new PushbackInputStream(raw, 4);
            byte[] head = new byte[4];
            int n = 0;
            while (n < 4) {
                int r = pb.read(head, n, 4 - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            pb.unread(head, 0, n);
            int magic = n == 4 ? ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8)
                    | (head[3] & 0xff) : 0;
            if (n >= 2 && ((head[0] & 0xff) << 8 | (head[1] & 0xff)) == GZIP_MAGIC) {
                data = new GZIPInputStream(pb, 1 << 16);
                consumed = raw::count;
            } else if (magic == ZSTD_MAGIC) {
                data = new ZstdInputStream(pb);
                consumed = raw::count;
            } else {
                data = pb;
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(raw);
            throw new CaptureFormatException(name, 0, "cannot decompress: " + oneLine(e), e);
        } catch (LinkageError e) {
            // zstd-jni ships native code; a platform without it gets one clear line instead of an Error.
            closeQuietly(raw);
            throw new CaptureFormatException(name, 0, "cannot decompress: zstd is not available on this platform ("
                    + oneLine(e) + ")", e);
        }
        return forWindow(ByteWindow.streaming(name, data, bufSize, size, consumed, warnings), warnings);
    }

    /**
     * Opens a file: streamed through a reused buffer (plain, gzip or zstd), or mapped when {@code mapOnly} (random
     * access); a FIFO or device is streamed.
     */
    static PacketSource openMapped(String name, Path file, Consumer<String> warnings, boolean mapOnly) {
        if (Files.isDirectory(file)) {
            throw new CaptureFormatException(name, 0, "is a directory");
        }
        if (!mapOnly && Files.exists(file) && !Files.isRegularFile(file)) {
            try {
                return openStream(name, Files.newInputStream(file), -1, warnings); // a FIFO, /dev/stdin...
            } catch (IOException e) {
                throw new CaptureFormatException(name, 0, "cannot open: " + oneLine(e), e);
            }
        }
        FileChannel ch = null;
        Arena arena = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(4);
            while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
                // a regular file returns what it has
            }
            if (!mapOnly && head.position() == 4) {
                int magic = head.getInt(0);
                if ((magic >>> 16) == GZIP_MAGIC || magic == ZSTD_MAGIC) {
                    ch.position(0);
                    FileChannel c = ch;
                    ch = null;
                    return openStream(name, Channels.newInputStream(c), size, warnings);
                }
            }
            if (!mapOnly && size > 0) {
                // Sequential analysis reads the file through the streaming window (read(2) straight into one reused
                // 1 MiB native buffer) instead of mapping it: measured on a 1 GB capture (BENCHMARKS.md) this is
                // faster (no page fault per 4 KiB), keeps RSS at ~150 MiB instead of the file's size, and gives the
                // hot path one MemorySegment class (native) for file bytes and for reassembled fragments, so the
                // JIT does not deoptimize on a second receiver type. Mapping stays for random access
                // (PcapReader.open / PcapngReader.open).
                ch.position(0);
                FileChannel c = ch;
                ch = null;
                return forWindow(ByteWindow.channel(name, c, ByteWindow.DEFAULT_BUFFER, size, warnings), warnings);
            }
            MemorySegment seg;
            if (size == 0) {
                seg = MemorySegment.ofArray(new byte[0]);
            } else {
                arena = Arena.ofShared();
                seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            }
            ByteWindow w = ByteWindow.mapped(name, seg, arena);
            arena = null;
            return forWindow(w, warnings);
        } catch (IOException | UnsupportedOperationException e) {
            throw new CaptureFormatException(name, 0, "cannot open: " + oneLine(e), e);
        } finally {
            closeQuietly(ch);
            if (arena != null) {
                arena.close();
            }
        }
    }

    /** Picks the reader from the first four bytes; closes the window when that fails. */
    static PacketSource forWindow(ByteWindow w, Consumer<String> warnings) {
        try {
            if (w.ensure(0, 4) && Bytes.i32(w.seg, -w.base) == PcapngReader.SHB) {
                return new PcapngReader(w, warnings);
            }
            return new PcapReader(w, warnings);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /** An exception as one line of text for messages: no stack, no line breaks. */
    static String oneLine(Throwable e) {
        String m = switch (e) {
            case NoSuchFileException x -> "no such file";
            case AccessDeniedException x -> "permission denied";
            default -> e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
        };
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing useful to report while failing already
            }
        }
    }

    /** Counts bytes read from the underlying (compressed) stream, for {@link PacketSource#position()}. */
    static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += Math.max(0, s);
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
