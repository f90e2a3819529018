package io.osprey.analyzer.pop3;

import io.osprey.analyzer.mime.MimeBase64;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The POP3 protocol state machine of one connection, a port of the behaviour of Zeek's {@code POP3_Analyzer}
 * (ProcessRequest/ProcessClientCmd/ProcessReply): client commands are queued (clients pipeline) and each is
 * interpreted when it reaches the front of the queue, i.e. after the server answered the one before; server replies
 * move the session through AUTHORIZATION and TRANSACTION, confirm the protocol (a +OK to USER, CAPA or STLS), open
 * and feed the mail of a RETR/TOP reply, and end at a successful STLS. Fed complete lines by {@link Pop3Analyzer}
 * (through {@link io.osprey.analyzer.mime.ContentLines}); reports through its {@link Sink}. Used on the connection's worker thread.
 *
 * <p>Allocation: the pending-command queue is a ring of reusable line buffers, so steady state (commands, replies,
 * mail lines) allocates nothing; strings are made only for weirds and violations. Caps: commands pending at most
 * {@code maxPendingCommands} (Zeek's {@code POP3::max_pending_commands}) and never more than
 * {@link #HARD_PENDING_LIMIT} (also when that option is 0, Zeek's "no limit"), each kept to its first
 * {@link #MAX_COMMAND_BYTES}; lines at most {@link io.osprey.analyzer.mime.ContentLines#MAX_LINE_LENGTH} bytes.
 */
final class Pop3Parser {
    /**
     * Pending commands kept at most, also when {@code POP3::max_pending_commands} is 0 (Zeek: unlimited) or above
     * this: a client that pipelines this many commands without a reply is not POP3 worth following; beyond it the
     * oldest is dropped silently.
     */
    static final int HARD_PENDING_LIMIT = 100;

    /**
     * Bytes kept of a pending command. RFC 1939 §3 limits commands to 255 octets (RFC 2449 §4 raised it for CAPA
     * to 255 per argument); what is interpreted of a command is its keyword and whether it has an argument, so 4 KiB
     * loses nothing a real client sends while bounding the queue to 400 KiB.
     */
    static final int MAX_COMMAND_BYTES = 4096;

    /** What the parser reports. */
    interface Sink {
        /** Zeek's AnalyzerConfirmation. */
        void confirm();

        /** Zeek's AnalyzerViolation; {@code data} the offending line or null. */
        void violation(String reason, String data);

        /** A weird; {@code source} "POP3", or null for the base64 decoder's own weird. */
        void weird(String name, String addl, String source);

        /** A RETR/TOP reply begins a mail (Zeek's BeginData). */
        void beginMail();

        /** One line of the current mail (including the +OK line that began it), valid during the call. */
        void mailLine(MemorySegment seg, int len);

        /** The mail ended (terminating "." or end of connection). */
        void endMail();

        /** STLS succeeded: the rest of the connection is TLS. */
        void startTls();
    }

    // Zeek's POP3_MasterState.
    static final int M_START = 0;
    static final int M_AUTHORIZATION = 1;
    static final int M_TRANSACTION = 2;
    static final int M_UPDATE = 3;
    static final int M_FINISHED = 4;

    // Zeek's POP3_State.
    static final int START = 0;
    static final int USER = 1;
    static final int PASS = 2;
    static final int APOP = 3;
    static final int AUTH = 4;
    static final int AUTH_PLAIN = 5;
    static final int AUTH_LOGIN = 6;
    static final int AUTH_CRAM_MD5 = 7;
    static final int NOOP = 8;
    static final int LAST = 9;
    static final int STAT = 10;
    static final int LIST = 11;
    static final int RETR = 12;
    static final int DELE = 13;
    static final int UIDL = 14;
    static final int TOP = 15;
    static final int QUIT = 16;
    static final int RSET = 17;
    static final int CAPA = 18;
    static final int STLS = 19;
    static final int XSENDER = 20;

    // Zeek's POP3_Cmd (POP3_cmd.def order, which ParseCmd's quirky +/- stripping depends on).
    static final int C_OK = 0;
    static final int C_ERR = 1;
    static final int C_USER = 2;
    static final int C_PASS = 3;
    static final int C_APOP = 4;
    static final int C_AUTH = 5;
    static final int C_STAT = 6;
    static final int C_LIST = 7;
    static final int C_RETR = 8;
    static final int C_DELE = 9;
    static final int C_RSET = 10;
    static final int C_NOOP = 11;
    static final int C_LAST = 12;
    static final int C_QUIT = 13;
    static final int C_TOP = 14;
    static final int C_CAPA = 15;
    static final int C_UIDL = 16;
    static final int C_STLS = 17;
    static final int C_XSENDER = 18;
    private static final byte[][] WORDS = words("OK", "ERR", "USER", "PASS", "APOP", "AUTH", "STAT", "LIST", "RETR",
            "DELE", "RSET", "NOOP", "LAST", "QUIT", "TOP", "CAPA", "UIDL", "STLS", "XSENDER");

    private static final int SUB_OK = 0;
    private static final int SUB_WOK = 1;

    private final Sink sink;
    private final int maxPendingCommands;
    private final int maxUnknownClientCommands;

    private int masterState = M_START;
    private int subState = SUB_WOK;
    private int state = START;
    private int lastState = START;
    private boolean multiLine;
    private boolean guessing;
    private boolean requestForMultiLine;
    private boolean waitingForAuthentication;
    private int authLines;
    private boolean mail;
    private long unknownClientCmds;
    /** After STLS, or Zeek's AnalyzerError: nothing more is parsed. */
    private boolean finished;

    // The pending commands: a ring of reusable buffers.
    private byte[][] ring = new byte[4][];
    private int[] ringLen = new int[4];
    private int head;
    private int count;

    // The parsed front command (token and argument bounds within the front buffer).
    private int tokStart;
    private int tokEnd;
    private int argStart;
    private int argEnd;

    /**
     * @param maxPendingCommands       Zeek's {@code POP3::max_pending_commands} (default 10; 0 = no limit)
     * @param maxUnknownClientCommands Zeek's {@code POP3::max_unknown_client_commands} (default 10; 0 = no limit)
     */
    Pop3Parser(Sink sink, int maxPendingCommands, int maxUnknownClientCommands) {
        this.sink = sink;
        this.maxPendingCommands = maxPendingCommands;
        this.maxUnknownClientCommands = maxUnknownClientCommands;
    }

    int masterState() {
        return masterState;
    }

    int state() {
        return state;
    }

    boolean finished() {
        return finished;
    }

    int pending() {
        return count;
    }

    boolean inMail() {
        return mail;
    }

    /** The connection is over (Zeek's Done): a mail still open ends. */
    void done() {
        if (mail) {
            endData();
        }
    }

    // ============================================================================================ client side

    /** One client line (Zeek's ProcessRequest). */
    void request(byte[] b, int len) {
        if (finished || len == 0) {
            return;
        }
        if (waitingForAuthentication) {
            authLine(b, len);
            return;
        }
        if (count == ring.length) {
            grow();
        }
        len = Math.min(len, MAX_COMMAND_BYTES);
        int slot = (head + count) % ring.length;
        byte[] dst = ring[slot];
        if (dst == null || dst.length < len) {
            dst = new byte[Math.max(len, 64)];
            ring[slot] = dst;
        }
        System.arraycopy(b, 0, dst, 0, len);
        ringLen[slot] = len;
        count++;
        if (maxPendingCommands > 0 && count > maxPendingCommands) {
            sink.weird("pop3_client_too_many_pending_commands", null, "POP3");
            popFront();
        } else if (count > HARD_PENDING_LIMIT) {
            popFront();
        }
        if (count == 1) {
            processClientCmd();
        }
    }

    private void grow() {
        int n = ring.length * 2;
        byte[][] r = new byte[n][];
        int[] l = new int[n];
        for (int i = 0; i < count; i++) {
            r[i] = ring[(head + i) % ring.length];
            l[i] = ringLen[(head + i) % ring.length];
        }
        ring = r;
        ringLen = l;
        head = 0;
    }

    private void popFront() {
        head = (head + 1) % ring.length;
        count--;
    }

    /** A line while an AUTH exchange is under way: base64 (RFC 5034 §4). */
    private void authLine(byte[] b, int len) {
        ++authLines;
        int end = cstrlen(b, len);
        // Zeek's decode_base64: the first problem is a base64_illegal_encoding weird; any illegal character fails it.
        byte[] decoded = MimeBase64.decodeAll(b, 0, end, base64Weirds);
        if (decoded == null) {
            sink.weird("pop3_bad_base64_encoding", null, "POP3");
            return;
        }
        switch (state) {
            case AUTH_PLAIN -> {
                // RFC 4616: authzid NUL authcid NUL passwd.
                int s = 0;
                while (s < decoded.length && decoded[s] != 0) {
                    s++;
                }
                s++;
                int e = s;
                while (e < decoded.length && decoded[e] != 0) {
                    e++;
                }
                if (e >= decoded.length || e + 1 >= decoded.length) {
                    sink.weird("pop3_malformed_auth_plain", null, "POP3");
                }
            }
            case AUTH_LOGIN, AUTH_CRAM_MD5, AUTH -> {
                // User names and passwords only feed Zeek's pop3_login_* events, which Osprey does not raise.
            }
            default -> finished = true; // Zeek: AnalyzerError("unexpected POP3 authorization state")
        }
    }

    private final MimeBase64.Sink base64Weirds = new MimeBase64.Sink() {
        @Override
        public void octets(byte[] b, int off, int len) {
        }

        @Override
        public void illegalEncoding(String msg) {
            sink.weird("base64_illegal_encoding", msg, null);
        }
    };

    /** Interprets the front command (Zeek's ProcessClientCmd). */
    private void processClientCmd() {
        if (count == 0) {
            return;
        }
        byte[] b = ring[head];
        int len = ringLen[head];
        tokenize(b, len);
        int code = tokStart < tokEnd ? parseCmd(b, tokStart, tokEnd) : -1;
        if (code == -1) {
            if (!waitingForAuthentication) {
                sink.weird("pop3_client_command_unknown", tokStart < tokEnd ? token(b) : "???", "POP3");
                if (subState == SUB_WOK) {
                    subState = SUB_OK;
                }
                ++unknownClientCmds;
                if (maxUnknownClientCommands > 0 && unknownClientCmds > maxUnknownClientCommands) {
                    sink.violation("too many unknown client commands", null);
                }
            }
            return;
        }
        boolean noArg = argStart >= argEnd;
        switch (code) {
            case C_ERR, C_OK -> sink.weird("pop3_client_sending_server_commands", null, "POP3");
            case C_USER -> {
                if (masterState == M_AUTHORIZATION) {
                    state = USER;
                    subState = SUB_WOK;
                }
            }
            case C_PASS -> {
                if (masterState == M_AUTHORIZATION && state == USER) {
                    state = PASS;
                    subState = SUB_WOK;
                }
            }
            case C_APOP -> {
                if (masterState == M_AUTHORIZATION) {
                    state = APOP;
                    subState = SUB_WOK;
                }
            }
            case C_AUTH -> {
                if (masterState == M_AUTHORIZATION) {
                    if (noArg) {
                        // The client asks for the list of mechanisms (multi-line reply).
                        requestForMultiLine = true;
                        state = AUTH;
                        subState = SUB_WOK;
                    } else {
                        // Zeek looks for the mechanism names anywhere in the argument (strstr).
                        if (contains(b, argStart, argEnd, "LOGIN")) {
                            state = AUTH_LOGIN;
                        } else if (contains(b, argStart, argEnd, "PLAIN")) {
                            state = AUTH_PLAIN;
                        } else if (contains(b, argStart, argEnd, "CRAM-MD5")) {
                            state = AUTH_CRAM_MD5;
                        } else {
                            state = AUTH;
                        }
                        subState = SUB_WOK;
                        waitingForAuthentication = true;
                        authLines = 0;
                    }
                }
            }
            case C_STAT -> transactionCmd(STAT, false, noArg);
            case C_LIST -> transactionCmd(LIST, noArg, noArg);
            case C_RETR -> {
                requestForMultiLine = true;
                transactionCmd(RETR, false, noArg);
            }
            case C_DELE -> transactionCmd(DELE, false, noArg);
            case C_RSET -> transactionCmd(RSET, false, noArg);
            case C_NOOP -> transactionCmd(NOOP, false, noArg);
            case C_LAST -> transactionCmd(LAST, false, noArg);
            case C_QUIT -> {
                if (masterState == M_AUTHORIZATION || masterState == M_TRANSACTION || masterState == M_START) {
                    subState = SUB_WOK;
                    state = QUIT;
                } else {
                    guessing = true;
                    lastState = LAST; // sic: Zeek remembers LAST here
                }
            }
            case C_TOP -> {
                requestForMultiLine = true;
                transactionCmd(TOP, false, noArg);
            }
            case C_CAPA -> {
                subState = SUB_WOK;
                state = CAPA;
                requestForMultiLine = true;
            }
            case C_STLS -> {
                subState = SUB_WOK;
                state = STLS;
            }
            case C_UIDL -> transactionCmd(UIDL, noArg, noArg);
            case C_XSENDER -> {
                if (masterState == M_TRANSACTION) {
                    subState = SUB_WOK;
                    state = LAST; // sic: Zeek's XSENDER sets state LAST
                } else {
                    guessing = true;
                    lastState = XSENDER;
                }
            }
            default -> {
            }
        }
    }

    /**
     * A command of the TRANSACTION state; outside it Zeek guesses the server skipped authentication and applies the
     * command if the server says +OK.
     *
     * @param multi  the reply is multi-line when accepted (LIST/UIDL without argument)
     */
    private void transactionCmd(int cmdState, boolean multi, boolean noArg) {
        if (masterState == M_TRANSACTION) {
            if (multi) {
                requestForMultiLine = true;
            }
            subState = SUB_WOK;
            state = cmdState;
        } else {
            if ((cmdState == LIST || cmdState == UIDL) && noArg) {
                requestForMultiLine = true;
            }
            guessing = true;
            lastState = cmdState;
        }
    }

    private void finishClientCmd() {
        if (count == 0) {
            return;
        }
        popFront();
        processClientCmd();
    }

    // ============================================================================================ server side

    /** One server line (Zeek's ProcessReply); {@code seg} views {@code b}. */
    void reply(byte[] b, MemorySegment seg, int len) {
        if (finished) {
            return;
        }
        if (multiLine) {
            // RFC 1939 §3: a line of just "." ends a multi-line reply. No dot-unstuffing: Zeek hands the lines to
            // its MIME parser as they are.
            if (len >= 1 && b[0] == '.'
                    && (len == 1 || b[1] == '\n' || (len > 2 && b[1] == '\r' && b[2] == '\n'))) {
                requestForMultiLine = false;
                multiLine = false;
                if (mail) {
                    endData();
                }
                finishClientCmd();
            } else if ((state == RETR || state == TOP) && mail) {
                sink.mailLine(seg, len);
            }
            return;
        }
        tokenize(b, len);
        int code = tokStart < tokEnd ? parseCmd(b, tokStart, tokEnd) : -1;
        if (code == -1) {
            if (!waitingForAuthentication) {
                String tok = tokStart < tokEnd ? token(b) : "???";
                sink.violation("unknown server command (" + tok + ")", new String(b, 0, len,
                        StandardCharsets.ISO_8859_1));
                sink.weird("pop3_server_command_unknown", tok, "POP3");
                if (subState == SUB_WOK) {
                    subState = SUB_OK;
                }
            }
            return;
        }
        switch (code) {
            case C_OK -> ok(seg, len);
            case C_ERR -> err();
            default -> sink.weird("pop3_server_sending_client_commands", null, "POP3");
        }
    }

    private void ok(MemorySegment seg, int len) {
        if (subState == SUB_WOK) {
            subState = SUB_OK;
        }
        if (guessing) {
            // "no auth required -> state changed to 'transaction'"
            masterState = M_TRANSACTION;
            guessing = false;
            state = lastState;
        }
        switch (state) {
            case START -> masterState = M_AUTHORIZATION;
            case USER -> {
                masterState = M_AUTHORIZATION;
                sink.confirm();
            }
            case PASS, APOP, NOOP, LAST, STAT, RSET, DELE, XSENDER -> masterState = M_TRANSACTION;
            case AUTH, AUTH_PLAIN, AUTH_CRAM_MD5, AUTH_LOGIN -> {
                if (requestForMultiLine) {
                    multiLine = true;
                }
                if (waitingForAuthentication) {
                    masterState = M_TRANSACTION;
                }
                waitingForAuthentication = false;
            }
            case TOP, RETR -> {
                if (!mail) {
                    mail = true;
                    sink.beginMail();
                }
                // The +OK line itself goes to the MIME parser, as Zeek passes it.
                sink.mailLine(seg, len);
                if (requestForMultiLine) {
                    multiLine = true;
                }
            }
            case CAPA -> {
                sink.confirm();
                if (requestForMultiLine) {
                    multiLine = true;
                }
            }
            case UIDL, LIST -> {
                if (requestForMultiLine) {
                    multiLine = true;
                }
            }
            case STLS -> {
                sink.confirm();
                finished = true;
                sink.startTls();
                return;
            }
            case QUIT -> {
                if (masterState == M_AUTHORIZATION || masterState == M_START) {
                    masterState = M_FINISHED;
                } else if (masterState == M_TRANSACTION) {
                    masterState = M_UPDATE;
                }
            }
            default -> {
            }
        }
        if (!multiLine) {
            finishClientCmd();
        }
    }

    private void err() {
        if (subState == SUB_WOK) {
            subState = SUB_OK;
        }
        multiLine = false;
        requestForMultiLine = false;
        guessing = false;
        waitingForAuthentication = false;
        switch (state) {
            case USER, PASS, APOP, AUTH, AUTH_LOGIN, AUTH_PLAIN, AUTH_CRAM_MD5 -> {
                masterState = M_AUTHORIZATION;
                state = START;
            }
            case NOOP, LAST, STAT, RSET, DELE, LIST, RETR, UIDL, TOP, XSENDER -> masterState = M_TRANSACTION;
            case QUIT -> {
                if (masterState == M_AUTHORIZATION || masterState == M_TRANSACTION || masterState == M_START) {
                    masterState = M_FINISHED;
                }
            }
            default -> {
            }
        }
        finishClientCmd();
    }

    private void endData() {
        mail = false;
        sink.endMail();
    }

    // ============================================================================================ syntax

    /** Length of the line as a C string: Zeek parses commands with strlen, so a NUL ends them. */
    private static int cstrlen(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return len;
    }

    /**
     * Zeek's trim_whitespace + TokenizeLine(' '), on bounds: leading blanks and tabs skipped, the first token runs
     * to the first space, the argument is the rest without leading and trailing spaces (empty when none).
     */
    private void tokenize(byte[] b, int len) {
        int end = cstrlen(b, len);
        int i = 0;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        tokStart = i;
        while (i < end && b[i] != ' ') {
            i++;
        }
        tokEnd = i;
        while (i < end && b[i] == ' ') {
            i++;
        }
        int e = end;
        while (e > i && b[e - 1] == ' ') {
            e--;
        }
        argStart = i;
        argEnd = e;
    }

    private String token(byte[] b) {
        return new String(b, tokStart, tokEnd - tokStart, StandardCharsets.ISO_8859_1);
    }

    /**
     * Zeek's ParseCmd: for each command word in order, one more leading '+' or '-' is stripped before comparing
     * (case-insensitively), so "+OK" and "-ERR" match and "USER" matches with up to three of them.
     */
    static int parseCmd(byte[] b, int from, int to) {
        int s = from;
        for (int code = 0; code < WORDS.length; code++) {
            if (s < to && (b[s] == '+' || b[s] == '-')) {
                s++;
            }
            byte[] w = WORDS[code];
            if (to - s == w.length && equalsUpper(b, s, w)) {
                return code;
            }
        }
        return -1;
    }

    private static boolean equalsUpper(byte[] b, int s, byte[] w) {
        for (int i = 0; i < w.length; i++) {
            int c = b[s + i] & 0xFF;
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != w[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] b, int from, int to, String needle) {
        int n = needle.length();
        outer:
        for (int i = from; i + n <= to; i++) {
            for (int k = 0; k < n; k++) {
                if (b[i + k] != needle.charAt(k)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[][] words(String... w) {
        byte[][] r = new byte[w.length][];
        for (int i = 0; i < w.length; i++) {
            r[i] = w[i].getBytes(StandardCharsets.US_ASCII);
        }
        return r;
    }

    @Override
    public String toString() {
        return "Pop3Parser[master=" + masterState + " state=" + state + " pending=" + count + " multi=" + multiLine
                + " mail=" + mail + "]";
    }
}
