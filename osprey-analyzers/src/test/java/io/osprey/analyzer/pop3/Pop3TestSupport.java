package io.osprey.analyzer.pop3;

import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerFailure;
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
import java.util.List;
import java.util.Map;

/**
 * Runs the POP3 analyzer over byte streams without packets (the framework's {@link AnalyzerHarness}, attached
 * directly), with a files framework that keeps each file's content, and records violations.
 */
final class Pop3TestSupport {
    final FakeFiles files = new FakeFiles();
    final AnalyzerHarness h;
    final List<String> violations = new ArrayList<>();

    Pop3TestSupport() {
        this(Pop3Analyzer.DEFAULT_MAX_PENDING_COMMANDS, Pop3Analyzer.DEFAULT_MAX_UNKNOWN_CLIENT_COMMANDS);
    }

    Pop3TestSupport(int maxPending, int maxUnknown) {
        h = new AnalyzerHarness(AnalyzerSpec.TCP, 110, Pop3Analyzer.spec(files, maxPending, maxUnknown));
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
    }

    Pop3TestSupport orig(String s) {
        h.stream(true, s);
        return this;
    }

    Pop3TestSupport resp(String s) {
        h.stream(false, s);
        return this;
    }

    Pop3TestSupport done() {
        h.done();
        return this;
    }

    /** Feeds the steps in order, alternating server (even index) and client (odd index). */
    static Pop3TestSupport exchange(String... steps) {
        Pop3TestSupport t = new Pop3TestSupport();
        for (int i = 0; i < steps.length; i++) {
            t.h.stream(i % 2 == 1, steps[i]);
        }
        return t;
    }

    /** Weird names raised (without addl). */
    List<String> weirdNames() {
        return h.weirds().stream().map(w -> w.contains(":") ? w.substring(0, w.indexOf(':')) : w).toList();
    }

    /** The files as "source isOrig depth ended: content". */
    List<String> fileSummaries() {
        List<String> out = new ArrayList<>();
        for (FakeFiles.File f : files.all) {
            out.add(f.source + " " + f.isOrig + " " + f.depth + " " + f.ended + ": " + f.text());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ conversations

    static final String MAIL = String.join("\r\n",
            "From: Alice <alice@example.org>",
            "To: bob@example.com",
            "Subject: hi",
            "Content-Type: multipart/mixed; boundary=XX",
            "",
            "--XX",
            "Content-Type: text/plain",
            "",
            "Hello Bob,",
            "..a line that starts with a dot",
            "--XX",
            "Content-Type: application/octet-stream",
            "Content-Transfer-Encoding: base64",
            "",
            "aGVsbG8gd29y",
            "bGQK",
            "--XX--",
            "");

    /** A complete session: greeting, CAPA, USER/PASS, STAT, LIST, RETR of {@link #MAIL}, QUIT; client, server. */
    static String[] session() {
        String client = "CAPA\r\nUSER bob\r\nPASS secret\r\nSTAT\r\nLIST\r\nRETR 1\r\nQUIT\r\n";
        String server = "+OK POP3 ready\r\n"
                + "+OK Capability list follows\r\nUSER\r\nTOP\r\n.\r\n"
                + "+OK\r\n+OK logged in\r\n"
                + "+OK 1 400\r\n"
                + "+OK 1 messages\r\n1 400\r\n.\r\n"
                + "+OK 400 octets\r\n" + MAIL + ".\r\n"
                + "+OK bye\r\n";
        return new String[] {client, server};
    }

    /** A session of several shapes: AUTH PLAIN, TOP, pipelined commands, an ERR, UIDL. */
    static String[] authSession() {
        String client = "AUTH PLAIN\r\nAGJvYgBzZWNyZXQ=\r\nUIDL\r\nTOP 1 1\r\nDELE 9\r\nNOOP\r\nQUIT\r\n";
        String server = "+OK hello\r\n+ \r\n+OK welcome\r\n+OK\r\n1 abc\r\n.\r\n"
                + "+OK top\r\nSubject: one line\r\n\r\nfirst line\r\n.\r\n-ERR no such message\r\n+OK\r\n+OK bye\r\n";
        return new String[] {client, server};
    }

    /** Feeds a session's server greeting line, then the rest of both sides interleaved line by line. */
    static Pop3TestSupport runByLines(String[] session) {
        Pop3TestSupport t = new Pop3TestSupport();
        String[] c = session[0].split("(?<=\n)");
        String[] s = session[1].split("(?<=\n)");
        int ci = 0;
        int si = 0;
        while (ci < c.length || si < s.length) {
            if (si < s.length) {
                t.resp(s[si++]);
            }
            if (ci < c.length) {
                t.orig(c[ci++]);
            }
        }
        return t;
    }

    /** A files framework that keeps content; files with the same handle are one while open. */
    static final class FakeFiles implements Files {
        final List<File> all = new ArrayList<>();
        final List<String> handles = new ArrayList<>();
        private final Map<String, File> open = new HashMap<>();
        /** Keep content (false for allocation tests). */
        boolean keep = true;

        @Override
        public FileHandle open(AnalyzerContext ctx, String source, boolean isOrig, int depth, String handle) {
            handles.add(handle);
            File f = open.get(handle);
            if (f == null) {
                f = new File(handle, isOrig, depth, source);
                open.put(handle, f);
                all.add(f);
            }
            return f;
        }

        final class File implements FileHandle {
            final String handle;
            final boolean isOrig;
            final int depth;
            final String source;
            final ByteArrayOutputStream content = new ByteArrayOutputStream();
            boolean ended;

            File(String handle, boolean isOrig, int depth, String source) {
                this.handle = handle;
                this.isOrig = isOrig;
                this.depth = depth;
                this.source = source;
            }

            String text() {
                return content.toString(StandardCharsets.ISO_8859_1);
            }

            @Override
            public String fuid() {
                return "F" + all.indexOf(this);
            }

            @Override
            public void setFilename(String name) {
            }

            @Override
            public void setTotalBytes(long totalBytes) {
            }

            @Override
            public void deliver(MemorySegment data, long offset, int len) {
                if (!keep) {
                    return;
                }
                for (int i = 0; i < len; i++) {
                    content.write(data.get(ValueLayout.JAVA_BYTE, offset + i));
                }
            }

            @Override
            public void gap(long len) {
            }

            @Override
            public void end() {
                ended = true;
                open.remove(handle, this);
            }

            @Override
            public String mimeType() {
                return null;
            }
        }
    }
}
