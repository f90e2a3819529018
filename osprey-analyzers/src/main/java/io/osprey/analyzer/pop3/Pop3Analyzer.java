package io.osprey.analyzer.pop3;

import io.osprey.analyzer.mime.ContentLines;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.HandOver;
import io.osprey.engine.analyzer.Probe;
import io.osprey.files.Files;

import java.lang.foreign.MemorySegment;

/**
 * The POP3 analyzer of one TCP connection (Zeek's {@code POP3} analyzer): glue between the framework, the line
 * splitters ({@link ContentLines}), the protocol state machine ({@link Pop3Parser}) and the mails of RETR/TOP replies
 * ({@link Pop3Mail}, feeding the files framework). Created by the framework per connection by payload detection
 * (Zeek registers no port for POP3); used only on the worker thread that owns the connection.
 *
 * <p>Like Zeek's, it ignores connections whose beginning was not seen (their lines are split, so the line
 * splitter's weirds still count, but not interpreted), and it ignores content gaps: Zeek's line analyzer keeps the
 * partial line across a gap and POP3 has no gap handling, so neither has this one.
 */
public final class Pop3Analyzer extends Analyzer implements ContentLines.Sink, Pop3Parser.Sink {
    /** Zeek's {@code POP3::max_pending_commands} default (init-bare.zeek). */
    public static final int DEFAULT_MAX_PENDING_COMMANDS = 10;
    /** Zeek's {@code POP3::max_unknown_client_commands} default (init-bare.zeek). */
    public static final int DEFAULT_MAX_UNKNOWN_CLIENT_COMMANDS = 10;

    private final Files files;
    private final ContentLines origLines = new ContentLines(this, true, false);
    private final ContentLines respLines = new ContentLines(this, false, false);
    private final Pop3Parser parser;
    private Pop3Mail mail;
    private boolean singleCrFlagged;
    /** After a successful STLS the rest is TLS, for the SSL child (or left alone without one): Zeek's StartTLS. */
    private final HandOver tls;
    private boolean finished;

    private Pop3Analyzer(AnalyzerContext ctx, Files files, int maxPending, int maxUnknown, AnalyzerSpec tlsSpec) {
        super(ctx);
        this.tls = new HandOver(ctx, tlsSpec);
        this.files = files;
        this.parser = new Pop3Parser(this, maxPending, maxUnknown);
    }

    /**
     * The analyzer's declaration: name "POP3", service "pop3", no ports (Zeek's base/protocols/pop3 registers none),
     * and the two signatures of its dpd.sig, both required: a client line starting (after blanks) with USER, APOP,
     * CAPA, AUTH or STLS, and a server stream starting with "+OK".
     *
     * @param files      where the entities of fetched mails go (files framework); null for none
     * @param maxPending Zeek's {@code POP3::max_pending_commands}
     * @param maxUnknown Zeek's {@code POP3::max_unknown_client_commands}
     */
    public static AnalyzerSpec spec(Files files, int maxPending, int maxUnknown) {
        return spec(files, maxPending, maxUnknown, null);
    }

    /**
     * The declaration, with the analyzer a successful STLS hands the rest of the connection to (Zeek's POP3 analyzer
     * adds an SSL child analyzer).
     *
     * @param tlsSpec the SSL analyzer, or null to leave the connection alone after STLS
     */
    public static AnalyzerSpec spec(Files files, int maxPending, int maxUnknown, AnalyzerSpec tlsSpec) {
        return new AnalyzerSpec("POP3", "pop3", AnalyzerSpec.TCP, new int[0], Pop3Analyzer::probeClient,
                Pop3Analyzer::probeServer, ctx -> new Pop3Analyzer(ctx, files, maxPending, maxUnknown, tlsSpec));
    }

    /** The declaration with Zeek's default limits. */
    public static AnalyzerSpec spec(Files files) {
        return spec(files, DEFAULT_MAX_PENDING_COMMANDS, DEFAULT_MAX_UNKNOWN_CLIENT_COMMANDS);
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (tls.started() || finished) {
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
        if (!finished) {
            finished = true;
            parser.done();
            if (mail != null) {
                mail.done();
                mail = null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ lines

    @Override
    public void line(boolean orig, byte[] buf, MemorySegment seg, int len) {
        if (tls.started() || ctx.conn().partial()) {
            return;
        }
        if (orig) {
            parser.request(buf, len);
        } else {
            parser.reply(buf, seg, len);
        }
    }

    @Override
    public void contentLineWeird(boolean orig, String name) {
        if (name.equals("line_terminated_with_single_CR")) {
            // Zeek flags it once per connection (Connection::FlagEvent(SINGULAR_CR)).
            if (singleCrFlagged) {
                return;
            }
            singleCrFlagged = true;
        }
        ctx.env().weird(ctx.conn(), name, null, "CONTENTLINE");
    }

    // ------------------------------------------------------------------------------------------------ parser

    @Override
    public void confirm() {
        ctx.confirm();
    }

    @Override
    public void violation(String reason, String data) {
        ctx.violation(reason, data);
    }

    @Override
    public void weird(String name, String addl, String source) {
        ctx.env().weird(ctx.conn(), name, addl, source);
    }

    @Override
    public void beginMail() {
        if (mail != null) {
            mail.done();
        }
        mail = new Pop3Mail(ctx, files);
    }

    @Override
    public void mailLine(MemorySegment seg, int len) {
        if (mail != null) {
            mail.deliver(seg, 0, len, true);
        }
    }

    @Override
    public void endMail() {
        if (mail != null) {
            mail.done();
            mail = null;
        }
    }

    @Override
    public void startTls() {
        // Zeek removes the line analyzers and hands the connection to an SSL child analyzer; the rest of the current
        // delivery is lost to the lines, as in Zeek.
        tls.start();
    }

    // ------------------------------------------------------------------------------------------------ probes

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= 9 && c <= 13);
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static final byte[][] CLIENT_WORDS = {
            {'u', 's', 'e', 'r', 0}, {'a', 'p', 'o', 'p', 0}, {'c', 'a', 'p', 'a'}, {'a', 'u', 't', 'h'},
            {'s', 't', 'l', 's'}};

    /**
     * dpd_pop3_client: {@code /(|.*[\r\n])[[:space:]]*([uU][sS][eE][rR][[:space:]]|[aA][pP][oO][pP][[:space:]]|
     * [cC][aA][pP][aA]|[aA][uU][tT][hH]|[sS][tT][lL][sS])/} (a signature's '.' matches newlines too): at the start
     * or after any CR or LF. A 0 in the word table stands for one whitespace character.
     */
    static int probeClient(byte[] p, int len) {
        for (int start = 0; start < len; start++) {
            if (start > 0 && p[start - 1] != '\n' && p[start - 1] != '\r') {
                continue;
            }
            int i = start;
            while (i < len && isSpace(p[i])) {
                i++;
            }
            words:
            for (byte[] w : CLIENT_WORDS) {
                if (i + w.length > len) {
                    continue;
                }
                for (int k = 0; k < w.length; k++) {
                    int c = p[i + k] & 0xFF;
                    if (w[k] == 0 ? !isSpace(c) : lower(c) != w[k]) {
                        continue words;
                    }
                }
                return Probe.MATCH;
            }
        }
        return Probe.MORE;
    }

    /** dpd_pop3_server: {@code /^\+OK/}. */
    static int probeServer(byte[] p, int len) {
        byte[] want = {'+', 'O', 'K'};
        for (int k = 0; k < 3; k++) {
            if (k >= len) {
                return Probe.MORE;
            }
            if (p[k] != want[k]) {
                return Probe.NO_MATCH;
            }
        }
        return Probe.MATCH;
    }
}
