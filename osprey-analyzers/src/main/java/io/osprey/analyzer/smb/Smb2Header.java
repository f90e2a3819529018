package io.osprey.analyzer.smb;

/**
 * The fixed 64-byte SMB2 packet header ([MS-SMB2] 2.2.1; Zeek's {@code SMB2_Header}), parsed into a reusable
 * holder (one per direction, overwritten by each PDU).
 */
final class Smb2Header {
    /** Size of the header including the 4-byte protocol id. */
    static final int SIZE = 64;

    static final int NEGOTIATE = 0;
    static final int SESSION_SETUP = 1;
    static final int TREE_CONNECT = 3;
    static final int TREE_DISCONNECT = 4;
    static final int CREATE = 5;
    static final int CLOSE = 6;
    static final int READ = 8;
    static final int WRITE = 9;
    static final int IOCTL = 11;
    static final int CHANGE_NOTIFY = 15;
    static final int QUERY_INFO = 16;
    static final int SET_INFO = 17;

    static final long STATUS_PENDING = 0x00000103L;
    static final long STATUS_NOTIFY_ENUM_DIR = 0x0000010CL;
    static final long STATUS_BUFFER_OVERFLOW = 0x80000005L;
    static final long STATUS_INVALID_PARAMETER = 0xC000000DL;
    static final long STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016L;

    /** StructureSize (64); Zeek computes message paddings relative to it. */
    int headLength;
    /** NT status (responses); unsigned 32 bits. */
    long status;
    int command;
    long flags;
    /** Offset of the next compounded PDU from this one's start, 0 for the last. */
    long nextCommand;
    long messageId;
    /** TreeId (sync header); unsigned 32 bits. */
    long treeId;
    long sessionId;

    /** Reads the header at {@code b[p, p+64)} (the caller checked the length and the protocol id). */
    void parse(byte[] b, int p) {
        headLength = Le.u16(b, p + 4);
        status = Le.u32(b, p + 8);
        command = Le.u16(b, p + 12);
        flags = Le.u32(b, p + 16);
        nextCommand = Le.u32(b, p + 20);
        messageId = Le.u64(b, p + 24);
        treeId = Le.u32(b, p + 36);
        sessionId = Le.u64(b, p + 40);
    }

    /**
     * Zeek's {@code is_error_response}: a response whose status makes its body the generic error response
     * ([MS-SMB2] 3.3.4.4 lists the statuses that still carry the command's own response).
     */
    boolean isErrorResponse(boolean isOrig) {
        if (isOrig || status == 0) {
            return false;
        }
        if (status == STATUS_BUFFER_OVERFLOW) {
            return command != IOCTL && command != QUERY_INFO && command != READ;
        }
        if (status == STATUS_INVALID_PARAMETER) {
            return command != IOCTL;
        }
        if (status == STATUS_MORE_PROCESSING_REQUIRED) {
            return command != SESSION_SETUP;
        }
        if (status == STATUS_NOTIFY_ENUM_DIR) {
            return command != CHANGE_NOTIFY;
        }
        return true;
    }
}
