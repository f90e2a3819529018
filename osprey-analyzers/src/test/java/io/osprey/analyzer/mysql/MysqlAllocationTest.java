package io.osprey.analyzer.mysql;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static io.osprey.analyzer.mysql.Mysql.concat;
import static io.osprey.analyzer.mysql.Mysql.packet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No allocation per packet in steady state, in the connection phase (auth data both ways, parsed) and in the command
 * phase (commands checked, results skipped), whatever the segmentation. An allocation check (the thread's allocated
 * bytes), not a timing test.
 */
class MysqlAllocationTest {
    private static final int DELIVERIES = 20_000;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long run(MysqlAnalyzer a, MemorySegment client, int clientLen, MemorySegment server,
                            int serverLen) {
        for (int i = 0; i < 2000; i++) {
            a.deliverStream(true, client, 0, 7);
            a.deliverStream(true, client, 7, clientLen - 7);
            a.deliverStream(false, server, 0, serverLen);
        }
        long before = allocated();
        for (int i = 0; i < DELIVERIES; i++) {
            a.deliverStream(true, client, 0, 7);
            a.deliverStream(true, client, 7, clientLen - 7);
            a.deliverStream(false, server, 0, serverLen);
        }
        return allocated() - before;
    }

    @Test
    void packetsAreParsedWithoutAllocating() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 3306, MysqlAnalyzer.spec(null));
        h.stream(false, Mysql.greetingV10()).stream(true, Mysql.responseV10());
        MysqlAnalyzer a = (MysqlAnalyzer) h.analyzer("MYSQL");
        // Connection phase: the client's auth data and the server's AuthMoreData (0x01) packets.
        byte[] authData = concat(packet(3, new byte[32]), packet(5, new byte[20]));
        byte[] moreData = concat(packet(2, new byte[] {1, 2, 3}), packet(4, new byte[] {1, 9}));
        long used = run(a, MemorySegment.ofArray(authData), authData.length, MemorySegment.ofArray(moreData),
                moreData.length);
        assertThat(used).as("connection phase: bytes allocated for %d rounds", DELIVERIES).isLessThan(64 * 1024);

        a.deliverStream(false, MemorySegment.ofArray(Mysql.ok(6)), 0, Mysql.ok(6).length);
        byte[] queries = concat(Mysql.query("select * from t where id = 1"), Mysql.query("select 2"));
        byte[] rows = concat(packet(1, new byte[] {1}), packet(2, new byte[40]), packet(3, new byte[9]));
        used = run(a, MemorySegment.ofArray(queries), queries.length, MemorySegment.ofArray(rows), rows.length);
        assertThat(used).as("command phase: bytes allocated for %d rounds", DELIVERIES).isLessThan(64 * 1024);
        assertThat(h.analyzer("MYSQL")).isSameAs(a);
        assertThat(h.services()).containsExactly("mysql");
    }
}
