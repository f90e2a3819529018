package io.osprey.analyzer.smb;

import java.nio.charset.StandardCharsets;

/**
 * SMB1 messages ([MS-CIFS] 2.2.3, [MS-SMB] 2.2.4) as Zeek's smb1-*.pac parse them: the 32-byte header, then the
 * command's words and bytes, following AndX chains. Zeek raises a chained command's event before the event of the
 * command that chains it (its {@code &let} handlers run after the nested record is parsed); the handlers here run
 * in that order too. Commands parsed: NEGOTIATE and SESSION_SETUP_ANDX (security blobs, for the GSSAPI/NTLM/KRB
 * services), TREE_CONNECT_ANDX, NT_CREATE_ANDX, READ_ANDX, WRITE_ANDX, CLOSE, and TRANSACTION as far as its
 * named-pipe data (DCE-RPC, for the "dce_rpc" service); others end the message without events (Zeek parses some of
 * them without effect on these logs). Zeek's quirks are kept: 32-bit
 * offset halves combined as {@code high * 0x10000 + low}, data offsets taken relative to the command's word count,
 * Unicode strings aligned relative to it, AndX offsets used only to stop chains.
 */
final class Smb1Parser {
    /** Zeek's {@code SMB::max_andx_depth} (10): chained commands parsed at most. */
    static final int MAX_ANDX_DEPTH = 10;

    private final SmbAnalyzer owner;
    private final SmbState state;
    private final SmbAuth auth;

    // the current message's header
    private byte[] b;
    private int p;
    private int end;
    private boolean isOrig;
    private boolean unicode;
    private boolean isPipe;
    private int tid;
    private int mid;

    /** A parsed SMB string: its value (UTF-8) and where it ended. */
    private byte[] strValue;
    private int strEnd;

    Smb1Parser(SmbAnalyzer owner, SmbState state, SmbAuth auth) {
        this.owner = owner;
        this.state = state;
        this.auth = auth;
    }

    /** The SMB1 PDU at {@code b[p, len)} (its protocol id checked). */
    void parse(byte[] b, int p, int len, boolean isOrig) {
        if (p + 32 > len) {
            owner.fail("out_of_bound: SMB_Header: " + (p + 32) + " > " + len);
            return;
        }
        this.b = b;
        this.p = p;
        this.end = len;
        this.isOrig = isOrig;
        int flags2 = Le.u16(b, p + 10);
        unicode = (flags2 & 0x8000) != 0;
        tid = Le.u16(b, p + 24);
        mid = Le.u16(b, p + 30);
        isPipe = state.isPipeTree(tid);
        state.message1(tid, mid, isOrig);
        if (len - p == 35) {
            return; // SMB_No_Message: an empty response or an error
        }
        message(Le.u8(b, p + 4), p + 32, 0);
    }

    /** One command at {@code w} (its word count); returns false after a parse error. */
    private boolean message(int command, int w, int depth) {
        if (isOrig) {
            return switch (command) {
                case 0x2E -> readRequest(w, depth);
                case 0x2F -> writeRequest(w, depth);
                case 0x73 -> sessionSetupRequest(w, depth);
                case 0x75 -> treeConnectRequest(w, depth);
                case 0xA2 -> ntCreateRequest(w, depth);
                case 0x04 -> closeRequest(w);
                case 0x25 -> transactionRequest(w);
                default -> true;
            };
        }
        return switch (command) {
            case 0x2E -> readResponse(w, depth);
            case 0x2F -> andxOnly(w, depth, 15, "SMB1_write_andx_response");
            case 0x72 -> negotiateResponse(w);
            case 0x73 -> sessionSetupResponse(w, depth);
            case 0x75 -> treeConnectResponse(w, depth);
            case 0xA2 -> ntCreateResponse(w, depth);
            case 0x25 -> transactionResponse(w);
            default -> true;
        };
    }

    private boolean need(long upTo, String what) {
        if (upTo > end) {
            owner.fail("out_of_bound: " + what + ": " + upTo + " > " + end);
            return false;
        }
        return true;
    }

    /**
     * The AndX tail of a command whose fields end at {@code cur}: Zeek's extra bytes, the chained command (at most
     * {@link #MAX_ANDX_DEPTH} deep, only when its offset advances), then the weirds for the chain. Returns false after
     * a parse error.
     */
    private boolean andx(int w, int cur, int depth) {
        int command = Le.u8(b, w + 1);
        int andxOffset = Le.u16(b, w + 3);
        int offset = w - p;
        int rel = cur - p;
        if (andxOffset != 0 && andxOffset < rel + 2) {
            int extra = andxOffset - rel;
            if (extra < 0) {
                owner.fail("invalid length: extra_byte_parameters " + extra);
                return false;
            }
            if (!need(cur + extra, "extra_byte_parameters")) {
                return false;
            }
            cur += extra;
        }
        int next = depth > MAX_ANDX_DEPTH || andxOffset <= offset ? 0xFF : command;
        if (next != 0xFF && cur < end && !message(next, cur, depth + 1)) {
            return false;
        }
        if (next != 0xFF && cur >= end) {
            owner.fail("out_of_bound: SMB_andx_command: " + (cur + 1) + " > " + end);
            return false;
        }
        if (command != 0xFF && andxOffset <= offset) {
            owner.weirdLimit("smb_andx_offset_not_advancing");
        }
        if (command != 0xFF && depth >= MAX_ANDX_DEPTH) {
            owner.weirdLimit("smb_andx_depth_exceeded");
        }
        return true;
    }

    /** A command with fixed fields only before its AndX tail. */
    private boolean andxOnly(int w, int depth, int size, String what) {
        return need(w + size, what) && andx(w, w + size, depth);
    }

    /**
     * Zeek's SMB_string at {@code at}: Unicode (aligned to an even distance from {@code w}, up to an aligned NUL
     * pair) or ASCII (up to a NUL, which is dropped). Sets {@link #strValue} and {@link #strEnd}; false when it runs
     * past the message.
     */
    private boolean smbString(int w, int at, boolean uni, String what) {
        if (uni) {
            int s = at + ((at - w) & 1);
            for (int k = s + 1; k < end; k += 2) {
                if (b[k] == 0 && b[k - 1] == 0) {
                    strValue = owner.utf16(b, s, k + 1 - s);
                    strEnd = k + 1;
                    return true;
                }
            }
        } else {
            for (int k = at; k < end; k++) {
                if (b[k] == 0) {
                    strValue = java.util.Arrays.copyOfRange(b, at, k);
                    strEnd = k + 1;
                    return true;
                }
            }
        }
        owner.fail("out_of_bound: " + what);
        return false;
    }

    // ------------------------------------------------------------------------------------------ commands

    private boolean negotiateResponse(int w) {
        if (!need(w + 3, "SMB1_negotiate_response")) {
            return false;
        }
        int wc = Le.u8(b, w);
        if (wc == 0x11) {
            if (!need(w + 37, "SMB1_negotiate_ntlm_response")) {
                return false;
            }
            long caps = Le.u32(b, w + 20);
            int byteCount = Le.u16(b, w + 35);
            if ((caps & 0x80000000L) != 0) {
                int blobLen = byteCount - 16;
                if (blobLen < 0 || !need(w + 37 + 16 + (long) blobLen, "SMB1_negotiate_ntlm_response:blob")) {
                    if (blobLen < 0) {
                        owner.fail("invalid length: security_blob " + blobLen);
                    }
                    return false;
                }
                auth.forward(b, w + 53, blobLen, false);
            }
        }
        return true; // core and LAN Manager responses carry nothing used here
    }

    private boolean sessionSetupRequest(int w, int depth) {
        if (!need(w + 1, "SMB1_session_setup_andx_request")) {
            return false;
        }
        if (Le.u8(b, w) != 12) {
            return true; // LAN Manager or non-extended security: not followed
        }
        if (!need(w + 27, "SMB1_session_setup_andx_request_ntlm_extended_security")) {
            return false;
        }
        int blobLen = Le.u16(b, w + 15);
        int cur = w + 27 + blobLen;
        if (!need(cur, "security_blob") || !smbString(w, cur, unicode, "native_os")
                || !smbString(w, strEnd, unicode, "native_lanman")) {
            return false;
        }
        if (!andx(w, strEnd, depth)) {
            return false;
        }
        auth.forward(b, w + 27, blobLen, true);
        return true;
    }

    private boolean sessionSetupResponse(int w, int depth) {
        if (!need(w + 1, "SMB1_session_setup_andx_response")) {
            return false;
        }
        int wc = Le.u8(b, w);
        if (wc != 4) {
            return wc == 3 || need(w + 3, "SMB1_session_setup_andx_response:error");
        }
        if (!need(w + 11, "SMB1_session_setup_andx_response_ntlm")) {
            return false;
        }
        int blobLen = Le.u16(b, w + 7);
        int cur = w + 11 + blobLen;
        if (!need(cur, "security_blob") || !smbString(w, cur, unicode, "native_os")
                || !smbString(w, strEnd, unicode, "native_lanman")) {
            return false;
        }
        if (!andx(w, strEnd, depth)) {
            return false;
        }
        auth.forward(b, w + 11, blobLen, false);
        return true;
    }

    private boolean treeConnectRequest(int w, int depth) {
        if (!need(w + 11, "SMB1_tree_connect_andx_request")) {
            return false;
        }
        int pwLen = Le.u16(b, w + 7);
        if (!need(w + 11 + (long) pwLen, "password") || !smbString(w, w + 11 + pwLen, unicode, "path")) {
            return false;
        }
        byte[] path = strValue;
        if (!smbString(w, strEnd, false, "service")) {
            return false;
        }
        byte[] service = strValue;
        if (!andx(w, strEnd, depth)) {
            return false;
        }
        state.treeConnectAndxRequest(path, new String(service, StandardCharsets.ISO_8859_1));
        return true;
    }

    private boolean treeConnectResponse(int w, int depth) {
        if (!need(w + 5, "SMB1_tree_connect_andx_response")) {
            return false;
        }
        int wc = Le.u8(b, w);
        int cur = w + 5 + (wc < 3 ? 0 : 2 + (wc - 3) * 2);
        if (!need(cur + 2, "SMB1_tree_connect_andx_response:byte_count")) {
            return false;
        }
        int byteCount = Le.u16(b, cur);
        cur += 2;
        if (!smbString(w, cur, false, "service")) {
            return false;
        }
        byte[] service = strValue;
        byte[] nativeFs = null;
        if (byteCount > strEnd - cur) {
            if (!smbString(w, strEnd, unicode, "native_file_system")) {
                return false;
            }
            nativeFs = strValue;
        }
        if (!andx(w, strEnd, depth)) {
            return false;
        }
        state.treeConnectAndxResponse(tid, new String(service, StandardCharsets.ISO_8859_1), nativeFs);
        return true;
    }

    private boolean ntCreateRequest(int w, int depth) {
        if (!need(w + 51, "SMB1_nt_create_andx_request") || !smbString(w, w + 51, unicode, "filename")) {
            return false;
        }
        byte[] name = strValue;
        if (!andx(w, strEnd, depth)) {
            return false;
        }
        state.ntCreateAndxRequest(tid, isPipe, name);
        return true;
    }

    private boolean ntCreateResponse(int w, int depth) {
        if (!need(w + 71, "SMB1_nt_create_andx_response") || !andx(w, w + 71, depth)) {
            return false;
        }
        long[] times = {Le.u64(b, w + 28), Le.u64(b, w + 20), Le.u64(b, w + 12), Le.u64(b, w + 36)};
        state.ntCreateAndxResponse(Le.u16(b, w + 6), Le.u64(b, w + 56), times);
        return true;
    }

    private boolean readRequest(int w, int depth) {
        if (!need(w + 21, "SMB1_read_andx_request")) {
            return false;
        }
        int wc = Le.u8(b, w);
        long offsetHigh = 0;
        int cur = w + 21;
        if (wc == 0x0C) {
            if (!need(w + 25, "SMB1_read_andx_request:offset_high")) {
                return false;
            }
            long h = Le.u32(b, w + 21);
            offsetHigh = h == 0xFFFFFFFFL ? 0 : h;
            cur += 4;
        }
        if (!need(cur + 2, "SMB1_read_andx_request:byte_count") || !andx(w, cur + 2, depth)) {
            return false;
        }
        // Zeek combines the halves as high * 0x10000 + low.
        state.readAndxRequest(mid, Le.u16(b, w + 5), offsetHigh * 0x10000L + Le.u32(b, w + 7));
        return true;
    }

    private boolean readResponse(int w, int depth) {
        if (!need(w + 27, "SMB1_read_andx_response")) {
            return false;
        }
        long dataLen = (long) Le.u16(b, w + 15) << 16 | Le.u16(b, w + 11);
        int at = Math.max(w + 27, w + Le.u16(b, w + 13) - 32);
        if (!need(at + dataLen, "SMB1_read_andx_response:data") || !andx(w, (int) (at + dataLen), depth)) {
            return false;
        }
        if (isPipe) {
            owner.pipeData(b, at, (int) dataLen);
        } else if (dataLen > 0) {
            long offset = state.readAndxResponseOffset(mid);
            owner.fileData(false, offset, at, (int) dataLen);
        }
        return true;
    }

    private boolean writeRequest(int w, int depth) {
        if (!need(w + 25, "SMB1_write_andx_request")) {
            return false;
        }
        int wc = Le.u8(b, w);
        long dataLen = (long) Le.u16(b, w + 19) << 16 | Le.u16(b, w + 21);
        int cur = w + 25;
        long offsetHigh = 0;
        if (wc == 0x0E) {
            if (!need(w + 29, "SMB1_write_andx_request:offset_high")) {
                return false;
            }
            offsetHigh = Le.u32(b, w + 25);
            cur += 4;
        }
        cur += 2; // byte_count
        int at = Math.max(cur, w + Le.u16(b, w + 23) - 32);
        if (!need(at + dataLen, "SMB1_write_andx_request:data") || !andx(w, (int) (at + dataLen), depth)) {
            return false;
        }
        long offset = offsetHigh * 0x10000L + Le.u32(b, w + 7);
        state.writeAndxRequest(Le.u16(b, w + 5));
        if (isPipe) {
            owner.pipeData(b, at, (int) dataLen);
        } else if (dataLen > 0) {
            owner.fileData(true, offset, at, (int) dataLen);
        }
        return true;
    }

    /**
     * TRANSACTION request ([MS-CIFS] 2.2.4.33.1): a transaction on a {@code \PIPE\} name (or an unnamed one on a
     * pipe tree) carries DCE-RPC in its data, which runs to the end of the message as Zeek reads it.
     */
    private boolean transactionRequest(int w) {
        if (!need(w + 29, "SMB1_transaction_request")) {
            return false;
        }
        int dataOffset = Le.u16(b, w + 25);
        int dataCount = Le.u16(b, w + 23);
        int setupCount = Le.u8(b, w + 27);
        int cur = w + 29 + 2 * setupCount;
        if (!need(cur + 2, "SMB1_transaction_request:byte_count") || !smbString(w, cur + 2, unicode, "name")) {
            return false;
        }
        int nameStart = cur + 2 + (unicode ? ((cur + 2 - w) & 1) : 0);
        int type = transactionType(nameStart, strEnd);
        boolean pipe = type == PIPE || type == UNKNOWN && isPipe;
        int paramOffset = Le.u16(b, w + 21);
        int paramCount = Le.u16(b, w + 19);
        int at = Math.max(strEnd, w + paramOffset - 32);
        if (!need((long) at + paramCount, "SMB1_transaction_request:parameters")) {
            return false;
        }
        int data = Math.max(at + paramCount, w + dataOffset - 32);
        if (!need(data, "SMB1_transaction_request:data")) {
            return false;
        }
        state.transactionPipe(mid, pipe);
        if (pipe && dataCount >= 0) {
            owner.pipeData(b, data, end - data);
        }
        return true;
    }

    private boolean transactionResponse(int w) {
        if (!need(w + 21, "SMB1_transaction_response")) {
            return false;
        }
        int paramCount = Le.u16(b, w + 7);
        int paramOffset = Le.u16(b, w + 9);
        int dataCount = Le.u16(b, w + 13);
        int dataOffset = Le.u16(b, w + 15);
        int setupCount = Le.u8(b, w + 19);
        int cur = w + 21 + 2 * setupCount;
        if (!need(cur + 2, "SMB1_transaction_response:byte_count")) {
            return false;
        }
        int at = Math.max(cur + 2, w + paramOffset - 32);
        if (!need((long) at + paramCount, "SMB1_transaction_response:parameters")) {
            return false;
        }
        int data = Math.max(at + paramCount, w + dataOffset - 32);
        if (dataCount > 0 && !need(data, "SMB1_transaction_response:data")) {
            return false;
        }
        boolean pipe = state.transactionWasPipe(mid);
        if (dataCount > 0 && pipe) {
            owner.pipeData(b, data, end - data);
        }
        return true;
    }

    private static final int PIPE = 1;
    private static final int UNKNOWN = 2;
    private static final int OTHER = 3;

    /** Zeek's {@code determine_transaction_type}: {@code \PIPE\} names (LANMAN apart), unknown otherwise. */
    private int transactionType(int s, int e) {
        int n = e - s;
        boolean pipe;
        boolean lanman;
        if (unicode) {
            pipe = n > 10 && b[s] == '\\' && b[s + 2] == 'P' && b[s + 4] == 'I' && b[s + 6] == 'P' && b[s + 8] == 'E'
                    && b[s + 10] == '\\';
            lanman = pipe && n > 22 && b[s + 12] == 'L' && b[s + 14] == 'A' && b[s + 16] == 'N' && b[s + 18] == 'M'
                    && b[s + 20] == 'A' && b[s + 22] == 'N';
        } else {
            pipe = n > 5 && b[s] == '\\' && b[s + 1] == 'P' && b[s + 2] == 'I' && b[s + 3] == 'P' && b[s + 4] == 'E'
                    && b[s + 5] == '\\';
            lanman = pipe && n > 11 && b[s + 6] == 'L' && b[s + 7] == 'A' && b[s + 8] == 'N' && b[s + 9] == 'M'
                    && b[s + 10] == 'A' && b[s + 11] == 'N';
        }
        return lanman ? OTHER : pipe ? PIPE : UNKNOWN;
    }

    private boolean closeRequest(int w) {
        if (!need(w + 9, "SMB1_close_request")) {
            return false;
        }
        state.closeRequest(true, Le.u16(b, w + 1), true);
        return true;
    }
}
