package io.osprey.analyzer.radius;

import io.osprey.common.bytes.Bytes;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.log.ZeekTime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * RADIUS as Zeek's binpac analyzer parses it ({@code radius-protocol.pac}) and base/protocols/radius/main.zeek logs
 * it. Each datagram is one message, a 20-byte header (code, identifier, length, authenticator) then attributes (type,
 * length, value of length - 2) until the datagram ends (the header's length field is not used). A message that parses
 * to its end confirms the protocol; one that does not is a violation with binpac's exception text, as Zeek reports it
 * ("Binpac exception: " + binpac's message).
 *
 * <p>The exchange (Zeek's {@code c$radius}) starts at the first message after the previous one was logged:
 * Access-Requests (RFC 2865 §4.1) give the user name, Calling-Station-Id, Tunnel-Client-Endpoint (RFC 2868) and
 * Connect-Info (RFC 2869), Access-Challenges (§4.4) the Framed-IP-Address and Reply-Message, each kept from the first
 * message that has it; an Access-Accept or Access-Reject ends it with its result, and the connection's end with
 * "unknown". Its {@link RadiusInfo} is then published. Parsing allocates nothing; copies of the logged attributes
 * (at most 253 bytes each) are made when they are first seen.
 */
public final class RadiusAnalyzer extends Analyzer {
    /** Declaration: Zeek's RADIUS::ports (1812/udp). */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("RADIUS", "radius", AnalyzerSpec.UDP,
            new int[] {1812}, null, null, RadiusAnalyzer::new);

    /** RFC 2865 §3: code, identifier, length (4 bytes) and the 16-byte authenticator. */
    static final int HEADER = 20;
    /** RFC 2865 §3 codes Zeek's script acts on. */
    static final int ACCESS_REQUEST = 1;
    static final int ACCESS_ACCEPT = 2;
    static final int ACCESS_REJECT = 3;
    static final int ACCESS_CHALLENGE = 11;
    /** RFC 2865 §5 / RFC 2868 §3.5 / RFC 2869 §5.11 attribute types Zeek's script logs. */
    static final int USER_NAME = 1;
    static final int FRAMED_IP_ADDRESS = 8;
    static final int REPLY_MESSAGE = 18;
    static final int CALLING_STATION_ID = 31;
    static final int TUNNEL_CLIENT_ENDPOINT = 66;
    static final int CONNECT_INFO = 77;

    /** An exchange is open (Zeek's {@code c?$radius}). */
    private boolean open;
    private long ts;
    private byte[] username;
    private String mac;
    private int framedAddr;
    private boolean hasFramed;
    private byte[] tunnelClient;
    private byte[] connectInfo;
    private byte[] replyMsg;

    public RadiusAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    @Override
    public void deliverPacket(boolean orig, MemorySegment data, long offset, int len) {
        String error = check(data, offset, len);
        if (error != null) {
            ctx.violation("Binpac exception: binpac exception: " + error, null);
            return;
        }
        ctx.confirm();
        if (!ctx.events().wants(RadiusInfo.class)) {
            return;
        }
        long now = ctx.networkTime();
        if (!open) {
            open = true;
            ts = now;
        }
        int code = Bytes.u8(data, offset);
        switch (code) {
            case ACCESS_REQUEST -> {
                if (username == null) {
                    username = value(data, offset, len, USER_NAME);
                }
                if (mac == null) {
                    byte[] station = value(data, offset, len, CALLING_STATION_ID);
                    if (station != null) {
                        mac = normalizeMac(station);
                    }
                }
                if (tunnelClient == null) {
                    tunnelClient = value(data, offset, len, TUNNEL_CLIENT_ENDPOINT);
                }
                if (connectInfo == null) {
                    connectInfo = value(data, offset, len, CONNECT_INFO);
                }
            }
            case ACCESS_CHALLENGE -> {
                if (!hasFramed) {
                    int at = find(data, offset, len, FRAMED_IP_ADDRESS);
                    if (at >= 0) {
                        hasFramed = true;
                        // raw_bytes_to_v4_addr: the first four bytes, 0.0.0.0 when there are fewer.
                        framedAddr = Bytes.u8(data, offset + at + 1) - 2 >= 4 ? Bytes.i32(data, offset + at + 2) : 0;
                    }
                }
                if (replyMsg == null) {
                    replyMsg = value(data, offset, len, REPLY_MESSAGE);
                }
            }
            case ACCESS_ACCEPT, ACCESS_REJECT -> {
                // Zeek leaves ttl unset when it is 0 (network_time() - ts as doubles).
                long end = ZeekTime.seconds(now) - ZeekTime.seconds(ts) != 0 ? now : RadiusInfo.NO_TTL;
                publish(code == ACCESS_ACCEPT ? "success" : "failed", end);
            }
            default -> {
            }
        }
    }

    @Override
    public void done() {
        // Zeek's finalize_radius removal hook: an exchange without result is logged as "unknown".
        if (open) {
            publish("unknown", RadiusInfo.NO_TTL);
        }
    }

    private void publish(String result, long end) {
        ctx.events().publish(new RadiusInfo(ts, ctx.conn(), username, mac, framedAddr, hasFramed, tunnelClient,
                connectInfo, replyMsg, result, end));
        open = false;
        username = null;
        mac = null;
        hasFramed = false;
        framedAddr = 0;
        tunnelClient = null;
        connectInfo = null;
        replyMsg = null;
    }

    /**
     * Checks a message as binpac parses it: returns binpac's exception text, or null when the header and every
     * attribute up to the end of the datagram are whole.
     */
    static String check(MemorySegment data, long offset, int len) {
        if (len < 4) {
            return outOfBound("RADIUS_PDU", 4, len);
        }
        if (len < HEADER) {
            return outOfBound("RADIUS_PDU:authenticator", HEADER - 4, len - 4);
        }
        int p = HEADER;
        while (p < len) {
            int left = len - p;
            if (left < 2) {
                return outOfBound("RADIUS_Attribute", 2, left);
            }
            int attrLen = Bytes.u8(data, offset + p + 1);
            if (attrLen < 2) {
                // binpac refuses a negative string length (value: &length = length - 2).
                return "invalid string length: RADIUS_Attribute:value: " + (attrLen - 2);
            }
            if (attrLen - 2 > left - 2) {
                return outOfBound("RADIUS_Attribute:value", attrLen - 2, left - 2);
            }
            p += attrLen;
        }
        return null;
    }

    /** binpac's ExceptionOutOfBound text. */
    private static String outOfBound(String where, int needed, int given) {
        return "out_of_bound: " + where + ": " + needed + " > " + given;
    }

    /** Offset of the first attribute of {@code type} in a checked message, or -1. */
    static int find(MemorySegment data, long offset, int len, int type) {
        int p = HEADER;
        while (p < len) {
            if (Bytes.u8(data, offset + p) == type) {
                return p;
            }
            p += Bytes.u8(data, offset + p + 1);
        }
        return -1;
    }

    /** A copy of the value of the first attribute of {@code type} in a checked message, or null. */
    static byte[] value(MemorySegment data, long offset, int len, int type) {
        int at = find(data, offset, len, type);
        if (at < 0) {
            return null;
        }
        byte[] v = new byte[Bytes.u8(data, offset + at + 1) - 2];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset + at + 2, v, 0, v.length);
        return v;
    }

    /**
     * Zeek's {@code normalize_mac} (base/utils/addrs.zeek): the hex digits only, lowercase, as six or eight
     * colon-separated octets; "" for any other number of digits.
     */
    static String normalizeMac(byte[] raw) {
        StringBuilder hex = new StringBuilder(16);
        for (byte b : raw) {
            char c = (char) (b & 0xFF);
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {
                hex.append(c);
            } else if (c >= 'A' && c <= 'F') {
                hex.append((char) (c + ('a' - 'A')));
            }
        }
        if (hex.length() != 12 && hex.length() != 16) {
            return "";
        }
        StringBuilder out = new StringBuilder(23);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString();
    }
}
