package io.osprey.analyzer.ntlm;

import io.osprey.engine.analyzer.ConnInfo;

/**
 * Event: an NTLMSSP CHALLENGE_MESSAGE ([MS-NLMP] 2.2.1.2) parsed (Zeek's {@code ntlm_challenge}), with the names of
 * its TargetInfo AV pairs (2.2.2.1) when the flags announce TargetInfo. Published by {@link NtlmAnalyzer}; the byte
 * arrays (UTF-8 as Zeek converts the UTF-16 values) are the subscriber's to keep; each is null when absent.
 *
 * @param conn            the connection
 * @param ts              network time, epoch nanoseconds
 * @param flags           NegotiateFlags
 * @param targetName      TargetName (when NTLMSSP_REQUEST_TARGET is set)
 * @param targetInfo      true when the message announced TargetInfo (Zeek's {@code challenge?$target_info})
 * @param nbComputerName  MsvAvNbComputerName
 * @param nbDomainName    MsvAvNbDomainName
 * @param dnsComputerName MsvAvDnsComputerName
 * @param dnsDomainName   MsvAvDnsDomainName
 * @param dnsTreeName     MsvAvDnsTreeName
 */
public record NtlmChallenge(ConnInfo conn, long ts, long flags, byte[] targetName, boolean targetInfo,
                            byte[] nbComputerName, byte[] nbDomainName, byte[] dnsComputerName,
                            byte[] dnsDomainName, byte[] dnsTreeName) {
}
