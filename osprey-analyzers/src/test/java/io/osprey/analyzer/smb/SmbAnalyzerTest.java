package io.osprey.analyzer.smb;

import io.osprey.engine.analyzer.Probe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

import static io.osprey.analyzer.smb.SmbMsg.FT_2020;
import static io.osprey.analyzer.smb.SmbMsg.Segment;
import static io.osprey.analyzer.smb.SmbMsg.closeRequest;
import static io.osprey.analyzer.smb.SmbMsg.createRequest;
import static io.osprey.analyzer.smb.SmbMsg.createResponse;
import static io.osprey.analyzer.smb.SmbMsg.nbss;
import static io.osprey.analyzer.smb.SmbMsg.readRequest;
import static io.osprey.analyzer.smb.SmbMsg.readResponse;
import static io.osprey.analyzer.smb.SmbMsg.treeConnectRequest;
import static io.osprey.analyzer.smb.SmbMsg.treeConnectResponse;
import static io.osprey.analyzer.smb.SmbMsg.writeRequest;
import static org.assertj.core.api.Assertions.assertThat;

/** SMB2 messages built in code through the analyzer with the real files framework: complete, incomplete, malformed. */
class SmbAnalyzerTest {
    static final byte[] WRITTEN = "hello over smb, this is the written file\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] READ = "%PDF-1.4 the file read back".getBytes(StandardCharsets.US_ASCII);

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void writtenAndReadFilesGoToFilesLog() throws Exception {
        SmbTestSupport t = new SmbTestSupport().feed(SmbMsg.writeAndReadConversation(WRITTEN, READ)).done();
        assertThat(t.fileSummary()).containsExactly(
                "SMB dir\\new.txt orig seen=" + WRITTEN.length + " total=-1 missing=0 md5=" + md5(WRITTEN)
                        + " timedout=false",
                "SMB old.bin resp seen=" + READ.length + " total=" + READ.length + " missing=0 md5=" + md5(READ)
                        + " timedout=false");
        assertThat(t.fileRows.get(1).mimeType()).isEqualTo("application/pdf");
        // Default logged actions: the opens only, with the tree's path.
        assertThat(t.smbFileSummary()).containsExactly(
                "SMB::FILE_OPEN \\\\10.0.0.2\\share dir\\new.txt 0 -",
                "SMB::FILE_OPEN \\\\10.0.0.2\\share old.bin " + READ.length + " -");
        assertThat(t.mappings).hasSize(1);
        assertThat(SmbTestSupport.s(t.mappings.get(0).path())).isEqualTo("\\\\10.0.0.2\\share");
        assertThat(t.mappings.get(0).shareType()).isEqualTo("DISK");
        assertThat(t.h.services()).containsExactly("smb");
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void readAndWriteActionsAreLoggedWhenAskedFor() {
        SmbOptions o = new SmbOptions();
        o.loggedFileActions = EnumSet.of(SmbAction.FILE_OPEN, SmbAction.FILE_READ, SmbAction.FILE_WRITE);
        SmbTestSupport t = new SmbTestSupport(o).feed(SmbMsg.writeAndReadConversation(WRITTEN, READ)).done();
        // As Zeek: the WRITE before data flowed, again once the file has its id; the same row is not repeated.
        assertThat(t.smbFileSummary()).containsExactly(
                "SMB::FILE_OPEN \\\\10.0.0.2\\share dir\\new.txt 0 -",
                "SMB::FILE_WRITE \\\\10.0.0.2\\share dir\\new.txt 0 -",
                "SMB::FILE_WRITE \\\\10.0.0.2\\share dir\\new.txt 0 fuid",
                "SMB::FILE_OPEN \\\\10.0.0.2\\share old.bin " + READ.length + " -",
                "SMB::FILE_READ \\\\10.0.0.2\\share old.bin " + READ.length + " -",
                "SMB::FILE_READ \\\\10.0.0.2\\share old.bin " + READ.length + " fuid");
        assertThat(t.smbFiles.get(2).fuid()).isEqualTo(t.fileRows.get(0).fuid());
    }

    @Test
    void pipeTreesCarryNoFiles() {
        long tid = 9;
        List<Segment> c = List.of(
                new Segment(true, nbss(treeConnectRequest(1, "\\\\10.0.0.2\\IPC$"))),
                new Segment(false, nbss(treeConnectResponse(1, tid, 2))),
                new Segment(true, nbss(createRequest(2, tid, "srvsvc", 0))),
                new Segment(false, nbss(createResponse(2, tid, 0x10, 0, 0))),
                new Segment(true, nbss(writeRequest(3, tid, 0x10, 0, WRITTEN))),
                new Segment(true, nbss(closeRequest(4, tid, 0x10))));
        SmbTestSupport t = new SmbTestSupport().feed(c).done();
        assertThat(t.fileRows).isEmpty();
        assertThat(t.mappings).extracting(SmbMappingRow::shareType).containsExactly("PIPE");
        assertThat(t.smbFiles).isEmpty(); // PIPE_OPEN is not logged by default
    }

    @Test
    void readWithoutItsCreateHasNoNameAndNoFile() {
        List<Segment> c = List.of(
                new Segment(true, nbss(readRequest(1, 3, 0x55, 0, 100))),
                new Segment(false, nbss(readResponse(1, 3, READ))));
        SmbTestSupport t = new SmbTestSupport().feed(c).done();
        assertThat(t.fileRows).isEmpty();
    }

    @Test
    void readsAtOffsetsAreReassembled() throws Exception {
        long tid = 3;
        byte[] a = Arrays.copyOf(READ, 10);
        byte[] b = Arrays.copyOfRange(READ, 10, READ.length);
        List<Segment> c = List.of(
                new Segment(true, nbss(createRequest(1, tid, "f", 0))),
                new Segment(false, nbss(createResponse(1, tid, 0x20, READ.length, FT_2020))),
                new Segment(true, nbss(readRequest(2, tid, 0x20, 10, b.length))),
                new Segment(true, nbss(readRequest(3, tid, 0x20, 0, 10))),
                // the second half is answered first
                new Segment(false, nbss(readResponse(2, tid, b))),
                new Segment(false, nbss(readResponse(3, tid, a))));
        SmbTestSupport t = new SmbTestSupport().feed(c).done();
        assertThat(t.fileRows).hasSize(1);
        assertThat(t.fileRows.get(0).seenBytes()).isEqualTo(READ.length);
        assertThat(t.fileRows.get(0).md5()).isEqualTo(md5(READ));
        assertThat(t.fileRows.get(0).timedout()).isFalse(); // complete at its size
    }

    @Test
    void deleteOnCloseAndSetInfoDeleteAreLogged() {
        long tid = 3;
        List<Segment> c = List.of(
                new Segment(true, nbss(createRequest(1, tid, "gone.tmp", 0x00001000))),
                new Segment(false, nbss(createResponse(1, tid, 0x30, 5, FT_2020))),
                new Segment(true, nbss(createRequest(2, tid, "other", 0))),
                new Segment(false, nbss(createResponse(2, tid, 0x31, 7, FT_2020))),
                new Segment(true, nbss(SmbMsg.setInfoDelete(3, tid, 0x31))));
        SmbTestSupport t = new SmbTestSupport().feed(c).done();
        assertThat(t.smbFileSummary()).containsExactly(
                "SMB::FILE_OPEN - gone.tmp 5 -",
                "SMB::FILE_DELETE - gone.tmp 5 -",
                "SMB::FILE_OPEN - other 7 -",
                "SMB::FILE_DELETE - other 7 -");
    }

    @Test
    void errorResponsesRunNoCommandHandlers() {
        long tid = 3;
        List<Segment> c = List.of(
                new Segment(true, nbss(createRequest(1, tid, "missing", 0))),
                new Segment(false, nbss(SmbMsg.errorResponse(Smb2Header.CREATE, 1, tid, 0xC0000034L))));
        SmbTestSupport t = new SmbTestSupport().feed(c).done();
        assertThat(t.smbFiles).isEmpty();
        assertThat(t.h.analyzer("SMB")).isNotNull();
    }

    @Test
    void incompleteMessageAtTheEndLeavesNothingBehind() {
        byte[] w = nbss(createRequest(1, 3, "f", 0));
        SmbTestSupport t = new SmbTestSupport();
        t.h.stream(true, Arrays.copyOf(w, w.length - 5));
        t.done();
        assertThat(t.smbFiles).isEmpty();
        assertThat(t.fileRows).isEmpty();
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void dataBeyondItsMessageIsAViolation() {
        byte[] pdu = writeRequest(1, 3, 0x40, 0, WRITTEN);
        SmbMsg.putU32(pdu, 64 + 4, 100_000); // data length past the message
        SmbTestSupport t = new SmbTestSupport();
        t.h.stream(true, nbss(pdu));
        assertThat(t.h.analyzer("SMB")).isNull(); // detached: not confirmed yet
        assertThat(t.fileRows).isEmpty();
    }

    @Test
    void truncatedHeaderIsAViolation() {
        byte[] pdu = Arrays.copyOf(createRequest(1, 3, "f", 0), 40);
        SmbTestSupport t = new SmbTestSupport();
        t.h.stream(true, nbss(pdu));
        assertThat(t.h.analyzer("SMB")).isNull();
    }

    @Test
    void encryptedMessagesAreSkipped() {
        byte[] body = new byte[52 + 100];
        body[0] = (byte) 0xFD;
        body[1] = 'S';
        body[2] = 'M';
        body[3] = 'B';
        SmbTestSupport t = new SmbTestSupport();
        t.h.stream(true, nbss(createRequest(1, 3, "f", 0)));
        t.h.stream(true, SmbMsg.nbssRaw(0, body));
        t.h.stream(false, SmbMsg.nbssRaw(0, body));
        assertThat(t.h.analyzer("SMB")).isNotNull();
        assertThat(t.h.services()).containsExactly("smb"); // three clean deliveries
    }

    @Test
    void otherNetbiosMessagesAreSkipped() {
        SmbTestSupport t = new SmbTestSupport();
        t.h.stream(true, nbss(createRequest(1, 3, "f", 0)));
        t.h.stream(true, SmbMsg.nbssRaw(0x85, new byte[0])); // keep-alive
        t.h.stream(true, SmbMsg.nbssRaw(0x81, new byte[] {1, 2, 3}));
        t.h.stream(false, nbss(createResponse(1, 3, 0x1, 3, FT_2020)));
        assertThat(t.smbFileSummary()).containsExactly("SMB::FILE_OPEN - f 3 -");
    }

    @Test
    void parsingStartsOnlyAtAnSmbHeaderAndAgainAfterAGap() {
        SmbTestSupport t = new SmbTestSupport();
        byte[] m = nbss(createRequest(1, 3, "first", 0));
        t.h.stream(true, Arrays.copyOfRange(m, 10, m.length)); // mid-message: ignored
        t.h.stream(true, nbss(createRequest(2, 3, "second", 0)));
        t.h.stream(false, nbss(createResponse(2, 3, 0x2, 1, FT_2020)));
        t.h.gap(true, 0, 10);
        t.h.stream(false, Arrays.copyOfRange(m, 10, m.length)); // after the gap, mid-message: ignored
        t.h.stream(true, nbss(createRequest(3, 3, "third", 0)));
        t.h.stream(false, nbss(createResponse(3, 3, 0x3, 1, FT_2020)));
        assertThat(t.smbFileSummary()).containsExactly("SMB::FILE_OPEN - second 1 -", "SMB::FILE_OPEN - third 1 -");
    }

    @Test
    void badUtf16IsAWeirdAndKeepsTheBytes() {
        byte[] pdu = createRequest(1, 3, "ab", 0);
        pdu[64 + 56 + 2] = 0x00; // second unit: a lone high surrogate at the end
        pdu[64 + 56 + 3] = (byte) 0xD8;
        SmbTestSupport t = new SmbTestSupport();
        t.h.stream(true, nbss(pdu));
        t.h.stream(false, nbss(createResponse(1, 3, 0x1, 1, FT_2020)));
        assertThat(t.h.weirds()).anyMatch(w -> w.startsWith("utf16_conversion_failed"));
        assertThat(t.smbFiles.get(0).name()).containsExactly('a', 0, 0, 0xD8 - 256);
    }

    @Test
    void largeWritesAreStreamedToTheFile() throws Exception {
        byte[] big = new byte[SmbAnalyzer.MAX_MESSAGE + 1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        long tid = 3;
        SmbTestSupport t = new SmbTestSupport();
        t.h.stream(true, nbss(createRequest(1, tid, "big", 0)));
        t.h.stream(false, nbss(createResponse(1, tid, 0x9, 0, FT_2020)));
        byte[] w = nbss(writeRequest(2, tid, 0x9, 0, big));
        for (int off = 0; off < w.length; off += 1460) {
            t.h.stream(true, Arrays.copyOfRange(w, off, Math.min(w.length, off + 1460)));
        }
        t.h.stream(true, nbss(closeRequest(3, tid, 0x9)));
        t.done();
        assertThat(t.fileRows).hasSize(1);
        assertThat(t.fileRows.get(0).seenBytes()).isEqualTo(big.length);
        assertThat(t.fileRows.get(0).md5()).isEqualTo(md5(big));
    }

    @Test
    void probeMatchesZeekSignature() {
        byte[] smb2 = {0, 0, 0, 10, (byte) 0xFE, 'S', 'M', 'B'};
        byte[] smb1 = {0, 0, 0, 10, (byte) 0xFF, 'S', 'M', 'B'};
        byte[] other = {0, 0, 0, 10, (byte) 0xFD, 'S', 'M', 'B'};
        assertThat(SmbAnalyzer.probe(smb2, 8)).isEqualTo(Probe.MATCH);
        assertThat(SmbAnalyzer.probe(smb1, 8)).isEqualTo(Probe.MATCH);
        assertThat(SmbAnalyzer.probe(other, 8)).isEqualTo(Probe.NO_MATCH);
        assertThat(SmbAnalyzer.probe(smb2, 6)).isEqualTo(Probe.MORE);
    }

    @Test
    void filetimesBecomeZeekTimes() {
        assertThat(SmbTime.zeekTime(116_444_736_000_000_000L)).isEqualTo(0.0);
        assertThat(SmbTime.zeekTime(FT_2020)).isEqualTo(1_577_836_800.0);
        assertThat(SmbTime.zeekTime(-1L)).isGreaterThan(0.0); // unsigned
    }
}
