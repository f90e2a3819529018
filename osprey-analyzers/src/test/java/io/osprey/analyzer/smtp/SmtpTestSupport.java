package io.osprey.analyzer.smtp;

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
import java.util.TreeSet;

/**
 * Runs the SMTP analyzer over byte streams without packets (the framework's {@link AnalyzerHarness}, attached as if
 * by port 25), with a files framework that keeps each file's content, and records the smtp.log rows it publishes.
 */
final class SmtpTestSupport {
    final FakeFiles files = new FakeFiles();
    final AnalyzerHarness h;
    final List<SmtpTransaction> rows = new ArrayList<>();

    SmtpTestSupport() {
        h = new AnalyzerHarness(AnalyzerSpec.TCP, 25, SmtpAnalyzer.spec(files));
        h.events().subscribe(SmtpTransaction.class, rows::add);
    }

    SmtpTestSupport orig(String s) {
        h.stream(true, s);
        return this;
    }

    SmtpTestSupport resp(String s) {
        h.stream(false, s);
        return this;
    }

    SmtpTestSupport done() {
        h.done();
        return this;
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    /** smtp.log rows (fuids replaced by their file's summary) and the files, as text. */
    List<String> render() {
        List<String> out = new ArrayList<>();
        for (SmtpTransaction t : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("depth", t.transDepth);
            m.put("helo", s(t.helo));
            m.put("from", s(t.mailfrom));
            m.put("rcptto", t.rcptto == null ? null : new TreeSet<>(t.rcptto));
            m.put("hfrom", s(t.from));
            m.put("to", t.to == null ? null : new TreeSet<>(t.to));
            m.put("cc", t.cc == null ? null : new TreeSet<>(t.cc));
            m.put("subject", s(t.subject));
            m.put("msgid", s(t.msgId));
            m.put("last", s(t.lastReply));
            m.put("path", t.pathLen);
            m.put("ua", s(t.userAgent));
            m.put("tls", t.tls);
            List<String> f = new ArrayList<>();
            for (String id : t.fuids) {
                FakeFiles.File file = files.byFuid.get(id);
                f.add(file == null ? "?" : file.describe());
            }
            m.put("files", f);
            out.add(m.toString());
        }
        return out;
    }

    /** Weird names raised (without addl). */
    List<String> weirdNames() {
        return h.weirds().stream().map(w -> w.contains(":") ? w.substring(0, w.indexOf(':')) : w).toList();
    }

    /** A files framework that keeps content, gaps, names, depth; files with the same handle are one while open. */
    static final class FakeFiles implements Files {
        final Map<String, File> byFuid = new LinkedHashMap<>();
        private final Map<String, File> open = new HashMap<>();
        private int next;
        /** Keep content (false for allocation tests). */
        boolean keep = true;

        @Override
        public FileHandle open(AnalyzerContext ctx, String source, boolean isOrig, int depth, String handle) {
            String key = handle == null ? "anon" + next : handle;
            File f = open.get(key);
            if (f == null) {
                f = new File("F" + (++next), key, isOrig, depth, source);
                open.put(key, f);
                byFuid.put(f.fuid, f);
            }
            return f;
        }

        List<File> all() {
            return new ArrayList<>(byFuid.values());
        }

        final class File implements FileHandle {
            final String fuid;
            final String handle;
            final boolean isOrig;
            final int depth;
            final String source;
            final ByteArrayOutputStream content = new ByteArrayOutputStream();
            long gaps;
            String filename;
            boolean ended;

            File(String fuid, String handle, boolean isOrig, int depth, String source) {
                this.fuid = fuid;
                this.handle = handle;
                this.isOrig = isOrig;
                this.depth = depth;
                this.source = source;
            }

            String text() {
                return content.toString(StandardCharsets.ISO_8859_1);
            }

            String describe() {
                return "[" + source + " depth=" + depth + " " + content.size() + "b gap=" + gaps + " name=" + filename
                        + " ended=" + ended + " " + Integer.toHexString(text().hashCode()) + "]";
            }

            @Override
            public String fuid() {
                return fuid;
            }

            @Override
            public void setFilename(String name) {
                filename = name;
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
                gaps += len;
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

    // ------------------------------------------------------------------------------------------ conversations

    static final String GREETING = "220 mx.example.com ESMTP ready\r\n";

    /** A multipart/mixed mail: a multipart/alternative (text + quoted-printable html) and a base64 attachment. */
    static final String MULTIPART_MAIL = String.join("\r\n",
            "Received: from [192.168.1.10] (client.example.org [192.168.1.10])",
            "\tby mx.example.com; Mon, 5 Oct 2009 11:36:07 +0530",
            "From: \"Alice\" <alice@example.org>",
            "To: <bob@example.com>, \"Carol, C.\" <carol@example.com>",
            "Cc: dave@example.com",
            "Subject: Report",
            " folded",
            "Date: Mon, 5 Oct 2009 11:36:07 +0530",
            "Message-ID: <123@example.org>",
            "X-Mailer: TestMailer 1.0",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"outer\"",
            "",
            "preamble is ignored",
            "--outer",
            "Content-Type: multipart/alternative; boundary=inner",
            "",
            "--inner",
            "Content-Type: text/plain",
            "",
            "Hello Bob,",
            "..leading dot line",
            "--inner",
            "Content-Type: text/html",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "<p>Hello =3D Bob, soft=",
            " break</p>",
            "--inner--",
            "--outer",
            "Content-Type: application/octet-stream; name=\"report.bin\"",
            "Content-Disposition: attachment; filename=\"report.txt\"",
            "Content-Transfer-Encoding: base64",
            "",
            "aGVsbG8gd29y",
            "bGQK",
            "--outer--",
            "epilogue is ignored",
            "");

    /** One complete session: greeting, EHLO, one mail by DATA, QUIT; client and server bytes. */
    static String[] dataSession(String mail) {
        String client = "EHLO client.example.org\r\n"
                + "MAIL FROM:<alice@example.org> SIZE=1000\r\n"
                + "RCPT TO:<bob@example.com>\r\n"
                + "RCPT TO:<carol@example.com> ORCPT=rfc822;carol@example.com\r\n"
                + "DATA\r\n"
                + mail
                + ".\r\n"
                + "QUIT\r\n";
        String server = GREETING
                + "250-mx.example.com\r\n250-PIPELINING\r\n250 CHUNKING\r\n"
                + "250 OK\r\n250 OK\r\n250 OK\r\n"
                + "354 go ahead\r\n"
                + "250 OK id=42\r\n"
                + "221 bye\r\n";
        return new String[] {client, server};
    }

    /** A session sending the mail with BDAT in the given chunk sizes, the last one marked LAST. */
    static String[] bdatSession(String mail, int... chunks) {
        StringBuilder client = new StringBuilder("EHLO c\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\n");
        StringBuilder server = new StringBuilder(GREETING + "250 CHUNKING\r\n250 OK\r\n250 OK\r\n");
        int off = 0;
        for (int i = 0; i < chunks.length; i++) {
            boolean last = i == chunks.length - 1;
            int n = last ? mail.length() - off : chunks[i];
            client.append("BDAT ").append(n).append(last ? " LAST" : "").append("\r\n");
            client.append(mail, off, off + n);
            off += n;
            server.append(last ? "250 message accepted\r\n" : "250 " + n + " octets received\r\n");
        }
        client.append("QUIT\r\n");
        server.append("221 bye\r\n");
        return new String[] {client.toString(), server.toString()};
    }

    /** Feeds the steps in order, alternating server (even index) and client (odd index). */
    static SmtpTestSupport exchange(String... steps) {
        SmtpTestSupport t = new SmtpTestSupport();
        for (int i = 0; i < steps.length; i++) {
            t.h.stream(i % 2 == 1, steps[i]);
        }
        return t;
    }

    /** Runs a session, server greeting first, then alternating by line as a pipelining client would. */
    static SmtpTestSupport run(String[] session) {
        SmtpTestSupport t = new SmtpTestSupport();
        t.resp(GREETING);
        t.orig(session[0]);
        t.resp(session[1].substring(GREETING.length()));
        t.done();
        return t;
    }
}
