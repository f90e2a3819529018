package io.osprey.analyzer.mqtt;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MQTT 3.1 / 3.1.1 (Zeek's binpac MQTT analyzer, src/analyzer/protocol/mqtt, and base/protocols/mqtt/main.zeek):
 * the three MQTT logs and conn.log's {@code service} "mqtt", on port 1883 and wherever dpd.sig's
 * {@code /^.{4,7}MQ/} matches.
 *
 * <p>Zeek's binpac flow for MQTT is a <em>datagram</em> flow: each TCP delivery is parsed as exactly one control
 * packet (fixed header, remaining length, then the command within that length); bytes after it in the same delivery
 * are ignored, and a packet split over deliveries fails. This class does the same over the delivered bytes. The
 * remaining length's encoding errors are Zeek's script-level violations ("malformed MQTT 'remaining length': too
 * many bytes" beyond four bytes, "too large" at four) and make it 0; the bounds checks binpac generates are
 * violations with its {@code out_of_bound} texts. CONNECT and PUBLISH confirm.
 *
 * <p>main.zeek's state is kept here: the session (mqtt_connect.log, written at each CONNACK), the PUBLISHes waiting
 * for their QoS exchange and the (UN)SUBSCRIBEs waiting for their acknowledgement, by message id. Zeek declares
 * those tables with {@code &write_expire=5secs} and an expire function that logs them, but assigns them plain
 * {@code table()} values, which carry no expiry: unanswered ones are never logged (checked against Zeek 9.1), and
 * neither are they here.
 *
 * <p>Called by the engine's connection analyzers on one worker thread. Allocates the strings and rows it logs.
 */
public final class MqttAnalyzer extends Analyzer {
    /** Zeek's base/protocols/mqtt {@code MQTT::ports}. */
    static final int[] PORTS = {1883};
    static final String BINPAC = "Binpac exception: binpac exception: out_of_bound: ";
    static final String TOO_MANY = "malformed MQTT 'remaining length': too many bytes";
    static final String TOO_LARGE = "malformed MQTT 'remaining length': too large";
    /**
     * Requests waiting for their answer, per table (publishes, subscriptions). Message ids are 16 bits and chosen by
     * the peers, and Zeek never expires these tables, so an attacker could keep 65536 topics of up to 64 KiB each;
     * beyond this many pending entries a new one is not tracked (and so never logged).
     */
    static final int MAX_PENDING = 256;

    /** dpd.sig: {@code /^.{4,7}MQ/} ('.' is any byte but a newline); either side. Allocation-free. */
    static final Probe PROBE = (b, len) -> {
        for (int i = 0; i < Math.min(len, 9); i++) {
            if (b[i] == '\n') {
                // Every byte before "MQ" must be a non-newline one.
                return Probe.NO_MATCH;
            }
            if (i >= 4 && i <= 7 && b[i] == 'M') {
                if (i + 1 == len) {
                    return Probe.MORE;
                }
                if (b[i + 1] == 'Q') {
                    return Probe.MATCH;
                }
            }
        }
        return len < 9 ? Probe.MORE : Probe.NO_MATCH;
    };

    /**
     * The declaration; BuiltinAnalyzers registers it.
     *
     * @param maxPayloadSize Zeek's {@code MQTT::max_payload_size}: payload bytes logged at most
     */
    public static AnalyzerSpec spec(long maxPayloadSize) {
        return new AnalyzerSpec("MQTT", "mqtt", AnalyzerSpec.TCP, PORTS, PROBE, PROBE,
                ctx -> new MqttAnalyzer(ctx, maxPayloadSize), true);
    }

    private final long maxPayloadSize;

    // main.zeek's c$mqtt (the session) and c$mqtt_state.
    private long sessionTs = -1;
    private byte[] protoName;
    private String protoVersion;
    private byte[] clientId;
    private String connectStatus;
    private byte[] willTopic;
    private byte[] willPayload;
    private final Map<Integer, Publish> publishes = new HashMap<>();
    private final Map<Integer, MqttSubscribeInfo> subscribes = new HashMap<>();

    /** A PUBLISH waiting for its QoS exchange. */
    private static final class Publish {
        final MqttPublishInfo row;
        final int qos;
        boolean rec;
        boolean rel;

        Publish(MqttPublishInfo row, int qos) {
            this.row = row;
            this.qos = qos;
        }
    }

    private MqttAnalyzer(AnalyzerContext ctx, long maxPayloadSize) {
        super(ctx);
        this.maxPayloadSize = maxPayloadSize;
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        String error = packet(isOrig, data, offset, len);
        if (error != null) {
            ctx.violation(BINPAC + error, null);
        }
    }

    /** MQTT_PDU over one delivery: null, or binpac's out_of_bound text. */
    private String packet(boolean isOrig, MemorySegment d, long off, int n) {
        long end = off + n;
        int fixedHeader = u8(d, off);
        long p = off + 1;
        // remaining_length: uint8[] &until(element without the continuation bit), or the delivery's end.
        int count = 0;
        long value = 0;
        long multiplier = 1;
        while (p < end) {
            int b = u8(d, p++);
            count++;
            if (count <= 4) {
                value += (b & 127) * multiplier;
                multiplier *= 128;
            }
            if ((b & 0x80) == 0) {
                break;
            }
        }
        // calc_header_length: more than 4 bytes, or a fourth one (the multiplier passes 128^3), is a violation and 0.
        if (count > 4) {
            ctx.violation(TOO_MANY, null);
            value = 0;
        } else if (count == 4) {
            ctx.violation(TOO_LARGE, null);
            value = 0;
        }
        long need = (p - off) + value;
        if (need > n) {
            return "MQTT_PDU:command: " + need + " > " + n;
        }
        return command(isOrig, fixedHeader, d, p, (int) value);
    }

    /** The parse position inside the command's window, and the window's end. */
    private long pos;
    private long windowEnd;

    /** Command(msg_type) within {@code [c, c + w)}. */
    private String command(boolean isOrig, int fixedHeader, MemorySegment d, long c, int w) {
        pos = c;
        windowEnd = c + w;
        return switch (fixedHeader >> 4) {
            case 1 -> connect(d, c, w);
            case 2 -> {
                if (w < 2) {
                    yield fixed("MQTT_connack", 2, w);
                }
                connack(u8(d, c + 1));
                yield null;
            }
            case 3 -> publish(isOrig, fixedHeader, d, c, w);
            case 4, 5, 6, 7, 11 -> {
                String[] names = {"MQTT_puback", "MQTT_pubrec", "MQTT_pubrel", "MQTT_pubcomp", null, null, null,
                        "MQTT_unsuback"};
                int type = fixedHeader >> 4;
                if (w < 2) {
                    yield fixed(names[type - 4], 2, w);
                }
                acknowledgement(type, u16(d, c));
                yield null;
            }
            case 8 -> subscribe(d, c, w, true);
            case 9 -> {
                if (w < 3) {
                    yield fixed("MQTT_suback", 3, w);
                }
                suback(u16(d, c), u8(d, c + 2));
                yield null;
            }
            case 10 -> subscribe(d, c, w, false);
            default -> null; // DISCONNECT, PINGREQ, PINGRESP: empty; reserved types: binpac's default, empty
        };
    }

    private static String fixed(String where, int needed, long given) {
        return where + ": " + needed + " > " + given;
    }

    /** MQTT_string at {@link #pos}; the bytes, or null after setting {@link #stringError}. */
    private byte[] string(MemorySegment d) {
        long rem = windowEnd - pos;
        if (rem < 2) {
            stringError = fixed("MQTT_string:len", 2, rem);
            return null;
        }
        int len = u16(d, pos);
        if (2 + len > rem) {
            stringError = fixed("MQTT_string:str", 2 + len, rem);
            return null;
        }
        byte[] s = new byte[len];
        MemorySegment.copy(d, ValueLayout.JAVA_BYTE, pos + 2, s, 0, len);
        pos += 2 + len;
        return s;
    }

    private String stringError;

    private String connect(MemorySegment d, long c, int w) {
        byte[] name = string(d);
        if (name == null) {
            return stringError;
        }
        long at = pos - c;
        if (at + 4 > w) {
            return fixed("MQTT_connect:keep_alive", (int) (at + 4), w);
        }
        int level = d.get(ValueLayout.JAVA_BYTE, pos); // int8
        int flags = u8(d, pos + 1);
        pos += 4;
        byte[] id = string(d);
        if (id == null) {
            return stringError;
        }
        byte[] wTopic = null;
        byte[] wMsg = null;
        if ((flags & 0x04) != 0) {
            wTopic = string(d);
            wMsg = wTopic == null ? null : string(d);
            if (wMsg == null) {
                return stringError;
            }
        }
        if ((flags & 0x80) != 0 && string(d) == null) {
            return stringError;
        }
        if ((flags & 0x40) != 0 && string(d) == null) {
            return stringError;
        }
        // mqtt_connect
        session();
        protoName = name;
        protoVersion = switch (level) {
            case 3 -> "3.1";
            case 4 -> "3.1.1";
            case 5 -> "5.0";
            // the int8 goes into a count: negative levels wrap around 2^64
            default -> "unknown-version-" + Long.toUnsignedString(level);
        };
        clientId = id;
        if (wTopic != null) {
            willTopic = wTopic;
            willPayload = wMsg;
        }
        ctx.confirm();
        return null;
    }

    /** mqtt_connack: the status, and the session's row. */
    private void connack(int code) {
        session();
        String[] codes = {"Connection Accepted", "Refused: unacceptable protocol version",
                "Refused: identifier rejected", "Refused: server unavailable", "Refused: bad user name or password",
                "Refused: not authorized"};
        connectStatus = code < codes.length ? codes[code] : "unknown-return-code-" + code;
        ctx.events().publish(new MqttConnectInfo(sessionTs, ctx.conn(), protoName, protoVersion, clientId,
                connectStatus, willTopic, willPayload));
    }

    private String publish(boolean isOrig, int fixedHeader, MemorySegment d, long c, int w) {
        byte[] topic = string(d);
        if (topic == null) {
            return stringError;
        }
        int qos = (fixedHeader & 0x06) >> 1;
        int msgId = 0;
        if (qos != 0) {
            long at = pos - c;
            if (at + 2 > w) {
                return fixed("MQTT_publish:msg_id", (int) (at + 2), w);
            }
            msgId = u16(d, pos);
            pos += 2;
        }
        long payloadLen = windowEnd - pos;
        byte[] payload = new byte[(int) Math.min(payloadLen, maxPayloadSize)];
        MemorySegment.copy(d, ValueLayout.JAVA_BYTE, pos, payload, 0, payload.length);
        // mqtt_publish
        session();
        String[] levels = {"at most once", "at least once", "exactly once"};
        MqttPublishInfo row = new MqttPublishInfo(ctx.networkTime(), ctx.conn(), isOrig, (fixedHeader & 1) != 0,
                qos < 3 ? levels[qos] : "unknown-qos-level-" + qos, qos == 0 ? "ok" : "incomplete_qos", topic,
                payload, payloadLen);
        if (qos == 0) {
            // Stored under id 0 and logged and removed at once.
            publishes.remove(0);
            ctx.events().publish(row);
        } else if (publishes.containsKey(msgId) || publishes.size() < MAX_PENDING) {
            publishes.put(msgId, new Publish(row, qos));
        }
        ctx.confirm();
        return null;
    }

    /** mqtt_puback (4), mqtt_pubrec (5), mqtt_pubrel (6), mqtt_pubcomp (7), mqtt_unsuback (11). */
    private void acknowledgement(int type, int msgId) {
        session();
        if (type == 11) {
            MqttSubscribeInfo s = subscribes.remove(msgId);
            if (s != null) {
                ctx.events().publish(new MqttSubscribeInfo(s.ts(), s.conn(), s.subscribe(), s.topics(), s.qosLevels(),
                        s.grantedQos(), true));
            }
            return;
        }
        Publish pub = publishes.get(msgId);
        if (pub == null) {
            return;
        }
        boolean ok = switch (type) {
            case 4 -> pub.qos == 1;
            case 5 -> {
                pub.rec = true;
                yield false;
            }
            case 6 -> {
                pub.rel = true;
                yield false;
            }
            default -> pub.qos == 2 && pub.rec && pub.rel;
        };
        if (ok) {
            publishes.remove(msgId);
            MqttPublishInfo r = pub.row;
            ctx.events().publish(new MqttPublishInfo(r.ts(), r.conn(), r.fromClient(), r.retain(), r.qos(), "ok",
                    r.topic(), r.payload(), r.payloadLen()));
        }
    }

    /** MQTT_subscribe (topics with a requested QoS each) or MQTT_unsubscribe (topics). */
    private String subscribe(MemorySegment d, long c, int w, boolean sub) {
        if (w < 2) {
            return fixed(sub ? "MQTT_subscribe:msg_id" : "MQTT_unsubscribe:msg_id", 2, w);
        }
        int msgId = u16(d, c);
        pos = c + 2;
        List<String> topics = new ArrayList<>();
        List<Long> qos = new ArrayList<>();
        while (pos < windowEnd) {
            long element = pos;
            byte[] t = string(d);
            if (t == null) {
                return stringError;
            }
            topics.add(new String(t, StandardCharsets.ISO_8859_1));
            if (sub) {
                long at = pos - element;
                if (pos + 1 > windowEnd) {
                    return fixed("MQTT_subscribe_topic:requested_QoS", (int) (at + 1), windowEnd - element);
                }
                qos.add((long) u8(d, pos));
                pos++;
            }
        }
        session();
        long[] levels = null;
        if (sub) {
            levels = new long[qos.size()];
            for (int i = 0; i < levels.length; i++) {
                levels[i] = qos.get(i);
            }
        }
        if (subscribes.containsKey(msgId) || subscribes.size() < MAX_PENDING) {
            subscribes.put(msgId, new MqttSubscribeInfo(ctx.networkTime(), ctx.conn(), sub, List.copyOf(topics),
                    levels, -1, false));
        }
        return null;
    }

    /** mqtt_suback: the first granted QoS, and the row. */
    private void suback(int msgId, int granted) {
        session();
        MqttSubscribeInfo s = subscribes.remove(msgId);
        if (s != null) {
            ctx.events().publish(new MqttSubscribeInfo(s.ts(), s.conn(), s.subscribe(), s.topics(), s.qosLevels(),
                    granted, true));
        }
    }

    /** main.zeek's set_session: the session's time is its first event's. */
    private void session() {
        if (sessionTs < 0) {
            sessionTs = ctx.networkTime();
        }
    }

    private static int u8(MemorySegment d, long i) {
        return d.get(ValueLayout.JAVA_BYTE, i) & 0xff;
    }

    private static int u16(MemorySegment d, long i) {
        return u8(d, i) << 8 | u8(d, i + 1);
    }
}
