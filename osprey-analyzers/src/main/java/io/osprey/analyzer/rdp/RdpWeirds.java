package io.osprey.analyzer.rdp;

/** The weirds of the RDP analyzers, named exactly as Zeek names them. */
final class RdpWeirds {
    private RdpWeirds() {
    }

    /** main.zeek: the client asked for more than 31 static virtual channels (addl: the count). */
    static final String CHANNELS_EXCEED_MAX = "RDP_channels_requested_exceeds_max";
    /** binpac_zeek-lib.pac's utf16_to_utf8_val: a name ends inside a surrogate pair. */
    static final String UTF16_CONVERSION_FAILED = "utf16_conversion_failed";
}
