package io.osprey.files.extract;

import io.osprey.files.FileAnalyzer;
import io.osprey.files.FileState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Zeek's EXTRACT file analyzer (file_analysis/analyzer/extract, base/files/extract): writes the file's content to
 * {@code <dir>/extract-<ts>-<source>-<fuid>}, holes left sparse, up to a byte limit. When the limit is reached
 * (counting holes when {@code limitIncludesMissing}, Zeek's default) the file is cut there, files.log gets
 * {@code extracted_cutoff=T} and {@code extracted_size} = the limit, and the analyzer stops, as Zeek's
 * {@code file_extraction_limit} handler does.
 *
 * <p>Names come only from the file's time, source and id, and {@link #safeName} keeps to {@code [A-Za-z0-9._-]}, so
 * a name can never leave the directory (no separators, no "..", no links followed when opening).
 */
public final class ExtractAnalyzer implements FileAnalyzer {
    private final FileState file;
    private final long limit;
    private final boolean limitIncludesMissing;
    private FileChannel out;
    private long written;
    private long position;

    /**
     * Opens the output file (Zeek's {@code FileExtract::on_add} then the analyzer's constructor). When it cannot be
     * opened the analyzer stays attached but writes nothing, as in Zeek (which reports the error), and
     * {@link #failed()} is true.
     *
     * @param dir   the extraction directory (Zeek's {@code FileExtract::prefix}); created if missing
     * @param name  the file name, already safe ({@link #safeName})
     * @param limit bytes at most (0 = no limit)
     */
    public ExtractAnalyzer(FileState file, Path dir, String name, long limit, boolean limitIncludesMissing) {
        this.file = file;
        this.limit = limit;
        this.limitIncludesMissing = limitIncludesMissing;
        try {
            java.nio.file.Files.createDirectories(dir);
            Path target = dir.resolve(name);
            if (!target.normalize().getParent().equals(dir.normalize())) {
                throw new IOException("unsafe extraction name " + name);
            }
            out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            out = null;
        }
    }

    /**
     * Zeek's default extraction name {@code extract-<last_active>-<source>-<fuid>} made safe: characters outside
     * {@code [A-Za-z0-9._-]} become '_', and a name of only dots gets a leading '_'.
     */
    public static String safeName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length() && sb.length() < 200; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            sb.append(ok ? c : '_');
        }
        String s = sb.toString();
        if (s.isEmpty() || s.chars().allMatch(c -> c == '.')) {
            s = "_" + s;
        }
        return s;
    }

    /** True when the output file could not be opened or written. */
    public boolean failed() {
        return out == null;
    }

    @Override
    public String name() {
        return "EXTRACT";
    }

    @Override
    public boolean deliverStream(byte[] data, int off, int len) {
        if (out == null) {
            return false;
        }
        long towrite = allowed(len);
        boolean exceeded = towrite < len || (limit > 0 && written >= limit);
        if (exceeded) {
            file.extractionLimit(limit);
        }
        if (towrite > 0) {
            try {
                ByteBuffer b = ByteBuffer.wrap(data, off, (int) towrite);
                while (b.hasRemaining()) {
                    position += out.write(b, position);
                }
            } catch (IOException e) {
                close();
                return false;
            }
            written += towrite;
        }
        return !exceeded;
    }

    /** Zeek's check_limit_exceeded: how many of {@code len} bytes fit under the limit. */
    private long allowed(long len) {
        if (limit == 0) {
            return len;
        }
        if (written >= limit) {
            return 0;
        }
        return Math.min(len, limit - written);
    }

    @Override
    public boolean undelivered(long offset, long len) {
        if (out == null) {
            return false;
        }
        if (limitIncludesMissing) {
            boolean exceeded = limit > 0 && (written >= limit || written + len > limit);
            if (exceeded) {
                file.extractionLimit(limit);
                return false;
            }
            written += len;
        }
        // Zeek seeks to offset + len: the next content goes there, leaving a hole (a sparse file).
        position = offset + len;
        return true;
    }

    @Override
    public boolean endOfFile(FileState f) {
        close();
        return false;
    }

    @Override
    public void removed() {
        close();
    }

    private void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // Nothing more to do: the bytes written so far stay.
            }
            out = null;
        }
    }
}
