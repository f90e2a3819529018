package io.osprey.files;

/**
 * A file found inside another file (an archive entry), as the file analyzer that found it feeds it: Zeek's Spicy
 * {@code zeek_file::File} unit ({@code file_begin}, {@code file_set_size}, {@code file_data_in}, {@code file_end}).
 * Obtained from {@link FileState#openChild}; used on the worker thread during the parent's delivery.
 *
 * <p>As in Zeek, the file ends by itself once its content reaches the announced size. Content that still arrives
 * for its id after that goes to a new file with the same id and no connection, parent or {@code is_orig} (Zeek's
 * DataIn creates one when the id is unknown): ZIP entries whose local header announced a smaller size than they
 * have (size 0 with a data descriptor) are logged that way by Zeek.
 */
public final class ChildFile {
    private final FileManager mgr;
    private final String source;
    private final String fuid;
    private final int nesting;
    private FileState state;

    ChildFile(FileManager mgr, FileState state, String source) {
        this.mgr = mgr;
        this.state = state;
        this.source = source;
        this.fuid = state.fuid;
        this.nesting = state.nesting;
    }

    /** The file id (files.log {@code fuid}). */
    public String fuid() {
        return fuid;
    }

    /** The announced size (files.log {@code total_bytes}); the file ends once that much content arrived. */
    public void setTotalBytes(long totalBytes) {
        if (!state.done && totalBytes >= 0) {
            state.totalBytes = totalBytes;
        }
    }

    /**
     * ZIP::file's filename (base/files/zip): queued as Zeek queues the event, and set only if the file is still
     * live when Zeek would dispatch it (at the next file_new, file_sniff, or the end of the current delivery).
     */
    public void setFilename(String filename) {
        mgr.queueFilename(fuid, filename);
    }

    /** The next {@code len} bytes of content, in order ({@code data} is only read during the call). */
    public void deliver(byte[] data, int off, int len) {
        if (len <= 0) {
            return;
        }
        if (state.done) {
            FileState live = mgr.live(fuid);
            state = live != null ? live : mgr.newOrphan(fuid, source, nesting);
        }
        state.lastActive = Math.max(state.lastActive, mgr.now());
        state.deliverChunk(data, off, len, state.streamOffset);
    }

    /** The content is over (Zeek's file_end): the file ends now unless it already did. Idempotent. */
    public void end() {
        if (!state.done) {
            state.endOfFile();
        }
    }
}
