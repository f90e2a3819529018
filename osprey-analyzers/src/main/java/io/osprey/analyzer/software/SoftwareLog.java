package io.osprey.analyzer.software;

import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;

/**
 * One software.log row (Zeek's {@code Software::Info}, base/frameworks/software/main.zeek): a host seen running a
 * piece of software in a version not logged for it yet.
 *
 * @param ts           when it was seen (network time, ns)
 * @param hostHi       the host's address, high 64 bits
 * @param hostLo       the host's address, low 64 bits
 * @param hostPort     the port it serves on, or -1 (clients)
 * @param softwareType Zeek's {@code Software::Type}, e.g. "HTTP::BROWSER"
 * @param description  the parsed name and version, and the unparsed string
 */
public record SoftwareLog(long ts, long hostHi, long hostLo, int hostPort, String softwareType,
                          SoftwareParser.Description description) implements LogRecord {
    /** The software.log columns, as Zeek 9.1 writes them. */
    public static final LogSchema SCHEMA = LogSchema.of("software",
            "ts", FieldType.TIME,
            "host", FieldType.ADDR,
            "host_p", FieldType.PORT,
            "software_type", FieldType.ENUM,
            "name", FieldType.STRING,
            "version.major", FieldType.COUNT,
            "version.minor", FieldType.COUNT,
            "version.minor2", FieldType.COUNT,
            "version.minor3", FieldType.COUNT,
            "version.addl", FieldType.STRING,
            "unparsed_version", FieldType.STRING);

    @Override
    public void write(FieldWriter w) {
        w.time(ts);
        w.addr(hostHi, hostLo);
        if (hostPort < 0) {
            w.unset();
        } else {
            w.port(hostPort);
        }
        w.string(softwareType);
        byte[] name = description.name();
        w.bytes(name, 0, name.length);
        SoftwareVersion v = description.version();
        count(w, v.major);
        count(w, v.minor);
        count(w, v.minor2);
        count(w, v.minor3);
        if (v.addl == null) {
            w.unset();
        } else {
            w.bytes(v.addl, 0, v.addl.length);
        }
        byte[] u = description.unparsedVersion();
        w.bytes(u, 0, u.length);
    }

    private static void count(FieldWriter w, Long v) {
        if (v == null) {
            w.unset();
        } else {
            w.count(v);
        }
    }
}
