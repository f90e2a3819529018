package io.osprey.files;

import java.lang.foreign.MemorySegment;

/**
 * One file being transferred (Zeek's {@code fa_file}): a protocol analyzer that carries files (HTTP bodies now; FTP
 * data, SMTP attachments later) opens it through {@link Files#open}, feeds it the content in order, reports what is
 * missing, and ends it. Owned by the worker thread of the connection that carries it.
 */
public interface FileHandle {
    /** The file id (files.log {@code fuid}; http.log {@code orig_fuids}/{@code resp_fuids}). */
    String fuid();

    /** The name the transfer gives it (e.g. HTTP Content-Disposition's filename): files.log {@code filename}. */
    void setFilename(String filename);

    /** The announced size (e.g. HTTP Content-Length): files.log {@code total_bytes}. */
    void setTotalBytes(long totalBytes);

    /** The next {@code len} bytes of content, in order (only valid during the call). */
    void deliver(MemorySegment data, long offset, int len);

    /** {@code len} bytes of content that will never be delivered (files.log {@code missing_bytes}). */
    void gap(long len);

    /**
     * The transfer is over (complete or not): the file's analyzers finish (hashes, MIME type from what was seen) and
     * its files.log row is written. Further calls are ignored.
     */
    void end();

    /**
     * The MIME type sniffed from the content's first bytes, or null when none matched or too few bytes were seen yet
     * (Zeek's {@code file_sniff}: sniffed once the beginning-of-file buffer is full, or at {@link #end()}).
     */
    String mimeType();
}
