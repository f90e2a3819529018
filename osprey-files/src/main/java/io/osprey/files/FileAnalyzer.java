package io.osprey.files;

/**
 * A file analyzer attached to one file (Zeek's {@code file_analysis::Analyzer}): hashing, extraction, and later
 * protocol-specific ones (PE, X509). Gets the file's content in order, the holes in it, and the end. A method that
 * returns false asks to be removed from the file (Zeek's {@code QueueRemove}): it then gets nothing more, and
 * {@link #removed()} is called. Owned by its file, on the worker thread.
 */
public interface FileAnalyzer {
    /** The analyzer's name as files.log {@code analyzers} lists it ("MD5", "EXTRACT"). */
    String name();

    /** The next {@code len} bytes of content (valid during the call only); false to be removed. */
    default boolean deliverStream(byte[] data, int off, int len) {
        return true;
    }

    /** {@code len} bytes at {@code offset} are missing; false to be removed. */
    default boolean undelivered(long offset, long len) {
        return true;
    }

    /** The file ended: report results through {@code file} (e.g. {@link FileState#setHash}). False to be removed. */
    default boolean endOfFile(FileState file) {
        return false;
    }

    /** The analyzer was removed from its file (after a false return, or when the file is gone): release resources. */
    default void removed() {
    }
}
