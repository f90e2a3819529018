/**
 * DHCP (RFC 2131, 2132; RFC 3046 relay agent information, RFC 4702 client FQDN): recognition for conn.log's
 * {@code service} and dhcp.log, one row per transaction id joined across connections. Zeek's counterpart is
 * {@code src/analyzer/protocol/dhcp} with {@code scripts/base/protocols/dhcp}. Known gaps: the table's expiry runs
 * at DHCP messages rather than at every packet (see {@link io.osprey.analyzer.dhcp.DhcpTransactions}); no
 * {@code dhcp_message} event with every option is published; DHCPv6 is not analyzed (nor is it by Zeek).
 */
package io.osprey.analyzer.dhcp;
