package io.osprey.pcap;

/**
 * An output capture that cannot be created, written or put in place. The message is the one line the CLI prints:
 * {@code <file>: <reason>}. Unchecked for the same reason as {@link CaptureFormatException}: it is caught once, at
 * the top, which prints {@link #getMessage()} and exits non-zero.
 */
public final class CaptureWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String reason;

    public CaptureWriteException(String file, String reason) {
        this(file, reason, null);
    }

    public CaptureWriteException(String file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The output's name as given by the user ("-" for stdout). */
    public String file() {
        return file;
    }

    /** What went wrong, in words. */
    public String reason() {
        return reason;
    }
}
