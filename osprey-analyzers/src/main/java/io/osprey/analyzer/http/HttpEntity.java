package io.osprey.analyzer.http;

import io.osprey.analyzer.mime.MimeEntity;
import io.osprey.analyzer.mime.MimeHeader;
import io.osprey.analyzer.mime.MimeSyntax;
import io.osprey.files.FileHandle;

import java.lang.foreign.MemorySegment;

/**
 * One MIME entity of an HTTP message: the message itself (depth 0) or a part of a multipart body, or the message
 * inside a {@code message/*} body. A port of the behaviour of Zeek's {@code HTTP_Entity} (src/analyzer/protocol/http/
 * HTTP.cc) on top of {@link MimeEntity} (Zeek's {@code MIME_Entity}: folding, Content-Type with boundary,
 * Content-Transfer-Encoding, multipart splitting, base64/quoted-printable decoding): the HTTP header fields
 * (Content-Length, Content-Range, Transfer-Encoding: chunked, Content-Encoding, Expect), then the body by length, by
 * chunks, by multipart boundaries or until the connection ends; bodies are decompressed (gzip/deflate) before MIME
 * decoding, counted, and handed to the files framework.
 *
 * <p>Allocated per message and per part (a transaction's state); every cap is inherited from {@link HttpLines},
 * {@link MimeEntity#MAX_HEADER_BYTES}, {@link MimeEntity#MAX_DEPTH} and {@link HttpInflater#MAX_INFLATED_BYTES}.
 */
final class HttpEntity extends MimeEntity {
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

    /** Zeek's INT_MAX "until the connection ends" length. */
    private static final long UNTIL_CLOSE = Integer.MAX_VALUE;

    final HttpMessage msg;
    private final int expectBody;

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
        super(parent);
        this.msg = msg;
        this.expectBody = expectBody;
    }

    /** The enclosing entity, null at the top (always an HttpEntity: children are made by {@link #newChildEntity}). */
    @Override
    public HttpEntity parent() {
        return (HttpEntity) super.parent();
    }

    /** A 206 part with a parsed Content-Range: its bytes have a place in the file. */
    boolean partialContent() {
        return partialContent;
    }

    private HttpParser parser() {
        return msg.parser;
    }

    @Override
    protected void weird(String name, String addl) {
        parser().weird(name, addl);
    }

    /** A weird of the decompressor (Zeek's ZIP support analyzer, source "ZIP"). */
    void zipWeird(String name) {
        parser().state.weird(name, null, "ZIP");
    }

    // ============================================================================================ HTTP_Entity

    /** The message's next line (with its CRLF stripped) or plain bytes (HTTP_Entity::Deliver). */
    @Override
    protected void deliver(MemorySegment data, long off, int len, boolean trailingCrlf) {
        if (ended()) {
            return; // data trailing the end of the entity: an http_event only
        }
        if (inHeader()) {
            if (!trailingCrlf) {
                weird(HttpWeirds.HTTP_NO_CRLF_IN_HEADER_LIST, null);
            }
            headerLength += len;
            super.deliver(data, off, len, trailingCrlf);
            return;
        }
        if (contentType() == CT_MULTIPART || contentType() == CT_MESSAGE) {
            deliverBody(data, off, len, trailingCrlf);
            // The top-level entity never consumes more than its Content-Length, even when multipart.
            if (depth() == 0 && contentLength > 0) {
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
                        resumeHeader();
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
                zip = parser().state.inflaters().take(this);
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
        super.deliver(data, off, len, trailingCrlf);
    }

    /**
     * A content gap of {@code len} bytes while this entity is current; true when it lies entirely within the body,
     * so parsing can go on after it (HTTP_Entity::Undelivered).
     */
    boolean undelivered(long len) {
        if ((ended() && inHeader()) || bodyLength == 0) {
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
    @Override
    protected void submitData(int len) {
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
    @Override
    protected void submitHeader(MimeHeader h) {
        if (depth() == 0 && h.lines() > 1) {
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
            if (depth() == 0) {
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
    @Override
    protected void submitAllHeaders() {
        if (parent() != null && parent().contentType() == CT_MULTIPART) {
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
        if (contentType() == CT_MULTIPART || contentType() == CT_MESSAGE) {
            if (chunked != NON_CHUNKED) {
                weird(HttpWeirds.HTTP_CHUNKED_TRANSFER_FOR_MULTIPART_MESSAGE, null);
            }
            if (depth() == 0 && contentLength >= 0) {
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
    @Override
    protected void endOfData() {
        if (zip != null) {
            parser().state.inflaters().give(zip);
            zip = null;
            encoding = IDENTITY;
        }
        super.endOfData();
    }

    // ---- the MIME_Entity callbacks (MIME's "illegal format/encoding" events are http_events only: not overridden)

    @Override
    protected MimeHeader headerView() {
        return parser().header;
    }

    @Override
    protected byte[] dataBuffer() {
        return parser().entityBuffer(msg.isOrig);
    }

    @Override
    protected MimeEntity newChildEntity() {
        HttpEntity c = new HttpEntity(msg, this, HttpMessage.BODY_EXPECTED);
        msg.beginEntity(c);
        return c;
    }

    @Override
    protected void endEntity() {
        msg.endEntity(this);
    }

    @Override
    protected void limitWeird(String name, long value) {
        parser().limitWeird(name, value);
    }

    static String latin1(byte[] b, int from, int to) {
        return new String(b, from, Math.max(0, to - from), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
