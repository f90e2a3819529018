package io.osprey.analyzer.rdp;

import io.osprey.engine.analyzer.ConnInfo;

import java.util.List;

/**
 * One rdp.log row (Zeek's {@code RDP::Info}, base/protocols/rdp/main.zeek): a snapshot published by
 * {@link RdpAnalyzer} when Zeek's script writes it (rdp_check_interval after the session began, on a violation, or
 * when the connection ends), consumed by {@link RdpLog}. Unset strings are null, unset counts -1; byte strings are
 * as Zeek holds them (the cookie as sent, names converted from UTF-16 to UTF-8).
 *
 * @param ts                   network time of the session's first event, ns
 * @param conn                 the connection
 * @param cookie               the mstshash cookie (empty when the request had none)
 * @param result               negotiation failure, GCC result or "encrypted"
 * @param securityProtocol     the protocol the server selected
 * @param clientChannels       the channels the client asked for (trailing NULs removed), or null
 * @param keyboardLayout       the keyboard layout's language
 * @param clientBuild          the client's build
 * @param clientName           the client's name
 * @param clientDigProductId   the client's product id
 * @param desktopWidth         desktop width
 * @param desktopHeight        desktop height
 * @param requestedColorDepth  the requested color depth
 * @param certType             the server certificate's type
 * @param certCount            certificates seen
 * @param certPermanent        whether the certificate is permanently issued, or null
 * @param encryptionLevel      the server's encryption level
 * @param encryptionMethod     the server's encryption method
 */
public record RdpInfo(long ts, ConnInfo conn, byte[] cookie, String result, String securityProtocol,
                      List<byte[]> clientChannels, String keyboardLayout, String clientBuild, byte[] clientName,
                      byte[] clientDigProductId, int desktopWidth, int desktopHeight, String requestedColorDepth,
                      String certType, long certCount, Boolean certPermanent, String encryptionLevel,
                      String encryptionMethod) {
}
