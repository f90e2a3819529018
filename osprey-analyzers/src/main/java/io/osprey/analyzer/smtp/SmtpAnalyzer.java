package io.osprey.analyzer.smtp;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ChildAnalyzer;
import io.osprey.engine.analyzer.Probe;
import io.osprey.files.Files;

import java.lang.foreign.MemorySegment;

/**
 * The SMTP analyzer of one TCP connection (Zeek's {@code SMTP} analyzer): glue between the framework,
 * {@link SmtpParser} (the protocol) and {@link SmtpSession} (Zeek's SMTP scripts, which publish
 * {@link SmtpTransaction}s for smtp.log and feed the files framework). Created by the framework per connection, by
 * port or by payload detection; used only on the worker thread that owns the connection.
 *
 * <p>Like Zeek's (its line readers skip partial connections) it ignores connections whose beginning was not seen.
 */
public final class SmtpAnalyzer extends Analyzer {
    /** Zeek's {@code SMTP::ports} (base/protocols/smtp/main.zeek). */
    static final int[] PORTS = {25, 587};

    private final SmtpSession session;
    private final SmtpParser parser;
    /** The analyzer STARTTLS hands the connection to (Zeek: SSL), or null. */
    private final AnalyzerSpec tlsSpec;
    /** After STARTTLS: the SSL child that gets the rest of the connection. */
    private ChildAnalyzer tls;
    private boolean finished;

    private SmtpAnalyzer(AnalyzerContext ctx, Files files, SmtpText text, AnalyzerSpec tlsSpec) {
        super(ctx);
        this.tlsSpec = tlsSpec;
        this.session = new SmtpSession(ctx, files, text);
        this.parser = new SmtpParser(session);
        session.parser(parser);
    }

    /**
     * The analyzer's declaration: name "SMTP", service "smtp", Zeek's SMTP ports, and the signatures of Zeek's
     * {@code base/protocols/smtp/dpd.sig} (HELO/EHLO from the originator and a 220 greeting from the responder, both
     * required).
     *
     * @param files where the messages' entities go (files framework); null for none
     */
    public static AnalyzerSpec spec(Files files) {
        return spec(files, null);
    }

    /**
     * The declaration, with the analyzer a successful STARTTLS hands the rest of the connection to (Zeek's
     * SMTP_Analyzer::StartTLS adds an SSL child analyzer).
     *
     * @param files   where the messages' entities go (files framework); null for none
     * @param tlsSpec the SSL analyzer, or null to leave the connection alone after STARTTLS
     */
    public static AnalyzerSpec spec(Files files, AnalyzerSpec tlsSpec) {
        SmtpText text = new SmtpText();
        return new AnalyzerSpec("SMTP", "smtp", AnalyzerSpec.TCP, PORTS, SmtpAnalyzer::probeClient,
                SmtpAnalyzer::probeServer, ctx -> new SmtpAnalyzer(ctx, files, text, tlsSpec));
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (finished || ctx.conn().partial()) {
            return;
        }
        if (tls != null) {
            tls.deliverStream(orig, data, offset, len);
            return;
        }
        parser.deliverStream(orig, data, offset, len);
        if (parser.inTls() && tlsSpec != null) {
            // The rest of this delivery went to the line reader, as in Zeek; the TLS handshake starts with the
            // client's next bytes.
            tls = ctx.attachChild(tlsSpec);
            if (tls == null) {
                finished = true;
            }
        }
    }

    @Override
    public void gap(boolean orig, long seq, long len) {
        if (tls != null) {
            tls.gap(orig, seq, len);
        } else if (!finished) {
            parser.gap(orig, len);
        }
    }

    @Override
    public void endOfData(boolean orig) {
        if (tls != null) {
            tls.endOfData(orig);
        } else if (!finished && !ctx.conn().partial()) {
            parser.endOfData(orig);
        }
    }

    @Override
    public void done() {
        if (tls != null) {
            tls.done();
        }
        if (!finished) {
            finished = true;
            parser.done();
            session.done();
        }
    }

    // ------------------------------------------------------------------------------------------------ probes

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= 9 && c <= 13);
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** dpd_smtp_client: {@code /(|.*[\n\r])[[:space:]]*([hH][eE][lL][oO]|[eE][hH][lL][oO])/}. */
    static int probeClient(byte[] p, int len) {
        for (int start = 0; start < len; start++) {
            if (start > 0 && p[start - 1] != '\n' && p[start - 1] != '\r') {
                continue;
            }
            int i = start;
            while (i < len && isSpace(p[i])) {
                i++;
            }
            if (i + 4 <= len) {
                int a = lower(p[i]);
                if ((a == 'h' || a == 'e') && lower(p[i + 1]) == (a == 'h' ? 'e' : 'h') && lower(p[i + 2]) == 'l'
                        && lower(p[i + 3]) == 'o') {
                    return Probe.MATCH;
                }
            }
        }
        return Probe.MORE;
    }

    /** dpd_smtp_server: {@code /^[[:space:]]*220[[:space:]-]/}. */
    static int probeServer(byte[] p, int len) {
        int i = 0;
        while (i < len && isSpace(p[i])) {
            i++;
        }
        String want = "220";
        for (int k = 0; k < 3; k++, i++) {
            if (i >= len) {
                return Probe.MORE;
            }
            if (p[i] != want.charAt(k)) {
                return Probe.NO_MATCH;
            }
        }
        if (i >= len) {
            return Probe.MORE;
        }
        return isSpace(p[i]) || p[i] == '-' ? Probe.MATCH : Probe.NO_MATCH;
    }
}
