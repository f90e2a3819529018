package io.osprey.analyzer.socks;

/**
 * Zeek's {@code SOCKS::Address}: an address given in a SOCKS request or reply, as an IP address, a name, or (SOCKS4a)
 * both. Immutable.
 *
 * @param hasHost true when {@code hostHi}/{@code hostLo} hold an address (IPv4 stored IPv4-mapped)
 * @param hostHi  the address's high 64 bits
 * @param hostLo  the address's low 64 bits
 * @param name    the name's raw bytes, or null when the address has none
 */
public record SocksAddress(boolean hasHost, long hostHi, long hostLo, byte[] name) {
}
