package io.osprey.analyzer.socks;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The SOCKS wire grammar as Zeek's binpac analyzer reads it (src/analyzer/protocol/socks/socks-protocol.pac), one
 * message per delivery: Zeek's SOCKS flow is a binpac {@code datagram}, so every chunk the TCP layer delivers is
 * parsed as one whole message from its first byte, bytes after the message are ignored, and a chunk too short for
 * its message is a binpac {@code out_of_bound} exception (a protocol violation). One instance per connection; it
 * keeps the connection state binpac keeps ({@code SOCKS_Conn}: in the RFC 1929 sub-negotiation, past the method
 * selection, the selected method) and the fields of the last message, in buffers reused for every message, so
 * parsing allocates nothing.
 *
 * <pre>
 * SOCKS4 request (orig):  VN=4 CD DSTPORT(2) DSTIP(4) USERID... 0 [SOCKS4a: HOSTNAME... 0 when DSTIP &lt;= 0.0.0.255]
 * SOCKS4 reply (resp):    VN CD DSTPORT(2) DSTIP(4)   (Zeek reads VN as the version: it must be 4, then 8 more bytes)
 * SOCKS5 (RFC 1928):      greeting VER NMETHODS METHODS..., selection VER METHOD,
 *                         request VER CMD RSV ATYP DST.ADDR DST.PORT(2), reply VER REP RSV ATYP BND.ADDR BND.PORT(2)
 *                         ATYP 1: IPv4 (4), 3: length-prefixed name, 4: IPv6 (16)
 * RFC 1929 (method 2):    request VER=1 ULEN UNAME PLEN PASSWD, reply VER=1 STATUS
 * </pre>
 *
 * <p>{@link #parse} returns what the message was ({@code V4_REQUEST}, ...), the fields are then read from this
 * object until the next call.
 */
final class SocksParser {
    /** A message that raises nothing (the SOCKS5 greeting or method selection; an empty delivery). */
    static final int NOTHING = 0;
    static final int V4_REQUEST = 1;
    static final int V4_REPLY = 2;
    static final int V5_REQUEST = 3;
    static final int V5_REPLY = 4;
    static final int LOGIN_REQUEST = 5;
    static final int LOGIN_REPLY = 6;
    /** Zeek's {@code socks5_unsupported_authentication_method}: sub-negotiation of a method other than 2. */
    static final int UNSUPPORTED_METHOD = 7;
    /** Zeek's {@code socks5_unsupported_authentication}: an RFC 1929 message whose version is not 1. */
    static final int UNSUPPORTED_AUTH_VERSION = 8;
    /** The first byte is neither 4 nor 5 ({@link #version} holds it). */
    static final int VERSION_ERROR = 9;
    /** The delivery ended inside the message: binpac's out_of_bound ({@link #outOfBound()} is the text). */
    static final int OUT_OF_BOUND = 10;

    /**
     * Longest SOCKS4 user id and SOCKS4a host name kept (bytes). The wire format ends them with a NUL and sets no
     * limit (Zeek keeps all); 255 is the longest DNS name (RFC 1035 §2.3.4), and SOCKS5 caps both at 255 through
     * its one-byte lengths. Longer values are cut, the message is still parsed to its end.
     */
    static final int MAX_V4_FIELD = 255;
    /** SOCKS5 names, user names and passwords: one-byte lengths (RFC 1928 §5, RFC 1929 §2). */
    static final int MAX_V5_FIELD = 255;

    // ---- binpac SOCKS_Conn state
    /** Between the selection of a method other than 0 and 255 and the server's next message. */
    boolean inAuthSubNegotiation;
    /** The server's method selection was seen: later version-5 messages are requests and replies. */
    boolean pastAuthentication;
    /** The method the server selected (255 until then). */
    int authMethod = 255;

    // ---- fields of the last message
    int version;
    /** SOCKS4 CD / SOCKS5 CMD of a request; REP / status of a reply; STATUS of an RFC 1929 reply. */
    int code;
    int reserved;
    int port;
    /** The address has an IP address ({@link #hostHi}/{@link #hostLo}, IPv4 stored IPv4-mapped). */
    boolean hasHost;
    long hostHi;
    long hostLo;
    /** The address has a name ({@link #name}, {@link #nameLen} bytes). */
    boolean hasName;
    final byte[] name = new byte[Math.max(MAX_V4_FIELD, MAX_V5_FIELD)];
    int nameLen;
    final byte[] user = new byte[Math.max(MAX_V4_FIELD, MAX_V5_FIELD)];
    int userLen;
    final byte[] password = new byte[MAX_V5_FIELD];
    int passwordLen;
    /** The SOCKS5 address type of the last request or reply. */
    int addrType;

    private String oobWhere;
    private int oobNeeded;
    private int oobGiven;

    /**
     * Parses one delivery of one direction as one message.
     *
     * @return what it was: one of the constants above
     */
    int parse(boolean orig, MemorySegment d, long off, int len) {
        hasHost = false;
        hasName = false;
        nameLen = userLen = passwordLen = 0;
        if (len <= 0) {
            return NOTHING;
        }
        if (inAuthSubNegotiation) {
            return orig ? authRequest(d, off, len) : authReply(d, off, len);
        }
        version = u8(d, off);
        long p = off + 1;
        int n = len - 1;
        if (version == 4) {
            return orig ? v4Request(d, p, n) : v4Reply(d, p, n);
        }
        if (version == 5) {
            if (!pastAuthentication) {
                return orig ? greeting(n, d, p) : selection(d, p, n);
            }
            return orig ? v5Message(d, p, n, true) : v5Message(d, p, n, false);
        }
        return VERSION_ERROR;
    }

    /** binpac's exception text, as Zeek's analyzer puts it in the violation ("Binpac exception: " + what()). */
    String outOfBound() {
        return "Binpac exception: binpac exception: out_of_bound: " + oobWhere + ": " + oobNeeded + " > " + oobGiven;
    }

    private int oob(String where, int needed, int given) {
        oobWhere = where;
        oobNeeded = needed;
        oobGiven = given;
        return OUT_OF_BOUND;
    }

    // ------------------------------------------------------------------------------------------------ SOCKS4

    private int v4Request(MemorySegment d, long p, int n) {
        if (n < 7) {
            return oob("SOCKS4_Request:addr", 7, n);
        }
        code = u8(d, p);
        port = u16(d, p + 1);
        long addr = u32(d, p + 3);
        hasHost = true;
        hostHi = 0;
        hostLo = 0xFFFF_0000_0000L | addr;
        // USERID up to and including its NUL; an unterminated one ends with the delivery (binpac's &until loop).
        long i = p + 7;
        long end = p + n;
        userLen = 0;
        while (i < end) {
            byte b = d.get(ValueLayout.JAVA_BYTE, i++);
            if (b == 0) {
                break;
            }
            if (userLen < MAX_V4_FIELD) {
                user[userLen++] = b;
            }
        }
        // SOCKS4a: DSTIP 0.0.0.x (x != 0 per the protocol; binpac tests addr <= 0xff) is followed by a host name.
        if (addr <= 0xFF) {
            hasName = true;
            nameLen = 0;
            while (i < end) {
                byte b = d.get(ValueLayout.JAVA_BYTE, i++);
                if (b == 0) {
                    break;
                }
                if (nameLen < MAX_V4_FIELD) {
                    name[nameLen++] = b;
                }
            }
        }
        return V4_REQUEST;
    }

    private int v4Reply(MemorySegment d, long p, int n) {
        // Zeek's SOCKS4_Reply follows the version byte: {zero, status, port, addr}, eight bytes after it.
        if (n < 8) {
            return oob("SOCKS4_Reply", 8, n);
        }
        code = u8(d, p + 1);
        port = u16(d, p + 2);
        hasHost = true;
        hostHi = 0;
        hostLo = 0xFFFF_0000_0000L | u32(d, p + 4);
        return V4_REPLY;
    }

    // ------------------------------------------------------------------------------------------------ SOCKS5

    private int greeting(int n, MemorySegment d, long p) {
        if (n < 1) {
            return oob("SOCKS5_Auth_Negotiation_Request:method_count", 1, n);
        }
        int count = u8(d, p);
        if (count > n - 1) {
            return oob("SOCKS5_Auth_Negotiation_Request:methods", count, n - 1);
        }
        return NOTHING;
    }

    private int selection(MemorySegment d, long p, int n) {
        if (n < 1) {
            return oob("SOCKS5_Auth_Negotiation_Reply", 1, n);
        }
        int method = u8(d, p);
        inAuthSubNegotiation = method != 0 && method != 0xFF;
        pastAuthentication = true;
        authMethod = method;
        return NOTHING;
    }

    private int v5Message(MemorySegment d, long p, int n, boolean request) {
        String type = request ? "SOCKS5_Request" : "SOCKS5_Reply";
        if (n < 2) {
            return oob(request ? "SOCKS5_Request:reserved" : "SOCKS5_Reply:reserved", 2, n);
        }
        code = u8(d, p);
        reserved = u8(d, p + 1);
        long a = p + 2;
        int an = n - 2;
        if (an < 1) {
            return oob("SOCKS5_Address:addr_type", 1, an);
        }
        addrType = u8(d, a);
        int addrSize;
        switch (addrType) {
            case 1 -> {
                if (an < 5) {
                    return oob("SOCKS5_Address:ipv4", 5, an);
                }
                hasHost = true;
                hostHi = 0;
                hostLo = 0xFFFF_0000_0000L | u32(d, a + 1);
                addrSize = 4;
            }
            case 3 -> {
                int dn = an - 1;
                if (dn < 1) {
                    return oob("Domain_Name:len", 1, dn);
                }
                int l = u8(d, a + 1);
                if (1 + l > dn) {
                    return oob("Domain_Name:name", 1 + l, dn);
                }
                hasName = true;
                nameLen = l;
                MemorySegment.copy(d, ValueLayout.JAVA_BYTE, a + 2, name, 0, l);
                addrSize = 1 + l;
            }
            case 4 -> {
                if ((an - 1) / 4 < 4) {
                    return oob("SOCKS5_Address:ipv6", 4, an - 1);
                }
                hasHost = true;
                hostHi = ipv6Half(d, a + 1);
                hostLo = ipv6Half(d, a + 9);
                addrSize = 16;
            }
            default -> addrSize = an - 1; // binpac's "err: bytestring &restofdata": the port check below fails
        }
        int after = 2 + 1 + addrSize;
        if (after + 2 > n) {
            return oob(type + ":port", after + 2, n);
        }
        port = u16(d, p + after);
        return request ? V5_REQUEST : V5_REPLY;
    }

    /**
     * Eight bytes of a SOCKS5 IPv6 address, in network order. (Zeek 9.1 logs garbage here: socks-analyzer.pac
     * reinterprets the address of its parsed {@code vector<uint32>} object, not the vector's elements, as the 16
     * address bytes, so its socks.log shows parts of a heap pointer. Osprey logs the address sent.)
     */
    private static long ipv6Half(MemorySegment d, long at) {
        return (u32(d, at) << 32) | u32(d, at + 4);
    }

    // ------------------------------------------------------------------------------------------------ RFC 1929

    private int authRequest(MemorySegment d, long off, int len) {
        if (authMethod != 2) {
            return UNSUPPORTED_METHOD;
        }
        if (len < 1) {
            return oob("SOCKS5_Auth_Request_UserPass:version", 1, len);
        }
        version = u8(d, off);
        if (version != 1) {
            return UNSUPPORTED_AUTH_VERSION;
        }
        long p = off + 1;
        int n = len - 1;
        if (n < 1) {
            return oob("SOCKS5_Auth_Request_UserPass_v1:ulen", 1, n);
        }
        int ulen = u8(d, p);
        if (1 + ulen > n) {
            return oob("SOCKS5_Auth_Request_UserPass_v1:username", 1 + ulen, n);
        }
        if (ulen + 2 > n) {
            return oob("SOCKS5_Auth_Request_UserPass_v1:plen", ulen + 2, n);
        }
        int plen = u8(d, p + 1 + ulen);
        if (ulen + 2 + plen > n) {
            return oob("SOCKS5_Auth_Request_UserPass_v1:password", ulen + 2 + plen, n);
        }
        MemorySegment.copy(d, ValueLayout.JAVA_BYTE, p + 1, user, 0, ulen);
        userLen = ulen;
        MemorySegment.copy(d, ValueLayout.JAVA_BYTE, p + 2 + ulen, password, 0, plen);
        passwordLen = plen;
        return LOGIN_REQUEST;
    }

    private int authReply(MemorySegment d, long off, int len) {
        int r;
        if (authMethod != 2) {
            r = UNSUPPORTED_METHOD;
        } else if (len < 1) {
            return oob("SOCKS5_Auth_Reply_UserPass:version", 1, len);
        } else {
            version = u8(d, off);
            if (version != 1) {
                r = UNSUPPORTED_AUTH_VERSION;
            } else if (len < 2) {
                return oob("SOCKS5_Auth_Reply_UserPass_v1", 1, len - 1);
            } else {
                code = u8(d, off + 1);
                r = LOGIN_REPLY;
            }
        }
        // The reply's &let, evaluated once it parsed: the server's answer ends the sub-negotiation.
        inAuthSubNegotiation = false;
        return r;
    }

    // ------------------------------------------------------------------------------------------------ bytes

    private static int u8(MemorySegment d, long at) {
        return d.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    private static int u16(MemorySegment d, long at) {
        return (u8(d, at) << 8) | u8(d, at + 1);
    }

    private static long u32(MemorySegment d, long at) {
        return ((long) u8(d, at) << 24) | (u8(d, at + 1) << 16) | (u8(d, at + 2) << 8) | u8(d, at + 3);
    }
}
