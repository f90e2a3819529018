package io.osprey.analyzer.sip;

import io.osprey.engine.analyzer.AnalyzerContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-connection state of Zeek's {@code base/protocols/sip/main.zeek} ({@code SIP::State} and the current
 * {@code c$sip}), driven by the {@link SipAnalyzer} with the events Zeek's analyzer raises, in their order:
 * {@code sip_request}, {@code sip_reply}, {@code sip_header} (name upper-cased), {@code sip_end_entity}, and
 * connection removal ({@code finalize_sip}). Publishes a {@link SipInfo} where the script calls {@code Log::write},
 * and raises the script's weirds. The pending table is bounded by the script's own logic: entries are removed when a
 * final reply ends; an entry per request line that never gets a final reply stays until the connection ends, and
 * their number is capped at {@link #MAX_PENDING} (Zeek has no cap; past it the current transaction goes on
 * collecting what new ones would).
 */
final class SipScript {
    /** main.zeek's SIP::sip_methods; other methods are weird. */
    private static final Set<String> METHODS = Set.of("REGISTER", "INVITE", "ACK", "CANCEL", "BYE", "OPTIONS",
            "NOTIFY", "SUBSCRIBE");

    /** Zeek's SIP::max_request_path_length and max_response_path_length (default 100). */
    static final int MAX_PATH = 100;

    /** Cap on pending transactions of one connection (see the class comment). */
    static final int MAX_PENDING = 1_000;

    /** A mutable {@code SIP::Info}. */
    private static final class Tx {
        final long ts;
        final long transDepth;
        String method;
        String uri;
        String date;
        String requestFrom;
        String requestTo;
        String responseFrom;
        String responseTo;
        String replyTo;
        String callId;
        String seq;
        String subject;
        final List<String> requestPath = new ArrayList<>();
        final List<String> responsePath = new ArrayList<>();
        String userAgent;
        long statusCode = -1;
        String statusMsg;
        String warning;
        Long requestBodyLen;
        Long responseBodyLen;
        String contentType;

        Tx(long ts, long transDepth) {
            this.ts = ts;
            this.transDepth = transDepth;
        }
    }

    private final AnalyzerContext ctx;
    private Map<Long, Tx> pending;
    private long currentRequest;
    private long currentResponse;
    private Tx sip;

    SipScript(AnalyzerContext ctx) {
        this.ctx = ctx;
    }

    private void ensureState() {
        if (pending == null) {
            pending = new LinkedHashMap<>();
            currentRequest = 0;
            currentResponse = 0;
        }
    }

    private void setState(boolean request) {
        ensureState();
        long idx = request ? currentRequest : currentResponse;
        Tx t = pending.get(idx);
        if (t == null) {
            if (pending.size() >= MAX_PENDING && sip != null) {
                return; // capped: the current transaction goes on
            }
            t = new Tx(ctx.networkTime(), currentRequest);
            pending.put(idx, t);
        }
        sip = t;
    }

    /** Zeek's {@code sip_request} event. */
    void request(String method, String uri) {
        setState(true);
        sip.method = method;
        sip.uri = uri;
        if (!METHODS.contains(method)) {
            weird("unknown_SIP_method", method);
        }
    }

    /** Zeek's {@code sip_reply} event. */
    void reply(int code, String reason) {
        setState(false);
        sip.statusCode = code;
        sip.statusMsg = reason;
    }

    /**
     * True when the script reads a header of this upper-cased name in this direction (the caller makes the value's
     * string only then).
     */
    static boolean wanted(boolean request, String name) {
        return switch (name) {
            case "CONTENT-LENGTH", "L", "FROM", "F", "TO", "T", "VIA", "V" -> true;
            case "CALL-ID", "CSEQ", "DATE", "REPLY-TO", "SUBJECT", "S", "USER-AGENT" -> request;
            case "CONTENT-TYPE", "C", "WARNING" -> !request;
            default -> false;
        };
    }

    /**
     * Zeek's {@code sip_header} event for a header {@link #wanted}; {@code count} is {@code value ?as count}
     * ({@code null} when it is not one) and {@code addl} the value as the weird shows it.
     */
    void header(boolean request, String name, String value, Long count, String addl) {
        ensureState();
        if (request) {
            if (!pending.containsKey(currentRequest)) {
                ++currentRequest;
            }
            setState(true);
            switch (name) {
                case "CALL-ID" -> sip.callId = value;
                case "CONTENT-LENGTH", "L" -> {
                    if (count != null) {
                        sip.requestBodyLen = count;
                    } else {
                        weird("invalid_SIP_request_body_len", addl);
                    }
                }
                case "CSEQ" -> sip.seq = value;
                case "DATE" -> sip.date = value;
                case "FROM", "F" -> sip.requestFrom = before(value, "tag=");
                case "REPLY-TO" -> sip.replyTo = value;
                case "SUBJECT", "S" -> sip.subject = value;
                case "TO", "T" -> sip.requestTo = value;
                case "USER-AGENT" -> sip.userAgent = value;
                case "VIA", "V" -> path(sip.requestPath, value, "sip_max_request_path_length_exceeded");
                default -> {
                }
            }
            keep(currentRequest);
        } else {
            if (!pending.containsKey(currentResponse)) {
                ++currentResponse;
            }
            setState(false);
            switch (name) {
                case "CONTENT-LENGTH", "L" -> {
                    if (count != null) {
                        sip.responseBodyLen = count;
                    } else {
                        weird("invalid_SIP_response_body_len", addl);
                    }
                }
                case "CONTENT-TYPE", "C" -> sip.contentType = value;
                case "WARNING" -> sip.warning = value;
                case "FROM", "F" -> sip.responseFrom = before(value, "tag=");
                case "TO", "T" -> sip.responseTo = value;
                case "VIA", "V" -> path(sip.responsePath, value, "sip_max_response_path_length_exceeded");
                default -> {
                }
            }
            keep(currentResponse);
        }
    }

    /** {@code pending[idx] = c$sip}, within {@link #MAX_PENDING}. */
    private void keep(long idx) {
        if (pending.size() < MAX_PENDING || pending.containsKey(idx)) {
            pending.put(idx, sip);
        }
    }

    private void path(List<String> path, String value, String weird) {
        if (path.size() >= MAX_PATH) {
            weird(weird, null);
        } else {
            path.add(before(value, "branch"));
        }
    }

    /** {@code split_string1(value, /;[ ]?WORD/)[0]}: the value up to the first ";WORD" or "; WORD". */
    static String before(String value, String word) {
        for (int i = value.indexOf(';'); i >= 0; i = value.indexOf(';', i + 1)) {
            if (value.startsWith(word, i + 1) || value.startsWith(" " + word, i + 1)) {
                return value.substring(0, i);
            }
        }
        return value;
    }

    /** Zeek's {@code sip_end_entity} event (both handlers). */
    void endEntity(boolean request) {
        setState(request);
        if (request) {
            return;
        }
        write(sip);
        if (sip.statusCode < 100 || 200 <= sip.statusCode) {
            pending.remove(currentResponse);
        }
        if (sip.method == null || sip.method.equals("BYE") && sip.statusCode >= 200 && sip.statusCode < 300) {
            for (Map.Entry<Long, Tx> e : pending.entrySet()) {
                if (e.getKey() != 0) {
                    write(e.getValue());
                }
            }
            sip = null;
            pending = null;
        }
    }

    /** Connection removal ({@code finalize_sip}): every pending transaction is logged. */
    void done() {
        if (pending != null) {
            for (Tx t : pending.values()) {
                write(t);
            }
            pending = null;
            sip = null;
        }
    }

    private void weird(String name, String addl) {
        ctx.env().weird(ctx.conn(), name, addl, null);
    }

    private void write(Tx t) {
        ctx.events().publish(new SipInfo(t.ts, ctx.conn(), t.transDepth, t.method, t.uri, t.date, t.requestFrom,
                t.requestTo, t.responseFrom, t.responseTo, t.replyTo, t.callId, t.seq, t.subject,
                List.copyOf(t.requestPath), List.copyOf(t.responsePath), t.userAgent, t.statusCode, t.statusMsg,
                t.warning, t.requestBodyLen, t.responseBodyLen, t.contentType));
    }
}
