package io.osprey.analyzer.dhcp;

import io.osprey.common.bytes.Bytes;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;

import java.lang.foreign.MemorySegment;

/**
 * DHCP/BOOTP as Zeek's binpac analyzer parses it ({@code src/analyzer/protocol/dhcp/dhcp-protocol.pac},
 * {@code dhcp-options.pac}, {@code dhcp-analyzer.pac}). Each datagram is one message: the fixed BOOTP header
 * (RFC 2131 §2, 236 bytes), the magic cookie, then options (RFC 2132) up to the END option or the end of the
 * datagram. Like binpac, each option's value is read in the shape Zeek's grammar gives its code, whatever its length
 * byte says (a message-type option of length 3 takes one byte, the next two are read as options); the relay agent
 * option's sub-options run until their lengths, summed over the direction's whole life (a binpac flow member that is
 * never reset), equal the option's length. A message that parses and has the cookie becomes a
 * {@link DhcpTransactions#message} call and confirms the protocol; a message without a message-type option is a
 * violation but still counts (type 0); a bad cookie or one that does not parse is a violation with Zeek's text.
 *
 * <p>Parsing allocates nothing: option values are located in the datagram ({@link DhcpMessage}) and copied by the
 * transaction table only when it keeps them.
 */
public final class DhcpAnalyzer extends Analyzer {
    /** Recognition only (no dhcp.log): Zeek's DHCP::server_ports (67, 4011) and client_ports (68). */
    public static final AnalyzerSpec SPEC = spec(null);

    /** op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr(16), sname(64), file(128). */
    static final int FIXED_HEADER = 236;
    static final int MAGIC_COOKIE = 0x63825363;
    private static final String BINPAC = "Binpac exception: binpac exception: ";

    private final DhcpTransactions transactions;
    private final DhcpMessage msg = new DhcpMessage();
    /** binpac's per-direction {@code sum_len} of relay agent sub-options (uint8, never reset). */
    private int origSumLen;
    private int respSumLen;

    /** The DHCP analyzer's declaration; {@code transactions} (null: no log) gets the parsed messages. */
    public static AnalyzerSpec spec(DhcpTransactions transactions) {
        return new AnalyzerSpec("DHCP", "dhcp", AnalyzerSpec.UDP, new int[] {67, 68, 4011}, null, null,
                ctx -> new DhcpAnalyzer(ctx, transactions));
    }

    DhcpAnalyzer(AnalyzerContext ctx, DhcpTransactions transactions) {
        super(ctx);
        this.transactions = transactions;
    }

    @Override
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
        String error = parse(orig, data, offset, len);
        if (error != null) {
            ctx.violation(BINPAC + error, null);
            return;
        }
        boolean typed = msg.type != 0;
        if (!typed) {
            ctx.violation("no DHCP message type option", null);
        }
        int cookie = (int) Bytes.u32(data, offset + FIXED_HEADER);
        if (cookie != MAGIC_COOKIE) {
            ctx.violation("bad cookie (" + cookie + ")", null);
            return;
        }
        if (transactions != null) {
            transactions.message(ctx, orig, msg);
        }
        if (typed) {
            ctx.confirm();
        }
    }

    /**
     * Parses the datagram into {@link #msg} as binpac does; returns binpac's exception text, or null when it parses
     * (the cookie and the message type are checked by the caller, as Zeek checks them after parsing).
     */
    String parse(boolean orig, MemorySegment d, long o, int len) {
        if (len < FIXED_HEADER) {
            return "out_of_bound: DHCP_Message:file_n: " + FIXED_HEADER + " > " + len;
        }
        if (len < FIXED_HEADER + 4) {
            return "out_of_bound: DHCP_Message:cookie: " + (FIXED_HEADER + 4) + " > " + len;
        }
        DhcpMessage m = msg;
        m.reset(d, o);
        m.op = Bytes.u8(d, o);
        m.xid = Bytes.u32(d, o + 4);
        m.yiaddr = Bytes.i32(d, o + 16);
        boolean typeSeen = false;
        int p = FIXED_HEADER + 4;
        while (p < len) {
            int code = Bytes.u8(d, o + p++);
            if (code == 0) {
                continue;
            }
            if (code == 255) {
                break;
            }
            if (p >= len) {
                return "out_of_bound: OptionValueWrapper:length: 1 > 0";
            }
            int olen = Bytes.u8(d, o + p++);
            int avail = len - p;
            int used;
            switch (code) {
                case 1 -> used = fixed(4, avail);
                case 2 -> used = fixed(4, avail);
                case 19, 116 -> used = fixed(1, avail);
                case 28, 54, 58, 59 -> used = fixed(4, avail);
                case 57 -> used = fixed(2, avail);
                case 50 -> {
                    used = fixed(4, avail);
                    if (used >= 0) {
                        m.hasRequested = true;
                        m.requested = Bytes.i32(d, o + p);
                    }
                }
                case 51 -> {
                    used = fixed(4, avail);
                    if (used >= 0) {
                        m.lease = Bytes.u32(d, o + p);
                    }
                }
                case 53 -> {
                    used = fixed(1, avail);
                    if (used >= 0 && !typeSeen) {
                        // The first message-type option counts (get_dhcp_msgtype).
                        typeSeen = true;
                        m.type = Bytes.u8(d, o + p);
                    }
                }
                case 3, 4, 5, 6, 42, 44 -> used = (olen / 4) * 4 <= avail ? (olen / 4) * 4 : -1;
                case 55 -> used = olen <= avail ? olen : -1;
                case 61 -> {
                    if (avail < 1) {
                        return "out_of_bound: Client_Identifier:hwtype: 1 > " + avail;
                    }
                    if (olen < 1 || olen > avail) {
                        return "out_of_bound: Client_Identifier:hwaddr: " + olen + " > " + avail;
                    }
                    used = olen;
                    m.clientIdType = Bytes.u8(d, o + p);
                    m.clientIdAt = p + 1;
                    m.clientIdLen = olen - 1;
                }
                case 81 -> {
                    if (avail < 3) {
                        return "out_of_bound: Client_FQDN:rcode2: 3 > " + avail;
                    }
                    if (olen < 3 || olen > avail) {
                        return "out_of_bound: Client_FQDN:domain_name: " + olen + " > " + avail;
                    }
                    used = olen;
                    m.fqdnAt = p + 3;
                    m.fqdnLen = olen - 3;
                }
                case 82 -> {
                    String e = relayAgent(orig, d, o, p, len, olen);
                    if (e != null) {
                        return e;
                    }
                    used = relayEnd - p;
                }
                default -> {
                    used = olen <= avail ? olen : -1;
                    if (used >= 0) {
                        switch (code) {
                            case 12 -> {
                                m.hostNameAt = p;
                                m.hostNameLen = olen;
                            }
                            case 15 -> {
                                m.domainAt = p;
                                m.domainLen = olen;
                            }
                            case 56 -> {
                                m.messageAt = p;
                                m.messageLen = olen;
                            }
                            default -> {
                            }
                        }
                    }
                }
            }
            if (used < 0) {
                return "out_of_bound: " + label(code) + ": " + needed(code, olen) + " > " + avail;
            }
            p += used;
        }
        return null;
    }

    /** End of the relay agent option's sub-options, set by {@link #relayAgent}. */
    private int relayEnd;

    /**
     * RFC 3046 relay agent information as binpac reads it: sub-options (code, length, value) until the direction's
     * running sum of their sizes (mod 256) equals the option's length, or the datagram ends.
     */
    private String relayAgent(boolean orig, MemorySegment d, long o, int p, int len, int total) {
        int sum = orig ? origSumLen : respSumLen;
        try {
            while (p < len) {
                int avail = len - p;
                if (avail < 2) {
                    return "out_of_bound: Relay_Agent_SubOption:length: 2 > " + avail;
                }
                int slen = Bytes.u8(d, o + p + 1);
                if (2 + slen > avail) {
                    return "out_of_bound: Relay_Agent_SubOption:value: " + (2 + slen) + " > " + avail;
                }
                p += 2 + slen;
                sum = (sum + slen + 2) & 0xFF;
                if (sum == total) {
                    break;
                }
            }
            relayEnd = p;
            return null;
        } finally {
            if (orig) {
                origSumLen = sum;
            } else {
                respSumLen = sum;
            }
        }
    }

    private static int fixed(int size, int avail) {
        return size <= avail ? size : -1;
    }

    /** What binpac's out-of-bound text says was needed for option {@code code}: elements for arrays, else bytes. */
    private static int needed(int code, int olen) {
        return switch (code) {
            case 1, 2, 28, 50, 51, 54, 58, 59 -> 4;
            case 57 -> 2;
            case 19, 53, 116 -> 1;
            case 3, 4, 5, 6, 42, 44 -> olen / 4;
            default -> olen;
        };
    }

    /** binpac's name for the value of option {@code code} (its case label and field in dhcp-options.pac). */
    static String label(int code) {
        return switch (code) {
            case 1 -> "SUBNET_OPTION:subnet";
            case 2 -> "TIME_OFFSET_OPTION:time_offset";
            case 3 -> "ROUTER_OPTION:router_list";
            case 4 -> "TIME_SERVER_OPTION:timeserver_list";
            case 5 -> "NAME_SERVER_OPTION:nameserver_list";
            case 6 -> "DNS_SERVER_OPTION:dns_server_list";
            case 12 -> "HOST_NAME_OPTION:host_name";
            case 15 -> "DOMAIN_NAME_OPTION:domain_name";
            case 19 -> "FORWARDING_OPTION:forwarding";
            case 28 -> "BROADCAST_ADDRESS_OPTION:broadcast_address";
            case 42 -> "NTP_SERVER_OPTION:ntpserver_list";
            case 43 -> "VENDOR_SPECIFIC_OPTION:vendor_specific";
            case 44 -> "NBNS_OPTION:nbns";
            case 50 -> "ADDR_REQUEST_OPTION:addr_request";
            case 51 -> "LEASE_OPTION:lease";
            case 53 -> "MSG_TYPE_OPTION:msg_type";
            case 54 -> "SERV_ID_OPTION:serv_addr";
            case 55 -> "PAR_REQ_LIST_OPTION:par_req_list";
            case 56 -> "MESSAGE_OPTION:message";
            case 57 -> "MAX_MESSAGE_SIZE_OPTION:max_msg_size";
            case 58 -> "RENEWAL_TIME_OPTION:renewal_time";
            case 59 -> "REBINDING_TIME_OPTION:rebinding_time";
            case 60 -> "VENDOR_CLASS_OPTION:vendor_class";
            case 77 -> "USER_CLASS_OPTION:user_class";
            case 116 -> "AUTO_CONFIG_OPTION:auto_config";
            case 252 -> "AUTO_PROXY_CONFIG_OPTION:auto_proxy_config";
            default -> "OptionValue:other";
        };
    }
}
