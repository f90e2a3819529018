/**
 * Modbus/TCP (Modbus Application Protocol V1.1b3, Modbus Messaging on TCP/IP V1.0b): modbus.log and conn.log's
 * {@code service} "modbus" as Zeek 9.1 writes them. Zeek's counterparts: the binpac analyzer
 * src/analyzer/protocol/modbus (modbus-protocol.pac's records and their bounds checks:
 * {@link io.osprey.analyzer.modbus.ModbusAnalyzer}, {@link io.osprey.analyzer.modbus.ModbusBodies}) and
 * base/protocols/modbus (main.zeek, consts.zeek: {@link io.osprey.analyzer.modbus.ModbusLog}). Port 502/tcp; no DPD
 * signature.
 *
 * <p>Not in scope: the per-function events (coils, registers, file records) that only policy scripts consume
 * (track-memmap, known-masters-slaves). Content gaps are handled as binpac does: the bytes after a gap continue the
 * PDU being collected.
 */
package io.osprey.analyzer.modbus;
