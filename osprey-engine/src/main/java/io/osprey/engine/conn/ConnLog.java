package io.osprey.engine.conn;

import io.osprey.log.Field;
import io.osprey.log.FieldType;
import io.osprey.log.FieldWriter;
import io.osprey.log.LogRecord;
import io.osprey.log.LogSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * conn.log: one row per connection, written when the connection is removed (Zeek's
 * {@code base/protocols/conn/main.zeek}, {@code Conn::Info}). Optional columns come from Zeek's policy scripts
 * ({@link ConnConfig.Extra}), appended in the order the features were enabled, as Zeek appends them in load order.
 */
public final class ConnLog implements LogRecord {
    /** Zeek's RSTOS0 history pattern ({@code /\^?S[^HAFGIQ]*R.* /}). */
    private static final Pattern RSTOS0 = Pattern.compile("\\^?S[^HAFGIQ]*R.*");

    private final ConnConfig config;
    private final LogSchema schema;
    private Connection c;

    public ConnLog(ConnConfig config) {
        this.config = config;
        List<Field> f = new ArrayList<>(Arrays.asList(
                new Field("ts", FieldType.TIME),
                new Field("uid", FieldType.STRING),
                new Field("id.orig_h", FieldType.ADDR),
                new Field("id.orig_p", FieldType.PORT),
                new Field("id.resp_h", FieldType.ADDR),
                new Field("id.resp_p", FieldType.PORT),
                new Field("proto", FieldType.ENUM),
                new Field("service", FieldType.STRING),
                new Field("duration", FieldType.INTERVAL),
                new Field("orig_bytes", FieldType.COUNT),
                new Field("resp_bytes", FieldType.COUNT),
                new Field("conn_state", FieldType.STRING),
                new Field("local_orig", FieldType.BOOL),
                new Field("local_resp", FieldType.BOOL),
                new Field("missed_bytes", FieldType.COUNT),
                new Field("history", FieldType.STRING),
                new Field("orig_pkts", FieldType.COUNT),
                new Field("orig_ip_bytes", FieldType.COUNT),
                new Field("resp_pkts", FieldType.COUNT),
                new Field("resp_ip_bytes", FieldType.COUNT),
                new Field("tunnel_parents", FieldType.SET_STRING),
                new Field("ip_proto", FieldType.COUNT)));
        for (ConnConfig.Extra e : config.extras) {
            switch (e) {
                case MAC -> {
                    f.add(new Field("orig_l2_addr", FieldType.STRING));
                    f.add(new Field("resp_l2_addr", FieldType.STRING));
                }
                case VLAN -> {
                    f.add(new Field("vlan", FieldType.INT));
                    f.add(new Field("inner_vlan", FieldType.INT));
                }
                case COMMUNITY_ID -> f.add(new Field("community_id", FieldType.STRING));
                case PPPOE_SESSION_ID -> f.add(new Field("pppoe_session_id", FieldType.COUNT));
                case SPECULATIVE_SERVICE -> f.add(new Field("speculative_service", FieldType.STRING));
                default -> throw new IllegalStateException(e.toString());
            }
        }
        schema = new LogSchema("conn", f);
    }

    public LogSchema schema() {
        return schema;
    }

    /** Selects the connection the next {@link #write} renders. */
    ConnLog of(Connection conn) {
        this.c = conn;
        return this;
    }

    static String protoName(int proto) {
        return switch (proto) {
            case Connection.TCP -> "tcp";
            case Connection.UDP -> "udp";
            case Connection.ICMP, Connection.ICMP6 -> "icmp";
            default -> "unknown_transport";
        };
    }

    /** The originator's size: TCP from sequence space, UDP/ICMP from payload lengths, 0 for other protocols. */
    private long origSize() {
        if (c.tcp() != null) {
            return c.tcp().size(c.tcp().orig);
        }
        long requestLen = ((FlowConnection) c).requestLen;
        return isUnknown() || requestLen < 0 ? 0 : requestLen;
    }

    private long respSize() {
        if (c.tcp() != null) {
            return c.tcp().size(c.tcp().resp);
        }
        long replyLen = ((FlowConnection) c).replyLen;
        return isUnknown() || replyLen < 0 ? 0 : replyLen;
    }

    private boolean isUnknown() {
        return c.proto != Connection.TCP && c.proto != Connection.UDP && c.proto != Connection.ICMP
                && c.proto != Connection.ICMP6;
    }

    /** Zeek's Conn::conn_state. */
    String connState() {
        if (c.tcp() != null) {
            int os = c.tcp().orig.state;
            int rs = c.tcp().resp.state;
            boolean oInactive = os == TcpEndpoint.INACTIVE || os == TcpEndpoint.PARTIAL;
            boolean rInactive = rs == TcpEndpoint.INACTIVE || rs == TcpEndpoint.PARTIAL;
            if (rs == TcpEndpoint.RESET) {
                if (os == TcpEndpoint.SYN_SENT || os == TcpEndpoint.SYN_ACK_SENT
                        || (os == TcpEndpoint.RESET && c.tcp().size(c.tcp().orig) == 0
                        && c.tcp().size(c.tcp().resp) == 0)) {
                    return "REJ";
                } else if (oInactive) {
                    return "RSTRH";
                }
                return "RSTR";
            } else if (os == TcpEndpoint.RESET) {
                if (rInactive) {
                    if (RSTOS0.matcher(c.history()).matches()) {
                        return "RSTOS0";
                    }
                    return "OTH";
                }
                return "RSTO";
            } else if (rs == TcpEndpoint.CLOSED && os == TcpEndpoint.CLOSED) {
                return "SF";
            } else if (os == TcpEndpoint.CLOSED) {
                return rInactive ? "SH" : "S2";
            } else if (rs == TcpEndpoint.CLOSED) {
                return oInactive ? "SHR" : "S3";
            } else if (os == TcpEndpoint.SYN_SENT && rs == TcpEndpoint.INACTIVE) {
                return "S0";
            } else if (os == TcpEndpoint.ESTABLISHED && rs == TcpEndpoint.ESTABLISHED) {
                return "S1";
            }
            return "OTH";
        }
        if (c.proto == Connection.UDP) {
            FlowConnection f = (FlowConnection) c;
            if (f.requestLen >= 0) {
                return f.replyLen >= 0 ? "SF" : "S0";
            }
            return f.replyLen >= 0 ? "SHR" : "OTH";
        }
        return "OTH";
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String mac(long m) {
        char[] out = new char[17];
        for (int i = 0; i < 6; i++) {
            int b = (int) (m >>> (40 - 8 * i)) & 0xFF;
            out[3 * i] = HEX[b >>> 4];
            out[3 * i + 1] = HEX[b & 0xF];
            if (i < 5) {
                out[3 * i + 2] = ':';
            }
        }
        return new String(out);
    }

    /**
     * conn.log's {@code service}: the confirmed analyzers' services in confirmation order, joined by commas (Zeek's
     * ordered {@code c$service}, lowercased); tunnel (packet) analyzers confirm on their first packet, so they come
     * first. Null when none.
     */
    static String serviceOf(Connection c) {
        java.util.List<String> app = c.analyzers == null ? java.util.List.of() : c.analyzers.services();
        String[] tunnelServices = c.tunnelServices();
        if (tunnelServices == null && app.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (tunnelServices != null) {
            for (String s : tunnelServices) {
                sb.append(sb.isEmpty() ? "" : ",").append(s);
            }
        }
        for (String s : app) {
            sb.append(sb.isEmpty() ? "" : ",").append(s);
        }
        return sb.toString();
    }

    @Override
    public void write(FieldWriter w) {
        w.time(c.startTime);
        w.string(c.uid());
        w.addr(c.origHi, c.origLo);
        w.port(c.origPort);
        w.addr(c.respHi, c.respLo);
        w.port(c.respPort);
        w.string(protoName(c.proto));
        String service = serviceOf(c);
        if (service == null) {
            w.unset();
        } else {
            w.string(service);
        }
        long duration = c.lastTime - c.startTime;
        if (duration > 0) {
            w.intervalBetween(c.startTime, c.lastTime);
            w.count(origSize());
            w.count(respSize());
        } else {
            w.unset();
            w.unset();
            w.unset();
        }
        w.string(connState());
        if (config.localNets.isEmpty()) {
            w.unset();
            w.unset();
        } else {
            w.bool(config.localNets.contains(c.origHi, c.origLo));
            w.bool(config.localNets.contains(c.respHi, c.respLo));
        }
        w.count(c instanceof TcpSession tcp ? tcp.missedBytes() : 0);
        String h = c.history();
        if (h.isEmpty()) {
            w.unset();
        } else {
            w.string(h);
        }
        if (config.connSize) {
            w.count(c.origPkts());
            w.count(c.origIpBytes());
            w.count(c.respPkts());
            w.count(c.respIpBytes());
        } else {
            w.unset();
            w.unset();
            w.unset();
            w.unset();
        }
        if (c.tunnelParents() == null) {
            w.unset();
        } else {
            w.strings(Arrays.asList(c.tunnelParents()));
        }
        w.count(c.proto);
        for (ConnConfig.Extra e : config.extras) {
            switch (e) {
                case MAC -> {
                    Connection.Extras x = c.extrasOrNull();
                    boolean hasL2 = x != null && x.hasL2;
                    w.optionalString(hasL2 && x.origL2 != 0 ? mac(x.origL2) : null);
                    w.optionalString(hasL2 && x.respL2 != 0 ? mac(x.respL2) : null);
                }
                case VLAN -> {
                    optionalInt(w, c.vlan);
                    optionalInt(w, c.innerVlan);
                }
                case COMMUNITY_ID -> w.string(CommunityId.of(config.communityIdSeed, c));
                case PPPOE_SESSION_ID -> {
                    if (c.pppoeSession() >= 0) {
                        w.count(c.pppoeSession());
                    } else {
                        w.unset();
                    }
                }
                case SPECULATIVE_SERVICE -> {
                    java.util.List<String> sp = c.analyzers == null ? java.util.List.of() : c.analyzers.speculative();
                    w.optionalString(sp.isEmpty() ? null : String.join(",", sp));
                }
                default -> throw new IllegalStateException(e.toString());
            }
        }
    }

    private static void optionalInt(FieldWriter w, int v) {
        if (v >= 0) {
            w.integer(v);
        } else {
            w.unset();
        }
    }
}
