package io.osprey.analyzer.smb;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import static io.osprey.analyzer.smb.SmbMsg.Segment;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMB1 built in code: a session setup with a chained tree connect, a file written with two WRITE_ANDX and one read
 * with READ_ANDX. The expected rows are what Zeek 9.1 logged for the same messages (a capture of this conversation
 * run through real Zeek while writing this test): files.log, smb_files.log with and without READ/WRITE/CLOSE
 * actions, smb_mapping.log with SMB1's service and file system, and the services.
 */
class Smb1Test {
    static final int TID = 0x0801;
    static final long FT = SmbMsg.FT_2020;

    static final class Buf {
        final ByteArrayOutputStream o = new ByteArrayOutputStream();

        Buf u8(int v) {
            o.write(v);
            return this;
        }

        Buf u16(int v) {
            o.write(v);
            o.write(v >> 8);
            return this;
        }

        Buf u32(long v) {
            return u16((int) v).u16((int) (v >> 16));
        }

        Buf u64(long v) {
            return u32(v).u32(v >>> 32);
        }

        Buf bytes(byte[] b) {
            o.writeBytes(b);
            return this;
        }

        int size() {
            return o.size();
        }

        byte[] get() {
            return o.toByteArray();
        }
    }

    static Buf header(int cmd, boolean resp, int tid, int mid) {
        Buf b = new Buf().bytes(new byte[] {(byte) 0xFF, 'S', 'M', 'B'}).u8(cmd).u32(0).u8(resp ? 0x98 : 0x18)
                .u16(0xC807).u16(0).bytes(new byte[8]).u16(0).u16(tid).u16(0xFEFF).u16(0x800).u16(mid);
        assertThat(b.size()).isEqualTo(32);
        return b;
    }

    static byte[] uni(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_16LE);
    }

    static byte[] negotiateResponse() {
        byte[] blob = SmbAuthTest.negTokenInit(false);
        Buf words = new Buf().u16(0).u8(3).u16(50).u16(1).u32(16644).u32(65536).u32(0).u32(0x8000F3FDL).u64(FT)
                .u16(0).u8(0);
        return header(0x72, true, 0, 1).u8(17).bytes(words.get()).u16(16 + blob.length).bytes(new byte[16])
                .bytes(blob).get();
    }

    /** SESSION_SETUP_ANDX with an NTLMSSP blob, chaining TREE_CONNECT_ANDX to \\SERVER\SHARE. */
    static byte[] sessionSetupRequest() {
        byte[] blob = SmbAuthTest.negTokenInit(true);
        int w = 32;
        int afterBlob = w + 27 + blob.length;
        Buf bytes = new Buf().bytes(blob);
        if (((afterBlob - w) & 1) != 0) {
            bytes.u8(0);
        }
        bytes.bytes(uni("Unix")).bytes(uni("Samba"));
        int tc = w + 27 + bytes.size();
        Buf ss = new Buf().u8(12).u8(0x75).u8(0).u16(tc).u16(16644).u16(50).u16(0).u32(0).u16(blob.length).u32(0)
                .u32(0xA00000D4L).u16(bytes.size()).bytes(bytes.get());
        Buf tb = new Buf().u8(0); // password
        if (((tc + 12 - tc) & 1) != 0) {
            tb.u8(0);
        }
        tb.bytes(uni("\\\\SERVER\\SHARE")).bytes("?????\0".getBytes(StandardCharsets.US_ASCII));
        Buf t = new Buf().u8(4).u8(0xFF).u8(0).u16(0).u16(0).u16(1).u16(tb.size()).bytes(tb.get());
        return header(0x73, false, 0, 2).bytes(ss.get()).bytes(t.get()).get();
    }

    static byte[] sessionSetupResponse() {
        byte[] blob = SmbAuthTest.tlv(0xA1, SmbAuthTest.tlv(0x30, SmbAuthTest.tlv(0xA0,
                SmbAuthTest.tlv(0x0A, new byte[] {0}))));
        int w = 32;
        Buf bp = new Buf().bytes(blob);
        if (((w + 11 + blob.length - w) & 1) != 0) {
            bp.u8(0);
        }
        bp.bytes(uni("Unix")).bytes(uni("Samba"));
        int tc = w + 11 + bp.size();
        Buf ss = new Buf().u8(4).u8(0x75).u8(0).u16(tc).u16(0).u16(blob.length).u16(bp.size()).bytes(bp.get());
        Buf tb = new Buf().bytes("A:\0".getBytes(StandardCharsets.US_ASCII));
        if (((tc + 9 + 3 - tc) & 1) != 0) {
            tb.u8(0);
        }
        tb.bytes(uni("NTFS"));
        Buf t = new Buf().u8(3).u8(0xFF).u8(0).u16(0).u16(1).u16(tb.size()).bytes(tb.get());
        return header(0x73, true, TID, 2).bytes(ss.get()).bytes(t.get()).get();
    }

    static byte[] ntCreateRequest(int mid, String name) {
        byte[] n = uni(name);
        Buf words = new Buf().u8(0xFF).u8(0).u16(0).u8(0).u16(n.length - 2).u32(0).u32(0).u32(0x2019F).u64(0)
                .u32(0x80).u32(7).u32(5).u32(0x44).u32(2).u8(0);
        return header(0xA2, false, TID, mid).u8(24).bytes(words.get()).u16(n.length + 1).u8(0).bytes(n).get();
    }

    static byte[] ntCreateResponse(int mid, int fid, long eof, long mod) {
        Buf words = new Buf().u8(0xFF).u8(0).u16(0).u8(0).u16(fid).u32(2).u64(FT).u64(mod).u64(mod).u64(mod)
                .u32(0x20).u64(4096).u64(eof).u16(0).u16(7).u8(0);
        return header(0xA2, true, TID, mid).u8(34).bytes(words.get()).u16(0).get();
    }

    static byte[] writeRequest(int mid, int fid, long off, byte[] data) {
        int dataOffset = 32 + 1 + 28 + 2 + 1;
        Buf words = new Buf().u8(0xFF).u8(0).u16(0).u16(fid).u32(off).u32(0).u16(0).u16(0).u16(data.length >> 16)
                .u16(data.length & 0xFFFF).u16(dataOffset).u32(0);
        return header(0x2F, false, TID, mid).u8(14).bytes(words.get()).u16(data.length + 1).u8(0).bytes(data)
                .get();
    }

    static byte[] closeRequest(int mid, int fid) {
        return header(0x04, false, TID, mid).u8(3).u16(fid).u32(0xFFFFFFFFL).u16(0).get();
    }

    static byte[] readRequest(int mid, int fid, long off, int n) {
        Buf words = new Buf().u8(0xFF).u8(0).u16(0).u16(fid).u32(off).u16(n).u16(n).u32(0).u16(0).u32(0);
        return header(0x2E, false, TID, mid).u8(12).bytes(words.get()).u16(0).get();
    }

    static byte[] readResponse(int mid, byte[] data) {
        int dataOffset = 32 + 1 + 24 + 2 + 1;
        Buf words = new Buf().u8(0xFF).u8(0).u16(0).u16(0).u16(0).u16(0).u16(data.length & 0xFFFF).u16(dataOffset)
                .u16(data.length >> 16).u64(0);
        return header(0x2E, true, TID, mid).u8(12).bytes(words.get()).u16(data.length + 1).u8(0).bytes(data).get();
    }

    static final byte[] WRITTEN = "Hello SMB1 world, plain text written by the client.\n".repeat(100)
            .getBytes(StandardCharsets.US_ASCII);
    static final byte[] READ = new byte[3000];

    static {
        for (int i = 0; i < READ.length; i++) {
            READ[i] = (byte) (i * 7);
        }
    }

    static List<Segment> conversation() {
        List<Segment> c = new ArrayList<>();
        c.add(new Segment(false, SmbMsg.nbssRaw(0, negotiateResponse())));
        c.add(new Segment(true, SmbMsg.nbssRaw(0, sessionSetupRequest())));
        c.add(new Segment(false, SmbMsg.nbssRaw(0, sessionSetupResponse())));
        c.add(new Segment(true, SmbMsg.nbssRaw(0, ntCreateRequest(3, "\\dir\\new.txt"))));
        c.add(new Segment(false, SmbMsg.nbssRaw(0, ntCreateResponse(3, 0x4000, 0, FT + 10_000_000))));
        c.add(new Segment(true, SmbMsg.nbssRaw(0, writeRequest(4, 0x4000, 0, Arrays.copyOf(WRITTEN, 3000)))));
        c.add(new Segment(true, SmbMsg.nbssRaw(0, writeRequest(5, 0x4000, 3000,
                Arrays.copyOfRange(WRITTEN, 3000, WRITTEN.length)))));
        c.add(new Segment(true, SmbMsg.nbssRaw(0, closeRequest(6, 0x4000))));
        c.add(new Segment(true, SmbMsg.nbssRaw(0, ntCreateRequest(7, "\\old.bin"))));
        c.add(new Segment(false, SmbMsg.nbssRaw(0, ntCreateResponse(7, 0x4001, READ.length, FT + 20_000_000))));
        c.add(new Segment(true, SmbMsg.nbssRaw(0, readRequest(8, 0x4001, 0, READ.length))));
        c.add(new Segment(false, SmbMsg.nbssRaw(0, readResponse(8, READ))));
        c.add(new Segment(true, SmbMsg.nbssRaw(0, closeRequest(9, 0x4001))));
        return c;
    }

    @Test
    void filesMappingAndServicesAsZeekLogsThem() throws Exception {
        SmbTestSupport t = new SmbTestSupport().feed(conversation()).done();
        assertThat(t.h.services()).containsExactly("gssapi", "ntlm", "smb");
        assertThat(t.fileSummary()).containsExactly(
                "SMB \\dir\\new.txt orig seen=5200 total=-1 missing=0 md5=" + SmbAnalyzerTest.md5(WRITTEN)
                        + " timedout=false",
                "SMB \\old.bin resp seen=3000 total=3000 missing=0 md5=" + SmbAnalyzerTest.md5(READ)
                        + " timedout=false");
        assertThat(t.smbFileSummary()).containsExactly("SMB::FILE_OPEN - \\dir\\new.txt 0 -",
                "SMB::FILE_OPEN - \\old.bin 3000 -");
        assertThat(t.mappings).hasSize(1);
        SmbMappingRow m = t.mappings.get(0);
        assertThat(SmbTestSupport.s(m.path())).isEqualTo("\\\\SERVER\\SHARE");
        assertThat(m.service()).isEqualTo("A:");
        assertThat(SmbTestSupport.s(m.nativeFs())).isEqualTo("NTFS");
        assertThat(m.shareType()).isEqualTo("DISK");
        assertThat(t.h.weirds()).isEmpty();
    }

    @Test
    void readWriteAndCloseActions() {
        SmbOptions o = new SmbOptions();
        o.loggedFileActions = EnumSet.of(SmbAction.FILE_OPEN, SmbAction.FILE_READ, SmbAction.FILE_WRITE,
                SmbAction.FILE_CLOSE);
        SmbTestSupport t = new SmbTestSupport(o).feed(conversation()).done();
        String share = "\\\\SERVER\\SHARE";
        assertThat(t.smbFileSummary()).containsExactly(
                "SMB::FILE_OPEN - \\dir\\new.txt 0 -",
                "SMB::FILE_WRITE " + share + " \\dir\\new.txt 0 fuid",
                "SMB::FILE_CLOSE " + share + " \\dir\\new.txt 0 fuid",
                "SMB::FILE_OPEN - \\old.bin 3000 -",
                "SMB::FILE_READ " + share + " \\old.bin 3000 -",
                "SMB::FILE_READ " + share + " \\old.bin 3000 fuid",
                "SMB::FILE_CLOSE " + share + " \\old.bin 3000 fuid");
    }

    @Test
    void everySplitSize() {
        List<Segment> conv = conversation();
        SmbTestSupport whole = new SmbTestSupport().feed(conv).done();
        for (int piece = 8; piece <= 600; piece += 7) {
            SmbTestSupport t = new SmbTestSupport();
            for (Segment s : conv) {
                for (int off = 0; off < s.data().length; off += piece) {
                    t.h.stream(s.orig(), Arrays.copyOfRange(s.data(), off, Math.min(s.data().length, off + piece)));
                }
            }
            t.done();
            assertThat(t.fileSummary()).as("piece %d", piece).isEqualTo(whole.fileSummary());
            assertThat(t.smbFileSummary()).as("piece %d", piece).isEqualTo(whole.smbFileSummary());
        }
    }

    /** A TRANSACTION request on \PIPE\ carrying a DCE-RPC bind (Zeek's SMB_PIPE transaction). */
    static byte[] pipeTransaction(int mid) {
        byte[] bind = new byte[72];
        bind[0] = 5;
        bind[2] = 11;
        bind[4] = 0x10;
        SmbMsg.putU16(bind, 8, 72);
        byte[] name = uni("\\PIPE\\");
        int w = 32;
        int nameAt = w + 29 + 4 + 2; // two setup words, byte count
        int pad = ((nameAt - w) & 1) != 0 ? 1 : 0;
        int dataAt = nameAt + pad + name.length;
        Buf words = new Buf().u16(0).u16(bind.length).u16(0).u16(1024).u8(0).u8(0).u16(0).u32(0).u16(0).u16(0)
                .u16(dataAt).u16(bind.length).u16(dataAt).u8(2).u8(0).u16(0x26).u16(0x4000);
        Buf bytes = new Buf();
        if (pad == 1) {
            bytes.u8(0);
        }
        bytes.bytes(name).bytes(bind);
        return header(0x25, false, TID, mid).u8(16).bytes(words.get()).u16(bytes.size()).bytes(bytes.get()).get();
    }

    @Test
    void dceRpcInAPipeTransaction() {
        SmbTestSupport t = new SmbTestSupport();
        t.h.stream(true, SmbMsg.nbssRaw(0, pipeTransaction(20)));
        assertThat(t.h.services()).containsExactly("dce_rpc");
        assertThat(t.h.analyzer("SMB")).isNotNull();
    }

    @Test
    void truncatedCommandsAreViolations() {
        byte[] create = ntCreateRequest(3, "\\x");
        SmbTestSupport t = new SmbTestSupport();
        t.h.stream(true, SmbMsg.nbssRaw(0, Arrays.copyOf(create, 60)));
        assertThat(t.h.analyzer("SMB")).isNull();
    }

    @Test
    void andxChainsThatDoNotAdvanceStopWithAWeird() {
        byte[] ss = sessionSetupRequest();
        // a chained command at offset 0: not advancing (any other offset before the end of the command would be
        // a negative skip, a parse error in Zeek)
        SmbMsg.putU16(ss, 32 + 3, 0);
        SmbTestSupport t = new SmbTestSupport();
        t.h.stream(true, SmbMsg.nbssRaw(0, ss));
        assertThat(t.h.weirds()).contains("smb_andx_offset_not_advancing");
    }
}
