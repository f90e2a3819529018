/**
 * DHCP (RFC 2131, 2132): protocol recognition for conn.log's {@code service}; Zeek's counterpart is
 * {@code src/analyzer/protocol/dhcp} with {@code scripts/base/protocols/dhcp}. Known gap: dhcp.log is not written yet.
 */
package io.osprey.analyzer.dhcp;
