/**
 * IPv4 (RFC 791) and IPv6 (RFC 8200) with the extension-header chain (Hop-by-Hop, Routing with the final
 * destination of type 0/2 headers, Destination Options with the Mobile IPv6 Home Address, Fragment, AH; ESP, Mobility
 * and No Next Header end analysis), the IPv4 header checksum, fragments handed to the
 * {@link io.osprey.packet.ip.FragmentReassembler}, and IP-level tunnels: IPv4/IPv6 in IPv4/IPv6 (RFC 2003, RFC
 * 4213) and what GRE carries.
 *
 * <p>Zeek counterparts: {@code packet_analysis/protocol/ip/IP.cc}, {@code src/IP.cc}/{@code IP.h}
 * ({@code IPv6_Hdr_Chain}), {@code packet_analysis/protocol/iptunnel/IPTunnel.cc}.
 *
 * <p>Gaps: the reassembled-datagram path relies on the reassembler's contract (its header checks are Zeek's
 * post-reassembly ones only: {@code invalid_IP_header_size}).
 */
package io.osprey.packet.ip;
