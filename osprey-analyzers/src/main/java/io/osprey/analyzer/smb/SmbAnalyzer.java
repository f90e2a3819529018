package io.osprey.analyzer.smb;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import io.osprey.files.FileHandle;
import io.osprey.files.Files;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * SMB2/3 over TCP (Zeek's SMB analyzer, {@code src/analyzer/protocol/smb}): NetBIOS session service framing (RFC
 * 1002 §4.3.1: a 4-byte header, type 0 = session message, 24-bit length; Zeek parses only type 0), SMB2 PDUs and
 * their compound chains ([MS-SMB2] 2.2.1 NextCommand), the commands Zeek's logs depend on (TREE_CONNECT, CREATE,
 * CLOSE, READ, WRITE, TREE_DISCONNECT), and file content from READ responses and WRITE requests at their file
 * offsets. Encrypted messages (SMB3 transform header, protocol id {@code 0xFD 'SMB'}) cannot be parsed and are
 * skipped, as Zeek does.
 *
 * <p><b>Messages.</b> Each direction buffers a session message whole, up to {@link #MAX_MESSAGE} bytes, and parses it
 * when complete, as Zeek does. A larger READ response or WRITE request alone in its message has its data passed to
 * the file as it arrives (so one cut off by the end of the capture gives Osprey the part seen, Zeek nothing); any
 * other larger message is skipped.
 *
 * <p><b>Sync, confirmation, violations.</b> As Zeek's {@code SMB_Analyzer}: parsing starts (and restarts after a
 * content gap or a parse error) only at a delivery that begins with a NetBIOS header followed by
 * {@code 0xFF 'SMB'} or {@code 0xFE 'SMB'}; the protocol is confirmed at the third delivery parsed without error;
 * a message that does not fit its declared lengths is a violation ("Binpac exception: ..."), after which both
 * directions resynchronize.
 */
public final class SmbAnalyzer extends Analyzer {
    /**
     * Largest session message buffered whole (the NetBIOS length is attacker-controlled, up to 16 MiB): 1 MiB of
     * READ or WRITE data (the usual maximum read/write size) plus its headers. Zeek handles every message once it is
     * complete; so does Osprey up to this size, which gives files the same timestamps. A larger READ response or
     * WRITE request alone in its message is streamed to the file as it arrives (its file times are then those of
     * its first segment, not its last); any other larger message is skipped unparsed.
     */
    static final int MAX_MESSAGE = (1 << 20) + 4096;
    /** Bytes of a message needed to decide whether it is a READ response or WRITE request to stream. */
    static final int PREFIX = Smb2Header.SIZE + 48;

    private static final int NBSS = 0;
    private static final int BODY = 1;
    private static final int STREAM = 2;
    private static final int SKIP = 3;

    private static final int SMB1_ID = 0xFF534D42;
    private static final int SMB2_ID = 0xFE534D42;
    private static final int SMB3_ID = 0xFD534D42;

    /**
     * Declaration: ports 139 and 445 (Zeek's {@code SMB::ports}) and Zeek's dpd.sig for SMB
     * ({@code /^....[\xfe\xff]SMB/} in either direction).
     */
    public static AnalyzerSpec spec(Files files, SmbOptions options) {
        return new AnalyzerSpec("SMB", "smb", AnalyzerSpec.TCP, new int[] {139, 445}, SmbAnalyzer::probe,
                SmbAnalyzer::probe, ctx -> new SmbAnalyzer(ctx, files, options), true);
    }

    /** Zeek's SMB signature: four bytes of NetBIOS header, then {@code \xfeSMB} or {@code \xffSMB}. */
    static int probe(byte[] b, int len) {
        for (int i = 4; i < Math.min(len, 8); i++) {
            int c = b[i] & 0xFF;
            boolean ok = i == 4 ? (c == 0xFE || c == 0xFF) : c == "SMB".charAt(i - 5);
            if (!ok) {
                return Probe.NO_MATCH;
            }
        }
        return len >= 8 ? Probe.MATCH : Probe.MORE;
    }

    /** Per-direction framing state. */
    private static final class Direction {
        final boolean isOrig;
        final Smb2Header header = new Smb2Header();
        int state = NBSS;
        final byte[] nbss = new byte[4];
        int nbssLen;
        /** Length of the current session message. */
        int msgLen;
        /** Bytes of the current message consumed so far. */
        int msgPos;
        /** Bytes of the message to collect before deciding (BODY). */
        int need;
        byte[] buf = new byte[PREFIX];
        MemorySegment bufSeg = MemorySegment.ofArray(buf);
        // STREAM: message positions of the data, its file and where it goes in the file
        int dataStart;
        int dataEnd;
        FileHandle target;
        long fileOffset;

        Direction(boolean isOrig) {
            this.isOrig = isOrig;
        }

        void reset() {
            state = NBSS;
            nbssLen = 0;
            target = null;
        }
    }

    private final SmbState state;
    private final SmbAuth auth;
    private final Smb1Parser smb1;
    private boolean dceRpcConfirmed;
    private final Direction orig = new Direction(true);
    private final Direction resp = new Direction(false);
    private boolean needSync = true;
    private int chunks;
    /** Set by a parse error inside a delivery. */
    private String violation;

    SmbAnalyzer(AnalyzerContext ctx, Files files, SmbOptions options) {
        super(ctx);
        this.state = new SmbState(ctx, files, options);
        this.auth = new SmbAuth(ctx);
        this.smb1 = new Smb1Parser(this, state, auth);
    }

    /** Zeek's {@code HasSMBHeader}: a delivery starting with a NetBIOS header and an SMB1 or SMB2 protocol id. */
    private static boolean hasSmbHeader(MemorySegment data, long offset, int len) {
        if (len < 8) {
            return false;
        }
        int c = data.get(ValueLayout.JAVA_BYTE, offset + 4) & 0xFF;
        return (c == 0xFF || c == 0xFE) && data.get(ValueLayout.JAVA_BYTE, offset + 5) == 'S'
                && data.get(ValueLayout.JAVA_BYTE, offset + 6) == 'M'
                && data.get(ValueLayout.JAVA_BYTE, offset + 7) == 'B';
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        if (needSync) {
            if (!hasSmbHeader(data, offset, len)) {
                return;
            }
            needSync = false;
        }
        Direction d = isOrig ? orig : resp;
        violation = null;
        process(d, data, offset, len);
        if (violation != null) {
            ctx.violation("Binpac exception: binpac exception: " + violation, null);
            resync();
            return;
        }
        if (++chunks == 3) {
            ctx.confirm();
        }
    }

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        resync();
    }

    @Override
    public void endOfData(boolean isOrig) {
        finishStream(isOrig ? orig : resp);
    }

    @Override
    public void done() {
        finishStream(orig);
        finishStream(resp);
        auth.done();
    }

    /** Zeek's {@code NeedResync}: both directions drop what they hold and wait for an SMB header. */
    private void resync() {
        finishStream(orig);
        finishStream(resp);
        orig.reset();
        resp.reset();
        needSync = true;
    }

    private void finishStream(Direction d) {
        if (d.state == STREAM && d.target != null) {
            FileHandle t = d.target;
            d.target = null;
            state.dataDone(t);
        }
    }

    // ------------------------------------------------------------------------------------------ framing

    private void process(Direction d, MemorySegment data, long offset, int len) {
        long i = offset;
        long end = offset + len;
        while (i < end && violation == null) {
            switch (d.state) {
                case NBSS -> {
                    d.nbss[d.nbssLen++] = data.get(ValueLayout.JAVA_BYTE, i++);
                    if (d.nbssLen == 4) {
                        d.nbssLen = 0;
                        startMessage(d);
                    }
                }
                case BODY -> {
                    int n = (int) Math.min(end - i, d.need - d.msgPos);
                    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, i, d.buf, d.msgPos, n);
                    d.msgPos += n;
                    i += n;
                    if (d.msgPos == d.need) {
                        bodyReady(d);
                    }
                }
                case STREAM -> {
                    int n = (int) Math.min(end - i, d.msgLen - d.msgPos);
                    int from = Math.max(d.msgPos, d.dataStart);
                    int to = Math.min(d.msgPos + n, d.dataEnd);
                    if (from < to && d.target != null) {
                        d.target.deliverAt(d.fileOffset + (from - d.dataStart), data, i + (from - d.msgPos),
                                to - from);
                    }
                    d.msgPos += n;
                    i += n;
                    if (d.msgPos == d.msgLen) {
                        finishStream(d);
                        d.state = NBSS;
                    }
                }
                default -> { // SKIP
                    int n = (int) Math.min(end - i, d.msgLen - d.msgPos);
                    d.msgPos += n;
                    i += n;
                    if (d.msgPos == d.msgLen) {
                        d.state = NBSS;
                    }
                }
            }
        }
    }

    /** A NetBIOS header is in: a session message (type 0) is parsed, any other type skipped (as Zeek does). */
    private void startMessage(Direction d) {
        int type = d.nbss[0] & 0xFF;
        d.msgLen = (d.nbss[1] & 0xFF) << 16 | (d.nbss[2] & 0xFF) << 8 | (d.nbss[3] & 0xFF);
        d.msgPos = 0;
        if (type != 0) {
            d.state = d.msgLen == 0 ? NBSS : SKIP;
            return;
        }
        if (d.msgLen < 4) {
            // Zeek's parse of the protocol id runs past the message.
            violation = "out_of_bound: SMB_Protocol_Identifier:protocol: 4 > " + d.msgLen;
            return;
        }
        d.need = Math.min(d.msgLen, PREFIX);
        d.state = BODY;
    }

    /** {@code d.need} bytes of the message are buffered: decide to stream, buffer the rest, or parse it. */
    private void bodyReady(Direction d) {
        if (d.need == d.msgLen) {
            d.state = NBSS;
            parseMessage(d, d.msgLen);
            return;
        }
        if (d.msgLen <= MAX_MESSAGE) {
            if (d.buf.length < d.msgLen) {
                d.buf = java.util.Arrays.copyOf(d.buf, Math.max(d.msgLen, Math.min(MAX_MESSAGE, d.buf.length * 2)));
                d.bufSeg = MemorySegment.ofArray(d.buf);
            }
            d.need = d.msgLen;
            return;
        }
        if (Be.i32(d.buf, 0) == SMB2_ID && streamable(d)) {
            return;
        }
        d.state = SKIP;
    }

    /**
     * A READ response or WRITE request alone in its message: runs its events now and streams its data to the file
     * (state STREAM). False when the message is something else.
     */
    private boolean streamable(Direction d) {
        Smb2Header h = d.header;
        h.parse(d.buf, 0);
        if (h.nextCommand != 0) {
            return false;
        }
        boolean read = !d.isOrig && h.command == Smb2Header.READ && !h.isErrorResponse(false);
        boolean write = d.isOrig && h.command == Smb2Header.WRITE;
        if (!read && !write) {
            return false;
        }
        int rec = Smb2Header.SIZE;
        boolean pipe = state.isPipe(h, d.isOrig);
        state.message(h, d.isOrig);
        long dataLen;
        int dataStart;
        long offset;
        if (read) {
            int dataOffset = Le.u8(d.buf, rec + 2);
            dataLen = Le.u32(d.buf, rec + 4);
            dataStart = padTo(h, rec, dataOffset, rec + 16);
        } else {
            int dataOffset = Le.u16(d.buf, rec + 2);
            dataLen = Le.u32(d.buf, rec + 4);
            dataStart = padTo(h, rec, dataOffset, rec + 48);
        }
        if (dataStart + dataLen > d.msgLen) {
            violation = "out_of_bound: " + (read ? "SMB2_read_response" : "SMB2_write_request") + ":data: "
                    + (dataStart + dataLen) + " > " + d.msgLen;
            return true;
        }
        FileHandle target = null;
        if (read) {
            offset = state.readResponseOffset(h);
            if (!pipe && dataLen > 0) {
                target = state.dataIn(false);
            }
        } else {
            long fid = Le.u64(d.buf, rec + 16) + Le.u64(d.buf, rec + 24);
            offset = Le.u64(d.buf, rec + 8);
            state.writeRequest(fid);
            if (!pipe && dataLen > 0) {
                target = state.dataIn(true);
            }
        }
        d.target = target;
        d.fileOffset = offset;
        d.dataStart = dataStart;
        d.dataEnd = (int) (dataStart + dataLen);
        d.state = STREAM;
        // Data already in the prefix buffer.
        int from = Math.max(dataStart, 0);
        int to = Math.min(d.msgPos, d.dataEnd);
        if (from < to && target != null) {
            target.deliverAt(offset + (from - dataStart), d.bufSeg, from, to - from);
        }
        return true;
    }

    /**
     * Zeek's {@code padding to X - header.head_length} inside a message record starting at {@code rec}: the position
     * {@code rec + X - head_length}, never before {@code min} (the end of the fields already read).
     */
    private static int padTo(Smb2Header h, int rec, long x, int min) {
        long p = rec + x - h.headLength;
        return (int) Math.max(min, Math.min(p, Integer.MAX_VALUE / 2));
    }

    // ------------------------------------------------------------------------------------------ messages

    /** Parses a whole buffered session message: its chain of PDUs. */
    private void parseMessage(Direction d, int len) {
        byte[] b = d.buf;
        int p = 0;
        while (violation == null) {
            if (p + 4 > len) {
                violation = "out_of_bound: SMB_Protocol_Identifier:protocol: " + (p + 4) + " > " + len;
                return;
            }
            int protocol = Be.i32(b, p);
            if (protocol == SMB3_ID) {
                // Transform header: the rest is encrypted; Zeek reads the header and nothing else.
                if (p + 52 > len) {
                    violation = "out_of_bound: SMB2_transform_header: " + (p + 52) + " > " + len;
                }
                return;
            }
            if (protocol == SMB1_ID) {
                smb1.parse(b, p, len, d.isOrig);
                return; // an SMB1 PDU ends the chain
            }
            if (protocol != SMB2_ID) {
                return; // unknown: the end of the chain
            }
            if (p + Smb2Header.SIZE > len) {
                violation = "out_of_bound: SMB2_Header: " + (p + Smb2Header.SIZE) + " > " + len;
                return;
            }
            Smb2Header h = d.header;
            h.parse(b, p);
            boolean pipe = state.isPipe(h, d.isOrig);
            state.message(h, d.isOrig);
            int end = pdu(d, h, pipe, b, p, len);
            if (end < 0 || h.nextCommand == 0) {
                return;
            }
            long next = p + Smb2Header.SIZE - h.headLength + h.nextCommand;
            if (next < end || next > len) {
                violation = "out_of_bound: SMB2_PDU:chain_pad: " + next + " > " + len;
                return;
            }
            p = (int) next;
        }
    }

    /** One PDU's message body at {@code p + 64}: parses it and runs its events; returns where it ended, or -1. */
    private int pdu(Direction d, Smb2Header h, boolean pipe, byte[] b, int p, int len) {
        int rec = p + Smb2Header.SIZE;
        if (h.isErrorResponse(d.isOrig)) {
            if (!need(rec + 8, len, "SMB2_error_response")) {
                return -1;
            }
            long count = Le.u32(b, rec + 4);
            return need(rec + 8 + count, len, "SMB2_error_response:stuff") ? (int) (rec + 8 + count) : -1;
        }
        return d.isOrig ? request(h, pipe, b, rec, len) : response(h, pipe, b, rec, len);
    }

    private boolean need(long end, int len, String what) {
        if (end > len) {
            violation = "out_of_bound: " + what + ": " + end + " > " + len;
            return false;
        }
        return true;
    }

    private int request(Smb2Header h, boolean pipe, byte[] b, int rec, int len) {
        switch (h.command) {
            case Smb2Header.TREE_CONNECT -> {
                if (!need(rec + 8, len, "SMB2_tree_connect_request")) {
                    return -1;
                }
                int at = padTo(h, rec, Le.u16(b, rec + 4), rec + 8);
                int plen = Le.u16(b, rec + 6);
                if (!need((long) at + plen, len, "SMB2_tree_connect_request:path")) {
                    return -1;
                }
                state.treeConnectRequest(string(b, at, plen));
                return at + plen;
            }
            case Smb2Header.TREE_DISCONNECT -> {
                if (!need(rec + 4, len, "SMB2_tree_disconnect_request")) {
                    return -1;
                }
                state.treeDisconnectRequest(h);
                return rec + 4;
            }
            case Smb2Header.CREATE -> {
                if (!need(rec + 56, len, "SMB2_create_request")) {
                    return -1;
                }
                long createOptions = Le.u32(b, rec + 40);
                int at = padTo(h, rec, Le.u16(b, rec + 44), rec + 56);
                int nlen = Le.u16(b, rec + 46);
                long ctxOffset = Le.u32(b, rec + 48);
                long ctxLen = Le.u32(b, rec + 52);
                if (!need((long) at + nlen, len, "SMB2_create_request:filename")) {
                    return -1;
                }
                int ctxAt = ctxOffset == 0 ? at + nlen : padTo(h, rec, ctxOffset, at + nlen);
                if (!need(ctxAt + ctxLen, len, "SMB2_create_request:contexts")) {
                    return -1;
                }
                state.createRequest(h, pipe, string(b, at, nlen), createOptions);
                return (int) (ctxAt + ctxLen);
            }
            case Smb2Header.CLOSE -> {
                if (!need(rec + 24, len, "SMB2_close_request")) {
                    return -1;
                }
                state.closeRequest(true, Le.u64(b, rec + 8) + Le.u64(b, rec + 16), false);
                return rec + 24;
            }
            case Smb2Header.READ -> {
                if (!need(rec + 48, len, "SMB2_read_request")) {
                    return -1;
                }
                long offset = Le.u64(b, rec + 8);
                long fid = Le.u64(b, rec + 16) + Le.u64(b, rec + 24);
                int at = padTo(h, rec, Le.u16(b, rec + 44), rec + 48);
                int clen = Le.u16(b, rec + 46);
                if (!need((long) at + clen, len, "SMB2_read_request:buffer")) {
                    return -1;
                }
                state.readRequest(h, fid, offset);
                return at + clen;
            }
            case Smb2Header.WRITE -> {
                if (!need(rec + 48, len, "SMB2_write_request")) {
                    return -1;
                }
                long dataLen = Le.u32(b, rec + 4);
                long offset = Le.u64(b, rec + 8);
                long fid = Le.u64(b, rec + 16) + Le.u64(b, rec + 24);
                int at = padTo(h, rec, Le.u16(b, rec + 2), rec + 48);
                if (!need(at + dataLen, len, "SMB2_write_request:data")) {
                    return -1;
                }
                state.writeRequest(fid);
                if (!pipe && dataLen > 0) {
                    deliver(true, offset, at, (int) dataLen);
                } else if (pipe) {
                    dceRpc(b, at, (int) dataLen);
                }
                return (int) (at + dataLen);
            }
            case Smb2Header.SET_INFO -> {
                return setInfo(h, b, rec, len);
            }
            case Smb2Header.SESSION_SETUP -> {
                if (!need(rec + 24, len, "SMB2_session_setup_request")) {
                    return -1;
                }
                int at = padTo(h, rec, Le.u16(b, rec + 12), rec + 24);
                int slen = Le.u16(b, rec + 14);
                if (!need((long) at + slen, len, "SMB2_session_setup_request:security_blob")) {
                    return -1;
                }
                auth.forward(b, at, slen, true);
                return at + slen;
            }
            default -> {
                return rec; // not parsed: its size is unknown, so any chain offset past its header is accepted
            }
        }
    }

    /** SET_INFO request ([MS-SMB2] 2.2.39) with the file information classes Zeek's scripts log ([MS-FSCC] 2.4). */
    private int setInfo(Smb2Header h, byte[] b, int rec, int len) {
        if (!need(rec + 32, len, "SMB2_set_info_request")) {
            return -1;
        }
        int infoClass = Le.u8(b, rec + 2);
        int level = Le.u8(b, rec + 3);
        long fid = Le.u64(b, rec + 16) + Le.u64(b, rec + 24);
        int at = padTo(h, rec, Le.u16(b, rec + 8), rec + 32);
        if (infoClass != 1) {
            return at;
        }
        switch (level) {
            case 0x04 -> { // FileBasicInformation
                if (!need(at + 36, len, "SMB2_file_basic_info")) {
                    return -1;
                }
                state.fileSetAttributes(fid);
                return at + 36;
            }
            case 0x0a -> { // FileRenameInformation
                if (!need(at + 20, len, "SMB2_file_rename_info")) {
                    return -1;
                }
                long nlen = Le.u32(b, at + 16);
                if (!need(at + 20 + nlen, len, "SMB2_file_rename_info:filename")) {
                    return -1;
                }
                state.fileRename(fid, string(b, at + 20, (int) nlen));
                return (int) (at + 20 + nlen);
            }
            case 0x0d -> { // FileDispositionInformation
                if (!need(at + 1, len, "SMB2_file_disposition_info")) {
                    return -1;
                }
                state.fileDelete(fid, Le.u8(b, at) > 0);
                return at + 1;
            }
            default -> {
                return at;
            }
        }
    }

    private int response(Smb2Header h, boolean pipe, byte[] b, int rec, int len) {
        switch (h.command) {
            case Smb2Header.TREE_CONNECT -> {
                if (!need(rec + 16, len, "SMB2_tree_connect_response")) {
                    return -1;
                }
                state.treeConnectResponse(h, Le.u8(b, rec + 2));
                return rec + 16;
            }
            case Smb2Header.CREATE -> {
                if (!need(rec + 88, len, "SMB2_create_response")) {
                    return -1;
                }
                long[] times = {Le.u64(b, rec + 24), Le.u64(b, rec + 16), Le.u64(b, rec + 8), Le.u64(b, rec + 32)};
                long eof = Le.u64(b, rec + 48);
                long fid = Le.u64(b, rec + 64) + Le.u64(b, rec + 72);
                long ctxOffset = Le.u32(b, rec + 80);
                long ctxLen = Le.u32(b, rec + 84);
                int ctxAt = ctxOffset == 0 ? rec + 88 : padTo(h, rec, ctxOffset, rec + 88);
                if (!need(ctxAt + ctxLen, len, "SMB2_create_response:contexts")) {
                    return -1;
                }
                state.createResponse(h, fid, eof, times);
                return (int) (ctxAt + ctxLen);
            }
            case Smb2Header.NEGOTIATE -> {
                if (!need(rec + 64, len, "SMB2_negotiate_response")) {
                    return -1;
                }
                // Zeek reads the blob right after the fixed part, ignoring its offset (normally the same place).
                int slen = Le.u16(b, rec + 58);
                if (!need(rec + 64 + slen, len, "SMB2_negotiate_response:security_blob")) {
                    return -1;
                }
                auth.forward(b, rec + 64, slen, false);
                return rec + 64 + slen;
            }
            case Smb2Header.SESSION_SETUP -> {
                if (!need(rec + 8, len, "SMB2_session_setup_response")) {
                    return -1;
                }
                int at = padTo(h, rec, Le.u16(b, rec + 4), rec + 8);
                int slen = Le.u16(b, rec + 6);
                if (!need((long) at + slen, len, "SMB2_session_setup_response:security_blob")) {
                    return -1;
                }
                auth.forward(b, at, slen, false);
                return at + slen;
            }
            case Smb2Header.READ -> {
                if (!need(rec + 16, len, "SMB2_read_response")) {
                    return -1;
                }
                long dataLen = Le.u32(b, rec + 4);
                int at = padTo(h, rec, Le.u8(b, rec + 2), rec + 16);
                if (!need(at + dataLen, len, "SMB2_read_response:data")) {
                    return -1;
                }
                long offset = state.readResponseOffset(h);
                if (!pipe && dataLen > 0) {
                    deliver(false, offset, at, (int) dataLen);
                } else if (pipe) {
                    dceRpc(b, at, (int) dataLen);
                }
                return (int) (at + dataLen);
            }
            default -> {
                return rec;
            }
        }
    }

    /**
     * Data of a named pipe: Zeek runs a DCE_RPC analyzer per pipe, which confirms ("dce_rpc" in conn.log's service)
     * once a whole PDU parsed. Checked here on a PDU that starts and ends in one READ or WRITE: version 5.0 or 5.1,
     * a known packet type, a fragment length within the data (DCE 1.1 RPC §12.6.3); the PDU bodies are not parsed.
     */
    private void dceRpc(byte[] b, int at, int len) {
        if (dceRpcConfirmed || len < 16) {
            return;
        }
        boolean le = (b[at + 4] & 0x10) != 0;
        int fragLen = le ? Le.u16(b, at + 8) : (b[at + 8] & 0xFF) << 8 | (b[at + 9] & 0xFF);
        if (b[at] == 5 && (b[at + 1] == 0 || b[at + 1] == 1) && (b[at + 2] & 0xFF) <= 20 && fragLen >= 16
                && fragLen <= len) {
            dceRpcConfirmed = true;
            ctx.confirmService("dce_rpc");
        }
    }

    /** READ or WRITE data in the buffered message {@code buf[at, at+len)} for the current file. */
    private void deliver(boolean isOrig, long fileOffset, int at, int len) {
        Direction d = isOrig ? orig : resp;
        FileHandle target = state.dataIn(isOrig);
        if (target != null) {
            target.deliverAt(fileOffset, d.bufSeg, at, len);
            state.dataDone(target);
        }
    }

    // ---- hooks for Smb1Parser

    /** A parse error in the current delivery (a violation once the delivery is done). */
    void fail(String what) {
        if (violation == null) {
            violation = what;
        }
    }

    /** An AndX limit weird; Zeek also marks the connection's history with 'X'. */
    void weirdLimit(String name) {
        ctx.weird(name, null);
        ctx.limitReached();
    }

    /** A UTF-16 string converted as Zeek does (weird on failure). */
    byte[] utf16(byte[] b, int at, int len) {
        return string(b, at, len);
    }

    /** Named-pipe data of the message being parsed. */
    void pipeData(byte[] b, int at, int len) {
        dceRpc(b, at, len);
    }

    /** File data of the message being parsed, for the current file. */
    void fileData(boolean isOrig, long fileOffset, int at, int len) {
        deliver(isOrig, fileOffset, at, len);
    }

    /** A UTF-16 string of the message as Zeek converts it (a failed conversion is a weird, the raw bytes kept). */
    private byte[] string(byte[] b, int at, int len) {
        byte[] s = SmbStrings.utf16ToUtf8(b, at, len);
        if (s == null) {
            ctx.weird("utf16_conversion_failed", "utf16 conversion failed in utf16_to_utf8_val");
            return SmbStrings.raw(b, at, len);
        }
        return s;
    }
}
