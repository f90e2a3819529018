package io.osprey.pcap;

/**
 * A capture file that cannot be read further. The message is the one line the CLI prints:
 * {@code <file>: offset <n>: <reason>}. Unchecked on purpose: it crosses the reader loop without wrappers and is
 * caught once, at the top (the CLI), which prints {@link #getMessage()} and exits non-zero.
 */
public final class CaptureFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final long offset;
    private final String reason;

    public CaptureFormatException(String file, long offset, String reason) {
        this(file, offset, reason, null);
    }

    public CaptureFormatException(String file, long offset, String reason, Throwable cause) {
        super(file + ": offset " + offset + ": " + reason, cause);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    /** The input's name as given by the user. */
    public String file() {
        return file;
    }

    /** Byte offset in the (uncompressed) input where reading failed. */
    public long offset() {
        return offset;
    }

    /** What is wrong, in words. */
    public String reason() {
        return reason;
    }
}
