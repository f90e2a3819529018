package io.osprey.analyzer.modbus;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The bounds checks binpac's generated parser does on a Modbus PDU body (modbus-protocol.pac), by direction and
 * function code: each returns null when the body parses, else binpac's {@code out_of_bound} text. binpac checks a
 * static-size record as a whole ("Record: needed > given"), and in a record with variable parts each run of fixed
 * fields at its last field and each variable field on its own ("Record:field: end > given", offsets from the
 * record's start); an array of {@code n} two-byte elements in {@code m} bytes fails when {@code n > m / 2}
 * ("Record:field: n > m"). The function codes without a record (binpac's {@code default -> bytestring
 * &restofdata}) always parse. Stateless; called by {@link ModbusAnalyzer}; allocates only the error text.
 */
final class ModbusBodies {
    private ModbusBodies() {
    }

    /** The request body of function {@code fc} ({@code n} bytes at {@code off}): null, or the error. */
    static String request(int fc, MemorySegment s, long off, int n) {
        return switch (fc) {
            case 0x01 -> fixed("ReadCoilsRequest", 4, n);
            case 0x02 -> fixed("ReadDiscreteInputsRequest", 4, n);
            case 0x03 -> fixed("ReadHoldingRegistersRequest", 4, n);
            case 0x04 -> fixed("ReadInputRegistersRequest", 4, n);
            case 0x05 -> fixed("WriteSingleCoilRequest", 4, n);
            case 0x06 -> fixed("WriteSingleRegisterRequest", 4, n);
            case 0x08 -> fixed("DiagnosticsRequest:subfunction", 2, n);
            case 0x0F -> prefixAndBytes("WriteMultipleCoilsRequest", "byte_count", 5, "coils", s, off, n, 4);
            case 0x10 -> registers("WriteMultipleRegistersRequest", "byte_count", 5, "registers", s, off, n, 2, 4);
            case 0x14 -> records("ReadFileRecordRequest", s, off, n, FILE_REQUEST);
            case 0x15 -> records("WriteFileRecordRequest", s, off, n, REFERENCE);
            case 0x16 -> fixed("MaskWriteRegisterRequest", 6, n);
            case 0x17 -> registers("ReadWriteMultipleRegistersRequest", "write_byte_count", 9,
                    "write_register_values", s, off, n, 6, 8);
            case 0x18 -> fixed("ReadFIFOQueueRequest", 2, n);
            case 0x2B -> fixed("EncapInterfaceTransportRequest:mei_type", 1, n);
            default -> null;
        };
    }

    /** The response body of function {@code fc}: null, or the error. */
    static String response(int fc, MemorySegment s, long off, int n) {
        if ((fc & 0x80) != 0) {
            return fixed("ModbusTCP_ExceptResponse", 1, n);
        }
        return switch (fc) {
            case 0x01 -> prefixAndBytes("ReadCoilsResponse", "byte_count", 1, "bits", s, off, n, 0);
            case 0x02 -> prefixAndBytes("ReadDiscreteInputsResponse", "byte_count", 1, "bits", s, off, n, 0);
            case 0x03 -> prefixAndBytes("ReadHoldingRegistersResponse", "byte_count", 1, "registers", s, off, n, 0);
            case 0x04 -> prefixAndBytes("ReadInputRegistersResponse", "byte_count", 1, "registers", s, off, n, 0);
            case 0x05 -> fixed("WriteSingleCoilResponse", 4, n);
            case 0x06 -> fixed("WriteSingleRegisterResponse", 4, n);
            case 0x08 -> fixed("DiagnosticsResponse:subfunction", 2, n);
            case 0x0F -> fixed("WriteMultipleCoilsResponse", 4, n);
            case 0x10 -> fixed("WriteMultipleRegistersResponse", 4, n);
            case 0x14 -> records("ReadFileRecordResponse", s, off, n, FILE_RESPONSE);
            case 0x15 -> records("WriteFileRecordResponse", s, off, n, REFERENCE);
            case 0x16 -> fixed("MaskWriteRegisterResponse", 6, n);
            case 0x17 -> prefixAndBytes("ReadWriteMultipleRegistersResponse", "byte_count", 1, "registers", s, off,
                    n, 0);
            case 0x18 -> fifo(s, off, n);
            case 0x2B -> fixed("EncapInterfaceTransportResponse:mei_type", 1, n);
            default -> null;
        };
    }

    /** A check of {@code needed} bytes against the {@code given} ones. */
    private static String fixed(String where, int needed, int given) {
        return needed > given ? "out_of_bound: " + where + ": " + needed + " > " + given : null;
    }

    /** Fixed fields ending with a one-byte count at {@code prefix - 1}, then that many bytes. */
    private static String prefixAndBytes(String rec, String countField, int prefix, String field, MemorySegment s,
                                         long off, int n, int unused) {
        String e = fixed(rec + ":" + countField, prefix, n);
        if (e != null) {
            return e;
        }
        int count = u8(s, off + prefix - 1);
        return fixed(rec + ":" + field, prefix + count, n);
    }

    /**
     * Fixed fields ending with a one-byte count at {@code prefix - 1}, then {@code uint16[quantity]} in that many
     * bytes, the quantity at {@code quantityAt}.
     */
    private static String registers(String rec, String countField, int prefix, String field, MemorySegment s,
                                    long off, int n, int quantityAt, int countAt) {
        String e = prefixAndBytes(rec, countField, prefix, field, s, off, n, 0);
        if (e != null) {
            return e;
        }
        int count = u8(s, off + countAt);
        int quantity = u16(s, off + quantityAt);
        return quantity > count / 2 ? "out_of_bound: " + rec + ":" + field + ": " + quantity + " > " + count : null;
    }

    private static final int FILE_REQUEST = 0;
    private static final int FILE_RESPONSE = 1;
    private static final int REFERENCE = 2;

    /** {@code byte_count: uint8; references: Element[] &length=byte_count}. */
    private static String records(String rec, MemorySegment s, long off, int n, int element) {
        String e = fixed(rec + ":byte_count", 1, n);
        if (e != null) {
            return e;
        }
        int count = u8(s, off);
        e = fixed(rec + ":references", 1 + count, n);
        if (e != null) {
            return e;
        }
        long p = off + 1;
        long end = p + count;
        while (p < end) {
            int rem = (int) (end - p);
            int size;
            switch (element) {
                case FILE_REQUEST -> {
                    e = fixed("FileRecordRequest", 7, rem);
                    size = 7;
                }
                case FILE_RESPONSE -> {
                    e = fixed("FileRecordResponse:ref_type", 2, rem);
                    size = e != null ? 0 : 2 + u8(s, p);
                    e = e != null ? e : fixed("FileRecordResponse:record_data", size, rem);
                }
                default -> {
                    e = fixed("ReferenceWithData:record_length", 7, rem);
                    size = e != null ? 0 : 7 + u16(s, p + 5) * 2;
                    e = e != null ? e : fixed("ReferenceWithData:record_data", size, rem);
                }
            }
            if (e != null) {
                return e;
            }
            p += size;
        }
        return null;
    }

    /** ReadFIFOQueueResponse: {@code byte_count: uint16; fifo_count: uint16; register_data: uint16[fifo_count]}. */
    private static String fifo(MemorySegment s, long off, int n) {
        String e = fixed("ReadFIFOQueueResponse:fifo_count", 4, n);
        if (e != null) {
            return e;
        }
        return fixed("ReadFIFOQueueResponse:register_data", 4 + u16(s, off + 2) * 2, n);
    }

    private static int u8(MemorySegment s, long i) {
        return s.get(ValueLayout.JAVA_BYTE, i) & 0xff;
    }

    private static int u16(MemorySegment s, long i) {
        return u8(s, i) << 8 | u8(s, i + 1);
    }
}
