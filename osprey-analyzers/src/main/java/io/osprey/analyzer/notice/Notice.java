package io.osprey.analyzer.notice;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * Event: a notice (Zeek's {@code NOTICE(Notice::Info)}): something an analyst should look at. Published on the event
 * bus; notice.log subscribes. With a connection, notice.log fills uid, id, proto and (unless given) src, dst and p
 * from it, as Zeek's notice framework does.
 *
 * @param ts   network time, ns
 * @param note the notice type as Zeek names it ("ProtocolDetector::Protocol_Found")
 * @param msg  the human-readable message
 * @param sub  the sub-message, or null
 * @param conn the connection it is about, or null
 * @param srcHi/srcLo the source address, or both 0 with {@code hasSrc} false to take the originator
 * @param suppressForNanos Zeek's {@code suppress_for} (notice.log prints it; default one hour)
 */
public record Notice(long ts, String note, String msg, String sub, ConnInfo conn, boolean hasSrc, long srcHi,
                     long srcLo, long suppressForNanos) {
    /** Zeek's {@code Notice::default_suppression_interval}. */
    public static final long DEFAULT_SUPPRESSION = 3_600_000_000_000L;

    /** A notice about a connection, src/dst/p taken from it. */
    public static Notice about(ConnInfo conn, long ts, String note, String msg, String sub) {
        return new Notice(ts, note, msg, sub, conn, false, 0, 0, DEFAULT_SUPPRESSION);
    }
}
