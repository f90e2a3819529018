package io.osprey.analyzer.modbus;

import io.osprey.engine.analyzer.AnalyzerFailure;
import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Modbus analyzer with PDUs in code. The expected rows and violation texts are what Zeek 9.1 wrote for the same
 * PDUs, each sent as one TCP segment (a capture made for the purpose, run through {@code zeek -r} with
 * policy/frameworks/analyzer/debug-logging).
 */
class ModbusAnalyzerTest {
    private static final String B = ModbusAnalyzer.BINPAC;
    private final List<String> rows = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    private AnalyzerHarness harness() {
        AnalyzerHarness h = new AnalyzerHarness(AnalyzerSpec.TCP, 502, ModbusAnalyzer.SPEC);
        h.events().subscribe(ModbusMessage.class, m -> rows.add(m.tid() + " " + m.unit() + " "
                + ModbusLog.function(m.function()) + " " + (m.request() ? "REQ" : "RESP") + " "
                + (m.exception() < 0 ? "-" : ModbusLog.exception(m.exception()))));
        h.events().subscribe(AnalyzerFailure.class, f -> violations.add(f.reason()));
        return h;
    }

    /** An MBAP PDU: header with the body's length (or {@code len} when not negative) and the body in hex. */
    static byte[] pdu(int tid, int unit, int fc, String body, int pid, int len) {
        byte[] b = HexFormat.of().parseHex(body.replace(" ", ""));
        int l = len >= 0 ? len : b.length + 2;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) (tid >> 8), (byte) tid, (byte) (pid >> 8), (byte) pid, (byte) (l >> 8),
                (byte) l, (byte) unit, (byte) fc});
        o.writeBytes(b);
        return o.toByteArray();
    }

    static byte[] pdu(int tid, int unit, int fc, String body) {
        return pdu(tid, unit, fc, body, 0, -1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    @Test
    void requestsResponsesAndExceptions() {
        AnalyzerHarness h = harness();
        h.stream(true, pdu(1, 10, 1, "0000 0008")).stream(false, pdu(1, 10, 1, "01ff"));
        assertThat(h.services()).containsExactly("modbus");
        h.stream(true, concat(pdu(2, 10, 3, "0000 0002"), pdu(3, 10, 6, "0001 0007")));
        byte[] r = pdu(2, 10, 3, "04 0001 0002");
        h.stream(false, Arrays.copyOf(r, 5)).stream(false, Arrays.copyOfRange(r, 5, r.length))
                .stream(false, pdu(3, 10, 6, "0001 0007"));
        h.stream(false, pdu(4, 10, 0x83, "02")).stream(false, pdu(6, 10, 0x99, "0b"))
                .stream(true, pdu(7, 10, 0x90, "0102"));
        assertThat(rows).containsExactly("1 10 READ_COILS REQ -", "1 10 READ_COILS RESP -",
                "2 10 READ_HOLDING_REGISTERS REQ -", "3 10 WRITE_SINGLE_REGISTER REQ -",
                "2 10 READ_HOLDING_REGISTERS RESP -", "3 10 WRITE_SINGLE_REGISTER RESP -",
                "4 10 READ_HOLDING_REGISTERS_EXCEPTION RESP ILLEGAL_DATA_ADDRESS",
                "6 10 unknown-153 RESP GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND");
        assertThat(violations).isEmpty();
    }

    @Test
    void functionNamesAsMainZeeksBuildFunc() {
        assertThat(ModbusLog.function(0x01)).isEqualTo("READ_COILS");
        assertThat(ModbusLog.function(0x81)).isEqualTo("READ_COILS_EXCEPTION");
        assertThat(ModbusLog.function(0xff)).isEqualTo("REPORT_LOCAL_ADDRESS_EXCEPTION");
        assertThat(ModbusLog.function(0x1d)).isEqualTo("unknown-29");
        assertThat(ModbusLog.function(0x9c)).isEqualTo("unknown-156");
        assertThat(ModbusLog.exception(0x07)).isEqualTo("unknown-7");
    }

    @Test
    void aRequestIsLoggedWithItsHeaderEvenWhenTheBodyNeverComes() {
        AnalyzerHarness h = harness();
        h.stream(true, pdu(1, 1, 1, "", 0, 6)).endOfData(true).done();
        assertThat(rows).containsExactly("1 1 READ_COILS REQ -");
        assertThat(violations).isEmpty();
        assertThat(h.services()).isEmpty();
    }

    @Test
    void malformedPdusAreViolationsWithBinpacText() {
        Object[][] cases = {
                {true, pdu(1, 1, 1, "", 1, 0x1000), "&enforce violation : ModbusTCP_TransportHeader:pid", false},
                {true, pdu(1, 1, 1, "", 0, 0), "&enforce violation : ModbusTCP_TransportHeader:len", false},
                {true, pdu(1, 1, 0x10, "0000 0003 04 00010002"),
                        "out_of_bound: WriteMultipleRegistersRequest:registers: 3 > 4", true},
                {true, pdu(1, 1, 0x14, "08 06000100000001 06"), "out_of_bound: FileRecordRequest: 7 > 1", true},
                {true, pdu(1, 1, 1, "0000"), "out_of_bound: ReadCoilsRequest: 4 > 2", true},
                {false, pdu(1, 1, 3, "08 0001"), "out_of_bound: ReadHoldingRegistersResponse:registers: 9 > 3", true},
                {false, pdu(5, 10, 0x81, ""), "out_of_bound: ModbusTCP_ExceptResponse: 1 > 0", false},
                {true, pdu(1, 1, 0x0f, "0000 0010"), "out_of_bound: WriteMultipleCoilsRequest:byte_count: 5 > 4", true},
                {true, pdu(1, 1, 0x0f, "0000 0010 02 ff"), "out_of_bound: WriteMultipleCoilsRequest:coils: 7 > 6",
                        true},
                {false, pdu(1, 1, 0x14, "04 03 06 0000"), "out_of_bound: FileRecordResponse:record_data: 5 > 4",
                        true},
                {false, pdu(1, 1, 0x15, "07 06 0001 0002 0001"),
                        "out_of_bound: ReferenceWithData:record_data: 9 > 7", true},
                {false, pdu(1, 1, 0x18, "0004 0002 0001"),
                        "out_of_bound: ReadFIFOQueueResponse:register_data: 8 > 6", true},
                {true, pdu(1, 1, 0x17, "0000 0001 0000 0003 04 00000000"),
                        "out_of_bound: ReadWriteMultipleRegistersRequest:write_register_values: 3 > 4", true},
                {true, pdu(1, 1, 0x08, "00"), "out_of_bound: DiagnosticsRequest:subfunction: 2 > 1", true},
        };
        for (Object[] c : cases) {
            rows.clear();
            violations.clear();
            AnalyzerHarness h = harness();
            h.stream((Boolean) c[0], (byte[]) c[1]);
            assertThat(violations).as((String) c[2]).containsExactly(B + c[2]);
            // The header's modbus_message is logged before the body fails (not for exceptions or header errors).
            assertThat(rows).as((String) c[2]).hasSize((Boolean) c[3] ? 1 : 0);
            assertThat(h.services()).isEmpty();
        }
    }

    @Test
    void unknownFunctionsAlwaysParse() {
        AnalyzerHarness h = harness();
        h.stream(true, pdu(1, 1, 0x41, "")).stream(false, pdu(1, 1, 0x41, "ffff"));
        assertThat(rows).containsExactly("1 1 unknown-65 REQ -", "1 1 unknown-65 RESP -");
        assertThat(h.services()).containsExactly("modbus");
    }

    @Test
    void everySplitGivesTheSameRows() {
        byte[] all = concat(pdu(1, 1, 1, "0000 0008"), pdu(2, 1, 0x10, "0000 0002 04 00010002"),
                pdu(3, 1, 0x14, "07 06 0001 0000 0001"), pdu(4, 1, 0x2b, "0e 0100"));
        List<String> want = null;
        for (int cut = 0; cut <= all.length; cut++) {
            rows.clear();
            AnalyzerHarness h = harness();
            h.stream(true, Arrays.copyOfRange(all, 0, cut)).stream(true, Arrays.copyOfRange(all, cut, all.length));
            if (want == null) {
                want = List.copyOf(rows);
                assertThat(want).hasSize(4);
            }
            assertThat(rows).as("cut %d", cut).isEqualTo(want);
            assertThat(h.services()).as("cut %d", cut).containsExactly("modbus");
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theBytesAfterAGapContinueThePdu() {
        // binpac's flow buffer does not count the gap: the PDU is completed by the bytes after it.
        AnalyzerHarness h = harness();
        byte[] p = pdu(1, 1, 3, "0000 0002");
        h.stream(true, Arrays.copyOf(p, 9)).gap(true, 9, 100).stream(true, Arrays.copyOfRange(p, 9, p.length))
                .stream(false, pdu(1, 1, 3, "04 00000000"));
        assertThat(rows).containsExactly("1 1 READ_HOLDING_REGISTERS REQ -", "1 1 READ_HOLDING_REGISTERS RESP -");
        assertThat(h.services()).containsExactly("modbus");
    }

    @Test
    void parsingDoesNotAllocateBeyondTheEvents() {
        AnalyzerHarness h = harness();
        ModbusAnalyzer a = (ModbusAnalyzer) h.analyzer("MODBUS");
        // Requests with bit 0x80 set are parsed (header, body, confirmation) but log nothing, so what is measured
        // is the parser alone.
        byte[] c = concat(pdu(1, 1, 0x90, "0102"), pdu(2, 1, 0xa0, ""));
        MemorySegment cs = MemorySegment.ofArray(c);
        for (int i = 0; i < 2000; i++) {
            a.deliverStream(true, cs, 0, c.length);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            a.deliverStream(true, cs, 0, c.length);
        }
        assertThat(mx.getCurrentThreadAllocatedBytes() - before).isLessThan(64 * 1024);
        assertThat(violations).isEmpty();
        assertThat(rows).isEmpty();
    }
}
