/**
 * Tunnel layers: GRE v0 (IP, transparent Ethernet bridging, ERSPAN II/III, Aruba 802.11) and enhanced GRE v1
 * (PPTP), and the UDP tunnels VXLAN (4789, RFC 7348), Geneve (6081, RFC 8926), Teredo (3544, RFC 4380; also found
 * by content), GTPv1-U (2152/2123, TS 29.281), AYIYA (5072; also found by content) and GRE over UDP (4754).
 *
 * <p>IP-level tunnels push an {@link io.osprey.packet.EncapStack.Entry} without delivering the outer datagram; UDP
 * tunnels decode after the sink has seen the outer datagram, naming its connection uid in the entry. The inner packet
 * starts fresh (no L2 addresses, no VLAN), as Zeek's inner {@code Packet} does. Analyzer confirmations and
 * violations are reported to the sink, which keeps that per-connection state.
 *
 * <p>Zeek counterparts: {@code packet_analysis/protocol/{gre,vxlan,geneve,teredo,gtpv1,ayiya}}.
 *
 * <p>Gaps: GTPv1 control messages (create/update/delete PDP context) are not parsed; Teredo's and GTP's delayed
 * confirmation and their events are the engine's.
 */
package io.osprey.packet.tunnel;
