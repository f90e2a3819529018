package io.osprey.analyzer.smb;

import java.util.EnumSet;
import java.util.Set;

/** Settings of the SMB analyzer and its logs, with Zeek's defaults. Read when a connection's analyzer is created. */
public final class SmbOptions {
    /**
     * Zeek's {@code SMB::logged_file_actions}: the actions smb_files.log records (default FILE_OPEN, FILE_RENAME,
     * FILE_DELETE, PRINT_OPEN, PRINT_CLOSE).
     */
    public Set<SmbAction> loggedFileActions = EnumSet.of(SmbAction.FILE_OPEN, SmbAction.FILE_RENAME,
            SmbAction.FILE_DELETE, SmbAction.PRINT_OPEN, SmbAction.PRINT_CLOSE);
    /**
     * Zeek's {@code SMB::max_pending_messages} (1000): requests awaiting their response, and READs awaiting their
     * data, kept per connection; when a new one would exceed it the tables are cleared
     * ({@code SMB_discarded_messages_state} weird). 0 = no limit, as in Zeek; Osprey then still bounds the tables
     * at {@link SmbState#HARD_CAP}.
     */
    public int maxPendingMessages = 1000;
    /** Zeek's {@code SMB::enable_clear_script_state} (T): the discard also clears the file and command tables. */
    public boolean enableClearScriptState = true;
}
