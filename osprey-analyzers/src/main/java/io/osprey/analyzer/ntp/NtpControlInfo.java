package io.osprey.analyzer.ntp;

import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;

/**
 * One NTP control message (mode 6, RFC 1305 appendix B, RFC 9327) as Zeek's {@code NTP::ControlInfo} holds it: the
 * event the NTP analyzer publishes and ntp_control.log's row ({@link NtpLog#CONTROL}). Immutable.
 *
 * @param ts             network time of the message, ns
 * @param conn           the connection
 * @param version        header version
 * @param mode           6
 * @param opCode         operation code (low five bits of the second byte)
 * @param sequence       sequence number
 * @param status         status word
 * @param associationId  association id
 * @param resp           response bit
 * @param err            error bit
 * @param more           more bit
 * @param data           the count's data bytes, or null when the count is 0 (at most 65,535 bytes: the count field)
 * @param keyId          MAC key id, or -1 when there is no MAC (exactly 12 bytes after the data)
 * @param cryptoChecksum the MAC's 8-byte checksum, or null
 */
public record NtpControlInfo(long ts, ConnInfo conn, int version, int mode, int opCode, int sequence, int status,
                             int associationId, boolean resp, boolean err, boolean more, byte[] data, long keyId,
                             byte[] cryptoChecksum) implements LogRecord {
    @Override
    public void write(FieldWriter w) {
        w.time(ts);
        w.string(conn.uid());
        conn.writeId(w);
        w.count(version);
        w.count(mode);
        w.count(opCode);
        w.count(sequence);
        w.count(status);
        w.count(associationId);
        w.bool(resp);
        w.bool(err);
        w.bool(more);
        NtpPrivateInfo.optionalBytes(w, data);
        w.optionalCount(keyId);
        NtpPrivateInfo.optionalBytes(w, cryptoChecksum);
    }
}
