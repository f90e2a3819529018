package io.osprey.analyzer.rfb;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * One rfb.log row (Zeek's {@code RFB::Info}, base/protocols/rfb/main.zeek): a snapshot published by
 * {@link RfbAnalyzer} when Zeek's script writes it (after the server's init message, or when the connection ends),
 * consumed by {@link RfbLog}. Unset strings are null, unset booleans null, unset counts -1.
 *
 * @param ts                   network time of the session's first event, ns
 * @param conn                 the connection
 * @param clientMajor          the client's major version (three characters as sent)
 * @param clientMinor          the client's minor version
 * @param serverMajor          the server's major version
 * @param serverMinor          the server's minor version
 * @param authenticationMethod main.zeek's {@code friendly_auth_name} of the security type
 * @param auth                 whether authentication succeeded
 * @param shareFlag            the client's shared-session flag
 * @param desktopName          the server's desktop name (bytes as sent)
 * @param width                the framebuffer width
 * @param height               the framebuffer height
 */
public record RfbInfo(long ts, ConnInfo conn, byte[] clientMajor, byte[] clientMinor, byte[] serverMajor,
                      byte[] serverMinor, String authenticationMethod, Boolean auth, Boolean shareFlag,
                      byte[] desktopName, int width, int height) {
}
