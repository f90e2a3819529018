package io.osprey.analyzer.ftp;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogManager;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/**
 * ftp.log (Zeek's {@code FTP::LOG}, base/protocols/ftp/main.zeek and info.zeek): one row per {@link FtpCommand}
 * published on the event bus.
 */
public final class FtpLog {
    /** Zeek's columns, in order. */
    public static final LogSchema SCHEMA = LogSchema.of("ftp",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "user", FieldType.STRING,
            "password", FieldType.STRING,
            "command", FieldType.STRING,
            "arg", FieldType.STRING,
            "mime_type", FieldType.STRING,
            "file_size", FieldType.COUNT,
            "reply_code", FieldType.COUNT,
            "reply_msg", FieldType.STRING,
            "data_channel.passive", FieldType.BOOL,
            "data_channel.orig_h", FieldType.ADDR,
            "data_channel.resp_h", FieldType.ADDR,
            "data_channel.resp_p", FieldType.PORT,
            "fuid", FieldType.STRING);

    private FtpLog() {
    }

    /** Subscribes ftp.log to the commands published on {@code events}. */
    public static void install(EventBus events, LogManager logs) {
        LogStream stream = logs.stream(SCHEMA);
        events.subscribe(FtpCommand.class, c -> stream.write(new Row(c)));
    }

    /** One row. */
    record Row(FtpCommand c) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(c.ts());
            w.string(c.conn().uid());
            c.conn().writeId(w);
            w.optionalLatin1(c.user());
            w.optionalLatin1(c.password());
            w.optionalLatin1(c.command());
            w.optionalLatin1(c.arg());
            w.optionalLatin1(c.mimeType());
            w.optionalCount(c.fileSize());
            w.optionalCount(c.replyCode());
            w.optionalLatin1(c.replyMsg());
            FtpCommand.DataChannel d = c.dataChannel();
            if (d == null) {
                w.unset();
                w.unset();
                w.unset();
                w.unset();
            } else {
                w.bool(d.passive());
                w.addr(d.origHi(), d.origLo());
                w.addr(d.respHi(), d.respLo());
                w.port(d.respPort());
            }
            w.optionalLatin1(c.fuid());
        }
    }
}
