package io.osprey.analyzer.rfb;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFB / VNC (RFC 6143) as Zeek's binpac RFB analyzer follows it (src/analyzer/protocol/rfb: rfb-protocol.pac's
 * records, rfb-analyzer.pac's client and server state machines) and base/protocols/rfb/main.zeek logs it. Attached
 * by payload detection only (dpd.sig: both sides begin with "RFB"), on any port.
 *
 * <p>Each direction is a sequence of records whose kind the connection's state decides: versions, the security type
 * (3.3) or types and selection (3.7+), VNC or Apple Remote Desktop challenge and response, the security result, the
 * client's init (share flag) and the server's (framebuffer size, desktop name), then client messages. The client's
 * version confirms; the events feed the session that becomes the rfb.log row, written after the server's init or
 * when the connection ends. Zeek's violations are reproduced: binpac's string mismatches in the version records,
 * its {@code &enforce} on 32-bit lengths, data in a wait state ("invalid data from RFB client/server"), unknown
 * client message types, and the script-level "invalid RFB security type", "unknown RFB auth selection" and
 * "invalid RFB auth result". After a binpac exception, a content gap, on partial connections, and on the server's
 * side after its init message nothing more is parsed.
 *
 * <p>Called by the engine's connection analyzers on one worker thread. Fixed parts of records are collected in a
 * small per-direction buffer; variable parts are skipped without buffering, except the desktop name (at most
 * 65535 bytes, binpac's {@code MAX_DATA_LENGTH} check). The DPD probe is a three-byte comparison.
 */
public final class RfbAnalyzer extends Analyzer {
    /** binpac's {@code MAX_DATA_LENGTH}: 32-bit lengths must be below it ({@code &enforce}). */
    static final long MAX_DATA_LENGTH = 65536;
    /** Where binpac's mismatch messages say the grammar is (the reference Zeek build's source path). */
    private static final String PAC = "/opt/src/zeek/src/analyzer/protocol/rfb/rfb-protocol.pac:";
    static final String BINPAC = "Binpac exception: binpac exception: ";

    /** dpd.sig's {@code payload /^RFB/}, for both sides: allocation-free. */
    static final Probe PROBE = (prefix, len) -> {
        int n = Math.min(len, 3);
        for (int i = 0; i < n; i++) {
            if (prefix[i] != "RFB".charAt(i)) {
                return Probe.NO_MATCH;
            }
        }
        return n == 3 ? Probe.MATCH : Probe.MORE;
    };

    /** The declaration; BuiltinAnalyzers registers it. No ports: Zeek finds RFB by its signature only. */
    public static final AnalyzerSpec SPEC = new AnalyzerSpec("RFB", "rfb", AnalyzerSpec.TCP, new int[0], PROBE, PROBE,
            RfbAnalyzer::new);

    // Client states (rfb-protocol.pac's ClientState).
    private static final int C_VERSION = 0;
    private static final int C_AUTH_SELECTION = 1;
    private static final int C_AUTH_VNC_RESPONSE = 2;
    private static final int C_AUTH_ARD_RESPONSE = 3;
    private static final int C_INIT = 4;
    private static final int C_MESSAGE_TYPE = 5;
    private static final int C_MESSAGE = 6;
    private static final int C_WAIT = 99;
    private static final int C_INVALID = 100;
    // Server states (ServerState).
    private static final int S_VERSION = 0;
    private static final int S_AUTH_TYPE = 1;
    private static final int S_AUTH_TYPE37 = 2;
    private static final int S_AUTH_FAILURE = 3;
    private static final int S_AUTH_VNC_CHALLENGE = 4;
    private static final int S_AUTH_ARD_CHALLENGE = 5;
    private static final int S_AUTH_RESULT = 6;
    private static final int S_INIT = 7;
    private static final int S_MESSAGE_TYPE = 8;
    private static final int S_WAIT = 99;
    private static final int S_INVALID = 100;

    // Record phases of one direction.
    private static final int IDLE = 0;
    private static final int COLLECT = 1;
    private static final int SKIP = 2;
    private static final int NAME = 3;

    private int clientState = C_VERSION;
    private int serverState = S_VERSION;
    /** The client's minor version (Zeek's {@code version}). */
    private int version;
    private int ardKeyLength;
    private int nextClientMessage;
    private boolean sawHandshake;
    /** A binpac exception or a gap: nothing more is parsed. */
    private boolean invalid;

    private final Direction orig = new Direction(true);
    private final Direction resp = new Direction(false);

    /** The record being read in one direction. */
    private static final class Direction {
        final boolean client;
        int phase = IDLE;
        /** The state the current record was started in. */
        int state;
        final byte[] buf = new byte[24];
        int have;
        int want;
        long skip;
        /** For client messages: the message type; for the server's init: the name's length. */
        int sub;
        byte[] name;
        int nameLen;

        Direction(boolean client) {
            this.client = client;
        }
    }

    // The session of main.zeek (c$rfb), null until the first event.
    private long sessionTs = -1;
    private byte[] clientMajor;
    private byte[] clientMinor;
    private byte[] serverMajor;
    private byte[] serverMinor;
    private String authMethod;
    private Boolean auth;
    private Boolean shareFlag;
    private byte[] desktopName;
    private int width = -1;
    private int height = -1;
    private boolean logged;

    private RfbAnalyzer(AnalyzerContext ctx) {
        super(ctx);
    }

    @Override
    public void deliverStream(boolean isOrig, MemorySegment data, long offset, int len) {
        if (invalid || ctx.conn().partial() || (!isOrig && sawHandshake)) {
            return;
        }
        Direction d = isOrig ? orig : resp;
        long p = offset;
        long end = offset + len;
        // binpac's flow loop: a record is started only while data is available (a zero-length record too).
        while (!invalid && !(!isOrig && sawHandshake)) {
            switch (d.phase) {
                case IDLE -> {
                    if (p == end) {
                        return;
                    }
                    start(d);
                }
                case COLLECT -> {
                    int n = (int) Math.min(d.want - d.have, end - p);
                    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p, d.buf, d.have, n);
                    d.have += n;
                    p += n;
                    if (d.have < d.want) {
                        return;
                    }
                    collected(d);
                }
                case SKIP -> {
                    long n = Math.min(d.skip, end - p);
                    d.skip -= n;
                    p += n;
                    if (d.skip > 0) {
                        return;
                    }
                    d.phase = IDLE;
                    recordDone(d);
                }
                default -> { // NAME
                    int n = (int) Math.min(d.sub - d.nameLen, end - p);
                    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p, d.name, d.nameLen, n);
                    d.nameLen += n;
                    p += n;
                    if (d.nameLen < d.sub) {
                        return;
                    }
                    d.phase = IDLE;
                    serverInit(d);
                }
            }
        }
    }

    private void collect(Direction d, int n) {
        d.phase = COLLECT;
        d.have = 0;
        d.want = n;
    }

    private void skip(Direction d, long n) {
        d.phase = SKIP;
        d.skip = n;
    }

    /** Starts the record the direction's state calls for (RFB_PDU_request / RFB_PDU_response). */
    private void start(Direction d) {
        d.state = d.client ? clientState : serverState;
        if (d.client) {
            switch (d.state) {
                case C_VERSION -> collect(d, 12);
                case C_AUTH_SELECTION, C_INIT, C_MESSAGE_TYPE -> collect(d, 1);
                case C_AUTH_VNC_RESPONSE -> skip(d, 16);
                case C_AUTH_ARD_RESPONSE -> skip(d, 2L * ardKeyLength);
                case C_MESSAGE -> clientMessage(d);
                case C_WAIT -> clientState = C_INVALID; // WaitData: zero bytes
                default -> binpac("invalid data from RFB client");
            }
        } else {
            switch (d.state) {
                case S_VERSION -> collect(d, 12);
                case S_AUTH_TYPE, S_AUTH_RESULT, S_AUTH_FAILURE, S_AUTH_ARD_CHALLENGE -> collect(d, 4);
                case S_AUTH_TYPE37 -> collect(d, 1);
                case S_AUTH_VNC_CHALLENGE -> skip(d, 16);
                case S_INIT -> collect(d, 24);
                case S_WAIT -> serverState = S_INVALID;
                default -> binpac("invalid data from RFB server");
            }
        }
    }

    /** ClientMessage by the type read before: fixed sizes, or a prefix with a count or length. */
    private void clientMessage(Direction d) {
        d.sub = nextClientMessage;
        switch (d.sub) {
            case 0 -> skip(d, 19);
            case 2 -> collect(d, 3);
            case 3 -> skip(d, 9);
            case 4 -> skip(d, 7);
            case 5 -> skip(d, 5);
            case 6 -> collect(d, 7);
            default -> binpac("invalid index for case: ClientMessage: " + d.sub);
        }
    }

    /** The fixed part of the current record is in {@code d.buf}. */
    private void collected(Direction d) {
        byte[] b = d.buf;
        d.phase = IDLE;
        if (d.client) {
            switch (d.state) {
                case C_VERSION -> version(d, true);
                case C_AUTH_SELECTION -> {
                    int type = b[0] & 0xff;
                    if (type == 1) {
                        serverState = version > 7 ? S_AUTH_RESULT : S_INIT;
                        clientState = C_INIT;
                    } else if (type == 2) {
                        serverState = S_AUTH_VNC_CHALLENGE;
                        clientState = C_AUTH_VNC_RESPONSE;
                    } else if (type == 30) {
                        serverState = S_AUTH_ARD_CHALLENGE;
                        clientState = C_WAIT;
                    } else {
                        ctx.violation("unknown RFB auth selection: " + type, null);
                    }
                    authenticationType(type);
                }
                case C_INIT -> {
                    clientState = C_MESSAGE_TYPE;
                    // main.zeek sets it on an existing session only (no set_session in rfb_share_flag).
                    if (sessionTs >= 0) {
                        shareFlag = b[0] != 0;
                    }
                }
                case C_MESSAGE_TYPE -> {
                    nextClientMessage = b[0] & 0xff;
                    clientState = C_MESSAGE;
                }
                default -> { // C_MESSAGE prefix: SetEncodings (3 bytes) or CutText (7)
                    if (d.sub == 2) {
                        skip(d, 4L * u16(b, 1));
                    } else {
                        long n = u32(b, 3);
                        if (n >= MAX_DATA_LENGTH) {
                            binpac("&enforce violation : ClientCutText:len");
                            return;
                        }
                        skip(d, n);
                    }
                }
            }
        } else {
            switch (d.state) {
                case S_VERSION -> version(d, false);
                case S_AUTH_TYPE -> {
                    long type = u32(b, 0);
                    if (type == 0) {
                        serverState = S_AUTH_FAILURE;
                        clientState = C_INIT;
                    } else if (type == 1) {
                        serverState = S_INIT;
                        clientState = C_INIT;
                    } else if (type == 2) {
                        serverState = S_AUTH_VNC_CHALLENGE;
                        clientState = C_AUTH_VNC_RESPONSE;
                    } else {
                        ctx.violation("invalid RFB security type " + type, null);
                    }
                    authenticationType(type);
                }
                case S_AUTH_TYPE37 -> skip(d, b[0] & 0xff);
                case S_AUTH_FAILURE -> {
                    long n = u32(b, 0);
                    if (n >= MAX_DATA_LENGTH) {
                        binpac("&enforce violation : RFBFailReasonString:len");
                        return;
                    }
                    skip(d, n);
                }
                case S_AUTH_ARD_CHALLENGE -> skip(d, 2L * u16(b, 2));
                case S_AUTH_RESULT -> {
                    long result = u32(b, 0);
                    if (result == 0) {
                        serverState = S_INIT;
                    } else if (result == 1) {
                        serverState = S_AUTH_FAILURE;
                    } else {
                        ctx.violation("invalid RFB auth result: " + result, null);
                    }
                    if (sessionTs >= 0) {
                        auth = result == 0;
                    }
                }
                default -> { // S_INIT's fixed part
                    long n = u32(b, 20);
                    if (n >= MAX_DATA_LENGTH) {
                        binpac("&enforce violation : RFBServerInit:len");
                        return;
                    }
                    d.sub = (int) n;
                    d.name = new byte[d.sub];
                    d.nameLen = 0;
                    d.phase = NAME;
                }
            }
        }
        if (d.phase == IDLE) {
            recordDone(d);
        }
    }

    /** A record whose tail was skipped is complete: the state changes that come with its end. */
    private void recordDone(Direction d) {
        if (d.client) {
            switch (d.state) {
                case C_AUTH_VNC_RESPONSE, C_AUTH_ARD_RESPONSE -> clientState = C_INIT;
                case C_MESSAGE -> clientState = C_MESSAGE_TYPE;
                default -> {
                }
            }
        } else {
            switch (d.state) {
                case S_AUTH_TYPE37 -> serverState = (d.buf[0] & 0xff) == 0 ? S_AUTH_FAILURE : S_WAIT;
                case S_AUTH_FAILURE -> serverState = S_INIT;
                case S_AUTH_VNC_CHALLENGE -> {
                    serverState = S_AUTH_RESULT;
                    clientState = C_AUTH_VNC_RESPONSE;
                }
                case S_AUTH_ARD_CHALLENGE -> {
                    ardKeyLength = u16(d.buf, 2);
                    serverState = S_AUTH_RESULT;
                    clientState = C_AUTH_ARD_RESPONSE;
                }
                default -> {
                }
            }
        }
    }

    /** RFBProtocolVersion: "RFB " major "." minor and one more byte, binpac's string checks included. */
    private void version(Direction d, boolean client) {
        byte[] b = d.buf;
        if (b[0] != 'R' || b[1] != 'F' || b[2] != 'B' || b[3] != ' ') {
            mismatch(34, "RFB ", b, 0);
            return;
        }
        if (b[7] != '.') {
            mismatch(36, ".", b, 7);
            return;
        }
        byte[] major = Arrays.copyOfRange(b, 4, 7);
        byte[] minor = Arrays.copyOfRange(b, 8, 11);
        if (client) {
            version = leadingInt(minor);
            if (version >= 7) {
                serverState = S_AUTH_TYPE37;
                clientState = C_AUTH_SELECTION;
            } else {
                serverState = S_AUTH_TYPE;
                clientState = C_WAIT;
            }
            session();
            clientMajor = major;
            clientMinor = minor;
            ctx.confirm();
        } else {
            serverState = S_WAIT;
            session();
            serverMajor = major;
            serverMinor = minor;
        }
    }

    /**
     * RFBServerInit complete: Zeek's rfb_server_parameters, which writes the row. (Its pixel format's bytes per pixel
     * only matter to server messages, which are not parsed.)
     */
    private void serverInit(Direction d) {
        serverState = S_MESSAGE_TYPE;
        sawHandshake = true;
        session();
        desktopName = d.name;
        d.name = null;
        width = u16(d.buf, 0);
        height = u16(d.buf, 2);
        writeLog();
    }

    /** rfb_authentication_type: main.zeek's friendly_auth_name. */
    private void authenticationType(long type) {
        session();
        authMethod = switch ((int) Math.min(type, Integer.MAX_VALUE)) {
            case 0 -> "Invalid";
            case 1 -> "None";
            case 2 -> "VNC";
            case 16 -> "Tight";
            case 17 -> "Ultra";
            case 18 -> "TLS";
            case 19 -> "VeNCrypt";
            case 20 -> "GTK-VNC SASL";
            case 21 -> "MD5 hash authentication";
            case 22 -> "Colin Dean xvp";
            case 30 -> "Apple Remote Desktop";
            default -> "RealVNC";
        };
    }

    /** main.zeek's set_session: the session's time is its first event's. */
    private void session() {
        if (sessionTs < 0) {
            sessionTs = ctx.networkTime();
        }
    }

    private void writeLog() {
        if (sessionTs < 0 || logged) {
            return;
        }
        logged = true;
        ctx.events().publish(new RfbInfo(sessionTs, ctx.conn(), clientMajor, clientMinor, serverMajor, serverMinor,
                authMethod, auth, shareFlag, desktopName, width, height));
    }

    private void binpac(String what) {
        invalid = true;
        ctx.violation(BINPAC + what, null);
    }

    /** binpac's ExceptionStringMismatch; the actual data is the rest of the record, cut at its first NUL. */
    private void mismatch(int line, String expected, byte[] b, int from) {
        int stop = from;
        while (stop < 12 && b[stop] != 0) {
            stop++;
        }
        binpac("string mismatch at " + PAC + line + ": \nexpected pattern: \"" + expected + "\"\nactual data: \""
                + new String(b, from, stop - from, StandardCharsets.ISO_8859_1) + "\"");
    }

    /** bytestring_to_int(minor, 10): the leading decimal digits (strtol), 0 when none. */
    private static int leadingInt(byte[] s) {
        int v = 0;
        for (byte c : s) {
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
    }

    private static long u32(byte[] b, int i) {
        return (long) u16(b, i) << 16 | u16(b, i + 2);
    }

    @Override
    public void gap(boolean isOrig, long seq, long len) {
        // Zeek's RFB analyzer parses nothing more after a content gap on either side.
        invalid = true;
    }

    @Override
    public void done() {
        // main.zeek's finalize_rfb removal hook.
        writeLog();
    }
}
