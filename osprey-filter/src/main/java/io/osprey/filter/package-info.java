/**
 * tcpdump's capture filter language (pcap-filter(7)) in pure Java, with libpcap's semantics: {@link
 * io.osprey.filter.FilterCompiler} turns an expression into a {@link io.osprey.filter.PacketFilter} for a link
 * type; {@link io.osprey.filter.FilteringSource} applies one to a packet source ({@code osprey -f}).
 *
 * <p>Pipeline: {@code Lexer} (scanner.l's tokens and longest-match rules) → {@code Parser} (grammar.y's language,
 * recursive descent) → {@code CodeGen} (gencode.c's semantics for 190 link types: where each header is, vlan/mpls/
 * pppoes/geneve/vxlan offset shifts, IPv4+IPv6 for unqualified primitives, fragments) → {@code Optimizer}
 * (optimize.c's algorithm; it decides short-packet verdicts and "expression rejects all packets") →
 * {@code Program} (BPF instructions) → {@code Jit} (a hidden class per filter; {@code Interpreter} as fallback).
 * Counterpart: libpcap's pcap_compile as tcpdump -r uses it (offline, optimized, netmask 0).
 *
 * <p>Checked against libpcap 1.11: all 18,437 applicable rows of its filter test suite accept or reject alike and
 * select the same packets of its test savefiles; our programs select the same packets as libpcap's for its 834
 * accept blocks; and tcpdump selects the same packets on generated and corpus captures.
 *
 * <p>Known gaps: Linux BPF extensions (VLAN tag, ifindex and direction metadata) compile but never match in
 * captures read from files, as in libpcap's userland filter; host names resolve through the JVM's resolver.
 */
package io.osprey.filter;
