package io.osprey.analyzer.http;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * Event: an HTTP status line was parsed (Zeek's {@code http_reply}), 1xx interim replies included. Published only
 * when someone subscribed.
 *
 * @param conn    the connection
 * @param version the reply's HTTP version, e.g. "1.1"
 * @param code    the status code (0 when not three digits)
 * @param reason  the reason phrase ("&lt;empty&gt;" when missing, as Zeek reports it)
 * @param ts      network time, ns since the epoch
 */
public record HttpReply(ConnInfo conn, String version, int code, byte[] reason, long ts) {
}
