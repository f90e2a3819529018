package io.osprey.analyzer.http;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * Event: an HTTP request line was parsed (Zeek's {@code http_request}). Published only when someone subscribed.
 *
 * @param conn         the connection
 * @param method       the method as sent
 * @param uri          the request target as sent
 * @param unescapedUri the target with %-escapes decoded (http.log's {@code uri})
 * @param version      the request's HTTP version, e.g. "1.1" ("0.9" without one)
 * @param ts           network time, ns since the epoch
 */
public record HttpRequest(ConnInfo conn, byte[] method, byte[] uri, byte[] unescapedUri, String version, long ts) {
}
