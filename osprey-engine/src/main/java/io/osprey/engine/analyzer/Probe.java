package io.osprey.engine.analyzer;

/**
 * A payload-based detection test (one side of a Zeek DPD signature) on the first bytes of one direction of a
 * connection: the framework keeps up to {@link ConnAnalyzers#DPD_BUFFER_SIZE} bytes of each direction's beginning
 * and asks the probe after each new chunk. Probes are stateless, allocation-free functions over the prefix.
 */
@FunctionalInterface
public interface Probe {
    /** The prefix is this protocol's. */
    int MATCH = 1;
    /** The prefix can never become this protocol's. */
    int NO_MATCH = 0;
    /** Undecided: need more bytes. */
    int MORE = 2;

    /**
     * Tests the first {@code len} bytes of a direction's stream (or of a UDP datagram).
     *
     * @param prefix the bytes; only {@code [0, len)} are valid
     * @return {@link #MATCH}, {@link #NO_MATCH} or {@link #MORE}
     */
    int test(byte[] prefix, int len);

    /**
     * As {@link #test(byte[], int)}, for probes that also look at the size of the payload just seen (Zeek's
     * {@code payload-size} condition: a UDP datagram's full payload size, or the size of the stream chunk just
     * added); the framework calls this one. By default the size is ignored.
     *
     * @param prefix the bytes; only {@code [0, len)} are valid
     * @param len    how many bytes of the prefix are valid
     * @param size   the payload size of the datagram (UDP) or chunk (TCP) just seen, which may exceed {@code len}
     */
    default int test(byte[] prefix, int len, int size) {
        return test(prefix, len);
    }
}
