package io.osprey.engine.weird;

import io.osprey.common.net.Addr;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;
import io.osprey.packet.Packet;
import io.osprey.packet.WeirdSink;

import java.util.HashMap;
import java.util.Map;

/**
 * weird.log, with the filtering Zeek's {@code base/frameworks/notice/weird.zeek} applies before a weird is logged:
 * the per-name actions (ignore, log once per originator...), and the repeat suppression that drops an identical
 * weird (same name and same connection or flow) seen again within 10 minutes. It is also where the decoder's net
 * and flow weirds land ({@link WeirdSink}; the decoder already chose net vs flow and the {@code _in_tunnel}
 * suffix, as Zeek's session manager does); the connection engine routes connection weirds here.
 */
public final class WeirdLog implements WeirdSink {
    /** Zeek's weird.log schema. */
    public static final LogSchema SCHEMA = LogSchema.of("weird",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "name", FieldType.STRING,
            "addl", FieldType.STRING,
            "notice", FieldType.BOOL,
            "peer", FieldType.STRING,
            "source", FieldType.STRING);

    /** Zeek's {@code weird_ignore &create_expire=10min}. */
    private static final long REPEAT_WINDOW = 600_000_000_000L;

    private enum Action { IGNORE, LOG, LOG_PER_ORIG, LOG_PER_CONN, NOTICE_PER_ORIG }

    private static final Map<String, Action> ACTIONS = new HashMap<>();

    static {
        for (String n : new String[] {"unsolicited_SYN_response", "FIN_after_reset", "spontaneous_FIN",
            "spontaneous_RST"}) {
            ACTIONS.put(n, Action.IGNORE);
        }
        for (String n : new String[] {"bad_ICMP_checksum", "bad_RPC", "bad_TCP_checksum", "bad_UDP_checksum",
            "connection_originator_SYN_ack", "DNS_label_forward_compress_offset", "DNS_label_len_gt_name_len",
            "DNS_label_len_gt_pkt", "DNS_label_too_long", "excess_RPC", "originator_RPC_reply", "partial_RPC",
            "responder_RPC_call", "SYN_with_data", "UDP_datagram_length_mismatch", "excessively_small_fragment",
            "fragment_inconsistency", "fragment_overlap", "fragment_size_inconsistency", "bad_IP_checksum",
            "SSH_max_packet_length_exceeded", "SSH_max_string_length_exceeded"}) {
            ACTIONS.put(n, Action.LOG_PER_ORIG);
        }
        for (String n : new String[] {"FTP_max_command_length_exceeded", "FTP_too_many_pending_commands",
            "FTP_user_too_long", "FTP_reply_msg_too_long", "FTP_arg_too_long", "FTP_password_too_long",
            "simultaneous_open", "smtp_mail_transaction_invalid", "smtp_excessive_invalid_mail_transactions",
            "smb_tree_connect_andx_response_without_tree"}) {
            ACTIONS.put(n, Action.LOG_PER_CONN);
        }
        for (String n : new String[] {"FIN_storm", "successful_RPC_reply_to_invalid_request", "SYN_after_partial"}) {
            ACTIONS.put(n, Action.NOTICE_PER_ORIG);
        }
    }

    /** Zeek's {@code weird_do_not_ignore_repeats}. */
    private static boolean repeatsAllowed(String name) {
        return name.equals("bad_IP_checksum") || name.equals("bad_TCP_checksum") || name.equals("bad_UDP_checksum")
                || name.equals("bad_ICMP_checksum");
    }

    private final LogStream stream;
    /** Zeek's {@code did_log &create_expire=1day}. */
    private static final long DID_LOG_WINDOW = 86_400_000_000_000L;
    /** Above this many remembered keys, expired ones are pruned (bounds memory on weird storms). */
    private static final int PRUNE_AT = 65_536;

    private final Map<String, Long> ignoreUntil = new HashMap<>();
    private final Map<String, Long> didLog = new HashMap<>();
    private final Row row = new Row();
    private long count;

    /** @param stream the weird stream, or null to count weirds without logging them */
    public WeirdLog(LogStream stream) {
        this.stream = stream;
    }

    private final Map<String, long[]> perName = new HashMap<>();

    /** How often the weird {@code name} was raised (before Zeek's log filtering). */
    public long count(String name) {
        long[] n = perName.get(name);
        return n == null ? 0 : n[0];
    }

    /** Number of weirds raised (before Zeek's log filtering). */
    public long count() {
        return count;
    }

    /**
     * A weird on a connection. {@code id} fields as the connection has them now; {@code addl}/{@code source} may be
     * null.
     */
    public void connWeird(long ts, String uid, long oHi, long oLo, int oPort, long rHi, long rLo, int rPort,
                          String name, String addl, String source) {
        count++;
        String identifier = Addr.toString(oHi, oLo) + ":" + oPort + " > " + Addr.toString(rHi, rLo) + ":" + rPort;
        if (!admit(ts, name, identifier, Addr.toString(oHi, oLo))) {
            return;
        }
        row.set(ts, uid, true, oHi, oLo, oPort, rHi, rLo, rPort, name, addl, source);
        emit();
    }

    /** A weird about no connection or flow (Zeek's reporter weird, e.g. from file analysis) at time {@code ts}. */
    public void netWeird(long ts, String name, String addl, String source) {
        count++;
        if (!admit(ts, name, "", null)) {
            return;
        }
        row.set(ts, null, false, 0, 0, 0, 0, 0, 0, name, addl, source);
        emit();
    }

    @Override
    public void netWeird(Packet p, String name, String addl, String source) {
        count++;
        if (!admit(p.tsNanos, name, "", null)) {
            return;
        }
        row.set(p.tsNanos, null, false, 0, 0, 0, 0, 0, 0, name, addl, source);
        emit();
    }

    @Override
    public void flowWeird(Packet p, String name, String addl, String source) {
        count++;
        String identifier = Addr.toString(p.srcHi, p.srcLo) + " > " + Addr.toString(p.dstHi, p.dstLo);
        if (!admit(p.tsNanos, name, identifier, Addr.toString(p.srcHi, p.srcLo))) {
            return;
        }
        row.set(p.tsNanos, null, true, p.srcHi, p.srcLo, 0, p.dstHi, p.dstLo, 0, name, addl, source);
        emit();
    }

    private boolean notice;

    private boolean admit(long ts, String name, String identifier, String orig) {
        perName.computeIfAbsent(name, k -> new long[1])[0]++;
        Action a = ACTIONS.getOrDefault(name, Action.LOG);
        notice = false;
        String key = name + "\u0000" + identifier;
        if (a == Action.IGNORE) {
            return false;
        }
        Long until = ignoreUntil.get(key);
        if (until != null && ts < until) {
            return false;
        }
        if (a == Action.LOG_PER_ORIG || a == Action.LOG_PER_CONN || a == Action.NOTICE_PER_ORIG) {
            String k = name + "\u0000" + (orig != null && a != Action.LOG_PER_CONN ? orig : identifier)
                    + (a == Action.NOTICE_PER_ORIG ? "\u0000n" : "");
            Long logged = didLog.get(k);
            if (logged != null && ts < logged) {
                return false;
            }
            didLog.put(k, ts + DID_LOG_WINDOW);
            if (didLog.size() > PRUNE_AT) {
                didLog.values().removeIf(expiry -> expiry <= ts);
            }
            notice = a == Action.NOTICE_PER_ORIG;
        }
        if (!repeatsAllowed(name)) {
            ignoreUntil.put(key, ts + REPEAT_WINDOW);
            if (ignoreUntil.size() > PRUNE_AT) {
                ignoreUntil.values().removeIf(expiry -> expiry <= ts);
            }
        }
        return true;
    }

    private void emit() {
        row.notice = notice;
        if (stream != null) {
            stream.write(row);
        }
    }

    private static final class Row implements LogRecord {
        long ts;
        String uid;
        boolean hasId;
        long oHi;
        long oLo;
        int oPort;
        long rHi;
        long rLo;
        int rPort;
        String name;
        String addl;
        String source;
        boolean notice;

        void set(long ts, String uid, boolean hasId, long oHi, long oLo, int oPort, long rHi, long rLo, int rPort,
                 String name, String addl, String source) {
            this.ts = ts;
            this.uid = uid;
            this.hasId = hasId;
            this.oHi = oHi;
            this.oLo = oLo;
            this.oPort = oPort;
            this.rHi = rHi;
            this.rLo = rLo;
            this.rPort = rPort;
            this.name = name;
            this.addl = addl;
            this.source = source;
        }

        @Override
        public void write(FieldWriter w) {
            w.time(ts);
            if (uid == null) {
                w.unset();
            } else {
                w.string(uid);
            }
            if (hasId) {
                w.addr(oHi, oLo);
                w.port(oPort);
                w.addr(rHi, rLo);
                w.port(rPort);
            } else {
                w.unset();
                w.unset();
                w.unset();
                w.unset();
            }
            w.string(name);
            if (addl == null || addl.isEmpty()) {
                w.unset();
            } else {
                w.wireString(addl); // wire bytes as Zeek writes them (\xf9, not the UTF-8 of U+00F9)
            }
            w.bool(notice);
            w.string("zeek");
            if (source == null || source.isEmpty()) {
                w.unset();
            } else {
                w.string(source);
            }
        }
    }
}
