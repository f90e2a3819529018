package io.osprey.analyzer.dns;

import io.osprey.engine.event.EventBus;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;
import io.osprey.log.LogStream;

import java.util.ArrayList;
import java.util.List;

/**
 * dns.log: Zeek's {@code DNS::Info} ({@code base/protocols/dns/main.zeek}), one row per {@link DnsTransaction}, with
 * the optional columns of the policy scripts that add them, in the order the scripts are loaded.
 */
public final class DnsLog {
    /** Optional columns added by policy scripts. */
    public enum Extra {
        /** {@code protocols/dns/auth-addl}: {@code auth}, {@code addl} (set[string]). */
        AUTH_ADDL,
        /** {@code protocols/dns/log-original-query-case}: {@code original_query}. */
        ORIGINAL_QUERY,
        /** {@code protocols/dns/disable-opcode-log-fields}: drops {@code opcode} and {@code opcode_name}. */
        NO_OPCODE
    }

    private DnsLog() {
    }

    /** The schema for the given extras (in order). */
    public static LogSchema schema(List<Extra> extras) {
        List<Object> f = new ArrayList<>(List.of(
                "ts", FieldType.TIME,
                "uid", FieldType.STRING,
                "id.orig_h", FieldType.ADDR,
                "id.orig_p", FieldType.PORT,
                "id.resp_h", FieldType.ADDR,
                "id.resp_p", FieldType.PORT,
                "proto", FieldType.ENUM,
                "trans_id", FieldType.COUNT,
                "rtt", FieldType.INTERVAL,
                "query", FieldType.STRING,
                "qclass", FieldType.COUNT,
                "qclass_name", FieldType.STRING,
                "qtype", FieldType.COUNT,
                "qtype_name", FieldType.STRING,
                "rcode", FieldType.COUNT,
                "rcode_name", FieldType.STRING,
                "AA", FieldType.BOOL,
                "TC", FieldType.BOOL,
                "RD", FieldType.BOOL,
                "RA", FieldType.BOOL,
                "Z", FieldType.COUNT,
                "answers", FieldType.VECTOR_STRING,
                "TTLs", FieldType.VECTOR_INTERVAL,
                "rejected", FieldType.BOOL));
        if (!extras.contains(Extra.NO_OPCODE)) {
            f.addAll(List.of("opcode", FieldType.COUNT, "opcode_name", FieldType.STRING));
        }
        for (Extra e : extras) {
            switch (e) {
                case AUTH_ADDL -> f.addAll(List.of("auth", FieldType.SET_STRING, "addl", FieldType.SET_STRING));
                case ORIGINAL_QUERY -> f.addAll(List.of("original_query", FieldType.STRING));
                case NO_OPCODE -> {
                }
            }
        }
        return LogSchema.of("dns", f.toArray());
    }

    /** Subscribes dns.log to {@code events}, writing to {@code stream} with the columns of {@code extras}. */
    public static void install(EventBus events, LogStream stream, List<Extra> extras) {
        List<Extra> ex = List.copyOf(extras);
        events.subscribe(DnsTransaction.class, t -> stream.write(new Row(t, ex)));
    }

    private record Row(DnsTransaction t, List<Extra> extras) implements LogRecord {
        @Override
        public void write(FieldWriter w) {
            w.time(t.ts());
            w.string(t.conn().uid());
            t.conn().writeId(w);
            w.string(t.proto());
            w.count(t.transId());
            if (Double.isNaN(t.rtt())) {
                w.unset();
            } else {
                w.intervalSeconds(t.rtt());
            }
            bytesOrUnset(w, t.query());
            countOrUnset(w, t.qclass());
            stringOrUnset(w, t.qclassName());
            countOrUnset(w, t.qtype());
            stringOrUnset(w, t.qtypeName());
            countOrUnset(w, t.rcode());
            stringOrUnset(w, t.rcodeName());
            w.bool(t.aa());
            w.bool(t.tc());
            w.bool(t.rd());
            w.bool(t.ra());
            w.count(t.z());
            if (t.answers() == null) {
                w.unset();
                w.unset();
            } else {
                w.byteStrings(t.answers());
                long[] ttls = t.ttls();
                long[] nanos = new long[ttls.length];
                for (int i = 0; i < ttls.length; i++) {
                    nanos[i] = ttls[i] * 1_000_000_000L;
                }
                w.intervals(nanos, nanos.length);
            }
            w.bool(t.rejected());
            if (!extras.contains(Extra.NO_OPCODE)) {
                countOrUnset(w, t.opcode());
                stringOrUnset(w, t.opcodeName());
            }
            for (Extra e : extras) {
                switch (e) {
                    case AUTH_ADDL -> {
                        setOrUnset(w, t.auth());
                        setOrUnset(w, t.addl());
                    }
                    case ORIGINAL_QUERY -> bytesOrUnset(w, t.originalQuery());
                    case NO_OPCODE -> {
                    }
                }
            }
        }

        private static void bytesOrUnset(FieldWriter w, byte[] b) {
            if (b == null) {
                w.unset();
            } else {
                w.bytes(b, 0, b.length);
            }
        }

        private static void setOrUnset(FieldWriter w, List<byte[]> v) {
            if (v == null) {
                w.unset();
            } else {
                w.byteStrings(v);
            }
        }

        private static void countOrUnset(FieldWriter w, int v) {
            if (v < 0) {
                w.unset();
            } else {
                w.count(v);
            }
        }

        private static void stringOrUnset(FieldWriter w, String s) {
            if (s == null) {
                w.unset();
            } else {
                w.string(s);
            }
        }
    }
}
