package io.osprey.analyzer.mysql;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.HandOver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * MySQL recognition (Zeek's MySQL analyzer, {@code src/analyzer/protocol/mysql}): frames each direction into MySQL
 * packets (3-byte little-endian payload length, 1-byte sequence id), follows the connection phase as Zeek's binpac
 * grammar does (server greeting v10/v9 or ERR, the client's handshake response, the server's OK/ERR/AuthSwitchRequest/
 * AuthMoreData, the client's auth data) and confirms when the handshake response parses after a v9 or v10 greeting.
 * A handshake response with {@code CLIENT_SSL} after a v10 greeting hands the rest of the connection to an SSL child
 * analyzer (Zeek's {@code MySQL_Analyzer::StartTLS}). Where Zeek's binpac parser throws on a connection-phase packet,
 * this reports a violation "Binpac exception: ...". Like Zeek, it ignores partial connections and stops parsing
 * (but keeps forwarding to the SSL child) after a content gap.
 *
 * <p>Command phase: only the client's packets are checked (a command packet needs its command byte) and
 * {@code COM_CHANGE_USER} returns to the connection phase; the server's result sets are skipped, not parsed (see
 * package-info).
 *
 * <p>Per-connection memory: one {@link #MAX_KEPT}-byte packet buffer per direction, allocated when that direction
 * sends its first payload byte; nothing is allocated per packet.
 */
public final class MysqlAnalyzer extends Analyzer {
    /** Zeek's base/protocols/mysql {@code MySQL::ports}. Zeek has no DPD signature for MySQL. */
    static final int[] PORTS = {1434, 3306};

    /**
     * Bytes of one packet's payload kept for parsing. A packet's length comes from the attacker (up to 16 MiB); Zeek
     * buffers whole packets, Osprey keeps this prefix and skips the rest. Connection-phase packets are a few hundred
     * bytes; a check that would need bytes past the prefix counts as passed (the packet is accepted).
     */
    static final int MAX_KEPT = 4096;

    static final int CLIENT_CONNECT_WITH_DB = 0x00000008;
    static final int CLIENT_SSL = 0x00000800;
    static final int CLIENT_PLUGIN_AUTH = 0x00080000;
    static final int CLIENT_CONNECT_ATTRS = 0x00100000;
    static final int CLIENT_ZSTD_COMPRESSION_ALGORITHM = 0x04000000;
    static final int COM_CHANGE_USER = 0x11;

    /** Parse results: a position >= 0, or one of these. */
    private static final int FAIL = -1;
    /** The check needs bytes past the kept prefix of a long packet: accepted unchecked. */
    private static final int TRUNC = -2;

    /** Where binpac's string mismatches say the grammar is (the reference Zeek build's source path). */
    private static final String PAC = "/opt/src/zeek/src/analyzer/protocol/mysql/mysql-protocol.pac";

    /** Zeek's StartTLS: the rest of the connection goes to the SSL child. */
    private final HandOver tls;
    private boolean hadGap;

    private final Flow orig = new Flow();
    private final Flow resp = new Flow();

    /** Connection state of Zeek's MySQL_Conn (mysql-protocol.pac). */
    private boolean commandPhase;
    /** Zeek's conn_expected_: the client's next connection-phase packet is auth data, not a handshake response. */
    private boolean expectAuthData;
    /** Protocol version of the server greeting (0 until one parsed). */
    private int version;
    private int previousSeqId;

    /** End of the record being parsed: the packet's payload, or the connection attributes inside it. */
    private int limit;
    /** The last failed check, as binpac words it: a field name (built into the message only when one fails). */
    private String failWhere;
    private int failNeeded;
    private int failGiven;

    /** One direction's packet framing. */
    private static final class Flow {
        final byte[] header = new byte[4];
        int headerLen;
        /** Payload length of the current packet, from its header. */
        int payloadLen;
        int seqId;
        /** The packet's first bytes; allocated at the first payload byte of this direction (not for mere scans). */
        byte[] kept;
        /** Payload bytes of the current packet received so far (kept or skipped). */
        int received;
    }

    private MysqlAnalyzer(AnalyzerContext ctx, AnalyzerSpec tlsSpec) {
        super(ctx);
        this.tls = new HandOver(ctx, tlsSpec);
    }

    /**
     * The declaration; BuiltinAnalyzers registers it.
     *
     * @param tlsSpec the SSL analyzer a CLIENT_SSL handshake response hands the connection to, or null to stop there
     */
    public static AnalyzerSpec spec(AnalyzerSpec tlsSpec) {
        return new AnalyzerSpec("MYSQL", "mysql", AnalyzerSpec.TCP, PORTS, null, null,
                ctx -> new MysqlAnalyzer(ctx, tlsSpec));
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        if (tls.started()) {
            tls.deliverStream(isOrig, data, offset, len);
            return;
        }
        if (ctx.conn().partial() || hadGap) {
            return;
        }
        Flow f = isOrig ? orig : resp;
        long i = offset;
        long end = offset + len;
        while (i < end) {
            if (f.headerLen < 4) {
                f.header[f.headerLen++] = data.get(ValueLayout.JAVA_BYTE, i++);
                if (f.headerLen == 4) {
                    f.payloadLen = (f.header[0] & 0xFF) | (f.header[1] & 0xFF) << 8 | (f.header[2] & 0xFF) << 16;
                    f.seqId = f.header[3] & 0xFF;
                    f.received = 0;
                } else {
                    continue;
                }
            } else {
                int n = (int) Math.min(end - i, f.payloadLen - f.received);
                int keep = Math.min(n, MAX_KEPT - f.received);
                if (keep > 0) {
                    if (f.kept == null) {
                        f.kept = new byte[MAX_KEPT];
                    }
                    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, i, f.kept, f.received, keep);
                }
                f.received += n;
                i += n;
            }
            if (f.received == f.payloadLen) {
                f.headerLen = 0;
                if (!packet(isOrig, f)) {
                    // binpac's flow buffer discards what it holds after an exception: the rest of this delivery is
                    // dropped and the next one starts a new packet.
                    return;
                }
            }
        }
    }

    /** One complete packet of {@code f}: Zeek's MySQL_PDU. Returns false when it failed to parse (a violation). */
    private boolean packet(boolean isOrig, Flow f) {
        failWhere = null;
        limit = f.payloadLen;
        int r;
        if (isOrig) {
            r = commandPhase ? command(f) : clientConnectionPhase(f);
        } else {
            r = serverMessage(f);
        }
        if (r == FAIL) {
            ctx.violation("Binpac exception: binpac exception: " + failWhere
                    + (failNeeded >= 0 ? ": " + failNeeded + " > " + failGiven : ""), null);
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ server

    private int serverMessage(Flow f) {
        int r;
        if (commandPhase) {
            r = 0; // Command responses are skipped (package-info).
        } else if (f.seqId == 0 && previousSeqId != 255) {
            r = initialHandshake(f);
        } else {
            r = serverConnectionPhase(f);
        }
        if (r != FAIL) {
            previousSeqId = f.seqId;
        }
        return r;
    }

    /** Zeek's Initial_Handshake_Packet: the version byte selects v10, v9 or an ERR packet. */
    private int initialHandshake(Flow f) {
        int p = need(f, 0, 1, 0, "Initial_Handshake_Packet:version");
        if (p < 0) {
            return p;
        }
        int v = f.kept[0] & 0xFF;
        int r = switch (v) {
            case 10 -> handshakeV10(f, 1);
            case 9 -> handshakeV9(f, 1);
            default -> errPacket(f, 1);
        };
        if (r != FAIL) {
            // The version is a let field after the packet's fields: a failed parse does not set it.
            version = v;
        }
        return r;
    }

    private int handshakeV10(Flow f, int p) {
        int start = p;
        p = nulString(f, p, 339);
        p = need(f, p, 4, start, "Handshake_v10:connection_id");
        p = need(f, p, 8, start, "Handshake_v10:auth_plugin_data_part_1");
        // binpac checks a run of fixed-size fields at once, naming the run's last field: filler_1 up to reserved
        // (1 + 2 + 1 + 2 + 2 + 1 + 10 bytes) end where auth_plugin_data_part_2, of computed length, begins.
        p = need(f, p, 19, start, "Handshake_v10:reserved");
        if (p < 0) {
            return p;
        }
        int capHi = u16(f, p - 13);
        int authLen = f.kept[p - 11] & 0xFF;
        if (authLen != 0 && authLen < 21) {
            return enforce("Handshake_v10:auth_plugin_data_len");
        }
        p = need(f, p, authLen > 21 ? authLen - 8 : 13, start, "Handshake_v10:auth_plugin_data_part_2");
        if ((((long) capHi << 16) & CLIENT_PLUGIN_AUTH) != 0) {
            p = nulString(f, p, 351);
        }
        return p;
    }

    private int handshakeV9(Flow f, int p) {
        int start = p;
        p = nulString(f, p, 366);
        p = need(f, p, 4, start, "Handshake_v9:connection_id");
        return nulString(f, p, 368);
    }

    /** Zeek's ERR_Packet after its marker byte; it moves the connection to the command phase. */
    private int errPacket(Flow f, int p) {
        int start = p;
        p = need(f, p, 2, start, "ERR_Packet:code");
        p = need(f, p, 6, start, "ERR_Packet:state");
        if (p != FAIL) {
            enterCommandPhase();
        }
        return p;
    }

    /** Zeek's Server_Connection_Phase_Packets: OK, AuthMoreData, AuthSwitchRequest or ERR, nothing else. */
    private int serverConnectionPhase(Flow f) {
        int p = need(f, 0, 1, 0, "Server_Connection_Phase_Packets:pkt_type");
        if (p < 0) {
            return p;
        }
        switch (f.kept[0] & 0xFF) {
            case 0x00 -> {
                p = lengthEncodedInteger(f, p);
                if (p != FAIL) {
                    enterCommandPhase();
                }
                return p;
            }
            case 0x01 -> {
                return p;
            }
            case 0xfe -> {
                p = nulString(f, p, 677);
                if (p != FAIL) {
                    expectAuthData = true;
                }
                return p;
            }
            case 0xff -> {
                return errPacket(f, p);
            }
            default -> {
                return invalidCase("Server_Connection_Phase_Packets", f.kept[0] & 0xFF);
            }
        }
    }

    private void enterCommandPhase() {
        commandPhase = true;
        expectAuthData = false;
    }

    // ------------------------------------------------------------------------------------------------ client

    private int clientConnectionPhase(Flow f) {
        if (expectAuthData) {
            return 0; // AuthMoreData: opaque.
        }
        // Zeek's Handshake_Response_Packet: a case on the greeting's version without a default.
        int r = switch (version) {
            case 10 -> handshakeResponseV10(f);
            case 9 -> handshakeResponseV9(f);
            default -> invalidCase("Handshake_Response_Packet", version);
        };
        if (r == FAIL) {
            return r;
        }
        ctx.confirm();
        if (version == 10 && f.payloadLen >= 4 && (u32(f, 0) & CLIENT_SSL) != 0) {
            tls.start();
        }
        return r;
    }

    private int handshakeResponseV10(Flow f) {
        // cap_flags 4, max_pkt_size 4, char_set 1, 23 bytes of padding: one fixed-size run for binpac.
        int p = need(f, 0, 32, 0, "Handshake_Response_Packet_v10:pad");
        if (p < 0) {
            return p;
        }
        int caps = u32(f, 0);
        if ((caps & CLIENT_SSL) != 0) {
            return p;
        }
        // Handshake_Plain_v10 starts after the padding.
        int start = p;
        p = nulString(f, p, 394);
        p = lengthEncodedString(f, p);
        if ((caps & CLIENT_CONNECT_WITH_DB) != 0) {
            p = nulString(f, p, 411);
        }
        if ((caps & CLIENT_PLUGIN_AUTH) != 0) {
            p = optionalNulString(f, p);
        }
        if ((caps & CLIENT_CONNECT_ATTRS) != 0) {
            p = connectionAttributes(f, p);
        }
        if ((caps & CLIENT_ZSTD_COMPRESSION_ALGORITHM) != 0) {
            p = need(f, p, 1, start, "Handshake_Plain_v10:zstd_compression_level");
        }
        if (p != FAIL && (caps & CLIENT_PLUGIN_AUTH) != 0) {
            expectAuthData = true;
        }
        return p;
    }

    private int handshakeResponseV9(Flow f) {
        // cap_flags 2, max_pkt_size 3: one fixed-size run for binpac.
        int p = need(f, 0, 5, 0, "Handshake_Response_Packet_v9:max_pkt_size");
        if (p < 0) {
            return p;
        }
        int caps = u16(f, 0);
        p = nulString(f, p, 451);
        p = nulString(f, p, 452);
        if ((caps & CLIENT_CONNECT_WITH_DB) != 0) {
            p = nulString(f, p, 454);
        }
        return p;
    }

    /**
     * Zeek's Handshake_Connection_Attributes: a one-byte length, then name/value pairs filling it (its
     * {@code &length=length+1} bounds the pairs: {@link #limit} is its end while they are parsed).
     */
    private int connectionAttributes(Flow f, int p) {
        if (p < 0) {
            return p;
        }
        int start = p;
        p = need(f, p, 1, start, "Handshake_Connection_Attributes:length");
        if (p < 0) {
            return p;
        }
        int end = p + (f.kept[p - 1] & 0xFF);
        if (end > limit) {
            return outOfBound("Handshake_Connection_Attributes", end - start, limit - start);
        }
        if (end > MAX_KEPT) {
            return TRUNC;
        }
        int outer = limit;
        limit = end;
        while (p >= 0 && p < end) {
            p = lengthEncodedString(f, p);
            p = lengthEncodedString(f, p);
        }
        limit = outer;
        return p < 0 ? p : end;
    }

    /** A client command packet: Zeek's Command_Request_Packet needs its command byte. */
    private int command(Flow f) {
        int p = need(f, 0, 1, 0, "Command_Request_Packet:command");
        if (p >= 0 && (f.kept[0] & 0xFF) == COM_CHANGE_USER) {
            // Zeek's set_next_expected_from_command: back to the connection phase (the change-user body and the
            // server's answers are then parsed as connection-phase packets).
            commandPhase = false;
        }
        return p;
    }


    // ------------------------------------------------------------------------------------------------ primitives

    /**
     * {@code n} more bytes at {@code p} for field {@code where} of a record that began at {@code start}: binpac's
     * out_of_bound message counts both from the record's start.
     */
    private int need(Flow f, int p, int n, int start, String where) {
        if (p < 0) {
            return p;
        }
        long e = (long) p + n;
        if (e > limit) {
            return outOfBound(where, (int) Math.min(Integer.MAX_VALUE, e - start), limit - start);
        }
        return e > MAX_KEPT ? TRUNC : (int) e;
    }

    /**
     * Zeek's NUL_String ({@code [^\0]*\0}): the bytes up to and including a NUL. binpac's mismatch message names the
     * field by its line in mysql-protocol.pac (as the reference Zeek build has it) and quotes the rest of the record.
     */
    private int nulString(Flow f, int p, int pacLine) {
        if (p < 0) {
            return p;
        }
        int kept = Math.min(limit, MAX_KEPT);
        for (int i = p; i < kept; i++) {
            if (f.kept[i] == 0) {
                return i + 1;
            }
        }
        if (limit > MAX_KEPT) {
            return TRUNC;
        }
        StringBuilder data = new StringBuilder(limit - p);
        for (int i = p; i < limit; i++) {
            data.append((char) (f.kept[i] & 0xFF));
        }
        failWhere = "string mismatch at " + PAC + ":" + pacLine + ": \nexpected pattern: \"[^\\0]*\\0\"\nactual data: \""
                + data + "\"";
        failNeeded = -1;
        return FAIL;
    }

    /** Zeek's EmptyOrNUL_String ({@code ([^\0]*\0)?}): a NUL-terminated string, or nothing. */
    private int optionalNulString(Flow f, int p) {
        if (p < 0) {
            return p;
        }
        int kept = Math.min(limit, MAX_KEPT);
        for (int i = p; i < kept; i++) {
            if (f.kept[i] == 0) {
                return i + 1;
            }
        }
        return limit > MAX_KEPT ? TRUNC : p;
    }

    /**
     * Zeek's LengthEncodedInteger: a first byte, then 2, 3 or 8 more bytes for 0xfc, 0xfd, 0xfe. Returns the position
     * after it; its value is left in {@link #leValue}.
     */
    private int lengthEncodedInteger(Flow f, int p) {
        p = need(f, p, 1, p, "LengthEncodedInteger:length");
        if (p < 0) {
            return p;
        }
        int first = f.kept[p - 1] & 0xFF;
        int extra = first == 0xfc ? 2 : first == 0xfd ? 3 : first == 0xfe ? 8 : 0;
        // Zeek's LengthEncodedIntegerLookahead fields i2 (uint16), i3 (uint24le), i4 (uint64).
        int q = need(f, p, extra, p, first == 0xfc ? "LengthEncodedIntegerLookahead:i2"
                : first == 0xfd ? "LengthEncodedIntegerLookahead:i3" : "LengthEncodedIntegerLookahead:i4");
        if (q < 0) {
            return q;
        }
        // Zeek's to_int() returns an int: the 8-byte form is truncated to its low 32 bits (and may go negative).
        leValue = switch (first) {
            case 0xfb, 0xff -> 0;
            case 0xfc -> u16(f, p);
            case 0xfd -> (f.kept[p] & 0xFF) | (f.kept[p + 1] & 0xFF) << 8 | (f.kept[p + 2] & 0xFF) << 16;
            case 0xfe -> u32(f, p);
            default -> first;
        };
        return q;
    }

    /** The value of the last {@link #lengthEncodedInteger}. */
    private int leValue;

    /** Zeek's LengthEncodedString: a LengthEncodedInteger, then that many bytes. */
    private int lengthEncodedString(Flow f, int p) {
        if (p < 0) {
            return p;
        }
        int start = p;
        p = lengthEncodedInteger(f, p);
        if (p < 0) {
            return p;
        }
        if (leValue < 0) {
            failWhere = "invalid length string: " + PAC + ":37: " + leValue;
            failNeeded = -1;
            return FAIL;
        }
        return need(f, p, leValue, start, "LengthEncodedString:val");
    }

    private int outOfBound(String where, int needed, int given) {
        failWhere = "out_of_bound: " + where;
        failNeeded = needed;
        failGiven = given;
        return FAIL;
    }

    private int enforce(String where) {
        failWhere = "&enforce violation : " + where;
        failNeeded = -1;
        return FAIL;
    }

    private int invalidCase(String where, int index) {
        failWhere = "invalid index for case: " + where + ": " + index;
        failNeeded = -1;
        return FAIL;
    }

    private static int u16(Flow f, int p) {
        return (f.kept[p] & 0xFF) | (f.kept[p + 1] & 0xFF) << 8;
    }

    private static int u32(Flow f, int p) {
        return (f.kept[p] & 0xFF) | (f.kept[p + 1] & 0xFF) << 8 | (f.kept[p + 2] & 0xFF) << 16
                | (f.kept[p + 3] & 0xFF) << 24;
    }

    // ------------------------------------------------------------------------------------------------ stream end

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        tls.gap(isOrig, seq, len);
        // Zeek's MySQL analyzer parses nothing more after a content gap in either direction.
        hadGap = true;
    }

    @Override
    public void endOfData(boolean isOrig) {
        tls.endOfData(isOrig);
    }

    @Override
    public void done() {
        tls.done();
    }
}
