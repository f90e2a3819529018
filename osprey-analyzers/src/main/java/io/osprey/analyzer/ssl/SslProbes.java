package io.osprey.analyzer.ssl;

import io.osprey.engine.analyzer.Probe;

/**
 * The DPD signatures of Zeek's {@code base/protocols/ssl/dpd.sig} for TLS over TCP: two independent signatures that
 * each enable the SSL analyzer, {@code dpd_tls_client} on the originator's first bytes and {@code dpd_tls_server} on
 * the responder's. SSLv2 hellos have no signature (Zeek finds SSLv2 only on its SSL ports). Stateless and
 * allocation-free; called by the framework's payload detection.
 */
final class SslProbes {
    private SslProbes() {
    }

    /** Byte classes of the signatures' fixed-length prefixes. */
    private static final int ANY = -1;
    private static final int V03 = -2; // [\x00\x01\x02\x03]

    /** {@code ^\x16\x03[\x00-\x03]..\x01...\x03[\x00-\x03]}: a TLS record carrying a ClientHello. */
    private static final int[] CLIENT = {0x16, 0x03, V03, ANY, ANY, 0x01, ANY, ANY, ANY, 0x03, V03};
    /** {@code \x16\x03[\x00-\x03]..\x02...}: a TLS record carrying a ServerHello, before the version's two bytes. */
    private static final int[] SERVER = {0x16, 0x03, V03, ANY, ANY, 0x02, ANY, ANY, ANY};
    /** {@code \x15\x03[\x00-\x03]....}: the optional alert record in front of the server's hello. */
    private static final int[] ALERT = {0x15, 0x03, V03, ANY, ANY, ANY, ANY};

    /** dpd_tls_client: {@code /^\x16\x03[\x00-\x03]..\x01...\x03[\x00-\x03].*}/}. */
    static int client(byte[] p, int len) {
        return prefix(p, len, 0, CLIENT);
    }

    /**
     * dpd_tls_server:
     * {@code /^(\x15\x03[\x00-\x03]....)?\x16\x03[\x00-\x03]..\x02...((\x03[\x00-\x04])|(\x7F[\x00-\x50])).*}/}.
     */
    static int server(byte[] p, int len) {
        int direct = hello(p, len, 0);
        if (direct == Probe.MATCH) {
            return Probe.MATCH;
        }
        int alert = prefix(p, len, 0, ALERT);
        int behindAlert = alert == Probe.MATCH ? hello(p, len, ALERT.length) : alert;
        if (behindAlert == Probe.MATCH) {
            return Probe.MATCH;
        }
        return direct == Probe.MORE || behindAlert == Probe.MORE ? Probe.MORE : Probe.NO_MATCH;
    }

    /** The server hello part at {@code at}, with its version: {@code \x03[\x00-\x04]} or a draft {@code \x7F[\x00-\x50]}. */
    private static int hello(byte[] p, int len, int at) {
        int r = prefix(p, len, at, SERVER);
        if (r != Probe.MATCH) {
            return r;
        }
        int i = at + SERVER.length;
        if (i >= len) {
            return Probe.MORE;
        }
        int major = p[i] & 0xFF;
        if (major != 0x03 && major != 0x7F) {
            return Probe.NO_MATCH;
        }
        if (i + 1 >= len) {
            return Probe.MORE;
        }
        int minor = p[i + 1] & 0xFF;
        return minor <= (major == 0x03 ? 0x04 : 0x50) ? Probe.MATCH : Probe.NO_MATCH;
    }

    /** Matches the fixed-length pattern {@code pat} at {@code at}. */
    private static int prefix(byte[] p, int len, int at, int[] pat) {
        for (int k = 0; k < pat.length; k++) {
            int i = at + k;
            if (i >= len) {
                return Probe.MORE;
            }
            int c = p[i] & 0xFF;
            int want = pat[k];
            boolean ok = want == ANY ? anyByte(c) : want == V03 ? c <= 0x03 : c == want;
            if (!ok) {
                return Probe.NO_MATCH;
            }
        }
        return Probe.MATCH;
    }

    /** Zeek's signature {@code .}: every byte (the patterns are matched on binary payload). */
    private static boolean anyByte(int c) {
        return true;
    }
}
