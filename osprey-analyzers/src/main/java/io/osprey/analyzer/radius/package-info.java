/**
 * RADIUS (RFC 2865 §3, §4, §5; RFC 2868, 2869 for the tunnel and connect-info attributes): recognition for conn.log's
 * {@code service} and radius.log, one row per authentication exchange. Zeek's counterpart is
 * {@code src/analyzer/protocol/radius} with {@code scripts/base/protocols/radius}. Known gaps: as in Zeek, accounting
 * (1813/udp) is not analyzed; no {@code radius_message}/{@code radius_attribute} events with every attribute are
 * published.
 */
package io.osprey.analyzer.radius;
