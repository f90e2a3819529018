package io.osprey.analyzer.sip;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;


/** sip.log (Zeek's {@code SIP::LOG}, base/protocols/sip/main.zeek): one row per {@link SipInfo} on the event bus. */
public final class SipLog {
    /** Zeek's columns, in order. */
    public static final LogSchema SCHEMA = LogSchema.of("sip",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "trans_depth", FieldType.COUNT,
            "method", FieldType.STRING,
            "uri", FieldType.STRING,
            "date", FieldType.STRING,
            "request_from", FieldType.STRING,
            "request_to", FieldType.STRING,
            "response_from", FieldType.STRING,
            "response_to", FieldType.STRING,
            "reply_to", FieldType.STRING,
            "call_id", FieldType.STRING,
            "seq", FieldType.STRING,
            "subject", FieldType.STRING,
            "request_path", FieldType.VECTOR_STRING,
            "response_path", FieldType.VECTOR_STRING,
            "user_agent", FieldType.STRING,
            "status_code", FieldType.COUNT,
            "status_msg", FieldType.STRING,
            "warning", FieldType.STRING,
            "request_body_len", FieldType.COUNT,
            "response_body_len", FieldType.COUNT,
            "content_type", FieldType.STRING);

    private SipLog() {
    }

    /** Subscribes sip.log ({@code stream}) to the {@link SipInfo}s published on {@code events}. */
    public static void install(EventBus events, LogStream stream) {
        events.subscribe(SipInfo.class, info -> stream.write(new Row(info)));
    }

    /** One row. */
    record Row(SipInfo s) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(s.ts());
            w.string(s.conn().uid());
            s.conn().writeId(w);
            w.count(s.transDepth());
            for (String v : new String[] {s.method(), s.uri(), s.date(), s.requestFrom(), s.requestTo(),
                    s.responseFrom(), s.responseTo(), s.replyTo(), s.callId(), s.seq(), s.subject()}) {
                w.optionalLatin1(v);
            }
            w.strings(s.requestPath());
            w.strings(s.responsePath());
            w.optionalLatin1(s.userAgent());
            w.optionalCount(s.statusCode());
            w.optionalLatin1(s.statusMsg());
            w.optionalLatin1(s.warning());
            w.optionalCount(s.requestBodyLen() == null ? -1 : s.requestBodyLen());
            w.optionalCount(s.responseBodyLen() == null ? -1 : s.responseBodyLen());
            w.optionalLatin1(s.contentType());
        }
    }
}
