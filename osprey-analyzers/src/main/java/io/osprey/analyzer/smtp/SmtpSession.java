package io.osprey.analyzer.smtp;

import io.osprey.analyzer.mime.MimeHeader;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.files.FileHandle;
import io.osprey.files.Files;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What Zeek's SMTP scripts (base/protocols/smtp/main.zeek, entities.zeek, files.zeek) do with the analyzer's events
 * on one connection: the {@code SMTP::State} of the connection and its current {@code SMTP::Info}
 * ({@link SmtpTransaction}), which is published for smtp.log when a message ends, a new MAIL FROM starts one, or the
 * connection ends; transaction validation weirds; the files of the message's entities (fuid per transaction and
 * MIME entity, filename from Content-Disposition or Content-Type, files.log depth = the entity's number on the
 * connection). Created by {@link SmtpAnalyzer}; used on the connection's worker thread.
 *
 * <p>Caps (Zeek's): {@link #MAX_RCPTTO}, {@link #MAX_TO}, {@link #MAX_CC} addresses and {@link #MAX_PATH} path
 * entries per transaction; {@link #MAX_INVALID_TRANSACTIONS} invalid transactions before the analyzer is disabled.
 */
final class SmtpSession {
    /** Zeek's {@code SMTP::max_rcptto_addresses}. */
    static final int MAX_RCPTTO = 1000;
    /** Zeek's {@code SMTP::max_to_addresses}. */
    static final int MAX_TO = 1000;
    /** Zeek's {@code SMTP::max_cc_addresses}. */
    static final int MAX_CC = 1000;
    /** Zeek's {@code SMTP::max_path_length}. */
    static final int MAX_PATH = 1000;
    /** Zeek's {@code SMTP::max_invalid_mail_transactions}. */
    static final int MAX_INVALID_TRANSACTIONS = 25;

    private final AnalyzerContext ctx;
    private final Files files;
    private final SmtpText text;
    private SmtpParser parser;

    // SMTP::State
    private boolean stateSet;
    private byte[] helo;
    private int messagesTransferred;
    private boolean transMailFromSeen;
    private boolean transRcptToSeen;
    private int invalidTransactions;
    private boolean bdatLastObserved;
    private boolean analyzerIdSet;
    private int mimeDepth;

    /** c$smtp: null until the first event. */
    private SmtpTransaction info;

    SmtpSession(AnalyzerContext ctx, Files files, SmtpText text) {
        this.ctx = ctx;
        this.files = files;
        this.text = text;
    }

    void parser(SmtpParser p) {
        this.parser = p;
    }

    private ConnInfo conn() {
        return ctx.conn();
    }

    // ============================================================================================ reporting

    void weird(String name, String addl, String source) {
        ctx.env().weird(conn(), name, addl, source);
    }

    void limitWeird(String name, long value) {
        ctx.weird(name, Long.toString(value));
        ctx.limitReached();
    }

    void violation(String reason, String data) {
        ctx.violation(reason, data);
    }

    /** AnalyzerConfirmation, then analyzer_confirmation_info: the session starts. */
    void confirm() {
        if (!ctx.confirmed()) {
            ctx.confirm();
            setSession();
            analyzerIdSet = true;
        }
    }

    // ============================================================================================ main.zeek

    private SmtpTransaction newLog() {
        SmtpTransaction l = new SmtpTransaction();
        l.ts = ctx.networkTime();
        l.conn = conn();
        l.transDepth = messagesTransferred + 1;
        if (helo != null) {
            l.helo = helo;
        }
        l.addPath(conn().respHi(), conn().respLo());
        l.addPath(conn().origHi(), conn().origLo());
        return l;
    }

    private void setSession() {
        stateSet = true;
        if (info == null) {
            info = newLog();
        }
    }

    private void smtpMessage() {
        if (info.hasClientActivity) {
            ctx.events().publish(info);
            info = newLog();
        }
    }

    private void mailTransactionInvalid(String addl) {
        weird("smtp_mail_transaction_invalid", addl, "SMTP");
        invalidTransactions++;
        if (invalidTransactions > MAX_INVALID_TRANSACTIONS && analyzerIdSet) {
            weird("smtp_excessive_invalid_mail_transactions", invalidTransactions + " > " + MAX_INVALID_TRANSACTIONS,
                    "SMTP");
            ctx.limitReached();
            // disable_analyzer: no more parsing on this connection.
            parser.stop();
            analyzerIdSet = false;
        }
    }

    /** smtp_request (priority 5). */
    void request(String cmd, byte[] b, int argFrom, int argTo) {
        setSession();
        byte[] arg = Arrays.copyOfRange(b, argFrom, argTo);
        switch (cmd) {
            case "HELO", "EHLO" -> {
                helo = arg;
                info.helo = arg;
            }
            case "RCPT" -> {
                if (!startsWithIgnoreCase(arg, "to:")) {
                    return;
                }
                if (info.rcptto == null) {
                    info.rcptto = SmtpTransaction.newSet();
                }
                for (byte[] a : text.emailAddrs(arg)) {
                    String s = new String(text.stripOrcpt(a), StandardCharsets.UTF_8);
                    if (info.rcptto.contains(s)) {
                        continue; // the script iterates a set: duplicates are one
                    }
                    if (info.rcptto.size() >= MAX_RCPTTO) {
                        weird("smtp_too_many_rcptto_addresses", null, null);
                        break;
                    }
                    info.rcptto.add(s);
                }
                info.hasClientActivity = true;
                transRcptToSeen = true;
                if (!transMailFromSeen) {
                    mailTransactionInvalid("rcpt to missing mail from");
                }
            }
            case "MAIL" -> {
                if (!startsWithIgnoreCase(arg, "from:")) {
                    return;
                }
                smtpMessage();
                List<byte[]> addrs = text.emailAddrs(arg);
                if (!addrs.isEmpty() && addrs.get(0).length > 0) {
                    info.mailfrom = addrs.get(0);
                }
                info.hasClientActivity = true;
                transMailFromSeen = true;
                transRcptToSeen = false;
            }
            case "DATA", "BDAT" -> {
                if (!transRcptToSeen) {
                    mailTransactionInvalid("data missing rcpt to");
                }
                if (cmd.equals("BDAT") && endsWith(arg, " LAST")) {
                    transMailFromSeen = false;
                    transRcptToSeen = false;
                    bdatLastObserved = true;
                }
            }
            case "." -> {
                transMailFromSeen = false;
                transRcptToSeen = false;
            }
            default -> {
            }
        }
    }

    /** smtp_reply (priorities 5 and -5). */
    void reply(int code, String cmd, byte[] b, int msgFrom, int msgTo, boolean cont) {
        setSession();
        byte[] codeText = Integer.toString(code).getBytes(StandardCharsets.ISO_8859_1);
        byte[] last = new byte[codeText.length + 1 + msgTo - msgFrom];
        System.arraycopy(codeText, 0, last, 0, codeText.length);
        last[codeText.length] = ' ';
        System.arraycopy(b, msgFrom, last, codeText.length + 1, msgTo - msgFrom);
        info.lastReply = last;
        if (cmd.equals(".") || (!cont && cmd.equals("BDAT") && bdatLastObserved)) {
            messagesTransferred++;
            bdatLastObserved = false;
            smtpMessage();
            info = newLog();
        }
    }

    /** smtp_starttls. */
    void startTls() {
        if (info != null) {
            info.tls = true;
            info.hasClientActivity = true;
        }
    }

    /** The connection ends (finalize_smtp). */
    void done() {
        if (info != null) {
            smtpMessage();
        }
    }

    // ============================================================================================ MIME events

    SmtpMail newMail(boolean orig) {
        return new SmtpMail(this, orig);
    }

    /** mime_begin_entity: entities.zeek (priority 10), then main.zeek (5). */
    void beginEntity() {
        if (info != null) {
            info.entity = new SmtpTransaction.Entity();
        }
        if (stateSet) {
            mimeDepth++;
        }
        if (info != null) {
            info.entityCount++;
            if (info.entityCount > 1) {
                info.processSmtpHeaders = false;
            }
        }
    }

    /** mime_end_entity. */
    void endEntity() {
        if (info != null) {
            info.entity = null;
        }
    }

    /** mime_one_header: main.zeek (priorities 5 and 3), entities.zeek (5). */
    void mimeHeader(MimeHeader h) {
        if (info == null) {
            return;
        }
        String name = h.upperName();
        byte[] value = h.value();
        SmtpTransaction t = info;
        if (t.processSmtpHeaders) {
            switch (name) {
                case "MESSAGE-ID" -> t.msgId = value;
                case "RECEIVED" -> {
                    if (t.firstReceived != null) {
                        t.secondReceived = t.firstReceived;
                    }
                    t.firstReceived = value;
                }
                case "IN-REPLY-TO" -> t.inReplyTo = value;
                case "SUBJECT" -> t.subject = value;
                case "FROM" -> t.from = value;
                case "REPLY-TO" -> t.replyTo = value;
                case "DATE" -> t.date = value;
                case "TO" -> t.to = addresses(t.to, value, MAX_TO, "smtp_too_many_to_addresses");
                case "CC" -> t.cc = addresses(t.cc, value, MAX_CC, "smtp_too_many_cc_addresses");
                case "X-ORIGINATING-IP" -> {
                    List<long[]> a = text.ipAddresses(value, false);
                    if (!a.isEmpty()) {
                        t.xOriginatingIp = a.get(0);
                    }
                }
                case "X-MAILER", "USER-AGENT", "X-USER-AGENT" -> t.userAgent = value;
                default -> {
                }
            }
        }
        // entities.zeek (priority 5; loaded after main.zeek)
        if (t.entity == null) {
            weird("missing_SMTP_entity", null, "SMTP");
        } else {
            String v = new String(value, StandardCharsets.ISO_8859_1);
            if (name.equals("CONTENT-DISPOSITION") && SmtpText.FILENAME_PARAM.matcher(v).find()) {
                t.entity.filename = SmtpText.filenameFromContentDisposition(v);
            }
            if (name.equals("CONTENT-TYPE") && SmtpText.NAME_PARAM.matcher(v).find()) {
                t.entity.filename = SmtpText.filenameFromContentDisposition(v);
            }
        }
        // main.zeek (priority 3): the Received path.
        if (name.equals("RECEIVED") && t.processReceivedFrom && t.processSmtpHeaders) {
            List<long[]> ips = text.ipAddresses(value, true);
            if (ips.isEmpty()) {
                return;
            }
            long[] ip = ips.size() > 1 ? ips.get(1) : ips.get(0);
            // mail_path_capture = ALL_HOSTS: every address is followed.
            int lastIdx = (t.pathLen - 1) * 2;
            if (t.path[lastIdx] != ip[0] || t.path[lastIdx + 1] != ip[1]) {
                if (t.pathLen >= MAX_PATH) {
                    weird("smtp_max_path_length_exceeded", null, null);
                    return;
                }
                t.addPath(ip[0], ip[1]);
            }
        }
    }

    private java.util.Set<String> addresses(java.util.Set<String> set, byte[] value, int max, String weird) {
        if (set == null) {
            set = SmtpTransaction.newSet();
        }
        for (byte[] a : text.mimeEmailAddrs(value)) {
            String s = new String(a, StandardCharsets.UTF_8);
            if (set.contains(s)) {
                continue;
            }
            if (set.size() >= max) {
                weird(weird, null, null);
                break;
            }
            set.add(s);
        }
        return set;
    }

    // ============================================================================================ files.zeek

    /** A new file for the current entity (get_file_handle, then file_over_new_connection). */
    FileHandle openFile(boolean isOrig) {
        if (files == null || info == null) {
            return null;
        }
        SmtpTransaction t = info;
        // Zeek's smtp/files.zeek: cat(ANALYZER_SMTP, c$start_time, trans_depth, rfc822_msg_fuid or "", mime_depth):
        // neither uid nor tuple (the rfc822 message file is not built, so that part is always empty).
        String key = "SMTP|" + conn().startTime() + "|" + t.transDepth + "||" + mimeDepth;
        FileHandle f = files.open(ctx, "SMTP", isOrig, mimeDepth, key);
        if (f == null) {
            return null;
        }
        if (t.entity != null && t.entity.filename != null) {
            f.setFilename(t.entity.filename);
        }
        if (!t.tls) {
            t.fuids.add(f.fuid());
        }
        return f;
    }

    private static boolean startsWithIgnoreCase(byte[] b, String p) {
        if (b.length < p.length()) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            int c = b[i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != p.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(byte[] b, String s) {
        if (b.length < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[b.length - s.length() + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
