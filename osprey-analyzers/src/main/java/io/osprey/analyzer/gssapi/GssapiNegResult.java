package io.osprey.analyzer.gssapi;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * Event: a SPNEGO NegTokenResp carried a negState (RFC 4178 §4.2.2; Zeek's {@code gssapi_neg_result}): 0
 * accept-completed, 1 accept-incomplete, 2 reject, 3 request-mic. Published by {@link GssapiAnalyzer}; ntlm.log's
 * script logic decides success from it.
 *
 * @param conn  the connection
 * @param ts    network time, epoch nanoseconds
 * @param state the negState value (Zeek's {@code binary_to_int64} of the INTEGER's content)
 */
public record GssapiNegResult(ConnInfo conn, long ts, long state) {
}
