package io.osprey.analyzer.http;

import io.osprey.analyzer.mime.MimeBase64;
import io.osprey.analyzer.mime.MimeHeader;
import io.osprey.analyzer.mime.MimeSyntax;
import io.osprey.files.FileHandle;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One MIME entity of an HTTP message: the message itself (depth 0) or a part of a multipart body, or the message
 * inside a {@code message/*} body. A port of the behaviour of Zeek's {@code MIME_Entity} and {@code HTTP_Entity}
 * (src/analyzer/protocol/mime/MIME.cc, http/HTTP.cc): header fields (folding, Content-Type with boundary,
 * Content-Transfer-Encoding, Content-Length, Content-Range, Transfer-Encoding: chunked, Content-Encoding, Expect),
 * then the body by length, by chunks, by multipart boundaries or until the connection ends; bodies are
 * decompressed (gzip/deflate), decoded (base64, quoted-printable), counted, and handed to the files framework.
 *
 * <p>Allocated per message and per part (a transaction's state); every cap is inherited from {@link HttpLines},
 * {@link #MAX_HEADER_BYTES}, {@link #MAX_DEPTH} and {@link HttpInflater#MAX_INFLATED_BYTES}.
 */
final class HttpEntity implements MimeBase64.Sink {
    /** Zeek's {@code MIME::max_header_bytes}: a header field's folded lines beyond this many bytes are dropped. */
    static final int MAX_HEADER_BYTES = 65536;
    /** Zeek's {@code MIME::max_depth}: nested entities deeper than this are not split further. */
    static final int MAX_DEPTH = 100;

    static final int CT_MULTIPART = 0;
    static final int CT_MESSAGE = 1;
    static final int CT_TEXT = 2;
    static final int CT_OTHER = 3;
    private static final String[] CONTENT_TYPES = {"MULTIPART", "MESSAGE", "TEXT"};

    private static final int ENC_QUOTED_PRINTABLE = 3;
    private static final int ENC_BASE64 = 4;
    private static final int ENC_OTHER = 5;
    private static final String[] ENCODINGS = {"7BIT", "8BIT", "BINARY", "QUOTED-PRINTABLE", "BASE64"};

    private static final int FIELD_CONTENT_TYPE = 0;
    private static final int FIELD_CONTENT_TRANSFER_ENCODING = 1;
    private static final int FIELD_OTHER = 2;

    private static final int NON_CHUNKED = 0;
    private static final int BEFORE_CHUNK = 1;
    private static final int EXPECT_CHUNK_SIZE = 2;
    private static final int EXPECT_CHUNK_DATA = 3;
    private static final int EXPECT_CHUNK_DATA_CRLF = 4;
    private static final int EXPECT_CHUNK_TRAILER = 5;
    private static final int EXPECT_NOTHING = 6;

    private static final int IDENTITY = 0;
    private static final int GZIP = 1;
    private static final int DEFLATE = 3;

    private static final int NOT_BOUNDARY = 0;
    private static final int BOUNDARY = 1;
    private static final int CLOSING_BOUNDARY = 2;

    /** Zeek's INT_MAX "until the connection ends" length. */
    private static final long UNTIL_CLOSE = Integer.MAX_VALUE;

    private static final MemorySegment CRLF = MemorySegment.ofArray(new byte[] {'\r', '\n'});

    final HttpMessage msg;
    final HttpEntity parent;
    final int depth;
    private final int expectBody;

    // ---- MIME_Entity
    boolean inHeader = true;
    boolean endOfData;
    private byte[] hdr;
    private int hdrLen;
    private int hdrFolds;
    private int fieldType = FIELD_OTHER;
    private boolean needParams;
    int contentType = CT_TEXT;
    private int contentEncoding = ENC_OTHER;
    private byte[] boundary;
    private HttpEntity child;
    private MimeBase64 base64;
    private boolean delayCrlf;
    /** Fill of the direction's 1500-byte entity data buffer, -1 when this entity holds none. */
    private int dataBufOffset = -1;

    // ---- HTTP_Entity
    private int chunked = NON_CHUNKED;
    long contentLength = -1;
    private long rangeLength = -1;
    private long expectDataLength;
    long bodyLength;
    long headerLength;
    private int encoding = IDENTITY;
    private HttpInflater zip;
    private boolean partialContent;
    private long instanceLength = -1;
    private boolean sendSize = true;
    private boolean expect100;
    /** The file this entity's body goes to (Zeek's precomputed_file_id), null before the first byte. */
    FileHandle file;
    /** Where the next byte of a 206 part belongs in the file (Zeek's offset: the Content-Range's first byte). */
    long fileOffset;

    HttpEntity(HttpMessage msg, HttpEntity parent, int expectBody) {
        this.msg = msg;
        this.parent = parent;
        this.expectBody = expectBody;
        if (parent != null) {
            contentEncoding = parent.contentEncoding;
            depth = parent.depth + 1;
        } else {
            depth = 0;
        }
    }

    /** A 206 part with a parsed Content-Range: its bytes have a place in the file. */
    boolean partialContent() {
        return partialContent;
    }

    private HttpParser parser() {
        return msg.parser;
    }

    void weird(String name, String addl) {
        parser().weird(name, addl);
    }

    /** A weird of the decompressor (Zeek's ZIP support analyzer, source "ZIP"). */
    void zipWeird(String name) {
        parser().state.weird(name, null, "ZIP");
    }

    // ============================================================================================ HTTP_Entity

    /** The message's next line (with its CRLF stripped) or plain bytes (HTTP_Entity::Deliver). */
    void deliver(MemorySegment data, long off, int len, boolean trailingCrlf) {
        if (endOfData) {
            return; // data trailing the end of the entity: an http_event only
        }
        if (inHeader) {
            if (!trailingCrlf) {
                weird(HttpWeirds.HTTP_NO_CRLF_IN_HEADER_LIST, null);
            }
            headerLength += len;
            mimeDeliver(data, off, len, trailingCrlf);
            return;
        }
        if (contentType == CT_MULTIPART || contentType == CT_MESSAGE) {
            deliverBody(data, off, len, trailingCrlf);
            // The top-level entity never consumes more than its Content-Length, even when multipart.
            if (depth == 0 && contentLength > 0) {
                expectDataLength -= len;
                if (trailingCrlf) {
                    expectDataLength -= 2;
                }
                if (expectDataLength <= 0) {
                    msg.setPlainDelivery(0);
                    endOfData();
                }
            }
        } else if (chunked != NON_CHUNKED) {
            switch (chunked) {
                case EXPECT_CHUNK_SIZE -> {
                    byte[] line = parser().lineBytes(data, off, len);
                    if (!MimeSyntax.atoi(line, 0, len, 16, parser().scratch)) {
                        weird(HttpWeirds.HTTP_BAD_CHUNK_SIZE, new String(line, 0, len,
                                java.nio.charset.StandardCharsets.ISO_8859_1));
                        expectDataLength = 0;
                    } else {
                        expectDataLength = parser().scratch[0];
                    }
                    if (expectDataLength > 0) {
                        chunked = EXPECT_CHUNK_DATA;
                        msg.setPlainDelivery(expectDataLength);
                    } else {
                        // The last chunk: the trailer follows, parsed as headers.
                        inHeader = true;
                        chunked = EXPECT_CHUNK_TRAILER;
                    }
                }
                case EXPECT_CHUNK_DATA -> {
                    expectDataLength -= len;
                    if (expectDataLength <= 0) {
                        msg.setPlainDelivery(0);
                        chunked = EXPECT_CHUNK_DATA_CRLF;
                    }
                    deliverBody(data, off, len, false);
                }
                case EXPECT_CHUNK_DATA_CRLF -> chunked = EXPECT_CHUNK_SIZE; // data before the CRLF is ignored
                default -> {
                }
            }
        } else if (contentLength >= 0) {
            deliverBody(data, off, len, false);
            expectDataLength -= len;
            if (expectDataLength <= 0) {
                msg.setPlainDelivery(0);
                msg.setDeliverySize(-1);
                endOfData();
            }
        } else {
            deliverBody(data, off, len, trailingCrlf);
        }
    }

    private void deliverBody(MemorySegment data, long off, int len, boolean trailingCrlf) {
        if (encoding == GZIP || encoding == DEFLATE) {
            if (zip == null) {
                zip = new HttpInflater(this);
            }
            zip.deliver(data, off, len);
        } else {
            deliverBodyClear(data, off, len, trailingCrlf);
        }
    }

    /** Body bytes after decompression: counted, then decoded as MIME content (HTTP_Entity::DeliverBodyClear). */
    void deliverBodyClear(MemorySegment data, long off, int len, boolean trailingCrlf) {
        bodyLength += len;
        if (trailingCrlf) {
            bodyLength += 2;
        }
        mimeDeliver(data, off, len, trailingCrlf);
    }

    /**
     * A content gap of {@code len} bytes while this entity is current; true when it lies entirely within the body,
     * so parsing can go on after it (HTTP_Entity::Undelivered).
     */
    boolean undelivered(long len) {
        if ((endOfData && inHeader) || bodyLength == 0) {
            return false;
        }
        parser().state.fileGap(this, msg.isOrig, len);
        if (chunked != NON_CHUNKED) {
            if (chunked == EXPECT_CHUNK_DATA && expectDataLength >= len) {
                bodyLength += len;
                expectDataLength -= len;
                msg.setPlainDelivery(expectDataLength);
                if (expectDataLength == 0) {
                    chunked = EXPECT_CHUNK_DATA_CRLF;
                }
                return true;
            }
            return false;
        } else if (contentLength >= 0) {
            if (expectDataLength >= len) {
                bodyLength += len;
                expectDataLength -= len;
                msg.setPlainDelivery(expectDataLength);
                if (expectDataLength <= 0) {
                    endOfData();
                }
                return true;
            }
            return false;
        }
        return false;
    }

    /** Decoded content for the file (HTTP_Entity::SubmitData). */
    private void submitData(byte[] buf, int len) {
        if (sendSize && (encoding == GZIP || encoding == DEFLATE)) {
            sendSize = false; // decompression makes header-derived sizes wrong
        }
        long size = -1;
        if (sendSize) {
            size = partialContent ? (instanceLength > 0 ? instanceLength : -1) : (contentLength > 0 ? contentLength : -1);
        }
        parser().state.fileData(this, msg.isOrig, size, parser().entitySegment(msg.isOrig), len);
        sendSize = false;
    }

    /** A header field of this entity (HTTP_Entity::SubmitHeader, then MIME_Entity::SubmitHeader). */
    private void submitHeader(MimeHeader h) {
        if (depth == 0 && h.lines() > 1) {
            // RFC 7230 §3.2.4 deprecates obs-fold: intermediaries disagree on it, so it can smuggle requests.
            weird(HttpWeirds.HTTP_OBSOLETE_LINE_FOLDING, latin1(h.data(), h.nameStart(), h.nameEnd()));
        }
        long[] scratch = parser().scratch;
        if (h.nameIs("content-length")) {
            if (chunked != NON_CHUNKED) {
                weird(HttpWeirds.HTTP_CONTENT_LENGTH_AND_CHUNKED, null);
            }
            long vt = h.valueToken();
            if (vt >= 0) {
                int s = MimeSyntax.start(vt);
                int e = MimeSyntax.end(vt);
                if (MimeSyntax.atoi(h.data(), s, e, 10, scratch) && scratch[0] >= 0) {
                    long n = scratch[0];
                    if (n > 0 && e > s && h.data()[s] == '0') {
                        weird(HttpWeirds.HTTP_CONTENT_LENGTH_LEADING_ZEROS, latin1(h.data(), s, e));
                    }
                    contentLength = n;
                    if (partialContent && rangeLength != contentLength) {
                        weird(HttpWeirds.HTTP_RANGE_NOT_MATCHING_LEN, null);
                        if (rangeLength > contentLength) {
                            contentLength = rangeLength;
                        }
                    }
                    if (contentLength == 0 && expect100) {
                        weird(HttpWeirds.HTTP_CONTENT_LENGTH_0_AND_EXPECT_100_CONT, null);
                    }
                } else {
                    weird(HttpWeirds.HTTP_BAD_CONTENT_LENGTH, latin1(h.data(), s, e));
                    contentLength = 0;
                }
            }
        } else if (h.nameIs("content-range") && parser().replyCode() == 206) {
            contentRange(h);
        } else if (h.nameIs("transfer-encoding")) {
            // Only the outermost entity's Transfer-Encoding changes how the body is read.
            if (depth == 0) {
                int version = parser().requestOngoing() ? parser().requestVersion() : parser().replyVersion();
                if (h.tokenIs("chunked") && version == 11) {
                    chunked = BEFORE_CHUNK;
                    int rest = h.afterTokenStart();
                    if (rest >= 0 && rest < h.valueEnd()) {
                        weird(HttpWeirds.HTTP_CHUNKED_MULTI, latin1(h.data(), rest, h.valueEnd()));
                    }
                    if (contentLength >= 0) {
                        weird(HttpWeirds.HTTP_CONTENT_LENGTH_AND_CHUNKED, null);
                    }
                }
            } else {
                weird(HttpWeirds.HTTP_NESTED_TRANSFER_ENCODING_HEADER, null);
            }
        } else if (h.nameIs("content-encoding")) {
            if (h.tokenIs("gzip") || h.tokenIs("x-gzip")) {
                encoding = GZIP;
            }
            if (h.tokenIs("deflate")) {
                encoding = DEFLATE;
            }
        } else if (h.nameIs("expect")) {
            long vt = h.valueToken();
            if (!h.tokenIs("100-continue")) {
                weird(HttpWeirds.HTTP_EXPECT_NOT_100_CONTINUE,
                        vt < 0 ? "" : latin1(h.data(), MimeSyntax.start(vt), MimeSyntax.end(vt)));
            }
            expect100 = true;
            if (contentLength == 0) {
                weird(HttpWeirds.HTTP_CONTENT_LENGTH_0_AND_EXPECT_100_CONT, null);
            }
        }
        msg.submitHeader(h);
    }

    /** Content-Range of a 206 reply: the part's length becomes the content length (RFC 7233 §4.2). */
    private void contentRange(MimeHeader h) {
        if (chunked != NON_CHUNKED) {
            weird(HttpWeirds.HTTP_CONTENT_RANGE_AND_CHUNKED, null);
        }
        long vt = h.valueToken();
        String unit = vt < 0 ? "" : latin1(h.data(), MimeSyntax.start(vt), MimeSyntax.end(vt));
        String range = vt < 0 ? "" : latin1(h.data(), MimeSyntax.end(vt), h.valueEnd()).replace(" ", "");
        if (!unit.equals("bytes")) {
            weird(HttpWeirds.HTTP_CONTENT_RANGE_UNKNOWN_BYTE_UNIT, null);
            return;
        }
        int slash = range.indexOf('/');
        if (slash < 0) {
            weird(HttpWeirds.HTTP_CONTENT_RANGE_CANNOT_PARSE, null);
            return;
        }
        String spec = range.substring(0, slash);
        String instance = range.substring(slash + 1);
        int dash = spec.indexOf('-');
        if (dash < 0) {
            weird(HttpWeirds.HTTP_CONTENT_RANGE_CANNOT_PARSE, null);
            return;
        }
        byte[] first = spec.substring(0, dash).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] last = spec.substring(dash + 1).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        long[] sc = parser().scratch;
        if (!MimeSyntax.atoi(first, 0, first.length, 10, sc)) {
            weird(HttpWeirds.HTTP_CONTENT_RANGE_CANNOT_PARSE, range);
            return;
        }
        long f = sc[0];
        if (!MimeSyntax.atoi(last, 0, last.length, 10, sc)) {
            weird(HttpWeirds.HTTP_CONTENT_RANGE_CANNOT_PARSE, range);
            return;
        }
        long l = sc[0];
        if (f < 0 || l < 0) {
            weird(HttpWeirds.HTTP_CONTENT_RANGE_INVALID, range);
            return;
        }
        if (l < f) {
            weird(HttpWeirds.HTTP_NON_POSITIVE_CONTENT_RANGE, range);
            return;
        }
        if (l - f > Long.MAX_VALUE - 1) {
            weird(HttpWeirds.HTTP_CONTENT_RANGE_OVERFLOW, range);
            return;
        }
        long len = l - f + 1;
        if (len > 0) {
            if (!instance.equals("*")) {
                byte[] in = instance.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                if (MimeSyntax.atoi(in, 0, in.length, 10, sc)) {
                    instanceLength = sc[0];
                } else {
                    weird(HttpWeirds.HTTP_CONTENT_RANGE_INVALID_INSTANCE, range);
                    instanceLength = 0;
                }
            }
            partialContent = true;
            fileOffset = f;
            rangeLength = len;
            if (contentLength > 0) {
                if (contentLength != rangeLength) {
                    weird(HttpWeirds.HTTP_RANGE_NOT_MATCHING_LEN, null);
                    if (rangeLength > contentLength) {
                        contentLength = rangeLength;
                    }
                }
            } else {
                contentLength = rangeLength;
            }
        }
    }

    /** The header block ended: decide how the body is delimited (HTTP_Entity::SubmitAllHeaders). */
    private void submitAllHeaders() {
        if (parent != null && parent.contentType == CT_MULTIPART) {
            // Lone CR or LF inside a part's content are content, not line ends (MIME re-adds a CRLF per line).
            msg.lines.suppressWeirds(true);
            msg.lines.setCrlfAsEol(0);
        }
        if (contentLength >= 0) {
            msg.setDeliverySize(contentLength);
        }
        if (chunked == EXPECT_CHUNK_TRAILER) {
            chunked = EXPECT_NOTHING;
            endOfData();
            return;
        }
        if (expectBody == HttpMessage.BODY_NOT_EXPECTED) {
            endOfData();
            return;
        }
        if (contentType == CT_MULTIPART || contentType == CT_MESSAGE) {
            if (chunked != NON_CHUNKED) {
                weird(HttpWeirds.HTTP_CHUNKED_TRANSFER_FOR_MULTIPART_MESSAGE, null);
            }
            if (depth == 0 && contentLength >= 0) {
                if (contentLength > 0) {
                    expectDataLength = contentLength;
                    msg.setDeliverySize(contentLength);
                } else {
                    endOfData();
                }
            }
        } else if (chunked != NON_CHUNKED) {
            chunked = EXPECT_CHUNK_SIZE;
        } else if (contentLength >= 0) {
            if (contentLength > 0) {
                expectDataLength = contentLength;
                msg.setPlainDelivery(contentLength);
            } else {
                endOfData();
            }
        } else if (parser().connectionClose() || encoding == GZIP || encoding == DEFLATE) {
            // Read until the connection ends: Zeek's INT_MAX plain delivery.
            expectDataLength = UNTIL_CLOSE;
            msg.setPlainDelivery(UNTIL_CLOSE);
        } else if (expectBody != HttpMessage.BODY_EXPECTED) {
            endOfData();
        }
    }

    /** The entity is complete (HTTP_Entity::EndOfData, then MIME_Entity::EndOfData). */
    void endOfData() {
        if (zip != null) {
            zip.end();
            zip = null;
            encoding = IDENTITY;
        }
        if (endOfData) {
            return;
        }
        endOfData = true;
        if (inHeader) {
            finishHeader();
            inHeader = false;
            submitAllHeaders(); // "entity body missing": an http_event only
        } else {
            if (child != null) {
                endChildEntity();
            }
            if (contentEncoding == ENC_BASE64) {
                finishDecodeBase64();
            }
            flushData();
        }
        msg.endEntity(this);
    }

    // ============================================================================================ MIME_Entity

    private void mimeDeliver(MemorySegment data, long off, int len, boolean trailingCrlf) {
        if (inHeader) {
            if (len == 0 || data.get(ValueLayout.JAVA_BYTE, off) == 0) {
                // The empty line after the header fields (a NUL-led line counts too).
                finishHeader();
                inHeader = false;
                submitAllHeaders();
                // In a chunked trailer submitAllHeaders() ended the entity; no body follows then.
                if (!endOfData) {
                    beginBody();
                }
            } else if (MimeSyntax.isLws(data.get(ValueLayout.JAVA_BYTE, off))) {
                contHeader(data, off, len);
            } else {
                newHeader(data, off, len);
            }
        } else {
            newDataLine(data, off, len, trailingCrlf);
        }
    }

    private void beginBody() {
        if (contentEncoding == ENC_BASE64) {
            base64 = new MimeBase64();
        }
        if (contentType == CT_MESSAGE) {
            beginChildEntity();
        }
    }

    private void newDataLine(MemorySegment data, long off, int len, boolean trailingCrlf) {
        if (contentType == CT_MULTIPART) {
            switch (checkBoundary(data, off, len)) {
                case BOUNDARY -> {
                    if (child != null) {
                        endChildEntity();
                    }
                    if (!endOfData) {
                        beginChildEntity();
                    }
                    return;
                }
                case CLOSING_BOUNDARY -> {
                    if (child != null) {
                        endChildEntity();
                    }
                    endOfData();
                    return;
                }
                default -> {
                }
            }
        }
        if (contentType == CT_MULTIPART || contentType == CT_MESSAGE) {
            // Data before the first or after the last boundary is ignored.
            if (child != null) {
                child.deliver(data, off, len, trailingCrlf);
            }
        } else {
            decodeDataLine(data, off, len, trailingCrlf);
        }
    }

    private void newHeader(MemorySegment data, long off, int len) {
        finishHeader();
        if (len == 0) {
            return;
        }
        if (hdr == null) {
            hdr = new byte[Math.max(64, len)];
        } else if (hdr.length < len) {
            hdr = new byte[len];
        }
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, hdr, 0, len);
        hdrLen = len;
        hdrFolds = 1;
    }

    private void contHeader(MemorySegment data, long off, int len) {
        if (hdrFolds == 0) {
            // The first header line starts with white space: taken as a new header without it.
            int ws = 0;
            while (ws < len && MimeSyntax.isLws(data.get(ValueLayout.JAVA_BYTE, off + ws))) {
                ws++;
            }
            newHeader(data, off + ws, len - ws);
            return;
        }
        if (hdrLen >= MAX_HEADER_BYTES) {
            parser().limitWeird(HttpWeirds.EXCEEDED_MIME_MAX_HEADER_BYTES, hdrLen);
            return;
        }
        if (hdr.length < hdrLen + len) {
            hdr = Arrays.copyOf(hdr, Math.max(hdrLen + len, hdr.length * 2));
        }
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, hdr, hdrLen, len);
        hdrLen += len;
        hdrFolds++;
    }

    private void finishHeader() {
        if (hdrFolds == 0) {
            return;
        }
        int folds = hdrFolds;
        hdrFolds = 0;
        MimeHeader h = parser().header;
        if (h.parse(hdr, hdrLen, folds)) {
            parseMimeHeader(h);
            submitHeader(h);
        }
    }

    private void parseMimeHeader(MimeHeader h) {
        if (h.nameIs("content-type")) {
            fieldType = FIELD_CONTENT_TYPE;
            parseContentType(h);
        } else if (h.nameIs("content-transfer-encoding")) {
            fieldType = FIELD_CONTENT_TRANSFER_ENCODING;
            long enc = h.valueToken();
            if (enc >= 0) {
                contentEncoding = lookup(ENCODINGS, h.data(), enc);
                if (needParams) {
                    parseFieldParameters(h.data(), MimeSyntax.end(enc), h.valueEnd());
                }
            }
        } else {
            fieldType = FIELD_OTHER;
        }
    }

    private void parseContentType(MimeHeader h) {
        byte[] b = h.data();
        long ty = MimeSyntax.token(b, h.valueStart(), h.valueEnd(), false);
        if (ty < 0) {
            return; // "media type/subtype not found"
        }
        int p = MimeSyntax.skipLwsComments(b, MimeSyntax.end(ty), h.valueEnd());
        if (p >= h.valueEnd() || b[p] != '/') {
            return;
        }
        long sub = MimeSyntax.token(b, p + 1, h.valueEnd(), false);
        if (sub < 0) {
            return;
        }
        contentType = lookup(CONTENT_TYPES, b, ty);
        needParams = contentType == CT_MULTIPART || contentType == CT_MESSAGE;
        if (needParams) {
            parseFieldParameters(b, MimeSyntax.end(sub), h.valueEnd());
        }
        if (contentType == CT_MULTIPART && boundary == null) {
            // "boundary delimiter is not specified": treated as application/octet-stream
            contentType = CT_OTHER;
        }
    }

    private static int lookup(String[] names, byte[] b, long range) {
        int i = 0;
        for (; i < names.length; i++) {
            if (MimeSyntax.equalsIgnoreCase(b, range, names[i])) {
                break;
            }
        }
        return i;
    }

    private void parseFieldParameters(byte[] b, int from, int to) {
        int p = from;
        while (true) {
            p = MimeSyntax.skipLwsComments(b, p, to);
            if (p >= to || b[p] != ';') {
                break;
            }
            p++;
            long attr = MimeSyntax.token(b, p, to, false);
            if (attr < 0) {
                return; // "attribute name not found"
            }
            p = MimeSyntax.end(attr);
            p = MimeSyntax.skipLwsComments(b, p, to);
            if (p >= to || b[p] != '=') {
                continue; // "= not found"
            }
            p++;
            boolean isBoundary = fieldType == FIELD_CONTENT_TYPE && contentType == CT_MULTIPART
                    && MimeSyntax.equalsIgnoreCase(b, attr, "boundary");
            int q = isBoundary ? p : MimeSyntax.skipLwsComments(b, p, to);
            byte[] value = null;
            int end;
            if (q < to && b[q] == '"') {
                long qs = MimeSyntax.quotedString(b, q, to);
                if (qs < 0) {
                    end = -1;
                } else {
                    if (isBoundary) {
                        value = MimeSyntax.decodeQuotedPairs(b, MimeSyntax.start(qs), MimeSyntax.end(qs));
                    }
                    end = MimeSyntax.end(qs) + 1;
                }
            } else {
                long tok = MimeSyntax.token(b, q, to, isBoundary);
                if (tok < 0) {
                    end = -1;
                } else {
                    if (isBoundary) {
                        value = Arrays.copyOfRange(b, MimeSyntax.start(tok), MimeSyntax.end(tok));
                    }
                    end = MimeSyntax.end(tok);
                }
            }
            if (isBoundary) {
                if (value == null) {
                    continue; // "Could not parse multipart boundary"
                }
                boundary = value;
            }
            if (end < 0) {
                continue; // "value not found": the same position is looked at again
            }
            p = end;
        }
    }

    private int checkBoundary(MemorySegment data, long off, int len) {
        if (boundary == null) {
            return NOT_BOUNDARY;
        }
        if (len >= 2 && data.get(ValueLayout.JAVA_BYTE, off) == '-' && data.get(ValueLayout.JAVA_BYTE, off + 1) == '-') {
            int i = 0;
            for (; i < len - 2 && i < boundary.length; i++) {
                if (data.get(ValueLayout.JAVA_BYTE, off + 2 + i) != boundary[i]) {
                    return NOT_BOUNDARY;
                }
            }
            if (i < boundary.length) {
                return NOT_BOUNDARY;
            }
            long rest = off + 2 + i;
            int restLen = len - 2 - i;
            if (restLen >= 2 && data.get(ValueLayout.JAVA_BYTE, rest) == '-'
                    && data.get(ValueLayout.JAVA_BYTE, rest + 1) == '-') {
                return CLOSING_BOUNDARY;
            }
            return BOUNDARY;
        }
        return NOT_BOUNDARY;
    }

    private void decodeDataLine(MemorySegment data, long off, int len, boolean trailingCrlf) {
        switch (contentEncoding) {
            case ENC_QUOTED_PRINTABLE -> decodeQuotedPrintable(data, off, len);
            case ENC_BASE64 -> {
                if (base64 != null) {
                    base64.decode(data, off, len, this);
                }
            }
            default -> decodeBinary(data, off, len, trailingCrlf);
        }
        flushData();
    }

    private void decodeBinary(MemorySegment data, long off, int len, boolean trailingCrlf) {
        if (delayCrlf) {
            delayCrlf = false;
            dataOctets(CRLF, 0, 2);
        }
        dataOctets(data, off, len);
        if (trailingCrlf) {
            if (parent != null && parent.contentType == CT_MULTIPART) {
                // The CRLF before a boundary belongs to the boundary: add each line's CRLF only once more
                // content follows.
                delayCrlf = true;
            } else {
                dataOctets(CRLF, 0, 2);
            }
        }
    }

    private void decodeQuotedPrintable(MemorySegment data, long off, int len) {
        int eol = len - 1;
        while (eol >= 0) {
            byte c = data.get(ValueLayout.JAVA_BYTE, off + eol);
            if (c != '\t' && c != ' ') {
                break;
            }
            eol--;
        }
        boolean softBreak = false;
        for (int i = 0; i <= eol; i++) {
            int c = data.get(ValueLayout.JAVA_BYTE, off + i) & 0xFF;
            if (c == '=') {
                if (i == eol) {
                    softBreak = true;
                } else {
                    boolean legal = false;
                    if (i + 2 < len) {
                        int a = MimeSyntax.hex(data.get(ValueLayout.JAVA_BYTE, off + i + 1));
                        int b = MimeSyntax.hex(data.get(ValueLayout.JAVA_BYTE, off + i + 2));
                        if (a >= 0 && b >= 0) {
                            dataOctet((a << 4) + b);
                            legal = true;
                            i += 2;
                        }
                    }
                    if (!legal) {
                        dataOctet(c);
                    }
                }
            } else {
                dataOctet(c);
            }
        }
        if (!softBreak) {
            dataOctet('\r');
            dataOctet('\n');
        }
    }

    /** Decoded base64 output (called back by the decoder). */
    @Override
    public void octets(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            dataOctet(b[off + i]);
        }
    }

    @Override
    public void illegalEncoding(String msg) {
        weird(HttpWeirds.BASE64_ILLEGAL_ENCODING, msg);
    }

    private void finishDecodeBase64() {
        if (base64 != null) {
            base64.done(this);
            base64 = null;
        }
    }

    private void dataOctet(int c) {
        byte[] buf = parser().entityBuffer(msg.isOrig);
        if (dataBufOffset < 0) {
            dataBufOffset = 0;
        }
        buf[dataBufOffset++] = (byte) c;
        if (dataBufOffset == buf.length) {
            dataBufOffset = -1;
            submitData(buf, buf.length);
        }
    }

    private void dataOctets(MemorySegment data, long off, int len) {
        byte[] buf = parser().entityBuffer(msg.isOrig);
        while (len > 0) {
            if (dataBufOffset < 0) {
                dataBufOffset = 0;
            }
            int n = Math.min(buf.length - dataBufOffset, len);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, buf, dataBufOffset, n);
            off += n;
            dataBufOffset += n;
            len -= n;
            if (dataBufOffset == buf.length) {
                dataBufOffset = -1;
                submitData(buf, buf.length);
            }
        }
    }

    private void flushData() {
        if (dataBufOffset > 0) {
            int n = dataBufOffset;
            dataBufOffset = -1;
            submitData(parser().entityBuffer(msg.isOrig), n);
        }
    }

    private void beginChildEntity() {
        if (depth >= MAX_DEPTH) {
            parser().limitWeird(HttpWeirds.EXCEEDED_MIME_MAX_DEPTH, depth);
            return;
        }
        child = new HttpEntity(msg, this, HttpMessage.BODY_EXPECTED);
        msg.beginEntity(child);
    }

    private void endChildEntity() {
        HttpEntity c = child;
        c.endOfData();
        child = null;
    }

    static String latin1(byte[] b, int from, int to) {
        return new String(b, from, Math.max(0, to - from), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
