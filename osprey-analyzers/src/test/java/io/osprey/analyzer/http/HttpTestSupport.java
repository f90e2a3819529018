package io.osprey.analyzer.http;

import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.files.FileHandle;
import io.osprey.files.Files;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the HTTP analyzer over byte streams without packets (the framework's {@link AnalyzerHarness}, as if attached
 * by port 80), with a fake files framework that keeps every file's content, and records the transactions (http.log
 * rows) it publishes.
 */
final class HttpTestSupport {
    final FakeFiles files = new FakeFiles();
    final HttpOptions options;
    final AnalyzerHarness h;
    final List<HttpTransaction> rows = new ArrayList<>();

    HttpTestSupport() {
        this(new HttpOptions());
    }

    HttpTestSupport(HttpOptions options) {
        this(options, 80);
    }

    HttpTestSupport(HttpOptions options, int port) {
        this.options = options;
        AnalyzerSpec spec = HttpAnalyzer.spec(files, options);
        h = new AnalyzerHarness(AnalyzerSpec.TCP, port, spec);
        h.events().subscribe(HttpTransaction.class, rows::add);
    }

    HttpTestSupport orig(String s) {
        h.stream(true, s);
        return this;
    }

    HttpTestSupport resp(String s) {
        h.stream(false, s);
        return this;
    }

    HttpTestSupport orig(byte[] b) {
        h.stream(true, b);
        return this;
    }

    HttpTestSupport resp(byte[] b) {
        h.stream(false, b);
        return this;
    }

    /** The connection ends: analyzers' done(), then the engine's ConnectionRemoved event. */
    HttpTestSupport done() {
        h.done();
        h.events().publish(new io.osprey.engine.event.ConnectionRemoved(h, h.networkTime()));
        return this;
    }

    HttpTransaction row(int i) {
        return rows.get(i);
    }

    /** The row with this trans_depth. */
    HttpTransaction depth(int d) {
        for (HttpTransaction t : rows) {
            if (t.transDepth == d) {
                return t;
            }
        }
        throw new AssertionError("no row with trans_depth " + d + " in " + render());
    }

    /** http.log rows rendered as text (fuids replaced by their file's content summary), sorted by trans_depth. */
    List<String> render() {
        List<String> out = new ArrayList<>();
        rows.stream().sorted(java.util.Comparator.comparingInt(t -> t.transDepth)).forEach(t -> out.add(render(t)));
        return out;
    }

    String render(HttpTransaction t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("depth", t.transDepth);
        m.put("method", s(t.method));
        m.put("host", s(t.host));
        m.put("uri", s(t.uri));
        m.put("referrer", s(t.referrer));
        m.put("version", t.version);
        m.put("ua", s(t.userAgent));
        m.put("origin", s(t.origin));
        m.put("req_len", t.requestBodyLen);
        m.put("resp_len", t.responseBodyLen);
        m.put("status", t.statusCode);
        m.put("msg", s(t.statusMsg));
        m.put("info", t.infoCode);
        m.put("info_msg", s(t.infoMsg));
        m.put("user", s(t.username));
        m.put("pass", s(t.password));
        m.put("proxied", t.proxied == null ? null : t.proxied.stream().map(HttpTestSupport::s).sorted().toList());
        m.put("orig_files", files(t.origFuids));
        m.put("orig_names", t.origFilenames == null ? null : t.origFilenames.stream().map(HttpTestSupport::s).toList());
        m.put("orig_mime", t.origMimeTypes);
        m.put("resp_files", files(t.respFuids));
        m.put("resp_names", t.respFilenames == null ? null : t.respFilenames.stream().map(HttpTestSupport::s).toList());
        m.put("resp_mime", t.respMimeTypes);
        return m.toString();
    }

    private List<String> files(List<String> fuids) {
        if (fuids == null) {
            return null;
        }
        List<String> l = new ArrayList<>();
        for (String f : fuids) {
            FakeFiles.File file = files.byFuid.get(f);
            l.add(file == null ? "?" : file.describe());
        }
        return l;
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Weird names raised (without addl). */
    List<String> weirdNames() {
        return h.weirds().stream().map(w -> w.contains(":") ? w.substring(0, w.indexOf(':')) : w).toList();
    }

    /**
     * A files framework that keeps what it is given: content, gaps, sizes, names. Files with the same handle are one
     * file while open, as in Zeek. Its "sniffer" reports {@code text/plain} for content starting with a letter and
     * {@code application/octet-stream} otherwise, once the file ended.
     */
    static final class FakeFiles implements Files {
        final Map<String, File> byFuid = new LinkedHashMap<>();
        private final Map<String, File> open = new HashMap<>();
        private int next;
        /** Keep content (false for allocation tests: only counts). */
        boolean keep = true;

        @Override
        public FileHandle open(AnalyzerContext ctx, String source, boolean isOrig, int depth) {
            return open(ctx, source, isOrig, depth, "anonymous-" + next);
        }

        @Override
        public FileHandle open(AnalyzerContext ctx, String source, boolean isOrig, int depth, String handle) {
            File f = open.get(handle);
            if (f == null) {
                f = new File("F" + (++next), handle, isOrig);
                open.put(handle, f);
                byFuid.put(f.fuid, f);
            }
            return f;
        }

        final class File implements FileHandle {
            final String fuid;
            final String handle;
            final boolean isOrig;
            final ByteArrayOutputStream content = new ByteArrayOutputStream();
            long delivered;
            long gaps;
            long total = -1;
            String filename;
            boolean ended;
            /** Started on the connection and not ended since. */
            boolean live;

            File(String fuid, String handle, boolean isOrig) {
                this.fuid = fuid;
                this.handle = handle;
                this.isOrig = isOrig;
            }

            String text() {
                return content.toString(StandardCharsets.ISO_8859_1);
            }

            String describe() {
                return "[" + (isOrig ? "orig " : "resp ") + delivered + "b gap=" + gaps + " total=" + total + " name="
                        + filename + " ended=" + ended + " " + Integer.toHexString(text().hashCode()) + "]";
            }

            @Override
            public String fuid() {
                return fuid;
            }

            @Override
            public void setFilename(String name) {
                filename = name;
            }

            /**
             * The file starts on the (one) connection of this fake when an entity opens it while it is not live there:
             * the first time, or after it ended (the real framework's rules, with several connections and a file
             * ending by its size, are tested through the files framework in HttpRangeFileTest).
             */
            @Override
            public void onNewConnection(Runnable listener) {
                if (!live) {
                    live = true;
                    listener.run();
                }
            }

            @Override
            public void setTotalBytes(long totalBytes) {
                total = totalBytes;
            }

            @Override
            public void deliver(MemorySegment data, long offset, int len) {
                delivered += len;
                if (keep) {
                    for (int i = 0; i < len; i++) {
                        content.write(data.get(ValueLayout.JAVA_BYTE, offset + i));
                    }
                }
            }

            @Override
            public void deliverAt(long fileOffset, MemorySegment data, long offset, int len) {
                deliver(data, offset, len);
            }

            @Override
            public void gap(long len) {
                gaps += len;
            }

            @Override
            public void gap(long fileOffset, long len) {
                gaps += len;
            }

            @Override
            public void end() {
                ended = true;
                open.remove(handle, this);
                if (listener != null && mimeType() != null) {
                    listener.accept(mimeType());
                }
            }

            private java.util.function.Consumer<String> listener;

            @Override
            public void onMimeType(java.util.function.Consumer<String> l) {
                listener = l;
            }

            @Override
            public String mimeType() {
                if (!ended || delivered == 0) {
                    return null;
                }
                String t = text();
                return !t.isEmpty() && Character.isLetter(t.charAt(0)) ? "text/plain" : "application/octet-stream";
            }
        }
    }
}
