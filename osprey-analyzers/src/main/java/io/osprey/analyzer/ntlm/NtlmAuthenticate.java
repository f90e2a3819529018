package io.osprey.analyzer.ntlm;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * Event: an NTLMSSP AUTHENTICATE_MESSAGE ([MS-NLMP] 2.2.1.3) parsed (Zeek's {@code ntlm_authenticate}). Published by
 * {@link NtlmAnalyzer}; the byte arrays (UTF-8 as Zeek converts the UTF-16 fields) are the subscriber's to keep;
 * each is null when its field is empty.
 *
 * @param conn        the connection
 * @param ts          network time, epoch nanoseconds
 * @param flags       NegotiateFlags
 * @param domainName  DomainName
 * @param userName    UserName
 * @param workstation Workstation
 */
public record NtlmAuthenticate(ConnInfo conn, long ts, long flags, byte[] domainName, byte[] userName,
                               byte[] workstation) {
}
