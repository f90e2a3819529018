package io.osprey.analyzer.ntlm;

import io.osprey.analyzer.gssapi.GssapiNegResult;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.engine.event.ConnectionRemoved;
import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * ntlm.log: Zeek's {@code base/protocols/ntlm/main.zeek} on the NTLM and GSSAPI analyzers' events. One record per
 * connection ({@code c$ntlm}), created at its first NTLM message with that message's time; the CHALLENGE fills the
 * server's names from its TargetInfo, the AUTHENTICATE the client's domain, workstation and user. A GSSAPI negState
 * other than accept-incomplete (1) sets {@code success} (accept-completed, 0, is T) and writes the row; a record not
 * written by then is written when the connection is removed. Later NTLM messages on the connection update the
 * written record without writing it again, as Zeek's {@code done} flag does. Field names, types and order are Zeek
 * 9.1's.
 *
 * <p>One instance per worker ({@link #install}); the records live from the first NTLM message to the connection's
 * removal. Worker thread only.
 */
public final class NtlmLog {
    /** Zeek's {@code NTLM::Info}. */
    public static final LogSchema SCHEMA = LogSchema.of("ntlm",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "username", FieldType.STRING,
            "hostname", FieldType.STRING,
            "domainname", FieldType.STRING,
            "server_nb_computer_name", FieldType.STRING,
            "server_dns_computer_name", FieldType.STRING,
            "server_tree_name", FieldType.STRING,
            "success", FieldType.BOOL);

    private final LogStream stream;
    private final Map<ConnInfo, Info> sessions = new IdentityHashMap<>();

    private NtlmLog(LogStream stream) {
        this.stream = stream;
    }

    /** Subscribes ntlm.log's script logic to {@code events}; rows go to {@code stream}. */
    public static void install(EventBus events, LogStream stream) {
        NtlmLog l = new NtlmLog(stream);
        events.subscribe(NtlmNegotiate.class, e -> l.session(e.conn(), e.ts()));
        events.subscribe(NtlmChallenge.class, l::challenge);
        events.subscribe(NtlmAuthenticate.class, l::authenticate);
        events.subscribe(GssapiNegResult.class, l::negResult);
        events.subscribe(ConnectionRemoved.class, e -> l.removed(e.conn()));
    }

    /** Zeek's {@code set_session}. */
    private Info session(ConnInfo conn, long ts) {
        return sessions.computeIfAbsent(conn, c -> new Info(c, ts));
    }

    private void challenge(NtlmChallenge e) {
        Info i = session(e.conn(), e.ts());
        if (e.targetInfo()) {
            if (e.nbComputerName() != null) {
                i.serverNb = e.nbComputerName();
            }
            if (e.dnsComputerName() != null) {
                i.serverDns = e.dnsComputerName();
            }
            if (e.dnsTreeName() != null) {
                i.serverTree = e.dnsTreeName();
            }
        }
    }

    private void authenticate(NtlmAuthenticate e) {
        Info i = session(e.conn(), e.ts());
        if (e.domainName() != null) {
            i.domain = e.domainName();
        }
        if (e.workstation() != null) {
            i.host = e.workstation();
        }
        if (e.userName() != null) {
            i.user = e.userName();
        }
    }

    /** Both of Zeek's {@code gssapi_neg_result} handlers: priority 3 sets success, priority -3 writes. */
    private void negResult(GssapiNegResult e) {
        Info i = sessions.get(e.conn());
        if (i == null) {
            return;
        }
        if (e.state() != 1) {
            i.success = e.state() == 0 ? Boolean.TRUE : Boolean.FALSE;
        }
        if (!i.done && i.success != null) {
            stream.write(i.copy()); // the record may still change later: the writer gets a snapshot
            i.done = true;
        }
    }

    /** Zeek's {@code finalize_ntlm} removal hook. */
    private void removed(ConnInfo conn) {
        Info i = sessions.remove(conn);
        if (i != null && !i.done) {
            stream.write(i);
        }
    }

    /** {@code c$ntlm}, also the row written for it. */
    private static final class Info implements LogRecord {
        final ConnInfo conn;
        final long ts;
        byte[] user;
        byte[] host;
        byte[] domain;
        byte[] serverNb;
        byte[] serverDns;
        byte[] serverTree;
        Boolean success;
        boolean done;

        Info(ConnInfo conn, long ts) {
            this.conn = conn;
            this.ts = ts;
        }

        Info copy() {
            Info c = new Info(conn, ts);
            c.user = user;
            c.host = host;
            c.domain = domain;
            c.serverNb = serverNb;
            c.serverDns = serverDns;
            c.serverTree = serverTree;
            c.success = success;
            return c;
        }

        @Override
        public void write(FieldWriter w) {
            w.time(ts);
            w.string(conn.uid());
            conn.writeId(w);
            bytes(w, user);
            bytes(w, host);
            bytes(w, domain);
            bytes(w, serverNb);
            bytes(w, serverDns);
            bytes(w, serverTree);
            if (success == null) {
                w.unset();
            } else {
                w.bool(success);
            }
        }

        private static void bytes(FieldWriter w, byte[] b) {
            if (b == null) {
                w.unset();
            } else {
                w.bytes(b, 0, b.length);
            }
        }
    }
}
