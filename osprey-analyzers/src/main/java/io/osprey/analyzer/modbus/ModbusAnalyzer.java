package io.osprey.analyzer.modbus;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Modbus/TCP (Zeek's MODBUS analyzer, src/analyzer/protocol/modbus: modbus-protocol.pac, modbus-analyzer.pac), port
 * 502: each direction is a sequence of PDUs, an MBAP header ({@code tid pid len uid fc}, big-endian) and
 * {@code len - 2} bytes of body, parsed as binpac's flow unit does:
 *
 * <ul>
 *   <li>the header is parsed as soon as its 8 bytes are there: {@code pid != 0} or {@code len < 2} is an
 *   {@code &enforce} violation; otherwise Zeek's {@code modbus_message} fires, which logs requests and normal
 *   responses ({@link ModbusMessage}) at once, before the body arrives;</li>
 *   <li>the body is parsed once complete, by direction and function code, with binpac's bounds checks (their
 *   {@code out_of_bound} texts, which name the record or field and the bytes needed and given, are the violation
 *   reasons); an exception response ({@code fc & 0x80}) with its code logs the row with the exception; every whole
 *   PDU confirms;</li>
 *   <li>after a violation the rest of the delivery is dropped and parsing starts afresh with the next one (binpac
 *   discards its buffer); a content gap is not counted (binpac fills the PDU it is collecting with the bytes after
 *   the gap); a PDU cut by the end of the connection is dropped silently, as binpac does.</li>
 * </ul>
 *
 * <p>Called by the engine's connection analyzers on one worker thread. A body within one delivery is parsed in
 * place; one split over deliveries is collected in a per-direction buffer of at most {@link #MAX_BODY} bytes.
 * Steady state allocates only the events.
 */
public final class ModbusAnalyzer extends Analyzer {
    /** Zeek's base/protocols/modbus {@code Modbus::ports}. */
    static final int[] PORTS = {502};
    /** The largest body: the MBAP length field is 16 bits and counts the unit and function bytes too. */
    static final int MAX_BODY = 0xffff - 2;
    /** binpac's exception prefix as Zeek's analyzer framework reports it. */
    static final String BINPAC = "Binpac exception: binpac exception: ";

    /** The declaration; BuiltinAnalyzers registers it. */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("MODBUS", "modbus", AnalyzerSpec.TCP, PORTS, null, null,
            ModbusAnalyzer::new);

    private final Direction orig = new Direction();
    private final Direction resp = new Direction();

    /** One direction's flow-unit state. */
    private static final class Direction {
        final byte[] header = new byte[8];
        int headerLen;
        /** Body bytes still to come; -1 while reading a header. */
        int bodyLeft = -1;
        int bodyLen;
        int fc;
        int tid;
        int unit;
        byte[] body = new byte[0];
        MemorySegment bodySeg = MemorySegment.ofArray(body);
    }

    private ModbusAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        Direction d = isOrig ? orig : resp;
        long p = offset;
        long end = offset + len;
        while (p < end) {
            if (d.bodyLeft < 0) {
                int n = (int) Math.min(8 - d.headerLen, end - p);
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p, d.header, d.headerLen, n);
                d.headerLen += n;
                p += n;
                if (d.headerLen == 8 && !header(isOrig, d)) {
                    return; // binpac drops the rest of the delivery after an exception
                }
            } else if (d.bodyLen == 0 && end - p >= d.bodyLeft) {
                // The whole body is in this delivery: parse it in place.
                int n = d.bodyLeft;
                d.bodyLeft = -1;
                if (!body(isOrig, d, data, p, n)) {
                    return;
                }
                p += n;
            } else {
                int n = (int) Math.min(d.bodyLeft, end - p);
                if (d.body.length < d.bodyLen + n) {
                    d.body = Arrays.copyOf(d.body, Math.min(MAX_BODY, Math.max(256,
                            Math.max(d.bodyLen + n, d.body.length * 2))));
                    d.bodySeg = MemorySegment.ofArray(d.body);
                }
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p, d.body, d.bodyLen, n);
                d.bodyLen += n;
                d.bodyLeft -= n;
                p += n;
                if (d.bodyLeft == 0) {
                    int bl = d.bodyLen;
                    d.bodyLen = 0;
                    d.bodyLeft = -1;
                    if (!body(isOrig, d, d.bodySeg, 0, bl)) {
                        return;
                    }
                }
            }
        }
    }

    /** ModbusTCP_TransportHeader, complete: its checks and modbus_message. False after a violation. */
    private boolean header(boolean isOrig, Direction d) {
        byte[] h = d.header;
        d.headerLen = 0;
        int pid = u16(h, 2);
        int len = u16(h, 4);
        if (pid != 0) {
            return fail(d, "&enforce violation : ModbusTCP_TransportHeader:pid");
        }
        if (len < 2) {
            return fail(d, "&enforce violation : ModbusTCP_TransportHeader:len");
        }
        d.tid = u16(h, 0);
        d.unit = h[6] & 0xff;
        d.fc = h[7] & 0xff;
        d.bodyLeft = len - 2;
        d.bodyLen = 0;
        if (d.fc < 0x80) {
            publish(d, isOrig, -1);
        }
        if (d.bodyLeft == 0) {
            d.bodyLeft = -1;
            return body(isOrig, d, d.bodySeg, 0, 0);
        }
        return true;
    }

    /** The PDU's body is complete: binpac's parse of it. False after a violation. */
    private boolean body(boolean isOrig, Direction d, MemorySegment s, long off, int n) {
        String error = isOrig ? ModbusBodies.request(d.fc, s, off, n) : ModbusBodies.response(d.fc, s, off, n);
        if (error != null) {
            return fail(d, error);
        }
        if (!isOrig && (d.fc & 0x80) != 0) {
            publish(d, false, s.get(ValueLayout.JAVA_BYTE, off) & 0xff);
        }
        // deliver_ModbusTCP_PDU: a whole PDU confirms.
        ctx.confirm();
        return true;
    }

    private void publish(Direction d, boolean isOrig, int exception) {
        ctx.events().publish(new ModbusMessage(ctx.networkTime(), ctx.conn(), d.tid, d.unit, d.fc, isOrig,
                exception));
    }

    /** binpac's exception: the direction's buffer is dropped and the next delivery starts a new PDU. */
    private boolean fail(Direction d, String reason) {
        d.headerLen = 0;
        d.bodyLen = 0;
        d.bodyLeft = -1;
        ctx.violation(BINPAC + reason, null);
        return false;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
    }

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        // binpac's FlowBuffer::NewGap keeps what it buffered of the current PDU and goes on filling it with the bytes
        // after the gap, so the gap is simply not counted: nothing to do.
    }
}
