package io.osprey.analyzer.dns;

import io.osprey.engine.analyzer.ConnInfo;

import java.util.List;

/**
 * Event: one DNS transaction is complete (Zeek's {@code DNS::log_dns}, i.e. the {@code DNS::Info} record at the moment
 * Zeek's script writes it to dns.log): a query paired with its reply, or a query or reply that found no partner by
 * the time the connection ended or the pending queues overflowed. Published on the worker's event bus by
 * {@link DnsState}; {@link DnsLog} subscribes. Immutable; the arrays and lists are owned by the event.
 *
 * @param conn          the connection (read uid and 4-tuple from it while handling the event)
 * @param ts            network time of the first message of the transaction, ns since the epoch
 * @param proto         "udp" or "tcp"
 * @param transId       the DNS transaction id
 * @param rtt           seconds from the query to the first answer (Zeek's double), or NaN when unset
 * @param query         the queried name as bytes (lower-cased; NetBIOS names decoded), or null
 * @param qclass        QCLASS, or -1
 * @param qclassName    Zeek's name of QCLASS, or null
 * @param qtype         QTYPE, or -1
 * @param qtypeName     Zeek's name of QTYPE, or null
 * @param rcode         RCODE of the reply, or -1 (no reply)
 * @param rcodeName     Zeek's name of RCODE, or null
 * @param aa            Authoritative Answer bit of the reply
 * @param tc            Truncation bit of the query
 * @param rd            Recursion Desired bit of the query
 * @param ra            Recursion Available bit of the reply
 * @param z             the 3-bit Z field of the query
 * @param answers       the rendered answers in order, or null
 * @param ttls          the answers' TTLs in seconds (same length as answers), or null
 * @param rejected      the server rejected the query
 * @param opcode        the opcode, or -1
 * @param opcodeName    Zeek's name of the opcode, or null
 * @param auth          rendered authority RRs (policy protocols/dns/auth-addl), or null
 * @param addl          rendered additional RRs (auth-addl), or null
 * @param originalQuery the query name as sent (policy protocols/dns/log-original-query-case), or null
 */
public record DnsTransaction(ConnInfo conn, long ts, String proto, int transId, double rtt, byte[] query, int qclass,
                             String qclassName, int qtype, String qtypeName, int rcode, String rcodeName, boolean aa,
                             boolean tc, boolean rd, boolean ra, int z, List<byte[]> answers, long[] ttls,
                             boolean rejected, int opcode, String opcodeName, List<byte[]> auth, List<byte[]> addl,
                             byte[] originalQuery) {
}
