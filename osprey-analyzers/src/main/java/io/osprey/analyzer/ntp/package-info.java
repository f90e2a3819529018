/**
 * NTP (RFC 5905; control messages RFC 1305 appendix B / RFC 9327; ntpd's private mode 7): recognition for conn.log's
 * {@code service} and ntp.log, ntp_control.log and ntp_private.log. Zeek's counterpart is
 * {@code src/analyzer/protocol/ntp} with {@code scripts/base/protocols/ntp}. Known gaps: the MACs of standard
 * messages and the contents of extension fields are parsed only as far as Zeek's logs need (Zeek logs neither); no
 * {@code ntp_message} event with the full message record is published.
 */
package io.osprey.analyzer.ntp;
