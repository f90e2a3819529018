package io.osprey.analyzer.ntp;

import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;

/**
 * One NTP private message (mode 7, ntpd's {@code ntp_request.h}) as Zeek's {@code NTP::PrivateInfo} holds it: the
 * event the NTP analyzer publishes and ntp_private.log's row ({@link NtpLog#PRIVATE}). Immutable.
 *
 * @param ts             network time of the message, ns
 * @param conn           the connection
 * @param version        header version
 * @param mode           7
 * @param reqCode        request code
 * @param sequence       sequence number (low seven bits of the second byte)
 * @param implementation implementation number
 * @param auth           authenticated bit
 * @param err            error code (top four bits of the fifth byte)
 * @param data           the data bytes (as many as the 12-bit item count, which Zeek reads as a length), or null
 *                       when there are none (at most 4,095 bytes)
 */
public record NtpPrivateInfo(long ts, ConnInfo conn, int version, int mode, int reqCode, int sequence,
                             int implementation, boolean auth, int err, byte[] data) implements LogRecord {
    @Override
    public void write(FieldWriter w) {
        w.time(ts);
        w.string(conn.uid());
        conn.writeId(w);
        w.count(version);
        w.count(mode);
        w.count(reqCode);
        w.count(sequence);
        w.count(implementation);
        w.bool(auth);
        w.count(err);
        optionalBytes(w, data);
    }

    /** An optional string of raw bytes: unset when {@code b} is null. */
    static void optionalBytes(FieldWriter w, byte[] b) {
        if (b == null) {
            w.unset();
        } else {
            w.bytes(b, 0, b.length);
        }
    }
}
