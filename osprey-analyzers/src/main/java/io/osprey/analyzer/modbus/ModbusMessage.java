package io.osprey.analyzer.modbus;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * One modbus.log row (Zeek's {@code Modbus::Info} as base/protocols/modbus/main.zeek writes it): a request or normal
 * response header ({@code modbus_message} with a function code below 0x80), or an exception response
 * ({@code modbus_exception}). Published on the event bus by {@link ModbusAnalyzer}, consumed by {@link ModbusLog}.
 *
 * @param ts        network time of the message, ns
 * @param conn      the connection
 * @param tid       the MBAP transaction identifier
 * @param unit      the MBAP unit identifier
 * @param function  the function code as sent (with bit 0x80 for exceptions)
 * @param request   true for the originator's PDUs (Zeek's "REQ"), false for the responder's ("RESP")
 * @param exception the exception code of an exception response, or -1
 */
public record ModbusMessage(long ts, ConnInfo conn, int tid, int unit, int function, boolean request,
                            int exception) {
}
