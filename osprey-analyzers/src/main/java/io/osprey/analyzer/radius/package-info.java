/**
 * RADIUS (RFC 2865 §3, §5): protocol recognition for conn.log's {@code service}; Zeek's counterpart is
 * {@code src/analyzer/protocol/radius} with {@code scripts/base/protocols/radius}. Known gap: radius.log is not
 * written yet.
 */
package io.osprey.analyzer.radius;
