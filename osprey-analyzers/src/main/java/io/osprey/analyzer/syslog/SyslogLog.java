package io.osprey.analyzer.syslog;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/**
 * syslog.log (Zeek's {@code Syslog::LOG}, base/protocols/syslog/main.zeek): one row per {@link SyslogMessage} on the
 * event bus, with the code names of consts.zeek. Installed by BuiltinAnalyzers.
 */
public final class SyslogLog {
    /** Zeek's columns, in order. */
    public static final LogSchema SCHEMA = LogSchema.of("syslog",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "proto", FieldType.ENUM,
            "facility", FieldType.STRING,
            "severity", FieldType.STRING,
            "message", FieldType.STRING);

    /** consts.zeek's {@code facility_codes}, indexed by code. */
    private static final String[] FACILITIES = {"KERN", "USER", "MAIL", "DAEMON", "AUTH", "SYSLOG", "LPR", "NEWS",
            "UUCP", "CRON", "AUTHPRIV", "FTP", "NTP", "AUDIT", "ALERT", "CLOCK", "LOCAL0", "LOCAL1", "LOCAL2",
            "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7"};
    /** consts.zeek's {@code severity_codes}, indexed by code. */
    private static final String[] SEVERITIES = {"EMERG", "ALERT", "CRIT", "ERR", "WARNING", "NOTICE", "INFO",
            "DEBUG"};

    private SyslogLog() {
    }

    /** Subscribes syslog.log ({@code stream}) to the {@link SyslogMessage}s published on {@code events}. */
    public static void install(EventBus events, LogStream stream) {
        events.subscribe(SyslogMessage.class, m -> stream.write(new Row(m)));
    }

    /** A code's name as consts.zeek's tables give it, their {@code &default} ("?-N") for codes not listed. */
    static String name(String[] table, int code) {
        if (code == SyslogAnalyzer.UNSPECIFIED) {
            return "UNSPECIFIED";
        }
        return code >= 0 && code < table.length ? table[code] : "?-" + code;
    }

    static String facility(int code) {
        return name(FACILITIES, code);
    }

    static String severity(int code) {
        return name(SEVERITIES, code);
    }

    /** One row. */
    record Row(SyslogMessage m) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(m.ts());
            w.string(m.conn().uid());
            m.conn().writeId(w);
            // get_port_transport_proto(c$id$resp_p)
            w.string(m.conn().proto() == 6 ? "tcp" : "udp");
            w.string(facility(m.facility()));
            w.string(severity(m.severity()));
            w.bytes(m.message(), 0, m.message().length);
        }
    }
}
