package io.osprey.analyzer.mime;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The MIME entity parser on its own: structure, decoding, malformed input, caps. */
class MimeMessageTest {
    /** Records what the parser reports, one text line per callback; content per entity. */
    static final class Recorder extends MimeMessage {
        final List<String> events = new ArrayList<>();
        final List<String> contents = new ArrayList<>();
        final List<String> weirds = new ArrayList<>();
        private ByteArrayOutputStream current;

        Recorder() {
            start();
        }

        /** Feeds text split into lines at CRLF (the last piece without one is delivered as a partial line). */
        Recorder lines(String text) {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            MemorySegment seg = MemorySegment.ofArray(b);
            int start = 0;
            for (int i = 0; i + 1 < b.length; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') {
                    deliver(seg, start, i - start, true);
                    start = i + 2;
                    i++;
                }
            }
            if (start < b.length) {
                deliver(seg, start, b.length - start, false);
            }
            return this;
        }

        @Override
        protected void beginEntity(MimeEntity entity) {
            events.add("begin " + entity.depth());
            current = new ByteArrayOutputStream();
        }

        @Override
        protected void endEntity(MimeEntity entity) {
            events.add("end " + entity.depth());
            if (current != null && current.size() > 0) {
                contents.add(current.toString(StandardCharsets.ISO_8859_1));
            }
            current = null;
        }

        @Override
        protected void header(MimeEntity entity, MimeHeader h) {
            events.add(h.upperName() + "=" + new String(h.value(), StandardCharsets.ISO_8859_1));
        }

        @Override
        protected void data(MimeEntity entity, MemorySegment data, int len) {
            assertThat(len).isBetween(1, SEGMENT_LENGTH);
            if (current == null) {
                current = new ByteArrayOutputStream();
            }
            for (int i = 0; i < len; i++) {
                current.write(data.get(ValueLayout.JAVA_BYTE, i));
            }
        }

        @Override
        protected void weird(String name, String addl) {
            weirds.add(name);
        }

        @Override
        protected void limitWeird(String name, long value) {
            weirds.add(name + ":" + value);
        }
    }

    @Test
    void singlePartWithFoldedHeader() {
        Recorder r = new Recorder().lines("Subject: a\r\n  b\r\nX-Empty:\r\n\r\nline 1\r\nline 2\r\n");
        r.done();
        assertThat(r.events).containsExactly("begin 0", "SUBJECT=a  b", "X-EMPTY=", "end 0");
        assertThat(r.contents).containsExactly("line 1\r\nline 2\r\n");
    }

    @Test
    void nestedMultipartWithEncodings() {
        Recorder r = new Recorder().lines(String.join("\r\n",
                "Content-Type: multipart/mixed; boundary=\"a b\"",
                "",
                "--a b",
                "Content-Type: multipart/alternative; boundary=inner (comment)",
                "",
                "--inner",
                "",
                "plain",
                "--inner",
                "Content-Transfer-Encoding: Quoted-Printable",
                "",
                "caf=C3=A9 =ZZ trailing   ",
                "--inner--",
                "--a b",
                "Content-Type: message/rfc822",
                "",
                "Subject: inside",
                "Content-Transfer-Encoding: base64",
                "",
                "SGk=",
                "--a b--",
                ""));
        r.done();
        assertThat(r.events).containsExactly("begin 0", "CONTENT-TYPE=multipart/mixed; boundary=\"a b\"", "begin 1",
                "CONTENT-TYPE=multipart/alternative; boundary=inner (comment)", "begin 2", "end 2", "begin 2",
                "CONTENT-TRANSFER-ENCODING=Quoted-Printable", "end 2", "end 1", "begin 1",
                "CONTENT-TYPE=message/rfc822", "begin 2", "SUBJECT=inside", "CONTENT-TRANSFER-ENCODING=base64",
                "end 2", "end 1", "end 0");
        assertThat(r.contents).containsExactly("plain", "caf\u00c3\u00a9 =ZZ trailing\r\n", "Hi");
        assertThat(r.weirds).isEmpty();
    }

    @Test
    void incompleteMessageEndsEveryOpenEntity() {
        Recorder r = new Recorder().lines("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\npart");
        r.done();
        r.done(); // idempotent
        assertThat(r.events).containsExactly("begin 0", "CONTENT-TYPE=multipart/mixed; boundary=b", "begin 1",
                "end 1", "end 0");
        assertThat(r.contents).containsExactly("part");
    }

    @Test
    void headerOnlyMessageEnds() {
        Recorder r = new Recorder().lines("Subject: x\r\n");
        r.done();
        assertThat(r.events).containsExactly("begin 0", "SUBJECT=x", "end 0");
        assertThat(r.contents).isEmpty();
    }

    @Test
    void malformedInputIsTakenLeniently() {
        Recorder r = new Recorder().lines(String.join("\r\n",
                " leading white space",
                "no colon here",
                "Content-Type: multipart/mixed",
                "Content-Transfer-Encoding: base64",
                "",
                "--not-a-boundary",
                "!!!!QUJD",
                ""));
        r.done();
        // A multipart type without boundary is plain data; the base64 body skips illegal characters.
        assertThat(r.events).containsExactly("begin 0", "CONTENT-TYPE=multipart/mixed",
                "CONTENT-TRANSFER-ENCODING=base64", "end 0");
        assertThat(r.weirds).contains("base64_illegal_encoding");
        assertThat(r.contents).hasSize(1);
    }

    @Test
    void nestingStopsAtTheDepthCap() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= MimeEntity.MAX_DEPTH + 5; i++) {
            // Boundaries that are no prefix of one another (a boundary line only has to start with it).
            sb.append("Content-Type: multipart/mixed; boundary=b").append(i).append("x\r\n\r\n--b").append(i)
                    .append("x\r\n");
        }
        sb.append("\r\ndeep\r\n");
        Recorder r = new Recorder().lines(sb.toString());
        r.done();
        assertThat(r.weirds).contains("exceeded_mime_max_depth:" + MimeEntity.MAX_DEPTH);
        assertThat(r.events.stream().filter(e -> e.startsWith("begin")).count()).isEqualTo(MimeEntity.MAX_DEPTH + 1);
        assertThat(r.events.get(r.events.size() - 1)).isEqualTo("end 0");
    }

    @Test
    void foldedHeaderStopsGrowingAtTheByteCap() {
        StringBuilder sb = new StringBuilder("X-Long: start\r\n");
        String fold = " " + "x".repeat(999) + "\r\n";
        for (int i = 0; i < 80; i++) {
            sb.append(fold);
        }
        sb.append("\r\nbody\r\n");
        Recorder r = new Recorder().lines(sb.toString());
        r.done();
        assertThat(r.weirds).anyMatch(w -> w.startsWith("exceeded_mime_max_header_bytes"));
        String header = r.events.get(1);
        assertThat(header.length()).isLessThanOrEqualTo(MimeEntity.MAX_HEADER_BYTES + 1000);
        assertThat(r.contents).containsExactly("body\r\n");
    }

    @Test
    void largeContentIsSubmittedInSegments() {
        String line = "y".repeat(3000);
        Recorder r = new Recorder().lines("\r\n" + line + "\r\n");
        r.done();
        assertThat(r.contents).containsExactly(line + "\r\n");
    }
}
