/**
 * DNS over UDP and TCP (RFC 1035; dynamic update RFC 2136; EDNS RFC 6891; DNSSEC RRs RFC 4034/5155; SVCB/HTTPS
 * RFC 9460) and dns.log, as Zeek 9.1 writes them. Zeek counterparts: {@code src/analyzer/protocol/dns/DNS.cc}
 * ({@link io.osprey.analyzer.dns.DnsParser}, {@link io.osprey.analyzer.dns.DnsAnalyzer}) and
 * {@code scripts/base/protocols/dns/main.zeek} + {@code consts.zeek} ({@link io.osprey.analyzer.dns.DnsState},
 * {@link io.osprey.analyzer.dns.DnsLog}); the policy scripts {@code protocols/dns/auth-addl},
 * {@code log-original-query-case} and {@code disable-opcode-log-fields} are supported as log options.
 * Attaches by port only (Zeek has no DNS signature): UDP 53, 137, 5353, 5355 and TCP 53.
 * Known gaps: Zeek's {@code dns_skip_auth}/{@code dns_skip_addl} per-server sets are not configurable; the events
 * Zeek raises for scripts (EDNS, TSIG, TKEY, SVCB details) are parsed for their weirds and lengths only; the
 * "arbitrary" pending query Zeek picks from its hash table is the oldest one here.
 */
package io.osprey.analyzer.dns;
