package io.osprey.analyzer.contents;

import io.osprey.common.net.Addr;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ConnInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bro's contents files: each TCP connection's reassembled byte streams, one file per direction, named
 * {@code contents.H1.P1.H2.P2} (what the originator H1:P1 sent to the responder H2:P2) and
 * {@code contents.H2.P2.H1.P1} (the reply), in the output directory. Content gaps are marked in the stream as Zeek's
 * reassembler marks them in its contents files ({@code \n<<gap N>>\n}), never glued over.
 *
 * <p>Names are built from addresses and ports only (IPv6 addresses keep their colons), checked to stay inside the
 * directory, and opened without following links. At most {@link #MAX_OPEN} files are open at once (the least
 * recently written are closed and reopened for appending when needed), so any number of connections works within
 * the process's file limit. One writer per worker. A write error stops all contents output and is kept for the
 * caller ({@link #failure()}), which reports it once; analysis and logs go on.
 */
public final class ContentsWriter {
    /** Files kept open at once (Osprey's bound, well under the usual 1024 descriptors). */
    static final int MAX_OPEN = 128;

    private final Path dir;
    private final Map<Path, OutputStream> open = new LinkedHashMap<>(16, 0.75f, true);
    private final byte[] chunk = new byte[64 * 1024];

    private String failure;

    /** The first write error, or null. */
    public String failure() {
        return failure;
    }

    /** Closes every open file (end of run); errors are kept as {@link #failure()}. */
    public void closeAll() {
        for (Path p : java.util.List.copyOf(open.keySet())) {
            close(p);
        }
    }

    public ContentsWriter(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The analyzer declaration: attached to every TCP connection; adds no service. */
    public AnalyzerSpec spec() {
        int[] all = new int[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new AnalyzerSpec("CONTENTS", null, AnalyzerSpec.TCP, all, null, null, ctx -> new Contents(ctx, this));
    }

    /** The file for what {@code fromH:fromP} sent to {@code toH:toP}. */
    Path fileFor(ConnInfo c, boolean orig) {
        String o = Addr.toString(c.origHi(), c.origLo()) + "." + c.origPort();
        String r = Addr.toString(c.respHi(), c.respLo()) + "." + c.respPort();
        String name = "contents." + (orig ? o + "." + r : r + "." + o);
        Path p = dir.resolve(name).normalize();
        if (!p.getParent().equals(dir) || name.contains("/")) {
            throw new IllegalStateException("contents file name escapes the output directory: " + name);
        }
        return p;
    }

    private OutputStream stream(Path p) throws IOException {
        OutputStream s = open.get(p);
        if (s != null) {
            return s;
        }
        if (open.size() >= MAX_OPEN) {
            Iterator<Map.Entry<Path, OutputStream>> it = open.entrySet().iterator();
            Map.Entry<Path, OutputStream> eldest = it.next();
            eldest.getValue().close();
            it.remove();
        }
        if (Files.isSymbolicLink(p)) {
            throw new IOException(p + " is a symbolic link; not following it");
        }
        s = new java.io.BufferedOutputStream(Files.newOutputStream(p, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), 64 * 1024);
        open.put(p, s);
        return s;
    }

    void write(Path p, MemorySegment data, long offset, int len) {
        if (failure != null) {
            return;
        }
        try {
            OutputStream s = stream(p);
            while (len > 0) {
                int n = Math.min(len, chunk.length);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, chunk, 0, n);
                s.write(chunk, 0, n);
                offset += n;
                len -= n;
            }
        } catch (IOException e) {
            fail(p, e);
        }
    }

    void gap(Path p, long len) {
        if (failure != null) {
            return;
        }
        try {
            stream(p).write(("\n<<gap " + len + ">>\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            fail(p, e);
        }
    }

    void close(Path p) {
        OutputStream s = open.remove(p);
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                fail(p, e);
            }
        }
    }

    private void fail(Path p, IOException e) {
        if (failure == null) {
            failure = "cannot write " + p + ": " + e.getMessage();
        }
    }

    /** One connection's two files. */
    static final class Contents extends Analyzer {
        private final ContentsWriter w;
        private Path origFile;
        private Path respFile;

        Contents(AnalyzerContext ctx, ContentsWriter w) {
            super(ctx);
            this.w = w;
        }

        private Path file(boolean orig) {
            // Names are fixed at the first byte: roles no longer flip once data flows.
            if (orig) {
                return origFile != null ? origFile : (origFile = w.fileFor(ctx.conn(), true));
            }
            return respFile != null ? respFile : (respFile = w.fileFor(ctx.conn(), false));
        }

        @Override
        public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
            w.write(file(orig), data, offset, len);
        }

        @Override
        public void gap(boolean orig, long seq, long len) {
            w.gap(file(orig), len);
        }

        @Override
        public void done() {
            if (origFile != null) {
                w.close(origFile);
            }
            if (respFile != null) {
                w.close(respFile);
            }
        }
    }
}
