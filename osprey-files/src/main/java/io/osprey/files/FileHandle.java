package io.osprey.files;

import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * One file being transferred (Zeek's {@code fa_file}), as the protocol analyzer that carries it sees it: HTTP
 * bodies now; FTP data, SMTP attachments later. Obtained from {@link Files#open}; the analyzer feeds it the content,
 * reports what is missing, and ends it. Used only on the worker thread that owns the connection.
 *
 * <p>The calls mirror Zeek's file manager: {@link #deliver} is {@code DataIn} without offset (in-order data),
 * {@link #deliverAt} is {@code DataIn} with an offset (HTTP 206 partial content, reassembled), {@link #gap} is
 * {@code Gap}, {@link #setTotalBytes} is {@code SetSize} and {@link #end} is {@code EndOfFile}. A file whose content
 * reaches its total size ends by itself. A file that ended on its own (complete, or timed out after
 * {@code default_file_timeout_interval} without activity) comes back as a new file with the same fuid if more
 * content arrives, as in Zeek; after {@link #end()} further calls are ignored.
 */
public interface FileHandle {
    /** The file id (files.log {@code fuid}; http.log {@code orig_fuids}/{@code resp_fuids}). */
    String fuid();

    /**
     * The name the transfer gives it (e.g. HTTP Content-Disposition's filename): files.log {@code filename}. Applies
     * to the live file, or to the file this handle creates or joins next (Zeek copies it when the connection is
     * added to the file).
     */
    void setFilename(String filename);

    /** The announced size (e.g. HTTP Content-Length, or a Content-Range's instance length): files.log {@code total_bytes}. */
    void setTotalBytes(long totalBytes);

    /** The next {@code len} bytes of content, in order (only valid during the call). */
    void deliver(MemorySegment data, long offset, int len);

    /**
     * {@code len} bytes of content that belong at {@code fileOffset} in the file (HTTP 206 responses): delivered in
     * order once the bytes before them arrived, buffered up to Zeek's {@code Files::reassembly_buffer_size}.
     */
    default void deliverAt(long fileOffset, MemorySegment data, long offset, int len) {
        throw new UnsupportedOperationException("content at an offset");
    }

    /** {@code len} bytes of content at the current position that will never be delivered (files.log {@code missing_bytes}). */
    void gap(long len);

    /** {@code len} bytes of content at {@code fileOffset} that will never be delivered (Zeek's {@code Gap(offset, len)}). */
    default void gap(long fileOffset, long len) {
        gap(len);
    }

    /**
     * The transfer is over (complete or not): buffered pieces are flushed, the file's analyzers finish (hashes, MIME
     * type from what was seen) and its files.log rows are written. Further calls are ignored.
     */
    void end();

    /**
     * The MIME type sniffed from the content's first bytes, or null when none matched or too few bytes were seen yet
     * (Zeek's {@code file_sniff}: sniffed once the beginning-of-file buffer is full, or at a gap or the end).
     */
    String mimeType();

    /**
     * Called once with the sniffed MIME type when a signature matched (Zeek's {@code file_sniff} with a
     * {@code mime_type}; HTTP appends it to {@code orig_mime_types}/{@code resp_mime_types}). When several handles
     * share a file, the one that joined it last is told, as Zeek's {@code f$http} is the latest connection's. The
     * listener runs while content is being delivered and must not call back into the file.
     */
    default void onMimeType(Consumer<String> listener) {
    }

    /**
     * Called once when the file is sniffed, whether or not a signature matched (Zeek's {@code file_sniff}; the
     * argument is the MIME type or null), after {@link #onMimeType}'s listener. IRC's DCC logs its irc.log row then.
     * Same rules as {@link #onMimeType}: the handle that joined last is told; no calls back into the file.
     */
    default void onSniff(Consumer<String> listener) {
    }

    /**
     * Called each time the file starts on this handle's connection (Zeek's {@code file_over_new_connection}): when
     * the content, gap or size reported through this handle creates the file, or joins a live file that had not
     * been carried by this connection yet. SMB records the file id in its smb_files.log state then. The listener
     * runs inside the call that caused it, before that call's content is delivered, and must not call back into the
     * file.
     */
    default void onNewConnection(Runnable listener) {
    }
}
