package io.osprey.pcap;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where a capture writer's bytes go: one large direct buffer in front of a channel, so that packets are copied once
 * (input bytes to the buffer, one {@code memcpy}) and written in large {@code write(2)} calls. A file is written
 * under a temporary name in its own directory ({@code .<name>.tmp}) and renamed over the target by
 * {@link #commit()}, so a reader never sees a half-written capture and a failed run leaves nothing behind
 * ({@link #abort()} deletes the temporary file). {@code "-"} writes to standard output; an existing target that is
 * not a regular file ({@code /dev/null}, a FIFO) or is a symbolic link is written in place, without the rename.
 *
 * <p>Owned by one writer on one thread. Every I/O failure becomes a {@link CaptureWriteException} naming the
 * target.
 */
final class OutputFile {
    /** Default buffer: large enough that write(2) calls cost nothing next to the copies. */
    static final int DEFAULT_BUFFER = 1 << 20;
    /** Smallest buffer accepted (a split into many files shares memory among its outputs). */
    static final int MIN_BUFFER = 1 << 12;

    private final String name;
    private final Path target;
    private final Path temp;
    private final WritableByteChannel ch;
    private final boolean seekable;
    final ByteBuffer buf;
    /** The buffer as a segment, for writing header fields in place. */
    final MemorySegment seg;
    private long flushed;
    private boolean closed;

    private OutputFile(String name, Path target, Path temp, WritableByteChannel ch, boolean seekable, int bufSize) {
        this.name = name;
        this.target = target;
        this.temp = temp;
        this.ch = ch;
        this.seekable = seekable;
        this.buf = ByteBuffer.allocateDirect(Math.max(MIN_BUFFER, bufSize)).order(ByteOrder.LITTLE_ENDIAN);
        this.seg = MemorySegment.ofBuffer(buf);
    }

    /**
     * Opens {@code nameOrDash}: {@code "-"} is standard output; a device, FIFO or symbolic link is written in
     * place; anything else is a file written as {@code .name.tmp} beside it and renamed on {@link #commit()}.
     *
     * @throws CaptureWriteException when the temporary file cannot be created (missing or read-only directory,
     *                               target is a directory)
     */
    static OutputFile open(String nameOrDash, int bufSize) {
        if ("-".equals(nameOrDash)) {
            FileChannel out = new FileOutputStream(FileDescriptor.out).getChannel();
            return new OutputFile("-", null, null, out, false, bufSize);
        }
        Path target = Path.of(nameOrDash);
        if (Files.isDirectory(target)) {
            throw new CaptureWriteException(nameOrDash, "is a directory");
        }
        if (Files.isSymbolicLink(target) || Files.exists(target) && !Files.isRegularFile(target)) {
            // A device (/dev/null), FIFO or symlink is written in place, as tcpdump does: renaming a temporary
            // file over it would replace the device or the link itself with a regular file.
            try {
                FileChannel fc = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                return new OutputFile(nameOrDash, null, null, fc, Files.isRegularFile(target), bufSize);
            } catch (IOException | SecurityException e) {
                throw new CaptureWriteException(nameOrDash, "cannot open: " + describe(e), e);
            }
        }
        Path file = target.getFileName();
        if (file == null) {
            throw new CaptureWriteException(nameOrDash, "not a file name");
        }
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + file + ".tmp");
        try {
            FileChannel fc = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return new OutputFile(nameOrDash, target, temp, fc, true, bufSize);
        } catch (NoSuchFileException e) {
            throw new CaptureWriteException(nameOrDash, "cannot create: no such directory " + dir, e);
        } catch (FileAlreadyExistsException e) {
            throw new CaptureWriteException(nameOrDash, "cannot create: " + temp + " is in the way", e);
        } catch (IOException | SecurityException e) {
            throw new CaptureWriteException(nameOrDash, "cannot create: " + describe(e), e);
        }
    }

    /** "Not a directory", "Read-only file system", "permission denied"...: the reason without the class name. */
    private static String describe(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return Captures.oneLine(e);
    }

    /** An output on a caller's channel (tests, in-memory); {@link #commit()} closes it. */
    static OutputFile of(String name, WritableByteChannel ch, int bufSize) {
        return new OutputFile(name, null, null, ch, false, bufSize);
    }

    String name() {
        return name;
    }

    /** Bytes written so far, buffered ones included: the size the file will have. */
    long size() {
        return flushed + buf.position();
    }

    /** Makes room for {@code n} contiguous bytes in the buffer when they fit in it at all; false when they never fit. */
    boolean room(int n) {
        if (buf.remaining() >= n) {
            return true;
        }
        flush();
        return buf.remaining() >= n;
    }

    /** Appends {@code len} bytes from {@code src}: through the buffer, or straight to the channel when large. */
    void append(MemorySegment src, long off, long len) {
        int p = buf.position();
        if (len <= buf.remaining()) {
            MemorySegment.copy(src, off, seg, p, len);
            buf.position(p + (int) len);
            return;
        }
        flush();
        if (len <= buf.capacity() / 2) {
            MemorySegment.copy(src, off, seg, 0, len);
            buf.position((int) len);
            return;
        }
        writeFully(src.asSlice(off, len).asByteBuffer());
    }


    /** Writes the buffered bytes to the channel. */
    void flush() {
        if (buf.position() == 0) {
            return;
        }
        buf.flip();
        writeFully(buf);
        buf.clear();
    }

    private void writeFully(ByteBuffer b) {
        try {
            while (b.hasRemaining()) {
                flushed += ch.write(b);
            }
        } catch (IOException e) {
            throw new CaptureWriteException(name, "write failed: " + Captures.oneLine(e), e);
        }
    }

    /**
     * Rewrites bytes already written at file offset {@code off} (a header field learnt late). Returns false when
     * the output cannot seek (stdout, pipes); the caller then lives with what it wrote.
     */
    boolean patch(long off, ByteBuffer bytes) {
        if (off >= flushed) {
            int p = (int) (off - flushed);
            for (int i = 0; i < bytes.remaining(); i++) {
                buf.put(p + i, bytes.get(bytes.position() + i));
            }
            return true;
        }
        if (!seekable || off + bytes.remaining() > flushed) {
            return false;
        }
        try {
            FileChannel fc = (FileChannel) ch;
            while (bytes.hasRemaining()) {
                fc.write(bytes, off + bytes.position());
            }
            return true;
        } catch (IOException e) {
            throw new CaptureWriteException(name, "write failed: " + Captures.oneLine(e), e);
        }
    }

    /** Flushes, closes and moves the file into place. Idempotent. */
    void commit() {
        if (closed) {
            return;
        }
        try {
            flush();
        } catch (CaptureWriteException e) {
            abort();
            throw e;
        }
        closed = true;
        try {
            if (target != null || !"-".equals(name)) {
                ch.close(); // standard output stays open for the rest of the process
            }
        } catch (IOException e) {
            deleteTemp();
            throw new CaptureWriteException(name, "close failed: " + Captures.oneLine(e), e);
        }
        if (temp != null) {
            try {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                deleteTemp();
                throw new CaptureWriteException(name, "cannot rename " + temp.getFileName() + " into place: "
                        + Captures.oneLine(e), e);
            }
        }
    }

    /** Closes without putting anything in place: the temporary file is deleted. Idempotent, never throws. */
    void abort() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (target != null || !"-".equals(name)) {
                ch.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // failing already; the delete below is what matters
        }
        deleteTemp();
    }

    private void deleteTemp() {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException | RuntimeException ignored) {
                // nothing more to do: the name is hidden and the next run truncates it
            }
        }
    }
}
