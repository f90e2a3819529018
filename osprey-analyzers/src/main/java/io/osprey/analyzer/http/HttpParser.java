package io.osprey.analyzer.http;

import io.osprey.analyzer.mime.MimeHeader;
import io.osprey.analyzer.mime.MimeSyntax;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The HTTP/1.x state machine of one connection, incremental over both directions' byte streams: request and reply
 * lines, messages with their headers and bodies ({@link HttpMessage}), keep-alive and pipelining (a queue of the
 * requests not answered yet), 1xx interim replies, HEAD/204/304 replies without body, HTTP/0.9, CONNECT and
 * Upgrade (after which the connection is no longer HTTP), content gaps. A port of the behaviour of Zeek 9.1's
 * {@code HTTP_Analyzer} (src/analyzer/protocol/http/HTTP.cc), including its leniency. What Zeek raises as events
 * goes to {@link HttpState}, the port of Zeek's HTTP scripts, synchronously and in Zeek's order.
 *
 * <p>Steady-state parsing allocates only per message (the message, its entity, the method and URI bytes); lines are
 * assembled in {@link HttpLines}' bounded buffers and bodies are passed through without copies, except into the
 * 1500-byte buffer that feeds the files framework (Zeek's {@code http_entity_data_delivery_size}).
 */
final class HttpParser {
    /** Zeek's per-connection "flag events" shared by both directions' line readers. */
    static final int FLAG_SINGULAR_CR = 1;
    static final int FLAG_SINGULAR_LF = 2;

    private static final int EXPECT_REQUEST_LINE = 0;
    private static final int EXPECT_REQUEST_MESSAGE = 1;
    private static final int EXPECT_REQUEST_NOTHING = 3;

    private static final int EXPECT_REPLY_LINE = 0;
    private static final int EXPECT_REPLY_MESSAGE = 1;
    private static final int EXPECT_REPLY_NOTHING = 3;
    private static final int EXPECT_REPLY_HTTP09 = 4;

    /**
     * Requests remembered while unanswered (only whether each was a HEAD, which decides if its reply has a body).
     * Zeek's queue is unbounded; past this many, further requests count as non-HEAD until the queue drains.
     */
    static final int MAX_UNANSWERED = 4096;
    /** Zeek's http_entity_data_delivery_size: body bytes handed to the files framework at a time. */
    static final int ENTITY_DATA_DELIVERY_SIZE = 1500;

    /** Versions are kept as major * 10 + minor; 0 is Zeek's unset {0,0}. */
    private static final String[] VERSION_TEXT = new String[100];

    static {
        for (int i = 0; i < 100; i++) {
            VERSION_TEXT[i] = (i / 10) + "." + (i % 10);
        }
    }

    final HttpState state;
    final MimeHeader header = new MimeHeader();
    /** Scratch for {@link MimeSyntax#atoi}. */
    final long[] scratch = new long[1];

    private final HttpLines origLines = new HttpLines(this, true);
    private final HttpLines respLines = new HttpLines(this, false);
    private boolean origLinesRemoved;
    private boolean respLinesRemoved;

    private int requestState = EXPECT_REQUEST_LINE;
    private int replyState = EXPECT_REPLY_LINE;
    private int numRequests;
    private int numReplies;
    private int requestVersion;
    private int replyVersion;
    private boolean keepAlive;
    private boolean connectionClose;
    private boolean requestOngoing;
    private boolean replyOngoing;
    private boolean connectRequest;
    /** Set once the connection became a CONNECT tunnel (Zeek creates a PIA then). */
    private boolean tunneled;
    private boolean upgraded;
    private boolean upgradeConnection;
    private byte[] upgradeProtocol;
    /** Zeek's SetSkip(true) after an analyzer error: nothing is parsed any more. */
    private boolean skip;
    private int flags;

    private byte[] requestMethod;
    private byte[] requestUri;
    private byte[] unescapedUri;
    private int replyCode;
    private byte[] replyReason;

    // Unanswered requests: a ring of "was HEAD" flags, then a count of those beyond the ring.
    private final boolean[] unansweredHead = new boolean[64];
    private boolean[] unanswered = unansweredHead;
    private int unansweredFirst;
    private int unansweredStored;
    private int unansweredOverflow;

    private HttpMessage requestMessage;
    private HttpMessage replyMessage;

    private byte[] origEntityBuffer;
    private byte[] respEntityBuffer;
    /** The line being handed up, for {@link #lineBytes}. */
    private byte[] curLine;
    private MemorySegment curLineSeg;
    private byte[] lineScratch;

    HttpParser(HttpState state) {
        this.state = state;
    }

    // ============================================================================================ accessors

    int replyCode() {
        return replyCode;
    }

    boolean requestOngoing() {
        return requestOngoing;
    }

    int requestVersion() {
        return requestVersion;
    }

    int replyVersion() {
        return replyVersion;
    }

    boolean connectionClose() {
        return connectionClose;
    }

    void weird(String name, String addl) {
        state.weird(name, addl);
    }

    /** A weird of the line reader (Zeek's ContentLine support analyzer, source "CONTENTLINE"). */
    void contentLineWeird(String name) {
        state.weird(name, null, "CONTENTLINE");
    }

    /** A line-reader weird Zeek raises once per connection (Connection::FlagEvent). */
    void flagWeird(int flag, String name) {
        if ((flags & flag) == 0) {
            flags |= flag;
            contentLineWeird(name);
        }
    }

    /** Zeek's LimitReachedWeird: the value reached as addl, and 'X' in the connection's history. */
    void limitWeird(String name, long value) {
        state.limitReached(name, value, 0);
    }

    /** The 1500-byte buffer that collects a direction's decoded entity data for the files framework. */
    byte[] entityBuffer(boolean orig) {
        if (orig) {
            if (origEntityBuffer == null) {
                origEntityBuffer = new byte[ENTITY_DATA_DELIVERY_SIZE];
            }
            return origEntityBuffer;
        }
        if (respEntityBuffer == null) {
            respEntityBuffer = new byte[ENTITY_DATA_DELIVERY_SIZE];
        }
        return respEntityBuffer;
    }

    /** A segment over {@link #entityBuffer}. */
    MemorySegment entitySegment(boolean orig) {
        if (orig) {
            if (origEntitySeg == null) {
                origEntitySeg = MemorySegment.ofArray(entityBuffer(true));
            }
            return origEntitySeg;
        }
        if (respEntitySeg == null) {
            respEntitySeg = MemorySegment.ofArray(entityBuffer(false));
        }
        return respEntitySeg;
    }

    private MemorySegment origEntitySeg;
    private MemorySegment respEntitySeg;

    /** The bytes of a line given as a segment: the line buffer itself, or a copy (lines are at most 64 KiB). */
    byte[] lineBytes(MemorySegment data, long off, int len) {
        if (data == curLineSeg && off == 0) {
            return curLine;
        }
        if (lineScratch == null || lineScratch.length < len) {
            lineScratch = new byte[Math.max(len, 128)];
        }
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, off, lineScratch, 0, len);
        return lineScratch;
    }

    // ============================================================================================ input

    /** In-order stream bytes of one direction. */
    void deliverStream(boolean orig, MemorySegment data, long off, int len) {
        if (skip) {
            return;
        }
        delivering = !orig;
        if (orig ? origLinesRemoved : respLinesRemoved) {
            deliver(orig, data, off, len, false, false);
        } else {
            (orig ? origLines : respLines).deliver(data, off, len);
        }
        delivering = false;
    }

    /** True while a reply-direction delivery is parsed (a hand-off after an Upgrade is only possible then). */
    private boolean delivering;

    /** A line from a line reader (without its terminator). */
    void line(boolean orig, byte[] buf, MemorySegment seg, int len) {
        curLine = buf;
        curLineSeg = seg;
        deliver(orig, seg, 0, len, false, true);
        curLine = null;
        curLineSeg = null;
    }

    /** Plain bytes from a line reader. */
    void plain(boolean orig, MemorySegment data, long off, int len) {
        deliver(orig, data, off, len, true, false);
    }

    /** HTTP_Analyzer::DeliverStream: one line, plain run or (without line reader) raw chunk. */
    private void deliver(boolean orig, MemorySegment data, long off, int len, boolean plain, boolean isLine) {
        if (skip) {
            return;
        }
        if (upgraded || tunneled) {
            return; // the next protocol's bytes (Zeek forwards them to a child analyzer)
        }
        if (replyState == EXPECT_REPLY_HTTP09 && !orig) {
            if (replyMessage == null) {
                setVersion(false, 9);
                if (unansweredSize() > 0) {
                    state.confirm();
                    popUnanswered();
                }
                // The server closes the connection after an HTTP/0.9 reply: its body runs until then.
                connectionClose = true;
                replyOngoing = true;
                httpReply();
                replyMessage = initMessage(respLines, replyMessage, false, expectReplyMessageBody(), 0);
                replyMessage.deliver(EMPTY, 0, 0, true);
            }
            replyMessage.deliver(data, off, len, false);
            return;
        }
        if (plain) {
            if (orig) {
                if (requestMessage != null) {
                    requestMessage.deliver(data, off, len, false);
                } else {
                    weird(HttpWeirds.UNEXPECTED_CLIENT_HTTP_DATA, null);
                }
            } else {
                if (replyMessage != null) {
                    replyMessage.deliver(data, off, len, false);
                } else {
                    weird(HttpWeirds.UNEXPECTED_SERVER_HTTP_DATA, null);
                }
            }
            return;
        }
        byte[] line = isLine ? curLine : lineBytes(data, off, len);
        if (orig) {
            requestData(line, data, off, len);
        } else {
            replyData(line, data, off, len);
        }
    }

    private static final MemorySegment EMPTY = MemorySegment.ofArray(new byte[0]);

    private void requestData(byte[] line, MemorySegment data, long off, int len) {
        switch (requestState) {
            case EXPECT_REQUEST_LINE -> {
                int res = requestLine(line, len);
                if (res > 0) {
                    ++numRequests;
                    if (!keepAlive && numRequests > 1) {
                        weird(HttpWeirds.UNEXPECTED_MULTIPLE_HTTP_REQUESTS, null);
                    }
                    requestState = EXPECT_REQUEST_MESSAGE;
                    requestOngoing = true;
                    pushUnanswered(requestMethod);
                    httpRequest();
                    requestMessage = initMessage(origLines, requestMessage, true, HttpMessage.BODY_MAYBE, len);
                    if (requestVersion == 9) {
                        // HTTP/0.9: the reply is raw data, no status line or headers.
                        if (!Arrays.equals(requestMethod, GET)) {
                            weird(HttpWeirds.INVALID_HTTP_09_REQUEST_METHOD, latin1(requestMethod));
                        }
                        if (replyMessage != null) {
                            weird(HttpWeirds.HTTP_09_REPLY_BEFORE_REQUEST, null);
                            replyMessage.done(false);
                            replyMessage = null;
                        }
                        replyState = EXPECT_REPLY_HTTP09;
                        respLinesRemoved = true;
                    }
                } else if (res == 0) {
                    if (!requestExpected()) {
                        return; // crud_trailing_HTTP_request: an http_event only
                    }
                    // Servers accept an extra empty line after a body; only real garbage is a violation.
                    if (len == 0) {
                        weird(HttpWeirds.EMPTY_HTTP_REQUEST, null);
                    } else {
                        violation("not a http request line", line, len);
                        requestState = EXPECT_REQUEST_NOTHING;
                    }
                }
            }
            case EXPECT_REQUEST_MESSAGE -> requestMessage.deliver(data, off, len, true);
            default -> {
            }
        }
    }

    private void replyData(byte[] line, MemorySegment data, long off, int len) {
        switch (replyState) {
            case EXPECT_REPLY_LINE -> {
                if (replyLine(line, len)) {
                    ++numReplies;
                    if (unansweredSize() > 0) {
                        state.confirm();
                    }
                    replyState = EXPECT_REPLY_MESSAGE;
                    replyOngoing = true;
                    httpReply();
                    if (connectRequest && replyCode != 200) {
                        connectRequest = false; // the CONNECT failed: no tunnel
                    }
                    replyMessage = initMessage(respLines, replyMessage, false, expectReplyMessageBody(), len);
                } else if (len != 0) {
                    violation("not a http reply line", line, len);
                    replyState = EXPECT_REPLY_NOTHING;
                }
            }
            case EXPECT_REPLY_MESSAGE -> {
                replyMessage.deliver(data, off, len, true);
                if (connectRequest && len == 0) {
                    // End of a successful CONNECT reply's headers: the rest is the tunneled protocol.
                    int remaining = respLines.remainingInDelivery();
                    if (remaining > 0) {
                        weird(HttpWeirds.PROTOCOL_DATA_WITH_HTTP_CONNECT_REPLY, Integer.toString(remaining));
                        respLines.setPlainDelivery(remaining);
                    }
                    tunneled = true;
                    origLinesRemoved = true;
                    respLinesRemoved = true;
                    state.handOff(Math.max(remaining, 0)); // Zeek: a PIA finds the tunneled protocol
                }
            }
            default -> {
            }
        }
    }

    /** A content gap of {@code len} bytes in one direction (HTTP_Analyzer::Undelivered). */
    void gap(boolean orig, long len) {
        if (skip) {
            return;
        }
        HttpMessage msg = orig ? requestMessage : replyMessage;
        if (msg != null && msg.undelivered(len)) {
            return; // the gap lies within a body: parsing goes on after it
        }
        if (orig) {
            // Whether a reply has a body can depend on its request: stop both directions.
            requestMade(true);
            replyMade(true);
            origLines.skipDeliveries = true;
        } else {
            replyMade(true);
            respLines.skipDeliveries = true;
        }
    }

    /** A direction ended (HTTP_Analyzer::EndpointEOF): a partial line is flushed, the message ends. */
    void endOfData(boolean orig) {
        if (skip) {
            return;
        }
        if (!(orig ? origLinesRemoved : respLinesRemoved)) {
            (orig ? origLines : respLines).endOfData();
        }
        if (orig) {
            requestMade(false);
        } else {
            replyMade(false);
        }
    }

    /** The connection is removed (HTTP_Analyzer::Done): unfinished messages end as interrupted. */
    void done() {
        requestMade(true);
        replyMade(true);
        requestMessage = null;
        replyMessage = null;
    }

    // ============================================================================================ messages

    private HttpMessage initMessage(HttpLines lines, HttpMessage old, boolean orig, int expectBody, long headerLen) {
        if (old != null && !old.finished) {
            weird(HttpWeirds.HTTP_OVERLAPPING_MESSAGES, null);
            skip = true; // Zeek deletes the unfinished message: "missing MIME_Message::Done()", an analyzer error
        }
        return new HttpMessage(this, lines, orig, expectBody, headerLen);
    }

    /** A message ended normally (HTTP_Analyzer::HTTP_MessageDone). */
    void messageDone(boolean orig) {
        if (orig) {
            requestMade(false);
        } else {
            replyMade(false);
        }
    }

    private void requestMade(boolean interrupted) {
        if (!requestOngoing) {
            return;
        }
        requestOngoing = false;
        if (requestMessage != null) {
            requestMessage.done(interrupted);
        }
        requestMethod = null;
        requestUri = null;
        unescapedUri = null;
        requestState = interrupted ? EXPECT_REQUEST_NOTHING : EXPECT_REQUEST_LINE;
    }

    private void replyMade(boolean interrupted) {
        if (!replyOngoing) {
            return;
        }
        replyOngoing = false;
        if (replyMessage != null) {
            replyMessage.done(interrupted);
        }
        // A 1xx reply is not the final answer to its request.
        if ((replyCode < 100 || replyCode >= 200) && unansweredSize() > 0) {
            popUnanswered();
        }
        replyReason = null;
        if (replyCode == 101 && unansweredSize() == 1 && upgradeConnection && upgradeProtocol != null
                && upgradeProtocol.length > 0) {
            httpUpgrade();
        }
        replyCode = 0;
        upgradeConnection = false;
        upgradeProtocol = null;
        replyState = interrupted || upgraded ? EXPECT_REPLY_NOTHING : EXPECT_REPLY_LINE;
    }

    private void httpUpgrade() {
        int remaining = respLines.remainingInDelivery();
        if (remaining > 0) {
            // The next protocol's data came in the same packet as the 101 reply.
            weird(HttpWeirds.PROTOCOL_DATA_WITH_HTTP_UPGRADE_REPLY, Integer.toString(remaining));
            respLines.setPlainDelivery(remaining);
        }
        upgraded = true;
        origLinesRemoved = true;
        respLinesRemoved = true;
        state.upgrade(upgradeProtocol);
        if (state.upgradeAnalyzer(upgradeProtocol)) {
            return; // Zeek attaches that protocol's analyzer here (none in Osprey yet: the bytes go unanalyzed)
        }
        if (delivering) {
            // No analyzer for the new protocol here (Zeek's HTTP::upgrade_analyzers): a PIA looks for one.
            state.handOff(Math.max(remaining, 0));
        }
    }

    private boolean requestExpected() {
        return numRequests == 0 || keepAlive;
    }

    private void httpRequest() {
        state.confirm();
        if (prefixOfIgnoreCase(requestMethod, "CONNECT")) {
            connectRequest = true;
        }
        state.request(requestMethod, requestUri, unescapedUri, VERSION_TEXT[requestVersion]);
    }

    private void httpReply() {
        state.reply(VERSION_TEXT[replyVersion], replyCode, replyReason);
    }

    /** The request method is a prefix of {@code word} ignoring case (Zeek's strncasecmp with the method's length). */
    private static boolean prefixOfIgnoreCase(byte[] method, String word) {
        if (method == null || method.length > word.length()) {
            return false;
        }
        return MimeSyntax.equalsIgnoreCase(method, 0, method.length, word.substring(0, method.length));
    }

    private int expectReplyMessageBody() {
        // RFC 2616 §4.3: no body in replies to HEAD, nor in 1xx, 204 and 304 replies.
        if (unansweredSize() > 0 && frontUnansweredIsHead()) {
            return HttpMessage.BODY_NOT_EXPECTED;
        }
        if ((replyCode >= 100 && replyCode < 200) || replyCode == 204 || replyCode == 304) {
            return HttpMessage.BODY_NOT_EXPECTED;
        }
        return HttpMessage.BODY_EXPECTED;
    }

    /** A header field of a message or part (HTTP_Analyzer::HTTP_Header). */
    void httpHeader(boolean orig, MimeHeader h) {
        // Keep-alive is only trusted from the client; at worst the server ignores the extra requests.
        if (orig && h.nameIs("connection")) {
            if (h.tokenIs("keep-alive")) {
                keepAlive = true;
            }
        }
        if (!orig && h.nameIs("connection")) {
            if (h.tokenIs("close")) {
                connectionClose = true;
            } else if (h.tokenIs("upgrade")) {
                upgradeConnection = true;
            }
        }
        if (!orig && h.nameIs("upgrade")) {
            long t = h.valueToken();
            upgradeProtocol = t < 0 ? new byte[0] : Arrays.copyOfRange(h.data(), MimeSyntax.start(t), MimeSyntax.end(t));
        }
        state.header(orig, h);
    }

    // ============================================================================================ unanswered queue

    private int unansweredSize() {
        return unansweredStored + unansweredOverflow;
    }

    private void pushUnanswered(byte[] method) {
        boolean head = prefixOfIgnoreCase(method, "HEAD");
        if (unansweredOverflow > 0 || unansweredStored == MAX_UNANSWERED) {
            unansweredOverflow++;
            return;
        }
        if (unansweredStored == unanswered.length) {
            boolean[] n = new boolean[Math.min(MAX_UNANSWERED, unanswered.length * 2)];
            for (int i = 0; i < unansweredStored; i++) {
                n[i] = unanswered[(unansweredFirst + i) % unanswered.length];
            }
            unanswered = n;
            unansweredFirst = 0;
        }
        unanswered[(unansweredFirst + unansweredStored) % unanswered.length] = head;
        unansweredStored++;
    }

    private void popUnanswered() {
        if (unansweredStored > 0) {
            unansweredFirst = (unansweredFirst + 1) % unanswered.length;
            unansweredStored--;
        } else if (unansweredOverflow > 0) {
            unansweredOverflow--;
        }
    }

    private boolean frontUnansweredIsHead() {
        return unansweredStored > 0 && unanswered[unansweredFirst];
    }

    // ============================================================================================ first lines

    private static final byte[] GET = {'G', 'E', 'T'};

    private static boolean isTokenChar(int c) {
        return c > 31 && c < 127 && c != ' ' && c != '\t' && c != '(' && c != ')' && c != '<' && c != '>'
                && c != '@' && c != ',' && c != ';' && c != ':' && c != '\\' && c != '"' && c != '/' && c != '['
                && c != ']' && c != '?' && c != '=' && c != '{' && c != '}';
    }

    private static int skipWhitespace(byte[] b, int p, int end) {
        while (p < end && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        return p;
    }

    /** Where {@code "HTTP/"} matches at {@code p} (case-sensitively or not), the offset after it, else -1. */
    private static int prefixMatch(byte[] b, int p, int end, boolean ignoreCase) {
        String prefix = "HTTP/";
        int i = 0;
        while (i < 5 && p < end) {
            int c = b[p] & 0xFF;
            int want = prefix.charAt(i);
            if (c != want && !(ignoreCase && MimeSyntax.lower(c) == MimeSyntax.lower(want))) {
                break;
            }
            i++;
            p++;
        }
        return i == 5 ? p : -1;
    }

    /** 1: a request line; 0: not one (a weird was raised). (HTTP_Analyzer::HTTP_RequestLine) */
    private int requestLine(byte[] line, int end) {
        int endOfMethod = 0;
        while (endOfMethod < end && isTokenChar(line[endOfMethod] & 0xFF)) {
            endOfMethod++;
        }
        if (endOfMethod == 0) {
            if (end - 9 >= 0 && MimeSyntax.equalsIgnoreCase(line, end - 9, end - 3, " HTTP/")) {
                weird(HttpWeirds.BAD_HTTP_REQUEST_WITH_VERSION, null);
            } else {
                weird(HttpWeirds.BAD_HTTP_REQUEST, null);
            }
            return 0;
        }
        int rest = skipWhitespace(line, endOfMethod, end);
        if (rest == endOfMethod) {
            weird(HttpWeirds.BAD_HTTP_REQUEST, null);
            return 0;
        }
        parseRequest(line, rest, end);
        // A request without "HTTP/" is HTTP/0.9: it needs a URI and could be GET; anything else is not HTTP.
        if (requestVersion == 9) {
            if (endOfMethod < 3 || unescapedUri == null || requestUri.length == 0) {
                weird(HttpWeirds.BAD_HTTP_REQUEST, null);
                return 0;
            }
        }
        requestMethod = Arrays.copyOfRange(line, 0, endOfMethod);
        return 1;
    }

    private static boolean isUriChar(int c) {
        // RFC 3986 reserved and unreserved characters, '%', and (as Zeek's strchr() test lets through) NUL.
        return c == 0 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ":/?#[]@!$&'()*+,;=-_.~%".indexOf(c) >= 0;
    }

    /** URI and version from the rest of a request line (HTTP_Analyzer::ParseRequest). */
    private void parseRequest(byte[] line, int start, int end) {
        int endOfUri = start;
        while (endOfUri < end && isUriChar(line[endOfUri] & 0xFF)) {
            endOfUri++;
        }
        int match = prefixMatch(line, start, end, false);
        if (match < 0) {
            match = prefixMatch(line, start, end, true);
            if (match >= 0) {
                weird(HttpWeirds.LOWERCASE_HTTP_KEYWORD, null);
            }
        }
        if (endOfUri >= end && match >= 0) {
            weird(HttpWeirds.MISSING_HTTP_URI, null);
            endOfUri = start;
        }
        // The URI runs to the white space before "HTTP/" (so it may contain spaces), or to the end.
        int versionStart;
        for (versionStart = endOfUri; versionStart < end; ++versionStart) {
            endOfUri = versionStart;
            versionStart = skipWhitespace(line, versionStart, end);
            if (prefixMatch(line, versionStart, end, false) >= 0) {
                break;
            }
            if (prefixMatch(line, versionStart, end, true) >= 0) {
                weird(HttpWeirds.LOWERCASE_HTTP_KEYWORD, null);
                break;
            }
        }
        if (versionStart >= end) {
            setVersion(true, 9);
        } else if (versionStart + 8 <= end) {
            setVersion(true, httpVersion(line, versionStart + 5, end));
        }
        requestUri = Arrays.copyOfRange(line, start, endOfUri);
        unescapedUri = unescapeUri(line, start, endOfUri, this);
    }

    /** "d.d" as major * 10 + minor; anything else is Zeek's unset {0,0}. */
    private static int httpVersion(byte[] b, int p, int end) {
        if (end - p >= 3 && b[p] >= '0' && b[p] <= '9' && b[p + 1] == '.' && b[p + 2] >= '0' && b[p + 2] <= '9') {
            return (b[p] - '0') * 10 + (b[p + 2] - '0');
        }
        return 0;
    }

    private void setVersion(boolean request, int v) {
        int old = request ? requestVersion : replyVersion;
        if (old != 0 && old != v) {
            weird(HttpWeirds.HTTP_VERSION_MISMATCH, null);
        }
        if (request) {
            requestVersion = v;
        } else {
            replyVersion = v;
        }
        if (v > 10) {
            keepAlive = true; // HTTP/1.1 and later are persistent by default
        }
    }

    /** True when a status line was parsed (HTTP_Analyzer::HTTP_ReplyLine). */
    private boolean replyLine(byte[] line, int end) {
        int rest = prefixMatch(line, 0, end, false);
        if (rest < 0) {
            rest = prefixMatch(line, 0, end, true);
            if (rest >= 0) {
                weird(HttpWeirds.LOWERCASE_HTTP_KEYWORD, null);
            }
        }
        if (rest < 0) {
            return false; // bad_HTTP_reply: an http_event only
        }
        setVersion(false, httpVersion(line, rest, end));
        while (rest < end && !MimeSyntax.isLws(line[rest])) {
            rest++;
        }
        if (rest >= end) {
            return false; // HTTP_reply_code_missing
        }
        rest = skipWhitespace(line, rest, end);
        if (rest + 3 > end) {
            return false;
        }
        replyCode = isDigit(line[rest]) && isDigit(line[rest + 1]) && isDigit(line[rest + 2])
                ? (line[rest] - '0') * 100 + (line[rest + 1] - '0') * 10 + (line[rest + 2] - '0') : 0;
        for (rest += 3; rest < end; ++rest) {
            if (MimeSyntax.isLws(line[rest])) {
                break;
            }
        }
        if (rest >= end) {
            return true; // no reason phrase: tolerated
        }
        rest = skipWhitespace(line, rest, end);
        replyReason = Arrays.copyOfRange(line, rest, end);
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    // ============================================================================================ URIs

    /**
     * Decodes %-escapes as Zeek's {@code unescape_URI} does, including IIS-style {@code %uXXXX}; malformed escapes
     * are kept as they are, with a weird when {@code parser} is given.
     */
    static byte[] unescapeUri(byte[] b, int from, int to, HttpParser parser) {
        byte[] out = new byte[to - from];
        int o = 0;
        int p = from;
        while (p < to) {
            if (b[p] == '%') {
                ++p;
                if (p == to) {
                    out[o++] = '%';
                    if (parser != null) {
                        parser.weird(HttpWeirds.ILLEGAL_PERCENT_AT_END_OF_URI, null);
                    }
                    break;
                } else if (p + 1 == to) {
                    out[o++] = '%';
                    out[o++] = b[p];
                    if (parser != null) {
                        parser.weird(HttpWeirds.PARTIAL_ESCAPE_AT_END_OF_URI, null);
                    }
                    break;
                } else if (b[p] == '%') {
                    // "%%": a software bug or an evasion (Nimda); the first '%' is dropped.
                    if (parser != null) {
                        parser.weird(HttpWeirds.DOUBLE_PERCENT_IN_URI, null);
                    }
                    --p;
                } else if (MimeSyntax.hex(b[p]) >= 0 && MimeSyntax.hex(b[p + 1]) >= 0) {
                    out[o++] = (byte) ((MimeSyntax.hex(b[p]) << 4) + MimeSyntax.hex(b[p + 1]));
                    ++p;
                } else if (to - p >= 5 && b[p] == 'u' && MimeSyntax.hex(b[p + 1]) >= 0 && MimeSyntax.hex(b[p + 2]) >= 0
                        && MimeSyntax.hex(b[p + 3]) >= 0 && MimeSyntax.hex(b[p + 4]) >= 0) {
                    // %uXXXX (ECMAScript escape(), no RFC): a zero high byte is dropped.
                    if (!(b[p + 1] == '0' && b[p + 2] == '0')) {
                        out[o++] = (byte) ((MimeSyntax.hex(b[p + 1]) << 4) + MimeSyntax.hex(b[p + 2]));
                    }
                    out[o++] = (byte) ((MimeSyntax.hex(b[p + 3]) << 4) + MimeSyntax.hex(b[p + 4]));
                    p += 4;
                } else {
                    if (parser != null) {
                        parser.weird(HttpWeirds.UNESCAPED_PERCENT_IN_URI, null);
                    }
                    out[o++] = '%';
                    out[o++] = b[p];
                }
            } else {
                out[o++] = b[p];
            }
            ++p;
        }
        return o == out.length ? out : Arrays.copyOf(out, o);
    }

    // ============================================================================================ reports

    private void violation(String reason, byte[] line, int len) {
        state.violation(reason);
    }

    static String latin1(byte[] b) {
        return latin1(b, 0, b.length);
    }

    static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
