/**
 * GSSAPI / SPNEGO (RFC 2743 §3.1, RFC 4178; Zeek's {@code src/analyzer/protocol/gssapi}):
 * {@link io.osprey.analyzer.gssapi.GssapiAnalyzer} parses one security blob per delivery (NegTokenInit,
 * NegTokenResp, MIC and wrap tokens), confirms "gssapi" in conn.log's service, publishes
 * {@link io.osprey.analyzer.gssapi.GssapiNegResult} (Zeek's {@code gssapi_neg_result}, read by ntlm.log) and hands
 * mechanism tokens to an NTLM analyzer of its own ({@link io.osprey.analyzer.ntlm}) or to Kerberos. Fed by SMB's
 * NEGOTIATE and SESSION_SETUP security blobs; Zeek also feeds it from DCE-RPC auth (not implemented in Osprey).
 *
 * <p>Known gaps: no Kerberos analyzer: {@link io.osprey.analyzer.gssapi.KrbRecognizer} checks a Kerberos message's
 * outer tag and length and confirms "krb" as Zeek's KRB analyzer does when it parses the message, but kerberos.log
 * is not written and KRB's own events and violations do not exist. Zeek writes no log of GSSAPI's own (nor does
 * Osprey). Violation texts (analyzer.log's failure_reason, only written when a confirmed analyzer later fails)
 * follow binpac's forms ("out_of_bound: TYPE:FIELD: NEED > HAVE", "invalid index for case: TYPE: N") but name
 * the place only approximately.
 */
package io.osprey.analyzer.gssapi;
