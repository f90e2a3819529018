package io.osprey.analyzer.http;

/**
 * The weird names the HTTP analyzer raises, spelled exactly as Zeek 9.1 spells them (its {@code HTTP.cc},
 * {@code MIME.cc}, {@code ContentLine.cc}, {@code ZIP.cc}, {@code Base64.cc} and {@code base/protocols/http}
 * scripts). Osprey adds one name of its own, {@link #OSPREY_HTTP_DECOMPRESSION_LIMIT}.
 */
final class HttpWeirds {
    private HttpWeirds() {
    }

    // ---- line splitting (ContentLine_Analyzer)
    static final String LINE_TERMINATED_WITHOUT_CRLF = "line_terminated_without_CRLF";
    static final String CONTENTLINE_SIZE_EXCEEDED = "contentline_size_exceeded";
    static final String LINE_TERMINATED_WITH_SINGLE_CR = "line_terminated_with_single_CR";
    static final String LINE_TERMINATED_WITH_SINGLE_LF = "line_terminated_with_single_LF";

    // ---- request and reply lines, messages (HTTP_Analyzer)
    static final String BAD_HTTP_REQUEST = "bad_HTTP_request";
    static final String BAD_HTTP_REQUEST_WITH_VERSION = "bad_HTTP_request_with_version";
    static final String LOWERCASE_HTTP_KEYWORD = "lowercase_HTTP_keyword";
    static final String MISSING_HTTP_URI = "missing_HTTP_uri";
    static final String HTTP_VERSION_MISMATCH = "HTTP_version_mismatch";
    static final String UNEXPECTED_MULTIPLE_HTTP_REQUESTS = "unexpected_multiple_HTTP_requests";
    static final String INVALID_HTTP_09_REQUEST_METHOD = "invalid_http_09_request_method";
    static final String HTTP_09_REPLY_BEFORE_REQUEST = "http_09_reply_before_request";
    static final String EMPTY_HTTP_REQUEST = "empty_http_request";
    static final String UNEXPECTED_CLIENT_HTTP_DATA = "unexpected_client_HTTP_data";
    static final String UNEXPECTED_SERVER_HTTP_DATA = "unexpected_server_HTTP_data";
    static final String HTTP_OVERLAPPING_MESSAGES = "HTTP_overlapping_messages";
    static final String PROTOCOL_DATA_WITH_HTTP_CONNECT_REPLY = "protocol_data_with_HTTP_CONNECT_reply";
    static final String PROTOCOL_DATA_WITH_HTTP_UPGRADE_REPLY = "protocol_data_with_HTTP_upgrade_reply";
    static final String ILLEGAL_PERCENT_AT_END_OF_URI = "illegal_%_at_end_of_URI";
    static final String PARTIAL_ESCAPE_AT_END_OF_URI = "partial_escape_at_end_of_URI";
    static final String DOUBLE_PERCENT_IN_URI = "double_%_in_URI";
    static final String UNESCAPED_PERCENT_IN_URI = "unescaped_%_in_URI";

    // ---- entities (HTTP_Entity)
    static final String HTTP_NO_CRLF_IN_HEADER_LIST = "http_no_crlf_in_header_list";
    static final String HTTP_BAD_CHUNK_SIZE = "HTTP_bad_chunk_size";
    static final String HTTP_OBSOLETE_LINE_FOLDING = "HTTP_obsolete_line_folding";
    static final String HTTP_CONTENT_LENGTH_AND_CHUNKED = "HTTP_content_length_and_chunked";
    static final String HTTP_CONTENT_LENGTH_LEADING_ZEROS = "HTTP_content_length_leading_zeros";
    static final String HTTP_RANGE_NOT_MATCHING_LEN = "HTTP_range_not_matching_len";
    static final String HTTP_CONTENT_LENGTH_0_AND_EXPECT_100_CONT = "HTTP_content_length_0_and_expect_100_cont";
    static final String HTTP_BAD_CONTENT_LENGTH = "HTTP_bad_content_length";
    static final String HTTP_CONTENT_RANGE_AND_CHUNKED = "HTTP_content_range_and_chunked";
    static final String HTTP_CONTENT_RANGE_UNKNOWN_BYTE_UNIT = "HTTP_content_range_unknown_byte_unit";
    static final String HTTP_CONTENT_RANGE_CANNOT_PARSE = "HTTP_content_range_cannot_parse";
    static final String HTTP_CONTENT_RANGE_INVALID = "HTTP_content_range_invalid";
    static final String HTTP_NON_POSITIVE_CONTENT_RANGE = "HTTP_non_positive_content_range";
    static final String HTTP_CONTENT_RANGE_OVERFLOW = "HTTP_content_range_overflow";
    static final String HTTP_CONTENT_RANGE_INVALID_INSTANCE = "HTTP_content_range_invalid_instance";
    static final String HTTP_CHUNKED_MULTI = "HTTP_chunked_multi";
    static final String HTTP_NESTED_TRANSFER_ENCODING_HEADER = "HTTP_nested_transfer_encoding_header";
    static final String HTTP_EXPECT_NOT_100_CONTINUE = "HTTP_expect_not_100_continue";
    static final String HTTP_CHUNKED_TRANSFER_FOR_MULTIPART_MESSAGE = "HTTP_chunked_transfer_for_multipart_message";

    // ---- MIME (MIME_Entity's own weirds are named in io.osprey.analyzer.mime.MimeEntity), decoders
    static final String BASE64_ILLEGAL_ENCODING = "base64_illegal_encoding";
    static final String INFLATE_FAILED = "inflate_failed";

    // ---- scripts (base/protocols/http)
    static final String HTTP_RESPONSE_BEFORE_REQUEST = "HTTP_response_before_request";
    static final String HTTP_EXCESSIVE_PIPELINING = "HTTP_excessive_pipelining";
    static final String UNKNOWN_HTTP_METHOD = "unknown_HTTP_method";
    static final String MISSING_HTTP_ENTITY = "missing_HTTP_entity";

    /**
     * Osprey's own: a compressed body inflated to more than {@link HttpInflater#MAX_INFLATED_BYTES}; the rest of that
     * body is not decompressed (Zeek has no such cap).
     */
    static final String OSPREY_HTTP_DECOMPRESSION_LIMIT = "osprey_http_decompression_limit";
}
