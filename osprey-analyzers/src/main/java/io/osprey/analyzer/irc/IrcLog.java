package io.osprey.analyzer.irc;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogManager;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/** irc.log (Zeek's {@code IRC::LOG}, base/protocols/irc): one row per {@link IrcMessage} published on the event bus. */
public final class IrcLog {
    /** Zeek's columns, in order (main.zeek, dcc-send.zeek, files.zeek). */
    public static final LogSchema SCHEMA = LogSchema.of("irc",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "nick", FieldType.STRING,
            "user", FieldType.STRING,
            "command", FieldType.STRING,
            "value", FieldType.STRING,
            "addl", FieldType.STRING,
            "dcc_file_name", FieldType.STRING,
            "dcc_file_size", FieldType.COUNT,
            "dcc_mime_type", FieldType.STRING,
            "fuid", FieldType.STRING);

    private IrcLog() {
    }

    /** Subscribes irc.log to the messages published on {@code events}; called once per worker by BuiltinAnalyzers. */
    public static void install(EventBus events, LogManager logs) {
        LogStream stream = logs.stream(SCHEMA);
        events.subscribe(IrcMessage.class, m -> stream.write(new Row(m)));
    }

    /** One row. */
    record Row(IrcMessage m) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(m.ts());
            w.string(m.conn().uid());
            m.conn().writeId(w);
            w.optionalLatin1(m.nick());
            w.optionalLatin1(m.user());
            w.optionalLatin1(m.command());
            w.optionalLatin1(m.value());
            w.optionalLatin1(m.addl());
            w.optionalLatin1(m.dccFileName());
            w.optionalCount(m.dccFileSize());
            w.optionalLatin1(m.dccMimeType());
            w.optionalLatin1(m.fuid());
        }
    }
}
