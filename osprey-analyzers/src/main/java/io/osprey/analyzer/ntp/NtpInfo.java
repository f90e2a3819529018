package io.osprey.analyzer.ntp;

import io.osprey.common.net.Addr;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;

/**
 * One standard NTP message (modes 1-5, RFC 5905 §7.3) as Zeek's {@code NTP::Info} holds it: the event the NTP
 * analyzer publishes and ntp.log's row ({@link NtpLog#SCHEMA}). Times and intervals are the doubles Zeek computes
 * from the wire ({@code ntp-analyzer.pac}); {@code refId} is the raw reference identifier, rendered by stratum.
 * Immutable; the connection is read when the row is written (Zeek's row shares the connection's {@code id}).
 *
 * @param ts        network time of the message, ns
 * @param conn      the connection
 * @param version   header version (0-7)
 * @param mode      header mode (1-5)
 * @param stratum   stratum (0: kiss code, 1: reference clock, otherwise a server)
 * @param poll      {@code 2^poll} seconds
 * @param precision {@code 2^precision} seconds
 * @param rootDelay root delay, seconds (Zeek reads both halves of the short format as signed)
 * @param rootDisp  root dispersion, seconds
 * @param refId     reference identifier, big-endian
 * @param refTime   reference timestamp, Unix seconds (0 when the wire value is 0)
 * @param orgTime   origin timestamp
 * @param recTime   receive timestamp
 * @param xmtTime   transmit timestamp
 * @param numExts   extension fields parsed (RFC 7822)
 */
public record NtpInfo(long ts, ConnInfo conn, int version, int mode, int stratum, double poll, double precision,
                      double rootDelay, double rootDisp, int refId, double refTime, double orgTime, double recTime,
                      double xmtTime, int numExts) implements LogRecord {
    @Override
    public void write(FieldWriter w) {
        w.time(ts);
        w.string(conn.uid());
        conn.writeId(w);
        w.count(version);
        w.count(mode);
        w.count(stratum);
        w.intervalSeconds(poll);
        w.intervalSeconds(precision);
        w.intervalSeconds(rootDelay);
        w.intervalSeconds(rootDisp);
        if (stratum <= 1) {
            // Stratum 0: a kiss code; 1: a reference clock's name (both four raw bytes in Zeek's record).
            byte[] b = {(byte) (refId >>> 24), (byte) (refId >>> 16), (byte) (refId >>> 8), (byte) refId};
            w.bytes(b, 0, 4);
        } else {
            // Above: an IPv4 address (or the first four bytes of an IPv6 address's MD5), printed as an address.
            w.string(Addr.toString(0, Addr.v4Lo(refId)));
        }
        w.timeSeconds(refTime);
        w.timeSeconds(orgTime);
        w.timeSeconds(recTime);
        w.timeSeconds(xmtTime);
        w.count(numExts);
    }
}
