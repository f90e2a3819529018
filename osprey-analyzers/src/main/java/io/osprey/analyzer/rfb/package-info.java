/**
 * RFB, the remote framebuffer protocol of VNC (RFC 6143; Apple Remote Desktop's security type 30): rfb.log and
 * conn.log's {@code service} "rfb" as Zeek 9.1 writes them. Zeek's counterparts: the binpac analyzer
 * src/analyzer/protocol/rfb (RFB.cc, rfb-protocol.pac, rfb-analyzer.pac: {@link io.osprey.analyzer.rfb.RfbAnalyzer})
 * and base/protocols/rfb (main.zeek: the session and {@link io.osprey.analyzer.rfb.RfbLog}; dpd.sig: the probe). No
 * well-known port: payload detection on "RFB" from both sides attaches it.
 *
 * <p>Known gaps: server messages are not parsed, even those that follow the server's init message in the same
 * segment (Zeek's binpac would parse them and could raise a violation on an unknown type); client message contents
 * are skipped (only their framing and type are checked); the deprecated {@code rfb_auth_result} event has no
 * counterpart.
 */
package io.osprey.analyzer.rfb;
