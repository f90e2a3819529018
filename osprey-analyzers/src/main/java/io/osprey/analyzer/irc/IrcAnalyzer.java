package io.osprey.analyzer.irc;

import io.osprey.analyzer.mime.ContentLines;
import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.Probe;
import io.osprey.files.Files;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

    private static final Set<String> CLIENT_COMMANDS = Set.of("ADMIN", "AWAY", "CNOTICE", "CPRIVMSG", "CONNECT",
            "DIE", "ENCAP", "ERROR", "INFO", "INVITE", "ISON", "JOIN", "KICK", "KILL", "KNOCK", "LINKS", "LIST",
            "LUSERS", "MODE", "MOTD", "NAMES", "NICK", "NOTICE", "OPER", "PART", "PASS", "PING", "PONG", "PRIVMSG",
            "QUIT", "REHASH", "RULES", "SERVER", "SERVICE", "SERVLIST", "SETNAME", "SILENCE", "SQUERY", "SQUIT",
            "STATS", "SUMMON", "TIME", "TOPIC", "TRACE", "USER", "USERHOST", "USERS", "VERSION", "WALLOPS", "WHO",
            "WHOIS", "WHOWAS", "STARTTLS");

    private final IrcDccTable dcc;
    private final AnalyzerSpec dataSpec;
    private final ContentLines origLines = new ContentLines(this, true, false, MAX_LINE);
    private final ContentLines respLines = new ContentLines(this, false, false, MAX_LINE);
    private IrcSession session;
    private int invalidCount;
    private boolean starttls;
    private boolean finished;

    IrcAnalyzer(AnalyzerContext ctx, IrcDccTable dcc, AnalyzerSpec dataSpec) {
        super(ctx);
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
        IrcDccTable table = new IrcDccTable();
        AnalyzerSpec data = IrcDataAnalyzer.spec(files, table);
        return new AnalyzerSpec("IRC", "irc", AnalyzerSpec.TCP, PORTS, IrcProbes::client, IrcProbes::server,
                ctx -> new IrcAnalyzer(ctx, table, data));
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (finished || starttls) {
            return;
        }
        (orig ? origLines : respLines).deliver(data, offset, len);
    }

    @Override
    public void endOfData(boolean orig) {
        if (!finished && !starttls) {
            (orig ? origLines : respLines).endOfData();
        }
    }

    @Override
    public void done() {
        finished = true;
    }

    @Override
    public void contentLineWeird(boolean orig, String name) {
        ctx.env().weird(ctx.conn(), name, null, "CONTENTLINE");
    }

    @Override
    public void line(boolean orig, byte[] buf, MemorySegment seg, int len) {
        if (finished || starttls) {
            return;
        }
        if (len > MAX_MESSAGE) {
            if (ctx.confirmed()) {
                ctx.weird("irc_line_size_exceeded", null);
            }
            return;
        }
        message(orig, new String(buf, 0, len, StandardCharsets.ISO_8859_1));
    }

    /** One line ({@code IRC_Analyzer::DeliverStream} after the size check). */
    void message(boolean orig, String line) {
        String s = skipSpaces(line);
        if (s.length() < 3) {
            if (ctx.confirmed()) {
                ctx.weird("irc_line_too_short", null);
            }
            return;
        }
        // IRCv3 message tags (@time=...): skipped.
        if (s.charAt(0) == '@') {
            int sp = s.indexOf(' ');
            if (sp < 0) {
                return;
            }
            s = s.substring(sp + 1);
        }
        String prefix = "";
        if (!s.isEmpty() && s.charAt(0) == ':') {
            int sp = s.indexOf(' ');
            if (sp < 0) {
                if (ctx.confirmed()) {
                    ctx.weird("irc_invalid_line", null);
                }
                return;
            }
            prefix = s.substring(1, sp);
            s = skipSpaces(s.substring(sp + 1));
        }
        if (s.length() < 3) {
            if (ctx.confirmed()) {
                ctx.weird("irc_invalid_line", null);
            }
            ctx.violation("line too short", null);
            return;
        }
        int code = 0;
        String command = "";
        if (isDigit(s.charAt(0))) {
            if (isDigit(s.charAt(1)) && isDigit(s.charAt(2)) && s.length() > 3 && s.charAt(3) == ' ') {
                code = (s.charAt(0) - '0') * 100 + (s.charAt(1) - '0') * 10 + (s.charAt(2) - '0');
                s = s.substring(4);
            } else {
                if (ctx.confirmed()) {
                    ctx.weird("irc_invalid_reply_number", null);
                }
                ctx.violation("invalid reply number", null);
                return;
            }
        } else {
            int sp = s.indexOf(' ');
            if (sp < 0) {
                sp = s.length();
            }
            command = upper(s.substring(0, sp));
            s = sp >= s.length() ? "" : skipSpaces(s.substring(sp + 1));
        }
        String params = s;
        if (!ctx.confirmed() && orig && CLIENT_COMMANDS.contains(command)) {
            ctx.confirm();
        }
        if (command.equals("STARTTLS")) {
            return;
        }
        if (code > 0) {
            reply(code, params);
            return;
        }
        if (command.length() > 20) {
            ctx.weird("irc_invalid_command", null);
            if (++invalidCount > MAX_INVALID) {
                ctx.weird("irc_too_many_invalid", null);
                ctx.violation("too many long lines", null);
            }
            return;
        }
        switch (command) {
            case "PRIVMSG" -> privmsg(orig, params);
            case "USER" -> user(orig, params);
            case "JOIN" -> join(orig, prefix, params);
            case "NJOIN" -> njoin(orig, params);
            case "NICK" -> nick(orig, params);
            default -> {
                // Zeek's other events have no handler in base/protocols/irc.
            }
        }
    }

    /** Server replies: only 670 (STARTTLS accepted) changes anything without the events' handlers. */
    private void reply(int code, String params) {
        if (code == 670) {
            // Zeek hands the connection to SSL here; Osprey has no SSL analyzer, so parsing stops.
            starttls = true;
        }
    }

    private void privmsg(boolean orig, String params) {
        int pos = params.indexOf(' ');
        if (pos < 0) {
            ctx.weird("irc_invalid_privmsg_message_format", null);
            return;
        }
        String message = skipSpaces(params.substring(pos + 1));
        if (!message.isEmpty() && message.charAt(0) == ':') {
            message = message.substring(1);
        }
        if (!message.isEmpty() && message.charAt(0) == 1) {
            message = message.substring(1);
        }
        if (message.length() <= 3 || !message.startsWith("DCC")) {
            return;
        }
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

    static String skipSpaces(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i == 0 ? s : s.substring(i);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** ASCII upper case (C locale {@code toupper}). */
    static String upper(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, (char) (c - 32));
            }
        }
        return b == null ? s : b.toString();
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
