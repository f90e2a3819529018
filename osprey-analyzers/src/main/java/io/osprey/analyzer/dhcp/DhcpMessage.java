package io.osprey.analyzer.dhcp;

import io.osprey.common.bytes.Bytes;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One parsed DHCP message as Zeek's {@code dhcp_message} event carries what base/protocols/dhcp uses of it: the
 * header fields and, for the options the log takes, where their values are in the datagram (the last occurrence of
 * each, as Zeek's option record keeps the last). A scratch object: the analyzer refills it for every datagram and the
 * transaction table reads it during {@link DhcpTransactions#message}; the datagram is valid only during that call.
 */
public final class DhcpMessage {
    /** The datagram and where it starts. */
    MemorySegment data;
    long offset;
    /** Header (RFC 2131 §2). */
    int op;
    long xid;
    int yiaddr;
    /** DHCP message type (option 53), 0 when there is none. */
    int type;
    /** Offset and length of option values (-1: absent): 56 message, 12 host name, 81 FQDN domain, 15 domain. */
    int messageAt = -1;
    int messageLen;
    int hostNameAt = -1;
    int hostNameLen;
    int fqdnAt = -1;
    int fqdnLen;
    int domainAt = -1;
    int domainLen;
    /** Option 61: hardware type (-1: absent) and where the identifier's bytes are. */
    int clientIdType = -1;
    int clientIdAt;
    int clientIdLen;
    /** Option 50 requested address. */
    boolean hasRequested;
    int requested;
    /** Option 51 lease time, seconds (-1: absent). */
    long lease = -1;

    void reset(MemorySegment data, long offset) {
        this.data = data;
        this.offset = offset;
        type = 0;
        messageAt = -1;
        hostNameAt = -1;
        fqdnAt = -1;
        domainAt = -1;
        clientIdType = -1;
        hasRequested = false;
        lease = -1;
    }

    /** A copy of {@code len} bytes at {@code at} of the datagram. */
    byte[] bytes(int at, int len) {
        byte[] b = new byte[len];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset + at, b, 0, len);
        return b;
    }

    /** The client hardware address (chaddr, 16 bytes at 28) as Zeek's {@code fmt_mac} renders it. */
    String chaddr() {
        return fmtMac(28, 16);
    }

    /**
     * Zeek's {@code fmt_mac}: six bytes as {@code xx:xx:xx:xx:xx:xx}, or eight when there are at least eight and the
     * seventh and eighth are not both zero; "" for fewer than six, or for seven.
     */
    String fmtMac(int at, int len) {
        if (len < 8 && len != 6) {
            return "";
        }
        int n = len == 6 || (Bytes.u8(data, offset + at + 6) == 0 && Bytes.u8(data, offset + at + 7) == 0) ? 6 : 8;
        StringBuilder sb = new StringBuilder(n * 3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(':');
            }
            int b = Bytes.u8(data, offset + at + i);
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    /**
     * The domain name option as Zeek keeps it: up to its last non-NUL byte, and empty when that is the first byte
     * (dhcp-options.pac's {@code last_non_null} quirk).
     */
    byte[] domain() {
        int last = 0;
        for (int i = 0; i < domainLen; i++) {
            if (Bytes.u8(data, offset + domainAt + i) != 0) {
                last = i;
            }
        }
        return bytes(domainAt, last == 0 ? 0 : last + 1);
    }
}
