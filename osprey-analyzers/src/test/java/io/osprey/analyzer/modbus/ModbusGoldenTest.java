package io.osprey.analyzer.modbus;

import io.osprey.analyzer.GoldenLogs;
import io.osprey.analyzer.Pipelines;
import io.osprey.analyzer.ZeekBaselines;
import io.osprey.testkit.ZeekLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden test on the project's own capture {@code modbus-golden.pcap} (made with {@code make-capture.sh}: mbpoll
 * against a pymodbus server: reads and writes of each kind and two exception responses). modbus.log and conn.log
 * must equal what Zeek 9.1 wrote ({@code zeek-*.log}; update with {@code ./mvnw -q test -pl osprey-analyzers -am
 * -Dosprey.golden.update=true -Dtest=ModbusGoldenTest -Dsurefire.failIfNoSpecifiedTests=false}).
 */
class ModbusGoldenTest {
    private static final List<String> LOGS = List.of("modbus.log", "conn.log");

    @TempDir
    Path dir;

    @Test
    void logsMatchZeek() throws Exception {
        Path pcap = ZeekBaselines.resource(ModbusGoldenTest.class, "modbus-golden.pcap");
        if (ZeekBaselines.updating()) {
            ZeekBaselines.update(ModbusGoldenTest.class, pcap, dir, "modbus-golden.pcap", LOGS);
        }
        Path out = Pipelines.run(pcap, dir.resolve("out"), null);
        GoldenLogs golden = new GoldenLogs(Set.of("uid"), Set.of("service"));
        for (String log : LOGS) {
            golden.compare(ModbusGoldenTest.class, log, out);
        }
        golden.assertSame();
        // What the capture is about: both exception responses, and every connection recognised.
        assertThat(ZeekLogs.read(out.resolve("modbus.log"))).extracting(r -> r.get("func") + " " + r.get("exception"))
                .contains("READ_HOLDING_REGISTERS_EXCEPTION ILLEGAL_DATA_ADDRESS",
                        "READ_COILS_EXCEPTION ILLEGAL_DATA_ADDRESS");
        assertThat(Pipelines.services(out, "id.orig_p").values()).hasSize(10).containsOnly("modbus");
    }
}
