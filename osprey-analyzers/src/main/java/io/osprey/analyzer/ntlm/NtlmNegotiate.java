package io.osprey.analyzer.ntlm;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * Event: an NTLMSSP NEGOTIATE_MESSAGE ([MS-NLMP] 2.2.1.1) parsed (Zeek's {@code ntlm_negotiate}). Published by
 * {@link NtlmAnalyzer}; the byte arrays are the subscriber's to keep.
 *
 * @param conn        the connection
 * @param ts          network time, epoch nanoseconds
 * @param flags       NegotiateFlags
 * @param domainName  the supplied domain (UTF-8 as Zeek converts it), or null when the flags do not announce one
 * @param workstation the supplied workstation, or null
 */
public record NtlmNegotiate(ConnInfo conn, long ts, long flags, byte[] domainName, byte[] workstation) {
}
