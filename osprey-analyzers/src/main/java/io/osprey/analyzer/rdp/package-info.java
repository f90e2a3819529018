/**
 * RDP: the TCP connection sequence up to encryption ([MS-RDPBCGR] 1.3.1.1: X.224 Connection Request/Confirm with
 * the mstshash cookie and the RDP negotiation, MCS Connect Initial/Response with the GCC conference data and the
 * client/server user data blocks) and the UDP transport's handshake ([MS-RDPEUDP] 3.1.5.1). Zeek's counterparts:
 * src/analyzer/protocol/rdp (RDP.cc, rdp-protocol.pac, rdp-analyzer.pac; RDPEUDP.cc, rdpeudp-*.pac) and
 * scripts/base/protocols/rdp (main.zeek: rdp.log; consts.zeek: the code names; dpd.sig).
 *
 * <p>{@link io.osprey.analyzer.rdp.RdpAnalyzer} frames TPKT records and owns the session that becomes the rdp.log
 * row ({@link io.osprey.analyzer.rdp.RdpInfo}, {@link io.osprey.analyzer.rdp.RdpLog});
 * {@link io.osprey.analyzer.rdp.RdpParser} reads one record as Zeek's binpac grammar does;
 * {@code RdpConsts} holds consts.zeek's tables. When the server selects TLS or CredSSP the rest of the connection
 * goes to the SSL analyzer as a child ({@link io.osprey.engine.analyzer.HandOver}); conn.log's service then reads
 * {@code ssl} (Zeek's RDP analyzer confirms only on MCS data, which is encrypted then).
 * {@link io.osprey.analyzer.rdp.RdpeudpAnalyzer} follows the UDP handshake and confirms {@code rdpeudp}.
 *
 * <p>Known gaps: the server's X.509 certificates are counted (cert_count) but not handed to the files framework, so
 * bare runs miss Zeek's files.log rows for them (Zeek's default scripts log them in x509.log only, which Osprey does
 * not write); policy/protocols/rdp/indicate_ssl's {@code ssl} column is not offered; binpac's out-of-bound messages
 * name the field Osprey checked, which is not always the one binpac names; Zeek's events (rdp_* for scripts) are not
 * published beyond what the log needs; at the end of a direction a partly buffered record is dropped (Zeek's
 * FlowEOF would try to parse it).
 */
package io.osprey.analyzer.rdp;
