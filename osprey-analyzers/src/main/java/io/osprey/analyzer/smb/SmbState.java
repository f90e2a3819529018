package io.osprey.analyzer.smb;

import io.osprey.common.net.Addr;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.files.FileHandle;
import io.osprey.files.Files;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One connection's SMB state: what Zeek keeps in its binpac connection ({@code smb2_request_tree_id},
 * {@code tree_is_pipe_map}, {@code smb2_read_offsets}) and what its scripts keep in {@code c$smb_state}
 * (base/protocols/smb/main.zeek and smb2-main.zeek: pending commands by message id, files by file id, trees by tree
 * id, the current command/file/tree, recently logged files). The analyzer calls one method per Zeek event, in the
 * order Zeek raises them; each method runs that event's script handlers (all priorities). Owned by one
 * {@link SmbAnalyzer}, used on its worker thread.
 *
 * <p><b>Files.</b> Zeek names an SMB file by {@code SMB::get_file_handle}: the hosts, the tree path, the file name
 * and its last-modified time, taken from the current file when data arrives ({@code file_mgr->DataIn} with the
 * offset of the READ or WRITE). The same name on another connection between the same hosts is the same file (SMB3
 * multichannel). CLOSE ends the file of that name.
 *
 * <p><b>Bounds.</b> The tables Zeek bounds by {@code SMB::max_pending_messages} are bounded the same way
 * ({@link SmbOptions#maxPendingMessages}); the others, which Zeek leaves unbounded, are cleared when they reach
 * {@link #HARD_CAP} entries (tree ids, pipe trees, recently logged files, open file handles).
 */
final class SmbState {
    /** Entries kept at most in each table Zeek does not bound itself (and in all when max_pending_messages=0). */
    static final int HARD_CAP = 10_000;
    /** Zeek's {@code recent_files &read_expire=3min}. */
    static final long RECENT_EXPIRE_NANOS = 180_000_000_000L;
    /** File handles kept open per connection (cheap to reopen: files are found again by name). */
    static final int MAX_HANDLES = 64;

    /** Zeek's {@code SMB::pipe_filenames} (consts.zeek): names that make a tree a pipe tree when created. */
    static final Set<String> PIPE_FILENAMES = Set.of("spoolss", "winreg", "samr", "srvsvc", "netdfs", "lsarpc",
            "wkssvc", "MsFteWds");

    /** Zeek's {@code SMB::FileInfo} (script record: shared by reference between the tables). */
    static final class FileInfo {
        final long ts;
        String fuid;
        SmbAction action;
        byte[] path;
        byte[] name;
        long size;
        byte[] prevName;
        /** Raw FILETIMEs: modified, accessed, created, changed; null when unset. */
        long[] times;

        FileInfo(long ts) {
            this.ts = ts;
        }
    }

    /** Zeek's {@code SMB::TreeInfo}. */
    static final class TreeInfo {
        final long ts;
        byte[] path;
        /** SMB1's service type ("A:", "IPC", ...); unset for SMB2. */
        String service;
        /** SMB1's native file system; unset when not given. */
        byte[] nativeFs;
        String shareType = "DISK";

        TreeInfo(long ts) {
            this.ts = ts;
        }
    }

    /** Zeek's {@code SMB::CmdInfo}, the parts the logs depend on. */
    static final class Cmd {
        FileInfo file;
        TreeInfo tree;
        boolean pending;
        long createOptions;
    }

    private final AnalyzerContext ctx;
    private final Files files;
    private final SmbOptions options;
    private final int maxPending;

    // ---- Zeek's binpac connection state
    private final Map<Long, Long> requestTreeIds = new HashMap<>();
    private final Map<Long, Boolean> pipeTrees = new HashMap<>();
    private final Map<Long, Long> readOffsets = new HashMap<>();
    private final Map<Long, Long> readFids = new HashMap<>();
    private final Map<Long, Long> readOffsets1 = new HashMap<>();
    private final Map<Long, Boolean> transactionPipes = new HashMap<>();

    // ---- Zeek's script state (c$smb_state)
    private final Map<Long, Cmd> pendingCmds = new HashMap<>();
    private final Map<Long, FileInfo> fidMap = new HashMap<>();
    private final Map<Long, TreeInfo> tidMap = new HashMap<>();
    private final LinkedHashMap<String, Long> recentFiles = new LinkedHashMap<>(16, 0.75f, true);
    Cmd currentCmd;
    FileInfo currentFile;
    TreeInfo currentTree;

    // ---- files framework
    private final Map<String, FileHandle> handles = new HashMap<>();
    /** Size to report for the file being fed once the current data is in (file_over_new_connection's total). */
    private long pendingTotal;

    SmbState(AnalyzerContext ctx, Files files, SmbOptions options) {
        this.ctx = ctx;
        this.files = files;
        this.options = options;
        this.maxPending = options.maxPendingMessages > 0 ? options.maxPendingMessages : HARD_CAP;
    }

    private long now() {
        return ctx.networkTime();
    }

    // ------------------------------------------------------------------------------------------ header

    /** Zeek's {@code get_tree_is_pipe(is_orig ? tree_id : request_tree_id)}, evaluated before the message. */
    boolean isPipe(Smb2Header h, boolean isOrig) {
        long tid = isOrig ? h.treeId : requestTreeIds.getOrDefault(h.messageId, 0L);
        return pipeTrees.getOrDefault(tid, false);
    }

    /** Zeek's {@code proc_smb2_message} and the {@code smb2_message} handlers (priorities 5 and -5). */
    void message(Smb2Header h, boolean isOrig) {
        if (isOrig) {
            if (requestTreeIds.size() >= maxPending) {
                discarded("tree");
                requestTreeIds.clear();
            }
            requestTreeIds.put(h.messageId, h.treeId);
        } else if (h.status != Smb2Header.STATUS_PENDING) {
            requestTreeIds.remove(h.messageId);
        }
        long mid = h.messageId;
        Cmd cmd = pendingCmds.get(mid);
        if (cmd == null) {
            if (pendingCmds.size() >= HARD_CAP) {
                pendingCmds.clear();
            }
            cmd = new Cmd();
            cmd.file = new FileInfo(now());
            pendingCmds.put(mid, cmd);
        }
        currentCmd = cmd;
        long tid = h.treeId;
        if (tid > 0) {
            if (cmd.tree != null) {
                putTree(tid, cmd.tree);
            } else if (!tidMap.containsKey(tid)) {
                putTree(tid, new TreeInfo(now()));
            }
            cmd.tree = tidMap.get(tid);
        } else {
            cmd.tree = new TreeInfo(now());
        }
        currentFile = cmd.file;
        currentTree = cmd.tree;
        if (!isOrig) {
            cmd.pending = h.status == Smb2Header.STATUS_PENDING;
            // priority -5: the command is answered unless the server said it is still pending
            if (!cmd.pending) {
                pendingCmds.remove(mid);
            }
        }
    }

    private void putTree(long tid, TreeInfo t) {
        if (tidMap.size() >= HARD_CAP && !tidMap.containsKey(tid)) {
            tidMap.clear();
        }
        tidMap.put(tid, t);
    }

    /** Zeek's {@code smb2_discarded_messages_state} handler: a weird, then the script tables are wiped. */
    private void discarded(String what) {
        ctx.weird("SMB_discarded_messages_state", "state=" + what + " fid_map=" + fidMap.size() + " tid_map="
                + tidMap.size() + " pending_cmds=" + pendingCmds.size() + " pipe_map=0");
        if (options.enableClearScriptState) {
            fidMap.clear();
            pendingCmds.clear();
        }
    }

    // ------------------------------------------------------------------------------------------ commands

    /** {@code smb2_tree_connect_request}: the path of the tree being mapped. */
    void treeConnectRequest(byte[] path) {
        if (currentTree != null) {
            currentTree.path = path;
        }
    }

    /** {@code proc_smb2_tree_connect_response} and its handlers: share type, then the smb_mapping.log row. */
    void treeConnectResponse(Smb2Header h, int shareType) {
        if (shareType == 2) {
            setPipe(h.treeId);
        }
        if (currentTree == null) {
            return;
        }
        currentTree.shareType = switch (shareType) {
            case 1 -> "DISK";
            case 2 -> "PIPE";
            case 3 -> "PRINT";
            default -> "unknown-" + shareType;
        };
        if (ctx.events().wants(SmbMappingRow.class)) {
            ctx.events().publish(new SmbMappingRow(currentTree.ts, ctx.conn(), currentTree.path, null, null,
                    currentTree.shareType));
        }
    }

    private void setPipe(long tid) {
        if (pipeTrees.size() >= HARD_CAP) {
            pipeTrees.clear();
        }
        pipeTrees.put(tid, true);
    }

    /** {@code smb2_tree_disconnect_request}: the tree is forgotten. */
    void treeDisconnectRequest(Smb2Header h) {
        if (tidMap.remove(h.treeId) != null) {
            currentTree = null;
            currentCmd.tree = null;
        }
    }

    /** {@code proc_smb2_create_request} (pipe-name heuristic) and the {@code smb2_create_request} handlers. */
    void createRequest(Smb2Header h, boolean isPipe, byte[] filename, long createOptions) {
        if (!isPipe && PIPE_FILENAMES.contains(new String(filename, StandardCharsets.UTF_8))) {
            setPipe(h.treeId);
            // smb_pipe_connect_heuristic
            if (currentTree != null) {
                currentTree.path = "<unknown>".getBytes(StandardCharsets.US_ASCII);
                currentTree.shareType = "PIPE";
            }
        }
        currentFile.name = filename.length == 0 ? "<share_root>".getBytes(StandardCharsets.US_ASCII) : filename;
        currentCmd.createOptions = createOptions;
        currentFile.action = SmbAction.of(shareType(), SmbAction.FILE_OPEN, SmbAction.PIPE_OPEN,
                SmbAction.PRINT_OPEN);
    }

    private String shareType() {
        return currentTree == null ? null : currentTree.shareType;
    }

    /** The {@code smb2_create_response} handlers (and {@code smb2_file_delete} for delete-on-close). */
    void createResponse(Smb2Header h, long fid, long eof, long[] times) {
        setCurrentFile(fid);
        FileInfo f = currentFile;
        f.size = eof;
        if (currentTree != null && currentTree.path != null) {
            f.path = currentTree.path;
        }
        // "I'm seeing negative data from IPC tree transfers": times only when the modification time is positive.
        if (SmbTime.zeekTime(times[0]) > 0.0) {
            f.times = times;
        }
        putFid(fid, f);
        currentFile = f;
        writeFileLog();
        if (h.status == 0 && (currentCmd.createOptions & 0x00001000L) != 0) {
            fileDelete(fid, true);
        }
    }

    /** {@code smb2_file_delete}: the file is deleted (when the delete bit is set). */
    void fileDelete(long fid, boolean deletePending) {
        setCurrentFile(fid);
        if (!deletePending) {
            return;
        }
        currentFile.action = SmbAction.FILE_DELETE;
        writeFileLog();
    }

    /** {@code smb2_file_rename}: the file gets a new name. */
    void fileRename(long fid, byte[] dstName) {
        setCurrentFile(fid);
        if (currentFile.name != null) {
            currentFile.prevName = currentFile.name;
        }
        currentFile.name = dstName;
        currentFile.action = SmbAction.FILE_RENAME;
        writeFileLog();
    }

    /** {@code smb2_file_sattr}: attributes or times set. */
    void fileSetAttributes(long fid) {
        setCurrentFile(fid);
        currentFile.action = SmbAction.FILE_SET_ATTRIBUTE;
        writeFileLog();
    }

    /** {@code proc_smb2_read_request} and the {@code smb2_read_request} handlers. */
    void readRequest(Smb2Header h, long fid, long offset) {
        setCurrentFile(fid);
        currentFile.action = SmbAction.of(shareType(), SmbAction.FILE_READ, SmbAction.PIPE_READ,
                SmbAction.PRINT_READ);
        writeFileLog();
        if (readOffsets.size() >= maxPending || readFids.size() >= maxPending) {
            discarded("read");
            readOffsets.clear();
            readFids.clear();
        }
        readOffsets.put(h.messageId, offset);
        readFids.put(h.messageId, fid);
    }

    /**
     * {@code proc_smb2_read_response}: the file offset of the READ answered (0 when its request was not seen), and
     * the file handle its data goes to (null: none, e.g. a pipe or no name known).
     */
    long readResponseOffset(Smb2Header h) {
        boolean keep = h.status == Smb2Header.STATUS_PENDING;
        Long off = keep ? readOffsets.get(h.messageId) : readOffsets.remove(h.messageId);
        if (!keep) {
            readFids.remove(h.messageId);
        }
        return off == null ? 0 : off;
    }

    /** {@code proc_smb2_write_request}'s handlers, before its data goes to the file. */
    void writeRequest(long fid) {
        setCurrentFile(fid);
        currentFile.action = SmbAction.of(shareType(), SmbAction.FILE_WRITE, SmbAction.PIPE_WRITE,
                SmbAction.PRINT_WRITE);
        writeFileLog();
    }

    /**
     * {@code proc_smb2_close_request} / {@code proc_smb1_close_request}: the handlers (SMB1's always say FILE_CLOSE),
     * then the end of the file of the current name.
     */
    void closeRequest(boolean isOrig, long fid, boolean smb1) {
        setCurrentFile(fid);
        currentFile.action = smb1 ? SmbAction.FILE_CLOSE : SmbAction.of(shareType(), SmbAction.FILE_CLOSE,
                SmbAction.PIPE_CLOSE, SmbAction.PRINT_CLOSE);
        FileInfo fl = fidMap.remove(fid);
        if (fl != null) {
            if (currentTree != null && currentTree.path != null) {
                fl.path = currentTree.path;
            }
            writeFileLog();
        }
        endOfFile(isOrig);
    }

    // ------------------------------------------------------------------------------------------ SMB1 (smb1-main.zeek)

    /** Zeek's {@code get_tree_is_pipe} for an SMB1 header's tree id. */
    boolean isPipeTree(long tid) {
        return pipeTrees.getOrDefault(tid, false);
    }

    /** The {@code smb1_message} handlers (priorities 5 and -5); unlike SMB2's they leave the current file alone. */
    void message1(long tid, long mid, boolean isOrig) {
        TreeInfo t = tidMap.get(tid);
        if (t == null) {
            t = new TreeInfo(now());
            putTree(tid, t);
        }
        currentTree = t;
        Cmd cmd = pendingCmds.get(mid);
        if (cmd == null) {
            if (pendingCmds.size() >= maxPending) {
                pendingCmds.clear();
            }
            cmd = new Cmd();
            cmd.file = new FileInfo(now());
            cmd.tree = currentTree;
            pendingCmds.put(mid, cmd);
        }
        currentCmd = cmd;
        if (!isOrig) {
            pendingCmds.remove(mid);
        }
    }

    /** {@code smb1_tree_connect_andx_request}: the tree being mapped, on the command. */
    void treeConnectAndxRequest(byte[] path, String service) {
        TreeInfo t = new TreeInfo(now());
        t.path = path;
        t.service = service;
        currentCmd.tree = t;
    }

    /** {@code proc_smb1_tree_connect_andx_response} and its handlers, then the smb_mapping.log row. */
    void treeConnectAndxResponse(long tid, String service, byte[] nativeFs) {
        if (service.startsWith("IPC")) {
            setPipe(tid);
        }
        TreeInfo t = currentCmd.tree;
        t.service = service;
        if (service.equals("IPC")) {
            t.shareType = "PIPE";
        }
        if (nativeFs != null && nativeFs.length > 0) {
            t.nativeFs = nativeFs;
        }
        currentTree = t;
        putTree(tid, t);
        if (ctx.events().wants(SmbMappingRow.class)) {
            ctx.events().publish(new SmbMappingRow(t.ts, ctx.conn(), t.path, t.service, t.nativeFs, t.shareType));
        }
    }

    /** {@code proc_smb1_nt_create_andx_request} (pipe-name heuristic) and its handler. */
    void ntCreateAndxRequest(long tid, boolean isPipe, byte[] name) {
        if (!isPipe && PIPE_FILENAMES.contains(new String(name, StandardCharsets.UTF_8))) {
            setPipe(tid);
            currentTree.path = "<unknown>".getBytes(StandardCharsets.US_ASCII);
            currentTree.shareType = "PIPE";
        }
        FileInfo f = new FileInfo(now());
        f.name = name;
        f.action = SmbAction.FILE_OPEN;
        currentCmd.file = f;
        currentFile = f;
    }

    /** {@code smb1_nt_create_andx_response}: the file by its id, an smb_files.log row. */
    void ntCreateAndxResponse(long fid, long eof, long[] times) {
        FileInfo f = currentCmd.file;
        f.action = SmbAction.FILE_OPEN;
        f.size = eof;
        if (SmbTime.zeekTime(times[0]) > 0.0) {
            f.times = times;
        }
        putFid(fid, f);
        currentFile = f;
        writeFileLog();
    }

    /** {@code proc_smb1_read_andx_request} (the offset by message id) and its handlers. */
    void readAndxRequest(long mid, long fid, long offset) {
        setCurrentFile(fid);
        currentFile.action = SmbAction.FILE_READ;
        pathFromTree();
        writeFileLog();
        if (readOffsets1.size() >= maxPending) {
            readOffsets1.clear();
        }
        readOffsets1.put(mid, offset);
    }

    /** {@code proc_smb1_read_andx_response}: the offset of the READ answered (0 when not seen). */
    long readAndxResponseOffset(long mid) {
        Long off = readOffsets1.remove(mid);
        return off == null ? 0 : off;
    }

    /** The {@code smb1_write_andx_request} handlers (SMB1 writes are not logged to smb_files.log). */
    void writeAndxRequest(long fid) {
        setCurrentFile(fid);
        currentFile.action = SmbAction.FILE_WRITE;
        pathFromTree();
    }

    /** Zeek's {@code set_is_file_a_pipe}: whether the transaction of this message id is on a pipe. */
    void transactionPipe(long mid, boolean pipe) {
        if (transactionPipes.size() >= maxPending) {
            transactionPipes.clear();
        }
        transactionPipes.put(mid, pipe);
    }

    /** Zeek's {@code get_is_file_a_pipe}: the request's answer, forgotten once asked. */
    boolean transactionWasPipe(long mid) {
        Boolean p = transactionPipes.remove(mid);
        return p != null && p;
    }

    private void pathFromTree() {
        if (currentTree != null && currentTree.path != null && currentFile.path == null) {
            currentFile.path = currentTree.path;
        }
    }

    // ------------------------------------------------------------------------------------------ script helpers

    /** Zeek's {@code SMB::set_current_file}. */
    private void setCurrentFile(long fid) {
        FileInfo f = fidMap.get(fid);
        if (f == null) {
            f = currentCmd.file;
            putFid(fid, f);
        }
        currentCmd.file = f;
        currentFile = f;
    }

    private void putFid(long fid, FileInfo f) {
        if (fidMap.size() >= HARD_CAP && !fidMap.containsKey(fid)) {
            fidMap.clear();
        }
        fidMap.put(fid, f);
    }

    /** Zeek's {@code SMB::write_file_log}: an smb_files.log row unless the same one was written recently. */
    void writeFileLog() {
        FileInfo f = currentFile;
        if (f == null || f.name == null || f.action == null || !options.loggedFileActions.contains(f.action)) {
            return;
        }
        if (f.times != null) {
            StringBuilder sb = new StringBuilder(96).append(f.action).append('|')
                    .append(f.fuid == null ? "" : f.fuid).append('|')
                    .append(new String(f.name, StandardCharsets.ISO_8859_1)).append('|')
                    .append(f.path == null ? "" : new String(f.path, StandardCharsets.ISO_8859_1)).append('|')
                    .append(f.size).append('|').append(f.times[0]).append('|').append(f.times[2]).append('|')
                    .append(f.times[3]);
            String ident = sb.toString();
            long now = now();
            expireRecent(now);
            if (recentFiles.containsKey(ident)) {
                recentFiles.put(ident, now); // a read refreshes &read_expire
                return;
            }
            if (recentFiles.size() >= HARD_CAP) {
                recentFiles.clear();
            }
            recentFiles.put(ident, now);
        }
        if (ctx.events().wants(SmbFileRow.class)) {
            ctx.events().publish(new SmbFileRow(f.ts, ctx.conn(), f.fuid, f.action, f.path, f.name, f.size,
                    f.prevName, f.times));
        }
    }

    private void expireRecent(long now) {
        Iterator<Long> it = recentFiles.values().iterator();
        while (it.hasNext()) {
            if (now - it.next() < RECENT_EXPIRE_NANOS) {
                break; // access order: the rest are newer
            }
            it.remove();
        }
    }

    // ------------------------------------------------------------------------------------------ files

    /** Zeek's {@code SMB::get_file_handle}: hosts, tree path, name and raw last-modified time; null when unnamed. */
    private String handleKey() {
        FileInfo f = currentFile;
        if (f == null || (f.name == null && f.path == null)) {
            return null;
        }
        ConnInfo c = ctx.conn();
        return "ANALYZER_SMB" + Addr.toString(c.origHi(), c.origLo()) + Addr.toString(c.respHi(), c.respLo())
                + (f.path == null ? "" : new String(f.path, StandardCharsets.ISO_8859_1))
                + (f.name == null ? "" : new String(f.name, StandardCharsets.ISO_8859_1))
                + (f.times == null ? 0 : Long.toUnsignedString(f.times[0]));
    }

    /**
     * Zeek's {@code file_mgr->DataIn} for the current file: the handle the data goes to, or null when the current
     * file has no name (Zeek's empty handle: no file). After the data, call {@link #dataDone}.
     */
    FileHandle dataIn(boolean isOrig) {
        String key = handleKey();
        if (key == null) {
            return null;
        }
        String slot = isOrig ? key + "\u0001" : key + "\u0000";
        FileHandle h = handles.get(slot);
        if (h == null) {
            if (handles.size() >= MAX_HANDLES) {
                handles.clear();
            }
            FileHandle nh = files.open(ctx, "SMB", isOrig, 0, key);
            nh.onNewConnection(() -> overNewConnection(nh));
            handles.put(slot, nh);
            h = nh;
        }
        if (currentFile.name != null) {
            h.setFilename(new String(currentFile.name, StandardCharsets.UTF_8));
        }
        return h;
    }

    /** SMB's {@code file_over_new_connection} handler: the file id, total size, an smb_files.log row. */
    private void overNewConnection(FileHandle h) {
        FileInfo f = currentFile;
        if (f == null) {
            return;
        }
        f.fuid = h.fuid();
        // The script sets f$total_bytes when this event runs, after the data that created the file was in.
        if (f.size > 0) {
            pendingTotal = f.size;
        }
        writeFileLog();
    }

    /** The data of one {@link #dataIn} is in: the size the file learned meanwhile takes effect. */
    void dataDone(FileHandle h) {
        if (h != null && pendingTotal > 0) {
            long t = pendingTotal;
            pendingTotal = 0;
            h.setTotalBytes(t);
        }
    }

    /** Zeek's {@code file_mgr->EndOfFile} for the current file (CLOSE). */
    private void endOfFile(boolean isOrig) {
        String key = handleKey();
        if (key == null) {
            return;
        }
        FileHandle a = handles.remove(key + "\u0001");
        FileHandle b = handles.remove(key + "\u0000");
        if (a == null && b == null) {
            // Not fed over this connection: the file of that name may be live on another one.
            files.open(ctx, "SMB", isOrig, 0, key).end();
            return;
        }
        if (a != null) {
            a.end();
        }
        if (b != null) {
            b.end();
        }
    }
}
