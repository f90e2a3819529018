package io.osprey.analyzer.modbus;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

/**
 * modbus.log (Zeek's {@code Modbus::LOG}, base/protocols/modbus/main.zeek): one row per {@link ModbusMessage}, with
 * the names of consts.zeek and main.zeek's {@code build_func}. Installed by BuiltinAnalyzers.
 */
public final class ModbusLog {
    /** Zeek's columns, in order. */
    public static final LogSchema SCHEMA = LogSchema.of("modbus",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "tid", FieldType.COUNT,
            "unit", FieldType.COUNT,
            "func", FieldType.STRING,
            "pdu_type", FieldType.STRING,
            "exception", FieldType.STRING);

    /** consts.zeek's {@code function_codes}, indexed by code (null: not listed). */
    private static final String[] FUNCTIONS = new String[256];
    /** consts.zeek's {@code exception_codes}, indexed by code (null: not listed). */
    private static final String[] EXCEPTIONS = new String[256];

    static {
        Object[] f = {0x01, "READ_COILS", 0x02, "READ_DISCRETE_INPUTS", 0x03, "READ_HOLDING_REGISTERS",
                0x04, "READ_INPUT_REGISTERS", 0x05, "WRITE_SINGLE_COIL", 0x06, "WRITE_SINGLE_REGISTER",
                0x07, "READ_EXCEPTION_STATUS", 0x08, "DIAGNOSTICS", 0x0B, "GET_COMM_EVENT_COUNTER",
                0x0C, "GET_COMM_EVENT_LOG", 0x0F, "WRITE_MULTIPLE_COILS", 0x10, "WRITE_MULTIPLE_REGISTERS",
                0x11, "REPORT_SLAVE_ID", 0x14, "READ_FILE_RECORD", 0x15, "WRITE_FILE_RECORD",
                0x16, "MASK_WRITE_REGISTER", 0x17, "READ_WRITE_MULTIPLE_REGISTERS", 0x18, "READ_FIFO_QUEUE",
                0x2B, "ENCAP_INTERFACE_TRANSPORT", 0x5B, "OBJECT_MESSAGING", 0x09, "PROGRAM_484",
                0x0A, "POLL_484", 0x0D, "PROGRAM_584_984", 0x0E, "POLL_584_984", 0x12, "PROGRAM_884_U84",
                0x13, "RESET_COMM_LINK_884_U84", 0x28, "PROGRAM_CONCEPT", 0x29, "MULTIPLE_FUNCTION_CODES",
                0x5A, "PROGRAM_UNITY", 0x7D, "FIRMWARE_REPLACEMENT", 0x7E, "PROGRAM_584_984_2",
                0x7F, "REPORT_LOCAL_ADDRESS"};
        for (int i = 0; i < f.length; i += 2) {
            FUNCTIONS[(Integer) f[i]] = (String) f[i + 1];
        }
        Object[] e = {0x01, "ILLEGAL_FUNCTION", 0x02, "ILLEGAL_DATA_ADDRESS", 0x03, "ILLEGAL_DATA_VALUE",
                0x04, "SLAVE_DEVICE_FAILURE", 0x05, "ACKNOWLEDGE", 0x06, "SLAVE_DEVICE_BUSY",
                0x08, "MEMORY_PARITY_ERROR", 0x0A, "GATEWAY_PATH_UNAVAILABLE",
                0x0B, "GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND"};
        for (int i = 0; i < e.length; i += 2) {
            EXCEPTIONS[(Integer) e[i]] = (String) e[i + 1];
        }
    }

    private ModbusLog() {
    }

    /** Subscribes modbus.log ({@code stream}) to the {@link ModbusMessage}s published on {@code events}. */
    public static void install(EventBus events, LogStream stream) {
        events.subscribe(ModbusMessage.class, m -> stream.write(new Row(m)));
    }

    /**
     * main.zeek's {@code build_func}: the code's own name when listed or when the code without bit 0x80 is not,
     * else that name with "_EXCEPTION"; unlisted codes are "unknown-N".
     */
    static String function(int code) {
        int masked = code & 0x7f;
        if (FUNCTIONS[code] != null || FUNCTIONS[masked] == null) {
            return FUNCTIONS[code] != null ? FUNCTIONS[code] : "unknown-" + code;
        }
        return (code & 0x80) != 0 ? FUNCTIONS[masked] + "_EXCEPTION" : FUNCTIONS[masked];
    }

    /** consts.zeek's {@code exception_codes}, "unknown-N" for codes not listed. */
    static String exception(int code) {
        return EXCEPTIONS[code] != null ? EXCEPTIONS[code] : "unknown-" + code;
    }

    /** One row. */
    record Row(ModbusMessage m) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(m.ts());
            w.string(m.conn().uid());
            m.conn().writeId(w);
            w.count(m.tid());
            w.count(m.unit());
            w.string(function(m.function()));
            w.string(m.request() ? "REQ" : "RESP");
            if (m.exception() < 0) {
                w.unset();
            } else {
                w.string(exception(m.exception()));
            }
        }
    }
}
