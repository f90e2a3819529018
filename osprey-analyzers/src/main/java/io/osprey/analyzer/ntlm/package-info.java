/**
 * NTLM ([MS-NLMP] 2.2.1: NEGOTIATE, CHALLENGE, AUTHENTICATE messages; Zeek's {@code src/analyzer/protocol/ntlm} and
 * {@code base/protocols/ntlm}): {@link io.osprey.analyzer.ntlm.NtlmAnalyzer} parses one NTLMSSP message per delivery
 * with {@link io.osprey.analyzer.ntlm.NtlmParser}, confirms "ntlm" and publishes
 * {@link io.osprey.analyzer.ntlm.NtlmNegotiate}, {@link io.osprey.analyzer.ntlm.NtlmChallenge} and
 * {@link io.osprey.analyzer.ntlm.NtlmAuthenticate}; {@link io.osprey.analyzer.ntlm.NtlmLog} turns them, with GSSAPI's
 * negotiation result, into ntlm.log. Fed by SMB (raw NTLMSSP blobs) and by GSSAPI (mechToken / responseToken).
 * Weirds: {@code utf16_conversion_failed} (a name Zeek could not convert; the raw bytes are kept). Violations: a
 * message that does not fit its declared fields; "NTLM AV Pair loop underflow". With base/protocols/ntlm loaded
 * Zeek ignores NTLM's violations ({@code DPD::ignore_violations}).
 *
 * <p>Known gaps: NTLM carried by DCE-RPC auth, HTTP ({@code Authorization: NTLM}/{@code Negotiate}: Zeek 9.1's HTTP
 * analyzer does not hand these to NTLM either) and other carriers is not analyzed, as Osprey has no DCE-RPC analyzer;
 * the events carry only what ntlm.log and a script would commonly need (not the Version, the challenge, the session
 * key or the NTLMv2 response); violation texts name binpac's failing field only approximately.
 */
package io.osprey.analyzer.ntlm;
