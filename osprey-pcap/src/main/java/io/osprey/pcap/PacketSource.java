package io.osprey.pcap;

/**
 * A stream of captured packets in file order (or time order, for a merge of several inputs). Owned by one thread.
 *
 * <p>{@link #next} never throws for a damaged <em>packet</em> it can step over; it throws
 * {@link CaptureFormatException} when the <em>file</em> cannot be read any further (bad magic, an absurd record
 * length, an I/O error). A truncated final record is not an error: it is reported through the warning sink given
 * when the source was opened, and the source ends.
 */
public interface PacketSource extends AutoCloseable {
    /**
     * Fills {@code into} with the next packet. Returns false at end of input.
     *
     * @throws CaptureFormatException when the input is unreadable from here on
     */
    boolean next(PacketRecord into);

    /** Name of the input for messages ("trace.pcap", "-" for stdin, or a list for merges). */
    String name();

    /** Bytes consumed so far (compressed bytes for compressed input), for progress reporting. */
    long position();

    /** Total size in bytes if known (file size), else -1 (stdin, pipes). */
    long size();

    /** Releases the file mapping or stream. Idempotent; never throws. */
    @Override
    void close();
}
