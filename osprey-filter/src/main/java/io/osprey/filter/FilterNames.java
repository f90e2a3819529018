package io.osprey.filter;

import java.util.List;

/**
 * The name databases a filter may consult, as libpcap does through the C library: host names (getaddrinfo:
 * {@code host www.example.com}), the ethers file ({@code ether host gw}), the networks file ({@code net corp}),
 * services ({@code port http}) and protocols ({@code ip proto tcp}). {@link SystemNames} reads this machine's
 * databases; tests pass a fixed table so that results do not depend on the machine.
 *
 * <p>Called only while a filter is being compiled, never per packet.
 */
public interface FilterNames {
    /**
     * The IPv4 (4-byte) and IPv6 (16-byte) addresses of a host name, in any order; empty when the name is
     * unknown.
     */
    List<byte[]> hostAddresses(String name);

    /** The MAC-48 address of a name in the ethers database, or null when there is none. */
    byte[] etherAddress(String name);

    /**
     * The network number of a name in the networks database as getnetbyname returns it (the dotted parts in the
     * low bytes: "10.20" is 0x0a14), or 0 when the name is unknown.
     */
    long networkNumber(String name);

    /** The port of a service name for {@code "tcp"} or {@code "udp"}, or -1 when there is none. */
    int servicePort(String name, String protocol);

    /** The IP protocol number of a protocol name or alias ("tcp" is 6), or -1 when unknown. */
    int protocolNumber(String name);
}
