package io.osprey.analyzer.dns;

/**
 * The weird names the DNS analyzer raises, spelled exactly as Zeek's {@code src/analyzer/protocol/dns/DNS.cc} spells
 * them (weird.log {@code name}). None is Osprey's own invention.
 */
final class DnsWeirds {
    private DnsWeirds() {
    }

    // ---- message level
    /** A message shorter than the 12-byte header. */
    static final String TRUNCATED_LEN_LT_HDR_LEN = "DNS_truncated_len_lt_hdr_len";
    /** An opcode other than query, notify and dynamic update (addl: the opcode). */
    static final String UNKNOWN_OPCODE = "DNS_unknown_opcode";
    /** More questions than {@code dns_max_queries} (addl "N > max"); also the violation reason. */
    static final String CONN_COUNT_TOO_LARGE = "DNS_Conn_count_too_large";
    /** A dynamic update whose zone count is not 1 (addl: the count). */
    static final String DU_INVALID_ZONE_COUNT = "DNS_DU_invalid_zone_count";
    /** A dynamic update whose zone section is not of type SOA. */
    static final String DU_INCORRECT_ZONE_TYPE = "DNS_DU_incorrect_zone_type";
    /** A dynamic-update RR in the update section with an invalid class. */
    static final String DYNAMIC_UPDATE_INVALID_UPDATE = "DNS_dynamic_update_invalid_update";
    /** A prerequisite RR with a non-zero TTL (addl: the TTL). */
    static final String DYNAMIC_UPDATE_PREREQ_NONZERO_TTL = "DNS_dynamic_update_prereq_nonzero_ttl";
    /** A prerequisite RR with an invalid class/length combination. */
    static final String DYNAMIC_UPDATE_INVALID_PREREQ = "DNS_dynamic_update_invalid_prereq";

    // ---- names
    /** A name runs past the end of the message. */
    static final String INVALID_NAME = "dns_invalid_name";
    /** A compression pointer that does not point backwards. */
    static final String LABEL_FORWARD_COMPRESS_OFFSET = "DNS_label_forward_compress_offset";
    /** A label longer than the rest of the message. */
    static final String LABEL_LEN_GT_PKT = "DNS_label_len_gt_pkt";
    /** A label longer than 63 bytes (RFC 1035 §2.3.4), except on the NetBIOS name service port. */
    static final String LABEL_TOO_LONG = "DNS_label_too_long";
    /** A label that does not fit the 512-byte name buffer. */
    static final String LABEL_LEN_GT_NAME_LEN = "DNS_label_len_gt_name_len";
    /** A decoded name of 255 bytes or more (RFC 1035 §2.3.4 allows 255 octets on the wire). */
    static final String NAME_TOO_LONG = "DNS_NAME_too_long";
    /** More nested compression pointers than {@code dns_max_compression_chain_depth} (addl: the depth). */
    static final String MAX_COMPRESSION_CHAIN_DEPTH_EXCEEDED = "DNS_max_compression_chain_depth_exceeded";

    // ---- sections and RRs
    /** A question without room for its type and class. */
    static final String TRUNCATED_QUEST_TOO_SHORT = "DNS_truncated_quest_too_short";
    /** An RR header without room for its type and class. */
    static final String TRUNCATED_ANS_TOO_SHORT = "DNS_truncated_ans_too_short";
    /** An RR whose RDLENGTH exceeds the rest of the message. */
    static final String TRUNCATED_RR_RDLENGTH_LT_LEN = "DNS_truncated_RR_rdlength_lt_len";
    /** An RR with RDLENGTH 0 that is not the message's last. */
    static final String ZERO_RDLENGTH = "DNS_zero_rdlength";
    /** An RR of a type the analyzer does not parse (addl: the type). */
    static final String RR_UNKNOWN_TYPE = "DNS_RR_unknown_type";
    /** An RR whose parsed RDATA length differs from RDLENGTH. */
    static final String RR_LENGTH_MISMATCH = "DNS_RR_length_mismatch";
    /** An A record whose RDLENGTH is not 4. */
    static final String RR_BAD_LENGTH = "DNS_RR_bad_length";
    /** A character-string longer than the rest of its RDATA (TXT, SPF, HINFO, NAPTR). */
    static final String TXT_CHAR_STR_PAST_RDLEN = "DNS_TXT_char_str_past_rdlen";
    /** A LOC record whose RDLENGTH is not 16. */
    static final String INVALID_LOC_LENGTH = "dns_invalid_loc_length";
    /** A LOC record with a version other than 0 (addl: the version). */
    static final String LOC_VERSION_UNRECOGNIZED = "DNS_LOC_version_unrecognized";
    /** An EDNS option longer than the rest of the OPT RDATA. */
    static final String EDNS_TRUNCATED_OPTION = "EDNS_truncated_option";
    /** An EDNS client-subnet option of 4 bytes or less. */
    static final String EDNS_ECS_INVALID_OPTION_LEN = "EDNS_ECS_invalid_option_len";
    /** ECS IPv4 prefix over 32 bits (addl "N bits"). */
    static final String EDNS_ECS_INVALID_ADDR_V4_PREFIX = "EDNS_ECS_invalid_addr_v4_prefix";
    /** ECS IPv4 address shorter than its prefix (addl "need N bits, have M bits"). */
    static final String EDNS_ECS_INVALID_ADDR_V4 = "EDNS_ECS_invalid_addr_v4";
    /** ECS IPv6 prefix over 128 bits. */
    static final String EDNS_ECS_INVALID_ADDR_V6_PREFIX = "EDNS_ECS_invalid_addr_v6_prefix";
    /** ECS IPv6 address shorter than its prefix. */
    static final String EDNS_ECS_INVALID_ADDR_V6 = "EDNS_ECS_invalid_addr_v6";
    /** The EDNS TCP keepalive option in DNS over UDP (RFC 7828 §3.2.1). */
    static final String EDNS_TCP_KEEPALIVE_IN_UDP = "EDNS_TCP_Keepalive_In_UDP";

    // ---- DNSSEC
    /** DNSSEC weirds whose names are built from a prefix ({@code DNSSEC_RRSIG_} or {@code DNSSEC_DNSKEY_}). */
    static final String NOT_RECOMMENDED_ZONE_SIGN_ALGO = "NotRecommended_ZoneSignAlgo";
    static final String INDIRECT_ZONE_SIGN_ALGO = "Indirect_ZoneSignAlgo";
    static final String PRIVATE_DNS_ZONE_SIGN_ALGO = "PrivateDNS_ZoneSignAlgo";
    static final String PRIVATE_OID_ZONE_SIGN_ALGO = "PrivateOID_ZoneSignAlgo";
    static final String UNKNOWN_ZONE_SIGN_ALGO = "unknown_ZoneSignAlgo";
    static final String RRSIG_PREFIX = "DNSSEC_RRSIG_";
    static final String DNSKEY_PREFIX = "DNSSEC_DNSKEY_";
    /** DNSKEY flags with bits other than zone key, revoked and SEP set (addl: the flags). */
    static final String DNSKEY_INVALID_FLAG = "DNSSEC_DNSKEY_Invalid_Flag";
    /** DNSKEY with zone key, revoked and SEP all set. */
    static final String DNSKEY_REVOKED_KSK = "DNSSEC_DNSKEY_Revoked_KSK";
    /** DNSKEY protocol other than 3 (RFC 4034 §2.1.2). */
    static final String DNSKEY_INVALID_PROTOCOL = "DNSSEC_DNSKEY_Invalid_Protocol";
    /** NSEC type bitmap block of length 0 (addl: the window block). */
    static final String NSEC_BITMAP_LEN0 = "DNSSEC_NSEC_bitmapLen0";
    /** NSEC3 type bitmap block of length 0. */
    static final String NSEC3_BITMAP_LEN0 = "DNSSEC_NSEC3_bitmapLen0";
    /** DS digest type 0 (reserved). */
    static final String DS_RESERVED_DIGEST_TYPE = "DNSSEC_DS_ReservedDigestType";
    /** DS digest type not known. */
    static final String DS_UNKNOWN_DIGEST_TYPE = "DNSSEC_DS_unknown_DigestType";

    // ---- SVCB / HTTPS (RFC 9460)
    static final String SVCB_WRONG_LENGTH = "DNS_SVCB_wrong_length";
    static final String SVCB_ALIASMODE_WITH_PARAMS = "DNS_SVCB_aliasmode_with_params";
    static final String SVCB_PARAM_VALUE_TOOBIG = "DNS_SVCB_param_value_toobig";
    static final String SVCB_MANDATORY_LENGTH_INVALID = "DNS_SVCB_mandatory_length_invalid";
    static final String SVCB_ALPN_LENGTH_INVALID = "DNS_SVCB_alpn_length_invalid";
    static final String SVCB_NODEFAULTALPN_VALUE = "DNS_SVCB_nodefaultalpn_value";
    static final String SVCB_PORT_LENGTH_INVALID = "DNS_SVCB_port_length_invalid";
    static final String SVCB_HINT_LENGTH_INVALID = "DNS_SVCB_hint_length_invalid";
    static final String SVCB_KEY_RESERVED_OR_INVALID = "DNS_SVCB_key_reserved_or_invalid";

    // ---- violations (analyzer.log failure_reason), spelled as Zeek's AnalyzerViolation calls
    static final String NAPTR_TOO_SHORT = "DNS_NAPTR_too_short";
    static final String NAPTR_RR_TOO_SHORT = "DNS_NAPTR_RR_too_short";
}
