package io.osprey.analyzer.smtp;

import io.osprey.engine.analyzer.ConnInfo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One mail transaction of an SMTP connection (Zeek's {@code SMTP::Info}, base/protocols/smtp/main.zeek and
 * files.zeek): built by {@link SmtpSession} from the commands, replies and the message's top-level header, and
 * published on the event bus when Zeek would write it (smtp.log subscribes, {@link SmtpLog}). Mutable while the
 * session fills it; handed over (never touched again by the session) once published. Strings are the raw bytes.
 */
public final class SmtpTransaction {
    /** When the transaction record was created (ns since the epoch). */
    public long ts;
    /** The connection. */
    public ConnInfo conn;
    /** The message's number on the connection (1-based). */
    public int transDepth;
    public byte[] helo;
    public byte[] mailfrom;
    /** RCPT TO addresses, null when no RCPT TO was seen. */
    public Set<String> rcptto;
    public byte[] date;
    public byte[] from;
    public Set<String> to;
    public Set<String> cc;
    public byte[] replyTo;
    public byte[] msgId;
    public byte[] inReplyTo;
    public byte[] subject;
    /** X-Originating-IP as {hi, lo}, null when absent. */
    public long[] xOriginatingIp;
    public byte[] firstReceived;
    public byte[] secondReceived;
    public byte[] lastReply;
    /** The mail's path, {hi, lo} pairs: the responder, the originator, then each Received header's address. */
    public long[] path = new long[8];
    public int pathLen;
    public byte[] userAgent;
    public boolean tls;
    /** Files of the message, in order. */
    public final List<String> fuids = new ArrayList<>();

    // not logged (Zeek's non-&log fields)
    boolean processReceivedFrom = true;
    boolean hasClientActivity;
    boolean processSmtpHeaders = true;
    int entityCount;
    /** The current entity (entities.zeek's {@code SMTP::Entity}); null outside one. */
    Entity entity;

    /** Zeek's {@code SMTP::Entity}. */
    static final class Entity {
        String filename;
    }

    static Set<String> newSet() {
        return new LinkedHashSet<>();
    }

    void addPath(long hi, long lo) {
        if (pathLen * 2 == path.length) {
            path = java.util.Arrays.copyOf(path, path.length * 2);
        }
        path[pathLen * 2] = hi;
        path[pathLen * 2 + 1] = lo;
        pathLen++;
    }
}
