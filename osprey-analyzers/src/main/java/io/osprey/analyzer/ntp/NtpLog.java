package io.osprey.analyzer.ntp;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/**
 * ntp.log, ntp_control.log and ntp_private.log (Zeek's {@code NTP::LOG}, {@code NTP::CONTROL_LOG} and
 * {@code NTP::PRIVATE_LOG}, base/protocols/ntp/main.zeek): one row per {@link NtpInfo}, {@link NtpControlInfo} and
 * {@link NtpPrivateInfo} on the event bus.
 */
public final class NtpLog {
    /** ntp.log's columns, in Zeek's order. */
    public static final LogSchema SCHEMA = LogSchema.of("ntp",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "version", FieldType.COUNT,
            "mode", FieldType.COUNT,
            "stratum", FieldType.COUNT,
            "poll", FieldType.INTERVAL,
            "precision", FieldType.INTERVAL,
            "root_delay", FieldType.INTERVAL,
            "root_disp", FieldType.INTERVAL,
            "ref_id", FieldType.STRING,
            "ref_time", FieldType.TIME,
            "org_time", FieldType.TIME,
            "rec_time", FieldType.TIME,
            "xmt_time", FieldType.TIME,
            "num_exts", FieldType.COUNT);

    /** ntp_control.log's columns. */
    public static final LogSchema CONTROL = LogSchema.of("ntp_control",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "version", FieldType.COUNT,
            "mode", FieldType.COUNT,
            "op_code", FieldType.COUNT,
            "sequence", FieldType.COUNT,
            "status", FieldType.COUNT,
            "association_id", FieldType.COUNT,
            "resp_bit", FieldType.BOOL,
            "err_bit", FieldType.BOOL,
            "more_bit", FieldType.BOOL,
            "data", FieldType.STRING,
            "key_id", FieldType.COUNT,
            "crypto_checksum", FieldType.STRING);

    /** ntp_private.log's columns. */
    public static final LogSchema PRIVATE = LogSchema.of("ntp_private",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "version", FieldType.COUNT,
            "mode", FieldType.COUNT,
            "req_code", FieldType.COUNT,
            "sequence", FieldType.COUNT,
            "implementation", FieldType.COUNT,
            "auth_bit", FieldType.BOOL,
            "err", FieldType.COUNT,
            "data", FieldType.STRING);

    private NtpLog() {
    }

    /** Subscribes the three logs to the NTP analyzer's events on {@code events}. Setup time. */
    public static void install(EventBus events, LogStream ntp, LogStream control, LogStream priv) {
        events.subscribe(NtpInfo.class, ntp::write);
        events.subscribe(NtpControlInfo.class, control::write);
        events.subscribe(NtpPrivateInfo.class, priv::write);
    }
}
