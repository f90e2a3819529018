package io.osprey.engine.tunnel;

import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

import java.util.HashMap;
import java.util.Map;

/**
 * tunnel.log and the table of active tunnels (Zeek's {@code base/frameworks/tunnels/main.zeek}): a tunnel is logged
 * with {@code Tunnel::DISCOVER} when a connection is first seen inside it, and with {@code Tunnel::CLOSE} when the
 * encapsulating connection (for UDP tunnels) is removed. IP-level tunnels (IP-in-IP, GRE) have no connection of
 * their own: they get a uid here, keyed by their outer address pair. A tunnel no connection was registered in for
 * {@link #EXPIRATION_INTERVAL} is logged with {@code Tunnel::EXPIRE} and forgotten (Zeek's {@code active} table,
 * {@code &read_expire=Tunnel::expiration_interval}, checked every {@code table_expire_interval}).
 */
public final class TunnelLog {
    /** Zeek's tunnel.log schema. */
    public static final LogSchema SCHEMA = LogSchema.of("tunnel",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "tunnel_type", FieldType.ENUM,
            "action", FieldType.ENUM);

    /** Zeek's {@code Tunnel::expiration_interval}. */
    public static final long EXPIRATION_INTERVAL = 3_600_000_000_000L;
    /** Zeek's {@code table_expire_interval}: how often expired entries are looked for. */
    private static final long CHECK_INTERVAL = 10_000_000_000L;

    private final LogStream stream;
    private long nextCheck = Long.MIN_VALUE;
    private final Map<String, Row> active = new HashMap<>();
    private final Map<IpPair, String> ipTunnels = new HashMap<>();

    /** @param stream the tunnel stream, or null for no log */
    public TunnelLog(LogStream stream) {
        this.stream = stream;
    }

    private record IpPair(long aHi, long aLo, long bHi, long bLo, String type) {
    }

    // One-entry cache: the packets of a tunnel come in runs, so most lookups hit it without allocating a key.
    private long lastAHi;
    private long lastALo;
    private long lastBHi;
    private long lastBLo;
    private String lastType;
    private String lastUid;

    /**
     * The uid of the IP-level tunnel between the two addresses (either direction), created on first use from
     * {@code uids}.
     */
    public String ipTunnelUid(long sHi, long sLo, long dHi, long dLo, String type, io.osprey.engine.conn.Uids uids) {
        boolean less = Long.compareUnsigned(sHi, dHi) < 0 || (sHi == dHi && Long.compareUnsigned(sLo, dLo) <= 0);
        long aHi = less ? sHi : dHi;
        long aLo = less ? sLo : dLo;
        long bHi = less ? dHi : sHi;
        long bLo = less ? dLo : sLo;
        if (lastUid != null && aHi == lastAHi && aLo == lastALo && bHi == lastBHi && bLo == lastBLo
                && type.equals(lastType)) {
            return lastUid;
        }
        IpPair k = new IpPair(aHi, aLo, bHi, bLo, type);
        String uid = ipTunnels.get(k);
        if (uid == null) {
            uid = uids.next('C');
            ipTunnels.put(k, uid);
        }
        lastAHi = aHi;
        lastALo = aLo;
        lastBHi = bHi;
        lastBLo = bLo;
        lastType = type;
        lastUid = uid;
        return uid;
    }

    /** Registers a tunnel seen around a new connection; logs DISCOVER the first time. */
    public void register(long ts, String uid, long oHi, long oLo, int oPort, long rHi, long rLo, int rPort,
                         String type) {
        discover(uid, ts, uid, oHi, oLo, oPort, rHi, rLo, rPort, type);
    }

    /**
     * Registers a tunnel an analyzer found ({@link TunnelRegistration}): keyed by its id, logged without a uid the
     * first time (Zeek's {@code Tunnel::register} with an EncapsulatingConn that has no uid). No connection carries
     * that id, so no CLOSE follows; an idle one expires like the others.
     */
    public void register(TunnelRegistration t) {
        String key = t.type() + '|' + t.origHi() + ':' + t.origLo() + ':' + t.origPort() + '|' + t.respHi() + ':'
                + t.respLo() + ':' + t.respPort();
        discover(key, t.ts(), null, t.origHi(), t.origLo(), t.origPort(), t.respHi(), t.respLo(), t.respPort(),
                t.type());
    }

    /** Zeek's Tunnel::register: the first time {@code key} is seen, log DISCOVER; later, only refresh it. */
    private void discover(String key, long ts, String uid, long oHi, long oLo, int oPort, long rHi, long rLo,
                          int rPort, String type) {
        Row known = active.get(key);
        if (known != null) {
            known.lastAccess = ts;
            return;
        }
        Row r = new Row(uid, oHi, oLo, oPort, rHi, rLo, rPort, type);
        active.put(key, r);
        r.lastAccess = ts;
        r.ts = ts;
        r.action = "Tunnel::DISCOVER";
        if (stream != null) {
            stream.write(r);
        }
    }

    /** The connection with this uid was removed: log CLOSE if it carried a tunnel. */
    public void connectionRemoved(long ts, String uid) {
        Row r = active.remove(uid);
        if (r != null) {
            r.ts = ts;
            r.action = "Tunnel::CLOSE";
            if (stream != null) {
                stream.write(r);
            }
        }
    }

    /** Logs {@code Tunnel::EXPIRE} for tunnels idle longer than the expiration interval, at network time {@code now}. */
    public void expire(long now) {
        if (now < nextCheck) {
            return;
        }
        nextCheck = now + CHECK_INTERVAL;
        if (active.isEmpty()) {
            return;
        }
        var it = active.values().iterator();
        while (it.hasNext()) {
            Row r = it.next();
            if (now - r.lastAccess >= EXPIRATION_INTERVAL) {
                it.remove();
                r.ts = now;
                r.action = "Tunnel::EXPIRE";
                if (stream != null) {
                    stream.write(r);
                }
            }
        }
    }

    private static final class Row implements LogRecord {
        final String uid;
        final long oHi;
        final long oLo;
        final int oPort;
        final long rHi;
        final long rLo;
        final int rPort;
        final String type;
        long ts;
        long lastAccess;
        String action;

        Row(String uid, long oHi, long oLo, int oPort, long rHi, long rLo, int rPort, String type) {
            this.uid = uid;
            this.oHi = oHi;
            this.oLo = oLo;
            this.oPort = oPort;
            this.rHi = rHi;
            this.rLo = rLo;
            this.rPort = rPort;
            this.type = type;
        }

        @Override
        public void write(FieldWriter w) {
            w.time(ts);
            if (uid == null) {
                w.unset(); // a tunnel an analyzer registered (HTTP CONNECT): no connection of its own
            } else {
                w.string(uid);
            }
            w.addr(oHi, oLo);
            w.port(oPort);
            w.addr(rHi, rLo);
            w.port(rPort);
            w.string(type);
            w.string(action);
        }
    }
}
