package io.osprey.analyzer.ftp;

import io.osprey.analyzer.software.SoftwareFound;
import io.osprey.common.net.Addr;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ConnInfo;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The state Zeek's FTP scripts keep for one control connection ({@code c$ftp}, an {@code FTP::Info}; handlers of
 * base/protocols/ftp/main.zeek, utils-commands.zeek and utils.zeek): pending commands matched to replies, the user,
 * password and working directory, announced data channels (scheduled as expected connections), and the ftp.log rows
 * ({@link FtpCommand}) published when Zeek writes them. Also the value of the worker's expected-data-channel table
 * ({@link FtpDataChannels}): a data connection's file fills in {@code fuid} and {@code mime_type} here, as Zeek's
 * table holds a reference to {@code c$ftp}.
 *
 * <p>Created by {@link FtpAnalyzer} on the first command or reply; used on the worker thread that owns the
 * connection (and, through the table, by that worker's data connections). Bounded: at most
 * {@code FTP::max_pending_commands} pending commands; strings are cut to the FTP options' lengths.
 */
final class FtpSession {
    /** Zeek's FTP data-channel expectation lifetime ({@code Analyzer::schedule_analyzer(..., 5mins)}). */
    static final long DATA_CHANNEL_TIMEOUT = 300_000_000_000L;

    /** main.zeek's {@code file_cmds}: commands whose argument names a file or directory (logged as a URL). */
    private static final Set<String> FILE_CMDS = Set.of("APPE", "CWD", "DELE", "MKD", "RETR", "RMD", "RNFR", "RNTO",
            "STOR", "STOU", "REST", "SIZE", "MDTM");

    /** main.zeek's reply-code test for intermediate lines that look like replies. */
    private static final Pattern REPLY_LIKE = Pattern.compile("^[1-9][0-9]{2} [\\x20-\\x7e]{10}.*", Pattern.DOTALL);

    /** One command waiting for (or matched to) its reply: Zeek's {@code FTP::CmdArg}. */
    static final class CmdArg {
        final long ts;
        final String cmd;
        final String arg;
        final long seq;
        boolean cwdConsumed;

        CmdArg(long ts, String cmd, String arg, long seq) {
            this.ts = ts;
            this.cmd = cmd;
            this.arg = arg;
            this.seq = seq;
        }
    }

    private final AnalyzerContext ctx;
    private final FtpOptions options;
    private final FtpDataChannels channels;
    private final AnalyzerSpec dataSpec;

    // ---- FTP::Info
    private long ts;
    String user = "<unknown>";
    String password;
    private String command;
    private String arg;
    /** Set by data connections' files (file_sniff, file_transferred). */
    String mimeType;
    private long fileSize = -1;
    private int replyCode = -1;
    private String replyMsg;
    private FtpCommand.DataChannel dataChannel;
    private String cwd = ".";
    private CmdArg cmdarg;
    private final LinkedHashMap<Long, CmdArg> pending = new LinkedHashMap<>();
    private long commandSeq;
    boolean passive;
    private boolean loggedCommandSeen;
    /** Set by a data connection's file (file_over_new_connection). */
    String fuid;

    FtpSession(AnalyzerContext ctx, FtpOptions options, FtpDataChannels channels, AnalyzerSpec dataSpec) {
        this.ctx = ctx;
        this.options = options;
        this.channels = channels;
        this.dataSpec = dataSpec;
        this.ts = ctx.networkTime();
        // set_ftp_session: a shim command so the server's greeting has something to answer.
        addPending("<init>", "");
    }

    private void addPending(String cmd, String a) {
        CmdArg ca = new CmdArg(ctx.networkTime(), cmd, a, ++commandSeq);
        pending.put(ca.seq, ca);
    }

    // ------------------------------------------------------------------------------------------------ events

    /** Zeek's {@code ftp_request} handler: {@code command} uppercase, {@code a} the rest of the line. */
    void request(String cmd, String a) {
        if (cmdarg != null && replyCode >= 0 && pending.remove(cmdarg.seq) != null) {
            message();
        }
        if (pending.size() < options.maxPendingCommands) {
            addPending(cmd, a);
        } else {
            weird("FTP_too_many_pending_commands", Integer.toString(pending.size()));
        }
        switch (cmd) {
            case "USER" -> {
                if (a.length() > options.maxUserLength) {
                    weird("FTP_user_too_long", Integer.toString(a.length()));
                    a = a.substring(0, options.maxUserLength);
                }
                user = a;
            }
            case "PASS" -> {
                if (a.length() > options.maxPasswordLength) {
                    weird("FTP_password_too_long", Integer.toString(a.length()));
                    a = a.substring(0, options.maxPasswordLength);
                }
                password = a;
            }
            case "CLNT" -> {
                // policy/protocols/ftp/software: the client names its software.
                if (options.software && ctx.events().wants(SoftwareFound.class)) {
                    ConnInfo c = ctx.conn();
                    ctx.events().publish(new SoftwareFound(c, c.origHi(), c.origLo(), -1, "FTP::CLIENT", a,
                            ctx.networkTime()));
                }
            }
            case "PORT", "EPRT" -> {
                FtpPorts.Result r = cmd.equals("PORT") ? FtpPorts.port(a) : FtpPorts.eprt(a);
                if (r.valid()) {
                    ConnInfo c = ctx.conn();
                    // The server connects back: from its address to the announced one.
                    addDataChannel(new FtpCommand.DataChannel(false, c.respHi(), c.respLo(), r.hi(), r.lo(),
                            r.port()));
                }
            }
            default -> {
            }
        }
    }

    /** Zeek's {@code ftp_reply} handler: {@code code} 0 for an intermediate line of a multi-line reply. */
    void reply(int code, String msg, boolean cont) {
        if (cont && code == 0 && replyCode >= 0 && !REPLY_LIKE.matcher(msg).matches()) {
            return;
        }
        cmdarg = pendingFor(code, msg);
        replyCode = code;
        replyMsg = msg;
        if (cont) {
            return;
        }
        String cmd = cmdarg.cmd;
        if ((code == 150 && cmd.equals("RETR")) || (code == 213 && cmd.equals("SIZE"))) {
            fileSize = lastCount(msg);
        } else if ((code == 227 || code == 229) && (cmd.equals("PASV") || cmd.equals("EPSV"))) {
            FtpPorts.Result r = code == 227 ? FtpPorts.pasv(msg) : FtpPorts.epsv(msg);
            if (r.valid()) {
                passive = true;
                ConnInfo c = ctx.conn();
                long hi = r.hi();
                long lo = r.lo();
                if (code == 229 && r.unspecified()) {
                    hi = c.respHi();
                    lo = c.respLo();
                }
                addDataChannel(new FtpCommand.DataChannel(true, c.origHi(), c.origLo(), hi, lo, r.port()));
            }
        }
        if (!cmdarg.cwdConsumed && isDirectoryReply(cmd, code)) {
            cmdarg.cwdConsumed = true;
            switch (cmd) {
                case "CWD" -> cwd = FtpPaths.buildPathCompressed(cwd, cmdarg.arg);
                case "CDUP" -> cwd = FtpPaths.buildPathCompressed(cwd, "/..");
                default -> cwd = FtpPaths.extractPath(msg);
            }
        }
        if (pending.size() > 1) {
            pending.remove(cmdarg.seq);
            message();
        }
    }

    /** Zeek's {@code finalize_ftp} removal hook: pending commands are logged, and a session summary if none was. */
    void finish() {
        Iterator<Map.Entry<Long, CmdArg>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            cmdarg = it.next().getValue();
            message();
        }
        if (!loggedCommandSeen && options.logAtLeastOneCommand) {
            publish();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** main.zeek's {@code directory_cmds}. */
    private static boolean isDirectoryReply(String cmd, int code) {
        return switch (cmd) {
            case "CWD" -> code == 250;
            case "CDUP" -> code == 200 || code == 250;
            case "PWD", "XPWD" -> code == 257;
            default -> false;
        };
    }

    /**
     * {@code get_pending_cmd}: the pending command that best fits the reply (a code RFC 959 allows for it: 100; its
     * name in the message: 20; its argument in the message: 10); ties go to the oldest.
     */
    private CmdArg pendingFor(int code, String msg) {
        CmdArg best = null;
        int bestScore = -1;
        for (CmdArg ca : pending.values()) {
            int score = 0;
            if (code == 500 || FtpReplyCodes.expected(ca.cmd, code)) {
                score += 100;
            }
            if (msg.contains(ca.cmd)) {
                score += 20;
            }
            if (msg.contains(ca.arg)) {
                score += 10;
            }
            if (score > bestScore || (score == bestScore && best.seq > ca.seq)) {
                bestScore = score;
                best = ca;
            }
        }
        // No pending command at all: Zeek's default CmdArg.
        return best != null ? best : new CmdArg(ctx.networkTime(), "<unknown>", "", 0);
    }

    /** {@code extract_count(msg, F)}: the last run of digits, or 0. */
    static long lastCount(String s) {
        int end = -1;
        for (int i = s.length() - 1; i >= 0; i--) {
            if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                end = i + 1;
                break;
            }
        }
        if (end < 0) {
            return 0;
        }
        int start = end;
        while (start > 0 && s.charAt(start - 1) >= '0' && s.charAt(start - 1) <= '9') {
            start--;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            // Zeek's string-to-count conversion of an overlong number fails; keep the value bounded instead.
            v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    /** {@code add_expected_data_channel}: remembered for the data connection, scheduled for FTP_DATA. */
    private void addDataChannel(FtpCommand.DataChannel ch) {
        long now = ctx.networkTime();
        if (!channels.contains(ch.respHi(), ch.respLo(), ch.respPort(), now)
                && options.maxExpectedDataChannels > 0 && channels.size(now) >= options.maxExpectedDataChannels) {
            ctx.env().weird(null, "FTP_too_many_expected_data_channels", Integer.toString(channels.size(now)),
                    "FTP");
            return;
        }
        passive = ch.passive();
        dataChannel = ch;
        channels.put(ch.respHi(), ch.respLo(), ch.respPort(), this, now);
        ctx.expectConnection(ch.origHi(), ch.origLo(), ch.respHi(), ch.respLo(), ch.respPort(), dataSpec,
                DATA_CHANNEL_TIMEOUT);
    }

    /** {@code ftp_message}: the current command/reply pair, logged if it is one of the logged commands. */
    private void message() {
        ts = cmdarg.ts;
        command = cmdarg.cmd;
        arg = cmdarg.arg;
        if (FILE_CMDS.contains(command)) {
            arg = buildUrlFtp();
        }
        if (arg.length() > options.maxArgLength) {
            weird("FTP_arg_too_long", Integer.toString(arg.length()));
            arg = arg.substring(0, options.maxArgLength);
        }
        if (replyMsg != null && replyMsg.length() > options.maxReplyMsgLength) {
            weird("FTP_reply_msg_too_long", Integer.toString(replyMsg.length()));
            replyMsg = replyMsg.substring(0, options.maxReplyMsgLength);
        }
        boolean hide = hidePassword();
        if (command.equals("PASS") && hide) {
            arg = "<hidden>";
        }
        if (arg.isEmpty()) {
            arg = null;
        }
        if (password != null && hide) {
            password = "<hidden>";
        }
        if (options.loggedCommands.contains(command)) {
            publish();
            loggedCommandSeen = true;
        }
        mimeType = null;
        fileSize = -1;
        dataChannel = null;
        fuid = null;
    }

    private boolean hidePassword() {
        return !options.capturePassword && !options.guestIds.contains(user.toLowerCase(Locale.ROOT));
    }

    private void publish() {
        if (ctx.events().wants(FtpCommand.class)) {
            ctx.events().publish(new FtpCommand(ctx.conn(), ts, user, password, command, arg, mimeType, fileSize,
                    replyCode, replyMsg, dataChannel, fuid));
        }
    }

    /** utils.zeek's {@code build_url_ftp}: "ftp://" + responder + the argument resolved against the cwd. */
    private String buildUrlFtp() {
        String path = FtpPaths.buildPathCompressed(cwd, arg == null ? "" : arg);
        if (path.isEmpty() || path.charAt(0) != '/') {
            path = "/" + path;
        }
        ConnInfo c = ctx.conn();
        String host = Addr.toString(c.respHi(), c.respLo());
        if (!Addr.isV4(c.respHi(), c.respLo())) {
            host = "[" + host + "]";
        }
        return "ftp://" + host + path;
    }

    private void weird(String name, String addl) {
        ctx.env().weird(ctx.conn(), name, addl, "FTP");
    }
}
