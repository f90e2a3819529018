package io.osprey.analyzer.smb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversation of {@link SmbAnalyzerTest} delivered in pieces of every size from 1 byte to its longest message:
 * files.log and smb_files.log come out the same as with whole messages.
 */
class SmbSplitTest {
    static List<SmbMsg.Segment> conversation() {
        byte[] written = "0123456789abcdefghijklmnopqrstuvwxyz".repeat(20).getBytes(StandardCharsets.US_ASCII);
        return SmbMsg.writeAndReadConversation(written, "GIF89a and then some bytes".getBytes(StandardCharsets.US_ASCII));
    }

    private static SmbTestSupport run(List<SmbMsg.Segment> conv, int piece) {
        SmbOptions o = new SmbOptions();
        o.loggedFileActions = java.util.EnumSet.allOf(SmbAction.class);
        SmbTestSupport t = new SmbTestSupport(o);
        for (SmbMsg.Segment s : conv) {
            byte[] d = s.data();
            // The first delivery must start at a message (Zeek's sync rule); the rest are cut anywhere.
            for (int off = 0; off < d.length; off += piece) {
                t.h.stream(s.orig(), Arrays.copyOfRange(d, off, Math.min(d.length, off + piece)));
            }
        }
        return t.done();
    }

    @Test
    void everySplitSizeGivesTheSameLogs() {
        List<SmbMsg.Segment> conv = conversation();
        SmbTestSupport whole = run(conv, Integer.MAX_VALUE);
        assertThat(whole.fileRows).hasSize(2);
        assertThat(whole.smbFiles).isNotEmpty();
        int longest = conv.stream().mapToInt(s -> s.data().length).max().orElseThrow();
        for (int piece = 8; piece <= longest; piece++) {
            SmbTestSupport t = run(conv, piece);
            assertThat(t.fileSummary()).as("piece %d", piece).isEqualTo(whole.fileSummary());
            assertThat(t.smbFileSummary()).as("piece %d", piece).isEqualTo(whole.smbFileSummary());
            assertThat(t.h.weirds()).as("piece %d", piece).isEmpty();
        }
    }

    @Test
    void byteByByteAfterAWholeFirstMessage() {
        List<SmbMsg.Segment> conv = conversation();
        SmbTestSupport whole = run(conv, Integer.MAX_VALUE);
        SmbOptions o = new SmbOptions();
        o.loggedFileActions = java.util.EnumSet.allOf(SmbAction.class);
        SmbTestSupport t = new SmbTestSupport(o);
        t.h.stream(conv.get(0).orig(), conv.get(0).data());
        for (SmbMsg.Segment s : conv.subList(1, conv.size())) {
            for (byte b : s.data()) {
                t.h.stream(s.orig(), new byte[] {b});
            }
        }
        t.done();
        assertThat(t.fileSummary()).isEqualTo(whole.fileSummary());
        assertThat(t.smbFileSummary()).isEqualTo(whole.smbFileSummary());
    }
}
