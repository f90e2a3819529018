package io.osprey.analyzer.socks;

/** The weirds the SOCKS analyzer raises, named as Zeek's (src/analyzer/protocol/socks/socks-analyzer.pac). */
final class SocksWeirds {
    private SocksWeirds() {
    }

    /** Sub-negotiation of a SOCKS5 method other than username/password; addl: the method number. */
    static final String UNSUPPORTED_AUTHENTICATION_METHOD = "socks5_unsupported_authentication_method";
    /** An RFC 1929 message whose version is not 1; addl: "method M, version V". */
    static final String UNSUPPORTED_AUTHENTICATION = "socks5_unsupported_authentication";
}
