package io.osprey.analyzer.smtp;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogManager;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

import java.util.Set;

/**
 * smtp.log (Zeek's {@code SMTP::LOG}, base/protocols/smtp/main.zeek and files.zeek): one row per
 * {@link SmtpTransaction} published on the event bus.
 */
public final class SmtpLog {
    /** Zeek's columns, in order. */
    public static final LogSchema SCHEMA = LogSchema.of("smtp",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "trans_depth", FieldType.COUNT,
            "helo", FieldType.STRING,
            "mailfrom", FieldType.STRING,
            "rcptto", FieldType.SET_STRING,
            "date", FieldType.STRING,
            "from", FieldType.STRING,
            "to", FieldType.SET_STRING,
            "cc", FieldType.SET_STRING,
            "reply_to", FieldType.STRING,
            "msg_id", FieldType.STRING,
            "in_reply_to", FieldType.STRING,
            "subject", FieldType.STRING,
            "x_originating_ip", FieldType.ADDR,
            "first_received", FieldType.STRING,
            "second_received", FieldType.STRING,
            "last_reply", FieldType.STRING,
            "path", FieldType.VECTOR_ADDR,
            "user_agent", FieldType.STRING,
            "tls", FieldType.BOOL,
            "fuids", FieldType.VECTOR_STRING);

    private SmtpLog() {
    }

    /** Subscribes smtp.log to the transactions published on {@code events}. */
    public static void install(EventBus events, LogManager logs) {
        LogStream stream = logs.stream(SCHEMA);
        events.subscribe(SmtpTransaction.class, tx -> stream.write(new Row(tx)));
    }

    /** One row. */
    record Row(SmtpTransaction t) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(t.ts);
            w.string(t.conn.uid());
            t.conn.writeId(w);
            w.count(t.transDepth);
            bytes(w, t.helo);
            bytes(w, t.mailfrom);
            set(w, t.rcptto);
            bytes(w, t.date);
            bytes(w, t.from);
            set(w, t.to);
            set(w, t.cc);
            bytes(w, t.replyTo);
            bytes(w, t.msgId);
            bytes(w, t.inReplyTo);
            bytes(w, t.subject);
            if (t.xOriginatingIp == null) {
                w.unset();
            } else {
                w.addr(t.xOriginatingIp[0], t.xOriginatingIp[1]);
            }
            bytes(w, t.firstReceived);
            bytes(w, t.secondReceived);
            bytes(w, t.lastReply);
            w.addrs(t.path, t.pathLen);
            bytes(w, t.userAgent);
            w.bool(t.tls);
            w.strings(t.fuids);
        }

        private static void bytes(FieldWriter w, byte[] b) {
            if (b == null) {
                w.unset();
            } else {
                w.bytes(b, 0, b.length);
            }
        }

        private static void set(FieldWriter w, Set<String> s) {
            if (s == null) {
                w.unset();
            } else {
                w.strings(s);
            }
        }
    }
}
