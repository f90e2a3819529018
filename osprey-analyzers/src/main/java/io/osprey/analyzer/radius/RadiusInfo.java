package io.osprey.analyzer.radius;

import io.osprey.common.net.Addr;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;

/**
 * One RADIUS exchange as Zeek's {@code RADIUS::Info} logs it (base/protocols/radius/main.zeek): the event the RADIUS
 * analyzer publishes when an Access-Accept or Access-Reject ends an exchange, or when the connection ends before one
 * did (result "unknown"), and radius.log's row ({@link RadiusLog#SCHEMA}). Immutable; byte arrays are the
 * attributes' raw values (at most 253 bytes each, RFC 2865 §5), owned by this record.
 *
 * @param ts           network time of the exchange's first message, ns
 * @param conn         the connection
 * @param username     User-Name (attribute 1) of the first Access-Request that had one, or null
 * @param mac          Calling-Station-Id (31) normalized as Zeek's {@code normalize_mac} does ("" when it is not
 *                     12 or 16 hex digits), or null
 * @param framedAddr   Framed-IP-Address (8) of an Access-Challenge, as an IPv4 address (0.0.0.0 when shorter than
 *                     4 bytes, as Zeek's {@code raw_bytes_to_v4_addr} returns it)
 * @param hasFramed    whether {@code framedAddr} is set
 * @param tunnelClient Tunnel-Client-Endpoint (66), or null
 * @param connectInfo  Connect-Info (77), or null
 * @param replyMsg     Reply-Message (18) of an Access-Challenge, or null
 * @param result       "success", "failed" or "unknown"
 * @param endTime      network time of the message that ended the exchange, ns (ttl is {@code endTime - ts} as Zeek
 *                     computes it, unset when 0 or when {@code result} is "unknown")
 */
public record RadiusInfo(long ts, ConnInfo conn, byte[] username, String mac, int framedAddr, boolean hasFramed,
                         byte[] tunnelClient, byte[] connectInfo, byte[] replyMsg, String result, long endTime)
        implements LogRecord {
    /** {@link #endTime} of a row that has no ttl. */
    public static final long NO_TTL = Long.MIN_VALUE;

    @Override
    public void write(FieldWriter w) {
        w.time(ts);
        w.string(conn.uid());
        conn.writeId(w);
        optionalBytes(w, username);
        w.optionalString(mac);
        if (hasFramed) {
            w.addr(0, Addr.v4Lo(framedAddr));
        } else {
            w.unset();
        }
        optionalBytes(w, tunnelClient);
        optionalBytes(w, connectInfo);
        optionalBytes(w, replyMsg);
        w.string(result);
        if (endTime == NO_TTL) {
            w.unset();
        } else {
            w.intervalBetween(ts, endTime);
        }
    }

    private static void optionalBytes(FieldWriter w, byte[] b) {
        if (b == null) {
            w.unset();
        } else {
            w.bytes(b, 0, b.length);
        }
    }
}
