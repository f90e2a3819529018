package io.osprey.analyzer.smb;

/**
 * Zeek's {@code SMB::Action} (base/protocols/smb/main.zeek): what an smb_files.log row records. The names are the
 * enum's identifiers as Zeek logs them, with the module prefix ({@code SMB::FILE_OPEN}).
 */
public enum SmbAction {
    FILE_READ, FILE_WRITE, FILE_OPEN, FILE_CLOSE, FILE_DELETE, FILE_RENAME, FILE_SET_ATTRIBUTE,
    PIPE_READ, PIPE_WRITE, PIPE_OPEN, PIPE_CLOSE,
    PRINT_READ, PRINT_WRITE, PRINT_OPEN, PRINT_CLOSE;

    /** The value as Zeek's logs print it ("SMB::FILE_OPEN"). */
    public String zeekName() {
        return "SMB::" + name();
    }

    /**
     * The action on a tree of share type {@code shareType} (smb2-main.zeek's switch on
     * {@code current_tree$share_type}): PIPE and PRINT trees have their own actions, every other type the FILE one.
     */
    static SmbAction of(String shareType, SmbAction file, SmbAction pipe, SmbAction print) {
        if ("PIPE".equals(shareType)) {
            return pipe != null ? pipe : file;
        }
        if ("PRINT".equals(shareType)) {
            return print != null ? print : file;
        }
        return file;
    }
}
