/**
 * Connections and conn.log: the flow table, originator/responder decisions, the TCP state machine with its history
 * letters and sequence-space sizes, gaps, UDP/ICMP/unknown-transport activity, and the timers that end
 * connections. Zeek counterparts: src/Conn.cc, src/session, src/packet_analysis/protocol/{tcp,udp,icmp,ip},
 * src/analyzer/protocol/tcp (TCP_Endpoint, TCP_Reassembler), src/analyzer/protocol/conn-size and
 * scripts/base/protocols/conn/main.zeek. Known gaps: no application analyzers yet (service, DPD flips, the
 * analyzer-limit X letter from protocol analyzers), no -f filter.
 *
 * <p>Memory: a tracked connection is one {@link io.osprey.engine.conn.Connection} object of the transport's
 * subclass ({@code TcpSession} with its two {@code TcpEndpoint}s, or {@code FlowConnection}); state few connections
 * need (uid text, reassembly ranges, scaled-history counters, tunnel/PPPoE/MAC state) is allocated on first use.
 * BENCHMARKS.md ("Heap per tracked connection") has the sizes; MemoryPerConnectionTest guards them.
 */
package io.osprey.engine.conn;
