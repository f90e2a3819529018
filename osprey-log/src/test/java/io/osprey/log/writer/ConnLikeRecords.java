package io.osprey.log.writer;

import static io.osprey.log.writer.TestSupport.addr;

import io.osprey.log.FieldType;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;

import java.util.List;

/** A conn-like schema that uses every {@link FieldType}, and two records for it. */
final class ConnLikeRecords {
    static final LogSchema SCHEMA = LogSchema.of("conn",
            "ts", FieldType.TIME,
            "uid", FieldType.STRING,
            "id.orig_h", FieldType.ADDR,
            "id.orig_p", FieldType.PORT,
            "id.resp_h", FieldType.ADDR,
            "id.resp_p", FieldType.PORT,
            "proto", FieldType.ENUM,
            "service", FieldType.STRING,
            "duration", FieldType.INTERVAL,
            "orig_bytes", FieldType.COUNT,
            "local_orig", FieldType.BOOL,
            "history", FieldType.STRING,
            "ratio", FieldType.DOUBLE,
            "delta", FieldType.INT,
            "net", FieldType.SUBNET,
            "tunnel_parents", FieldType.SET_STRING,
            "hosts", FieldType.SET_ADDR,
            "ids", FieldType.SET_COUNT,
            "kinds", FieldType.SET_ENUM,
            "names", FieldType.VECTOR_STRING,
            "sizes", FieldType.VECTOR_COUNT,
            "rtts", FieldType.VECTOR_INTERVAL,
            "path", FieldType.VECTOR_ADDR);

    /** Every field set. */
    static final LogRecord FULL = w -> {
        long start = 1300475167_096535000L;
        w.time(start);
        w.string("CHhAvVGS1DHFjwGM9");
        long[] o = addr("141.142.220.202");
        w.addr(o[0], o[1]);
        w.port(5353);
        long[] r = addr("ff02::fb");
        w.addr(r[0], r[1]);
        w.port(65535);
        w.string("udp");
        w.string("dns");
        w.intervalBetween(start, 1300475167_110895000L);
        w.count(-1L); // 2^64-1: counts are unsigned
        w.bool(false);
        w.string("Dd");
        w.dbl(0.25);
        w.integer(Long.MIN_VALUE);
        long[] n = addr("192.168.0.0");
        w.subnet(n[0], n[1], 16);
        w.strings(List.of("Cx,1", "-"));
        long[] a1 = addr("10.0.0.1");
        long[] a2 = addr("2001:db8::2");
        w.addrs(new long[] {a1[0], a1[1], a2[0], a2[1]}, 2);
        w.counts(new long[] {0, 7, 99}, 3);
        w.strings(List.of("A", "B"));
        w.strings(List.of("", "tab\there"));
        w.counts(new long[] {1}, 1);
        w.intervals(new long[] {1_000L, -2_500_000_000L}, 2);
        w.addrs(new long[] {r[0], r[1]}, 1);
    };

    /** Optional fields unset, containers empty. */
    static final LogRecord SPARSE = w -> {
        w.time(1300475168_000000000L);
        w.string("C2");
        long[] o = addr("::1");
        w.addr(o[0], o[1]);
        w.port(0);
        w.addr(o[0], o[1]);
        w.port(80);
        w.string("tcp");
        w.unset();
        w.interval(0);
        w.unset();
        w.bool(true);
        w.string("");
        w.dbl(3.0);
        w.integer(42);
        w.unset();
        w.strings(List.of());
        w.addrs(new long[0], 0);
        w.counts(new long[0], 0);
        w.strings(List.of());
        w.strings(List.of());
        w.counts(new long[0], 0);
        w.intervals(new long[0], 0);
        w.unset();
    };

    static final String ASCII_HEADER = """
            #separator \\x09
            #set_separator\t,
            #empty_field\t(empty)
            #unset_field\t-
            #path\tconn
            #open\t2026-11-23-21-07-00
            #fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\t\
            local_orig\thistory\tratio\tdelta\tnet\ttunnel_parents\thosts\tids\tkinds\tnames\tsizes\trtts\tpath
            #types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tbool\tstring\tdouble\tint\t\
            subnet\tset[string]\tset[addr]\tset[count]\tset[enum]\tvector[string]\tvector[count]\tvector[interval]\t\
            vector[addr]
            """;

    static final String ASCII_FULL = "1300475167.096535\tCHhAvVGS1DHFjwGM9\t141.142.220.202\t5353\tff02::fb\t65535\t"
            + "udp\tdns\t0.014360\t18446744073709551615\tF\tDd\t0.25\t-9223372036854775808\t192.168.0.0/16\t"
            + "Cx\\x2c1,\\x2d\t10.0.0.1,2001:db8::2\t0,7,99\tA,B\t(empty),tab\\x09here\t1\t0.000001,-2.500000\t"
            + "ff02::fb\n";

    static final String ASCII_SPARSE = "1300475168.000000\tC2\t::1\t0\t::1\t80\ttcp\t-\t0.000000\t-\tT\t(empty)\t"
            + "3.0\t42\t-\t(empty)\t(empty)\t(empty)\t(empty)\t(empty)\t(empty)\t(empty)\t-\n";

    static final String ASCII_CLOSE = "#close\t2026-11-23-21-07-00\n";

    static final String JSON_FULL = "{\"ts\":1300475167.096535,\"uid\":\"CHhAvVGS1DHFjwGM9\","
            + "\"id.orig_h\":\"141.142.220.202\",\"id.orig_p\":5353,\"id.resp_h\":\"ff02::fb\",\"id.resp_p\":65535,"
            + "\"proto\":\"udp\",\"service\":\"dns\",\"duration\":0.01435995101928711,"
            + "\"orig_bytes\":18446744073709551615,\"local_orig\":false,\"history\":\"Dd\",\"ratio\":0.25,"
            + "\"delta\":-9223372036854775808,\"net\":\"192.168.0.0/16\",\"tunnel_parents\":[\"Cx,1\",\"-\"],"
            + "\"hosts\":[\"10.0.0.1\",\"2001:db8::2\"],\"ids\":[0,7,99],\"kinds\":[\"A\",\"B\"],"
            + "\"names\":[\"\",\"tab\\there\"],\"sizes\":[1],\"rtts\":[0.000001,-2.5],\"path\":[\"ff02::fb\"]}\n";

    static final String JSON_SPARSE = "{\"ts\":1300475168.0,\"uid\":\"C2\",\"id.orig_h\":\"::1\",\"id.orig_p\":0,"
            + "\"id.resp_h\":\"::1\",\"id.resp_p\":80,\"proto\":\"tcp\",\"duration\":0.0,\"local_orig\":true,"
            + "\"history\":\"\",\"ratio\":3.0,\"delta\":42,\"tunnel_parents\":[],\"hosts\":[],\"ids\":[],"
            + "\"kinds\":[],\"names\":[],\"sizes\":[],\"rtts\":[]}\n";

    private ConnLikeRecords() {
    }
}
