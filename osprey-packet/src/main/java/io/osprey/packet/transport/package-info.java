/**
 * The hand-off to connection analysis (TCP, UDP, ICMP/ICMPv6, any other protocol) with Zeek's minimum-header checks,
 * the UDP tunnel dispatch, and the flyweights and checksums the connection engine uses: {@link
 * io.osprey.packet.transport.TcpHeader} (fields, flags, allocation-free options walk), {@link
 * io.osprey.packet.transport.UdpHeader}, {@link io.osprey.packet.transport.IcmpHeader} and {@link
 * io.osprey.packet.transport.Checksums} (RFC 1071, 8 bytes per step; pseudo-headers of RFC 793/768/8200).
 *
 * <p>Zeek counterparts: {@code packet_analysis/protocol/ip/IPBasedAnalyzer.cc} ({@code CheckHeaderTrunc}),
 * {@code tcp/TCP.cc}, {@code udp/UDP.cc}, {@code icmp/ICMP.cc}.
 *
 * <p>Not here, by design: TCP data-offset checks, transport checksum verdicts and UDP length mismatches are recorded
 * per connection by the engine (Zeek raises them from the session adapters).
 */
package io.osprey.packet.transport;
