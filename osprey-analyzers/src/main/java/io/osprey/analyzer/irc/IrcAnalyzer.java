package io.osprey.analyzer.irc;

import io.osprey.analyzer.mime.ContentLines;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.HandOver;
import io.osprey.engine.analyzer.Probe;
import io.osprey.files.Files;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The IRC analyzer of one connection (Zeek's {@code IRC_Analyzer} with the handlers of base/protocols/irc): splits
 * each direction into lines ({@link ContentLines}, 1000-byte limit as Zeek's), parses each line into prefix,
 * command or reply code and parameters, confirms on the first valid client command from the originator, and keeps
 * the connection's {@link IrcSession}, publishing an {@link IrcMessage} where Zeek's scripts write irc.log. A DCC
 * SEND schedules IRC_DATA for the announced connection. Created by the framework per connection; worker thread only.
 */
public final class IrcAnalyzer extends Analyzer implements ContentLines.Sink {
    /** Zeek's IRC ports (main.zeek {@code IRC::ports}). */
    static final int[] PORTS = {6666, 6667, 6668, 6669};
    /** Zeek's ContentLine limit for IRC ({@code new ContentLine_Analyzer(conn, orig, 1000)}). */
    static final int MAX_LINE = 1000;
    /** Longest line parsed (Zeek's check in {@code DeliverStream}; RFC 2812 §2.3 allows 512 bytes with CRLF). */
    static final int MAX_MESSAGE = 512;
    /** Lines with a command over 20 characters tolerated before the violation ({@code invalid_msg_max_count}). */
    static final int MAX_INVALID = 20;

    /** Zeek's {@code IsValidClientCommand} list: the first from the originator confirms. */
    private static final String[] CLIENT_COMMANDS = {"ADMIN", "AWAY", "CNOTICE", "CPRIVMSG", "CONNECT",
            "DIE", "ENCAP", "ERROR", "INFO", "INVITE", "ISON", "JOIN", "KICK", "KILL", "KNOCK", "LINKS", "LIST",
            "LUSERS", "MODE", "MOTD", "NAMES", "NICK", "NOTICE", "OPER", "PART", "PASS", "PING", "PONG", "PRIVMSG",
            "QUIT", "REHASH", "RULES", "SERVER", "SERVICE", "SERVLIST", "SETNAME", "SILENCE", "SQUERY", "SQUIT",
            "STATS", "SUMMON", "TIME", "TOPIC", "TRACE", "USER", "USERHOST", "USERS", "VERSION", "WALLOPS", "WHO",
            "WHOIS", "WHOWAS", "STARTTLS"};

    private final IrcDccTable dcc;
    private final AnalyzerSpec dataSpec;
    private final ContentLines origLines = new ContentLines(this, true, false, MAX_LINE);
    private final ContentLines respLines = new ContentLines(this, false, false, MAX_LINE);
    private IrcSession session;
    private int invalidCount;
    /** STARTTLS accepted by 670: the rest of the connection goes to the SSL child (Zeek's StartTLS). */
    private final HandOver tls;
    private boolean finished;

    IrcAnalyzer(AnalyzerContext ctx, IrcDccTable dcc, AnalyzerSpec dataSpec, AnalyzerSpec tlsSpec) {
        super(ctx);
        this.tls = new HandOver(ctx, tlsSpec);
        this.dcc = dcc;
        this.dataSpec = dataSpec;
    }

    /**
     * The IRC declaration: name "IRC", service "irc", Zeek's IRC ports and the signatures of Zeek's
     * base/protocols/irc/dpd.sig (USER and NICK from the originator with a numeric reply from the responder, or
     * SERVER from both sides). Its DCC data connections get IRC_DATA (files to {@code files}). Called by
     * BuiltinAnalyzers once per worker.
     *
     * @param files where DCC transfers go; null for none
     */
    public static AnalyzerSpec spec(Files files) {
        return spec(files, null);
    }

    /**
     * The IRC declaration with the analyzer an accepted STARTTLS hands the rest of the connection to (Zeek's
     * IRC_Analyzer::StartTLS adds an SSL child analyzer).
     *
     * @param tlsSpec the SSL analyzer, or null to stop analysing after STARTTLS
     */
    public static AnalyzerSpec spec(Files files, AnalyzerSpec tlsSpec) {
        IrcDccTable table = new IrcDccTable();
        AnalyzerSpec data = IrcDataAnalyzer.spec(files, table);
        return new AnalyzerSpec("IRC", "irc", AnalyzerSpec.TCP, PORTS, IrcProbes::client, IrcProbes::server,
                ctx -> new IrcAnalyzer(ctx, table, data, tlsSpec));
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (finished || tls.started()) {
            tls.deliverStream(orig, data, offset, len);
            return;
        }
        (orig ? origLines : respLines).deliver(data, offset, len);
    }

    @Override
    public void gap(boolean orig, long seq, long len) {
        tls.gap(orig, seq, len);
    }

    @Override
    public void endOfData(boolean orig) {
        if (tls.started()) {
            tls.endOfData(orig);
        } else if (!finished) {
            (orig ? origLines : respLines).endOfData();
        }
    }

    @Override
    public void done() {
        tls.done();
        finished = true;
    }

    @Override
    public void contentLineWeird(boolean orig, String name) {
        ctx.env().weird(ctx.conn(), name, null, "CONTENTLINE");
    }

    /**
     * One line ({@code IRC_Analyzer::DeliverStream}), parsed over the line buffer: only the messages base/protocols/irc
     * logs (NICK, USER, JOIN, NJOIN, a PRIVMSG carrying DCC) are decoded into strings, so ordinary traffic (PRIVMSG
     * text, PING, server replies) allocates nothing.
     */
    @Override
    public void line(boolean orig, byte[] b, MemorySegment seg, int len) {
        if (finished || tls.started()) {
            return;
        }
        if (len > MAX_MESSAGE) {
            if (ctx.confirmed()) {
                ctx.weird("irc_line_size_exceeded", null);
            }
            return;
        }
        int i = skipSpaces(b, 0, len);
        if (len - i < 3) {
            if (ctx.confirmed()) {
                ctx.weird("irc_line_too_short", null);
            }
            return;
        }
        // IRCv3 message tags (@time=...): skipped.
        if (b[i] == '@') {
            int sp = indexOf(b, i, len, ' ');
            if (sp < 0) {
                return;
            }
            i = sp + 1;
        }
        int prefixStart = i;
        int prefixEnd = i;
        if (i < len && b[i] == ':') {
            int sp = indexOf(b, i, len, ' ');
            if (sp < 0) {
                if (ctx.confirmed()) {
                    ctx.weird("irc_invalid_line", null);
                }
                return;
            }
            prefixStart = i + 1;
            prefixEnd = sp;
            i = skipSpaces(b, sp + 1, len);
        }
        if (len - i < 3) {
            if (ctx.confirmed()) {
                ctx.weird("irc_invalid_line", null);
            }
            ctx.violation("line too short", null);
            return;
        }
        int code = 0;
        int cmdStart = i;
        int cmdEnd = i;
        if (isDigit(b[i])) {
            if (isDigit(b[i + 1]) && isDigit(b[i + 2]) && i + 3 < len && b[i + 3] == ' ') {
                code = (b[i] - '0') * 100 + (b[i + 1] - '0') * 10 + (b[i + 2] - '0');
                i += 4;
            } else {
                if (ctx.confirmed()) {
                    ctx.weird("irc_invalid_reply_number", null);
                }
                ctx.violation("invalid reply number", null);
                return;
            }
        } else {
            int sp = indexOf(b, i, len, ' ');
            cmdEnd = sp < 0 ? len : sp;
            i = sp < 0 ? len : skipSpaces(b, sp + 1, len);
        }
        if (!ctx.confirmed() && orig && clientCommand(b, cmdStart, cmdEnd)) {
            ctx.confirm();
        }
        if (is(b, cmdStart, cmdEnd, "STARTTLS")) {
            return;
        }
        if (code > 0) {
            reply(code);
            return;
        }
        if (cmdEnd - cmdStart > 20) {
            ctx.weird("irc_invalid_command", null);
            if (++invalidCount > MAX_INVALID) {
                ctx.weird("irc_too_many_invalid", null);
                ctx.violation("too many long lines", null);
            }
            return;
        }
        if (is(b, cmdStart, cmdEnd, "PRIVMSG")) {
            privmsg(b, i, len);
        } else if (is(b, cmdStart, cmdEnd, "USER")) {
            user(orig, latin1(b, i, len));
        } else if (is(b, cmdStart, cmdEnd, "JOIN")) {
            join(orig, latin1(b, prefixStart, prefixEnd), latin1(b, i, len));
        } else if (is(b, cmdStart, cmdEnd, "NJOIN")) {
            njoin(orig, latin1(b, i, len));
        } else if (is(b, cmdStart, cmdEnd, "NICK")) {
            nick(orig, latin1(b, i, len));
        }
        // Zeek's other events have no handler in base/protocols/irc.
    }

    /** Server replies: only 670 (STARTTLS accepted) changes anything without the events' handlers. */
    private void reply(int code) {
        if (code == 670) {
            // Zeek hands the connection to an SSL child here; line parsing stops (the rest of the current delivery is
            // lost to the lines, as in Zeek).
            tls.start();
        }
    }

    /** PRIVMSG: only a DCC message matters to base/protocols/irc; its target and text are checked over bytes. */
    private void privmsg(byte[] b, int i, int len) {
        int pos = indexOf(b, i, len, ' ');
        if (pos < 0) {
            ctx.weird("irc_invalid_privmsg_message_format", null);
            return;
        }
        int m = skipSpaces(b, pos + 1, len);
        if (m < len && b[m] == ':') {
            m++;
        }
        if (m < len && b[m] == 1) {
            m++;
        }
        if (len - m <= 3 || b[m] != 'D' || b[m + 1] != 'C' || b[m + 2] != 'C') {
            return;
        }
        String message = latin1(b, m, len);
        if (message.charAt(message.length() - 1) == 1) {
            message = message.substring(0, message.length() - 1);
        }
        List<String> parts = splitWords(message, ' ');
        if (parts.size() < 5 || parts.size() > 6) {
            // Turbo DCC appends "T" to the handshake.
            if (!(parts.size() == 7 && parts.get(6).equals("T"))) {
                ctx.weird("irc_invalid_dcc_message_format", null);
                return;
            }
        }
        long host = parseU32(parts.get(3));
        if (host < 0) {
            ctx.weird("irc_invalid_dcc_host", null);
            return;
        }
        long port = parseU32(parts.get(4));
        if (port < 0 || port > 65535) {
            ctx.weird("irc_invalid_dcc_port", Integer.toString(port < 0 ? 0 : (int) port));
            return;
        }
        long size = parts.size() >= 6 ? atoi(parts.get(5)) : 0;
        dccMessage(parts.get(1), parts.get(2), host, (int) port, size);
    }

    /** dcc-send.zeek's {@code irc_dcc_message} handler. */
    private void dccMessage(String type, String argument, long host, int port, long size) {
        IrcSession s = setSession();
        if (!type.equals("SEND")) {
            return;
        }
        long now = ctx.networkTime();
        if (dcc.size(now) >= IrcDccTable.MAX_TRANSFERS) {
            ctx.weird("irc_max_dcc_expected_transfers_exceeded", null);
            return;
        }
        s.dccFileName = argument;
        s.dccFileSize = size;
        // IPv4-mapped, as io.osprey.common.net.Addr stores IPv4.
        long lo = 0xFFFF_0000_0000L | host;
        ctx.expectConnection(0, 0, 0, lo, port, dataSpec, IrcDccTable.TIMEOUT);
        dcc.put(0, lo, port, s, now);
    }

    private void user(boolean orig, String params) {
        List<String> parts = splitWords(params, ' ');
        String user = parts.isEmpty() ? "" : parts.get(0);
        String host = parts.size() > 1 ? parts.get(1) : "";
        String server = parts.size() > 2 ? parts.get(2) : "";
        // Zeek joins the real name's words with a space after each word but the first (so "a b" gives "ab ").
        StringBuilder real = new StringBuilder();
        for (int i = 3; i < parts.size(); i++) {
            real.append(parts.get(i));
            if (i > 3) {
                real.append(' ');
            }
        }
        String realName = real.length() > 0 && real.charAt(0) == ':' ? real.substring(1) : real.toString();
        IrcSession s = setSession();
        if (orig) {
            s.command = "USER";
            s.value = user;
            s.addl = host + " " + server + " " + realName;
            ctx.events().publish(s.snapshot());
            s.user = user;
        }
    }

    private void join(boolean orig, String prefix, String params) {
        if (!params.isEmpty() && params.charAt(0) == ':') {
            params = params.substring(1);
        }
        List<String> parts = splitWords(params, ' ');
        if (parts.isEmpty()) {
            ctx.weird("irc_invalid_join_line", null);
            return;
        }
        String nickname = "";
        int bang = prefix.indexOf('!');
        if (bang >= 0) {
            nickname = prefix.substring(0, bang);
        }
        List<String> channels = splitWords(parts.get(0), ',');
        List<String> passwords = parts.size() > 1 ? splitWords(parts.get(1), ',') : List.of();
        List<String[]> infos = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            infos.add(new String[] {nickname, channels.get(i), i < passwords.size() ? passwords.get(i) : "", ""});
        }
        joinMessage(orig, infos);
    }

    private void njoin(boolean orig, String params) {
        List<String> parts = splitWords(params, ' ');
        if (parts.size() != 2) {
            ctx.weird("irc_invalid_njoin_line", null);
            return;
        }
        String users = parts.get(1);
        if (!users.isEmpty() && users.charAt(0) == ':') {
            users = users.substring(1);
        }
        List<String[]> infos = new ArrayList<>();
        for (String nick : splitWords(users, ',')) {
            String mode = "none";
            if (nick.startsWith("@@")) {
                nick = nick.substring(2);
                mode = "creator";
            } else if (nick.startsWith("@")) {
                nick = nick.substring(1);
                mode = "operator";
            } else if (nick.startsWith("+")) {
                nick = nick.substring(1);
                mode = "voice";
            }
            infos.add(new String[] {nick, parts.get(0), "", mode});
        }
        joinMessage(orig, infos);
    }

    /**
     * main.zeek's {@code irc_join_message} handlers: one row per {@code irc_join_info} (nick, channel, password,
     * mode); Zeek's list is a set, so equal entries give one row. Rows follow the wire order (Zeek's set iteration
     * order is its hash order).
     */
    private void joinMessage(boolean orig, List<String[]> infos) {
        IrcSession s = setSession();
        if (!orig) {
            return;
        }
        s.command = "JOIN";
        List<String> seen = new ArrayList<>();
        for (String[] info : infos) {
            String key = String.join("\0", info);
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            s.value = info[1];
            s.addl = info[2].isEmpty() ? "" : " with channel key: '" + info[2] + "'";
            ctx.events().publish(s.snapshot());
        }
    }

    private void nick(boolean orig, String params) {
        String nick = params.startsWith(":") ? params.substring(1) : params;
        IrcSession s = setSession();
        if (orig) {
            s.command = "NICK";
            s.value = nick;
            ctx.events().publish(s.snapshot());
            s.nick = nick;
        }
    }

    /** main.zeek's {@code set_session}: the connection's record, its ts the current message's. */
    private IrcSession setSession() {
        if (session == null) {
            session = new IrcSession(ctx.conn());
        }
        session.ts = ctx.networkTime();
        return session;
    }

    /** The session, or null before the first message that makes one (tests). */
    IrcSession session() {
        return session;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static int skipSpaces(byte[] b, int i, int len) {
        while (i < len && b[i] == ' ') {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] b, int i, int len, char c) {
        for (; i < len; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The command bytes equal {@code upper} after Zeek's {@code to_upper} (ASCII letters only). */
    static boolean is(byte[] b, int from, int to, String upper) {
        if (to - from != upper.length()) {
            return false;
        }
        for (int k = 0; k < upper.length(); k++) {
            int c = b[from + k];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != upper.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean clientCommand(byte[] b, int from, int to) {
        for (String c : CLIENT_COMMANDS) {
            if (is(b, from, to, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Zeek's {@code IRC_Analyzer::SplitWords}: leading separators skipped, empty words between separators dropped,
     * the rest after the last separator kept.
     */
    static List<String> splitWords(String input, char split) {
        List<String> words = new ArrayList<>();
        int start = 0;
        while (start < input.length() && input.charAt(start) == split) {
            start++;
        }
        int pos;
        while ((pos = input.indexOf(split, start)) >= 0) {
            if (pos > start) {
                words.add(input.substring(start, pos));
            }
            start = pos + 1;
        }
        if (start < input.length()) {
            words.add(input.substring(start));
        }
        return words;
    }

    /** {@code util::atoi_n} into a uint32: the leading decimal digits, or -1 when none or out of range. */
    static long parseU32(String s) {
        long v = 0;
        int i = 0;
        for (; i < s.length() && isDigit(s.charAt(i)); i++) {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > 0xFFFF_FFFFL) {
                return -1;
            }
        }
        return i == 0 ? -1 : v;
    }

    /** C's {@code atoi} widened to a count as Zeek does ({@code val_mgr->Count(atoi(...))}); junk gives 0. */
    static long atoi(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        for (; i < s.length() && isDigit(s.charAt(i)); i++) {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > Integer.MAX_VALUE + 1L) {
                break;
            }
        }
        int r = (int) (neg ? -v : v);
        // A negative int becomes a huge count in Zeek; we keep it within the signed range FieldWriter prints.
        return r < 0 ? 0 : r;
    }
}
