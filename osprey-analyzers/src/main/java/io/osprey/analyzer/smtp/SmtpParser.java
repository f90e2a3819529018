package io.osprey.analyzer.smtp;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The SMTP protocol of one connection (RFC 5321, with BDAT of RFC 3030 and STARTTLS of RFC 3207): a port of the
 * behaviour of Zeek's {@code SMTP_Analyzer} (src/analyzer/protocol/smtp/SMTP.cc). Lines of the sender (normally the
 * originator) are commands or, inside DATA, message lines (dot-unstuffed, RFC 5321 §4.5.2); lines of the receiver
 * are replies. Like Zeek it always assumes PIPELINING: commands queue up and each reply answers the oldest. A small
 * state machine driven by (command, reply) pairs tells when a message is being transferred; the message goes to a
 * {@link SmtpMail} (MIME parsing, files). What Zeek's scripts do with the events is {@link SmtpSession}'s.
 *
 * <p>After a 220 reply to STARTTLS the rest of the connection is TLS: parsing stops and {@link SmtpAnalyzer} hands
 * the stream to an SSL child analyzer, as Zeek does. Caps: {@link #MAX_PENDING_COMMANDS} queued commands (Zeek's),
 * line lengths via {@link io.osprey.analyzer.mime.ContentLines} and {@link SmtpBdat}. Used on the connection's worker thread only; steady state allocates nothing
 * per line except the strings of commands and replies the session keeps.
 */
final class SmtpParser implements io.osprey.analyzer.mime.ContentLines.Sink {
    // SMTP_Cmd (SMTP_cmd.def), in Zeek's order; the index is the command code.
    static final String[] WORDS = {"EHLO", "HELO", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "VRFY", "EXPN", "HELP",
        "NOOP", "STARTTLS", "X_ANONYMOUSTLS", "CONN_ESTABLISHMENT", "END_OF_DATA", "SEND", "SOML", "SAML", "TURN",
        "BDAT", "ETRN", "AUTH", "AUTH_ANSWER"};
    static final int EHLO = 0;
    static final int HELO = 1;
    static final int MAIL = 2;
    static final int RCPT = 3;
    static final int DATA = 4;
    static final int QUIT = 5;
    static final int RSET = 6;
    static final int STARTTLS = 11;
    static final int X_ANONYMOUSTLS = 12;
    static final int CONN_ESTABLISHMENT = 13;
    static final int END_OF_DATA = 14;
    static final int SEND = 15;
    static final int SOML = 16;
    static final int SAML = 17;
    static final int TURN = 18;
    static final int BDAT = 19;
    static final int AUTH = 21;
    static final int AUTH_ANSWER = 22;

    // SMTP_State
    static final int CONNECTED = 0;
    static final int INITIATED = 1;
    static final int NOT_AVAILABLE = 2;
    static final int READY = 3;
    static final int MAIL_OK = 4;
    static final int RCPT_OK = 5;
    static final int IN_DATA = 6;
    static final int AFTER_DATA = 7;
    static final int IN_AUTH = 8;
    static final int IN_TLS = 9;
    static final int QUIT_STATE = 10;
    static final int AFTER_GAP = 11;
    static final int GAP_RECOVERY = 12;
    static final int IN_BDAT = 13;

    /** Zeek's {@code max_pending_cmd_q_size}: more queued commands drop the queue ({@code smtp_excessive_pending_cmds}). */
    static final int MAX_PENDING_COMMANDS = 1000;

    static final int FLAG_NUL = 1;
    static final int FLAG_SINGULAR_CR = 2;

    private final SmtpSession session;
    private final io.osprey.analyzer.mime.ContentLines origLines =
            new io.osprey.analyzer.mime.ContentLines(this, true, true);
    private final io.osprey.analyzer.mime.ContentLines respLines =
            new io.osprey.analyzer.mime.ContentLines(this, false, true);

    private int state = CONNECTED;
    private int firstCmd = CONN_ESTABLISHMENT;
    private int lastRepliedCmd = -1;
    private int pendingReply;
    private boolean origIsSender = true;
    /** Ring buffer of pipelined command codes. */
    private final byte[] pending = new byte[MAX_PENDING_COMMANDS];
    private int pendingHead;
    private int pendingCount;
    private SmtpMail mail;
    private SmtpBdat bdat;
    private int flagged;
    private boolean stopped;

    SmtpParser(SmtpSession session) {
        this.session = session;
        updateState(firstCmd, 0, true);
    }

    /** True once the connection switched to TLS (nothing more is parsed). */
    boolean inTls() {
        return state == IN_TLS;
    }

    /** Stream bytes of one direction. */
    void deliverStream(boolean orig, MemorySegment data, long off, int len) {
        if (state == IN_TLS || stopped) {
            return;
        }
        (orig ? origLines : respLines).deliver(data, off, len);
    }

    /** Content gap (Zeek's Undelivered). */
    void gap(boolean orig, long len) {
        if (len <= 0 || state == IN_TLS || stopped) {
            return;
        }
        if (state == IN_DATA || state == IN_BDAT) {
            if (mail != null) {
                mail.undelivered(len);
            }
            endData();
        }
        pendingCount = 0;
        firstCmd = -1;
        lastRepliedCmd = -1;
        state = AFTER_GAP;
    }

    /** A direction ended: its partial line is delivered. */
    void endOfData(boolean orig) {
        if (state == IN_TLS || stopped) {
            return;
        }
        (orig ? origLines : respLines).endOfData();
    }

    /** The connection ends (Zeek's Done): an open message ends. */
    void done() {
        if (mail != null) {
            endData();
        }
    }

    /** The analyzer was disabled (too many invalid transactions): nothing more is parsed. */
    void stop() {
        stopped = true;
    }

    // ======================================================================================= from ContentLines

    @Override
    public void contentLineWeird(boolean orig, String name) {
        switch (name) {
            case "NUL_in_line" -> flagWeird(FLAG_NUL, name, "CONTENTLINE");
            case "line_terminated_with_single_CR" -> flagWeird(FLAG_SINGULAR_CR, name, "CONTENTLINE");
            default -> session.weird(name, null, "CONTENTLINE");
        }
    }

    /** A weird reported once per connection (Zeek's Conn()->FlagEvent). */
    void flagWeird(int flag, String name, String source) {
        if ((flagged & flag) == 0) {
            flagged |= flag;
            session.weird(name, null, source);
        }
    }

    void bdatWeird(String name, String addl) {
        session.weird(name, addl, "SMTP_BDAT");
    }

    /** Plain-delivered bytes (a BDAT chunk's). */
    @Override
    public void plain(boolean orig, MemorySegment data, long off, int len) {
        if (stopped || state == IN_TLS) {
            return;
        }
        boolean isSender = origIsSender == orig;
        if (isSender && bdat != null) {
            int n = (int) Math.min(len, bdat.remaining() < 0 ? len : bdat.remaining());
            if (n > 0) {
                bdat.deliver(data, off, n);
            }
            if (bdat.isLastChunk() && bdat.remaining() == 0) {
                updateState(END_OF_DATA, 0, orig);
            }
            if (n == len) {
                return;
            }
            off += n;
            len -= n;
        }
        // Not expected (plain delivery is only set for BDAT): taken as one line.
        byte[] copy = new byte[len];
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, off, copy, 0, len);
        line(orig, copy, MemorySegment.ofArray(copy), len);
    }

    /** One line without its terminator (valid during the call). */
    @Override
    public void line(boolean orig, byte[] b, MemorySegment seg, int length) {
        if (stopped || state == IN_TLS) {
            return;
        }
        boolean isSender = origIsSender == orig;
        if (isSender && bdat != null && bdat.isLastChunk() && bdat.remaining() == 0) {
            // "BDAT 0 LAST": no chunk bytes follow, the transfer ends with the next client line.
            updateState(END_OF_DATA, 0, orig);
        }
        // Some clients end lines with CRCRLF: /(\r)*\n/ counts as the end of line.
        while (length > 0 && b[length - 1] == '\r') {
            length--;
        }
        processLine(orig, isSender, b, seg, length);
    }

    private static boolean isSpaceOrTab(byte c) {
        return c == ' ' || c == '\t';
    }

    private void processLine(boolean orig, boolean isSender, byte[] b, MemorySegment seg, int length) {
        if (isSender) {
            int cmd = -1;
            int cmdStart = 0;
            int cmdLen = 0;
            String cmdText = "";
            int argStart = 0;
            if (state == AFTER_GAP) {
                return; // a command or a message line: cannot tell (Zeek keeps it, unused)
            } else if (state == IN_DATA && length == 1 && b[0] == '.') {
                cmd = END_OF_DATA;
                cmdText = ".";
                newCmd(cmd);
            } else if (state == IN_DATA) {
                int p = b.length > 0 && length > 0 && b[0] == '.' ? 1 : 0;
                if (mail == null) {
                    // Data after the connection was shut down (RST ignored): a new message.
                    beginData(orig, IN_DATA);
                }
                mail.deliver(seg, p, length - p, true);
                return;
            } else if (state == IN_AUTH) {
                cmd = AUTH_ANSWER;
                cmdText = "**"; // Zeek passes "***" with length 2
                newCmd(cmd);
            } else {
                while (cmdLen < length && b[cmdLen] != 0 && !isSpace(b[cmdLen])) {
                    cmdLen++;
                }
                argStart = cmdLen;
                while (argStart < length && isSpaceOrTab(b[argStart])) {
                    argStart++;
                }
                cmd = parseCmd(b, cmdStart, cmdLen);
                if (cmd >= 0) {
                    cmdText = new String(b, 0, cmdLen, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT);
                    newCmd(cmd);
                }
            }
            if (cmd >= 0) {
                if (cmd == END_OF_DATA) {
                    updateState(cmd, 0, orig);
                }
                int argLen = length - argStart;
                if (cmdText.length() > 0 || argLen > 0) {
                    requestEvent(cmdText, b, argStart, length);
                }
                boolean update = cmd != END_OF_DATA;
                if (cmd == BDAT) {
                    update = processBdatArg(b, argStart, length, orig);
                } else if (bdat != null) {
                    // Another command while BDAT chunks are being sent without a last one.
                    session.weird("smtp_missing_bdat_last_chunk", null, "SMTP");
                    endData();
                }
                if (update) {
                    updateState(cmd, 0, orig);
                }
            }
        } else {
            int code;
            if (length >= 3 && isDigit(b[0]) && isDigit(b[1]) && isDigit(b[2])) {
                code = (b[0] - '0') * 100 + (b[1] - '0') * 10 + (b[2] - '0');
            } else {
                code = -1;
            }
            if (code < 100 || code > 599) {
                session.violation("reply code -1 out of range", new String(b, 0, length,
                        StandardCharsets.ISO_8859_1));
                return;
            }
            if (pendingReply != 0 && code != pendingReply) {
                pendingReply = 0;
            }
            if (pendingReply == 0) {
                newReply(code, orig);
            }
            int p;
            if (length > 3 && b[3] == '-') {
                pendingReply = code;
                p = 4;
            } else {
                p = 3;
                pendingReply = 0;
            }
            while (p < length && isSpaceOrTab(b[p])) {
                p++;
            }
            String cmd = switch (lastRepliedCmd) {
                case CONN_ESTABLISHMENT -> ">";
                case END_OF_DATA -> ".";
                case -1 -> "(UNKNOWN)";
                default -> WORDS[lastRepliedCmd];
            };
            session.reply(code, cmd, b, p, length, pendingReply > 0);
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= 9 && c <= 13);
    }

    static int parseCmd(byte[] b, int from, int len) {
        if (len == 0) {
            return -1;
        }
        if (equalsIgnoreCase(b, from, len, "X-ANONYMOUSTLS")) {
            return X_ANONYMOUSTLS;
        }
        for (int code = 0; code < WORDS.length; code++) {
            if (equalsIgnoreCase(b, from, len, WORDS[code])) {
                return code;
            }
        }
        return -1;
    }

    private static boolean equalsIgnoreCase(byte[] b, int from, int len, String w) {
        if (len != w.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int c = b[from + i] & 0xFF;
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void requestEvent(String cmd, byte[] b, int argFrom, int argTo) {
        session.confirm();
        session.request(cmd, b, argFrom, argTo);
    }

    private void newCmd(int cmd) {
        if (firstCmd < 0) {
            firstCmd = cmd;
        } else {
            if (pendingCount == MAX_PENDING_COMMANDS) {
                session.weird("smtp_excessive_pending_cmds", null, "SMTP");
                pendingCount = 0;
            }
            pending[(pendingHead + pendingCount) % MAX_PENDING_COMMANDS] = (byte) cmd;
            pendingCount++;
        }
    }

    private void newReply(int code, boolean orig) {
        if (state == AFTER_GAP && code > 0) {
            state = GAP_RECOVERY;
            requestEvent("(UNKNOWN)", new byte[0], 0, 0);
        }
        int cmd = firstCmd;
        lastRepliedCmd = firstCmd;
        firstCmd = -1;
        if (pendingCount > 0) {
            firstCmd = pending[pendingHead];
            pendingHead = (pendingHead + 1) % MAX_PENDING_COMMANDS;
            pendingCount--;
        }
        updateState(cmd, code, orig);
    }

    /** Zeek's UpdateState: the state follows (command, reply) pairs; reply 0 is "command sent, no reply yet". */
    private void updateState(int cmd, int reply, boolean orig) {
        int st = state;
        switch (cmd) {
            case CONN_ESTABLISHMENT -> {
                switch (reply) {
                    case 0 -> state = INITIATED;
                    case 421, 554 -> state = NOT_AVAILABLE;
                    default -> {
                    }
                }
            }
            case EHLO, HELO -> {
                switch (reply) {
                    case 0 -> state = READY;
                    case 421, 500, 501, 504, 550 -> state = INITIATED;
                    default -> {
                    }
                }
            }
            case MAIL, SEND, SOML, SAML -> {
                switch (reply) {
                    case 0 -> state = MAIL_OK;
                    case 421, 451, 452, 500, 501, 503, 550, 552, 553 -> {
                        if (state != IN_DATA) {
                            state = READY;
                        }
                    }
                    default -> {
                    }
                }
            }
            case RCPT -> {
                if (reply == 0) {
                    state = RCPT_OK;
                }
            }
            case DATA -> {
                switch (reply) {
                    case 0 -> beginData(orig, IN_DATA);
                    case 354 -> {
                    }
                    case 421 -> {
                        if (state == IN_DATA) {
                            endData();
                        }
                        state = QUIT_STATE;
                    }
                    default -> {
                        if (state == IN_DATA) {
                            endData();
                        }
                        state = READY;
                    }
                }
            }
            case BDAT -> {
                if (reply == 0) {
                    state = IN_BDAT;
                }
            }
            case END_OF_DATA -> {
                if (reply == 0) {
                    endData();
                    state = AFTER_DATA;
                }
                if (reply > 0) {
                    state = READY;
                }
            }
            case RSET -> {
                if (reply == 0) {
                    state = READY;
                }
            }
            case QUIT -> {
                if (reply == 0) {
                    state = QUIT_STATE;
                }
            }
            case AUTH -> {
                if (reply == 334) {
                    state = IN_AUTH;
                } else if (reply != 0) {
                    state = INITIATED;
                }
            }
            case AUTH_ANSWER -> {
                if (reply == 334) {
                    state = IN_AUTH;
                } else if (reply != 0) {
                    state = INITIATED;
                }
            }
            case TURN -> {
                if (reply == 250) {
                    origIsSender = !origIsSender;
                    state = CONNECTED;
                }
            }
            case STARTTLS, X_ANONYMOUSTLS -> {
                if (reply == 220) {
                    startTls();
                }
            }
            default -> {
                if (st == GAP_RECOVERY && reply == 354) {
                    beginData(orig, IN_DATA);
                }
            }
        }
    }

    private void startTls() {
        state = IN_TLS;
        session.startTls();
    }

    /** Zeek's ProcessBdatArg: a valid BDAT command switches the sender's lines to plain delivery of the chunk. */
    private boolean processBdatArg(byte[] b, int from, int to, boolean orig) {
        SmtpBdat.Cmd c = SmtpBdat.parseArg(b, from, to);
        if (c.error() != null) {
            session.weird("smtp_invalid_bdat_command", c.error(), "SMTP");
            return false;
        }
        if (c.chunkSize() < 0) {
            // Above int64's range: the line reader cannot take it.
            session.weird("smtp_huge_bdat_chunk", Long.toUnsignedString(c.chunkSize()), "SMTP");
            return false;
        }
        (orig ? origLines : respLines).setPlainDelivery(c.chunkSize());
        if (bdat == null) {
            beginData(orig, IN_BDAT);
            bdat = new SmtpBdat(this, mail);
        }
        bdat.nextChunk(c.last(), c.chunkSize());
        return true;
    }

    private void beginData(boolean orig, int newState) {
        state = newState;
        if (mail != null) {
            session.weird("smtp_nested_mail_transaction", null, "SMTP");
            mail.done();
        }
        mail = session.newMail(orig);
    }

    private void endData() {
        if (bdat != null) {
            if (bdat.remaining() != 0) {
                session.weird("smtp_bdat_remaining_at_end_data", null, "SMTP");
                origLines.setPlainDelivery(0);
                respLines.setPlainDelivery(0);
            }
            bdat.done();
            bdat = null;
        }
        if (mail == null) {
            session.weird("smtp_unmatched_end_of_data", null, "SMTP");
        } else {
            SmtpMail m = mail;
            mail = null;
            m.done();
        }
    }
}
