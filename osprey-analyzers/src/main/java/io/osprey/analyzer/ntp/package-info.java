/**
 * NTP (RFC 5905): protocol recognition for conn.log's {@code service}; Zeek's counterpart is
 * {@code src/analyzer/protocol/ntp} with {@code scripts/base/protocols/ntp}. Known gap: ntp.log is not written yet.
 */
package io.osprey.analyzer.ntp;
