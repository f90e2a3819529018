package io.osprey.analyzer.mime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One MIME entity (RFC 2045/2046): a message, a part of a multipart body, or the message inside a
 * {@code message/*} body. The one port of the behaviour of Zeek's {@code MIME_Entity}
 * (src/analyzer/protocol/mime/MIME.cc): header fields (RFC 5322 folding joined without the line breaks, Content-Type
 * with its boundary parameter, Content-Transfer-Encoding), then the body line by line: multipart bodies are split at
 * their boundaries into child entities (data before the first and after the last boundary is ignored),
 * {@code message/*} bodies become one child entity, and leaf bodies are decoded (base64, quoted-printable, or as they
 * are) and submitted through {@link #submitData}.
 *
 * <p>What a protocol does with the results is in its subclass, as in Zeek (whose {@code MIME_Entity} has virtual
 * {@code SubmitHeader}, {@code SubmitAllHeaders}, {@code SubmitData}, {@code NewChildEntity}...): the mail protocols
 * use the package's own subclass created by {@link MimeMessage}; HTTP extends it with {@code HttpEntity} (Zeek's
 * {@code HTTP_Entity}: Content-Length, chunked and compressed bodies), overriding {@link #deliver} and
 * {@link #endOfData} around these.
 *
 * <p>Used on the owning message's thread. Steady state allocates nothing per line: the header buffer grows to the
 * largest field and is reused, decoded content goes to the subclass's {@link #dataBuffer}; an entity (with its header
 * buffer, and a base64 decoder when its body is base64) is allocated per part. Malformed input never throws: it is
 * taken the lenient way Zeek takes it (an unparsable Content-Type leaves text/plain, a multipart type without boundary
 * is plain data, a missing closing boundary ends at the message's end). Caps: {@link #MAX_HEADER_BYTES} per header
 * field, {@link #MAX_DEPTH} nesting levels.
 */
public abstract class MimeEntity implements MimeBase64.Sink {
    /**
     * Zeek's {@code MIME::max_header_bytes} (init-bare.zeek, 65536): continuation lines of a header field beyond this
     * many bytes are dropped with the {@code exceeded_mime_max_header_bytes} weird.
     */
    public static final int MAX_HEADER_BYTES = 65536;
    /**
     * Zeek's {@code MIME::max_depth} (init-bare.zeek, 100): parts nested deeper are not split further; their lines go
     * to the entity at the limit ({@code exceeded_mime_max_depth}).
     */
    public static final int MAX_DEPTH = 100;

    /** Content types Zeek tells apart. */
    public static final int CT_MULTIPART = 0;
    public static final int CT_MESSAGE = 1;
    public static final int CT_TEXT = 2;
    public static final int CT_OTHER = 3;
    private static final String[] CONTENT_TYPES = {"MULTIPART", "MESSAGE", "TEXT"};

    private static final int ENC_QUOTED_PRINTABLE = 3;
    private static final int ENC_BASE64 = 4;
    private static final int ENC_OTHER = 5;
    private static final String[] ENCODINGS = {"7BIT", "8BIT", "BINARY", "QUOTED-PRINTABLE", "BASE64"};

    private static final int FIELD_CONTENT_TYPE = 0;
    private static final int FIELD_CONTENT_TRANSFER_ENCODING = 1;
    private static final int FIELD_OTHER = 2;

    private static final int NOT_BOUNDARY = 0;
    private static final int BOUNDARY = 1;
    private static final int CLOSING_BOUNDARY = 2;

    /** Zeek's weird names for the caps above and for bad base64 (no source: the MIME code raises them itself). */
    public static final String EXCEEDED_MAX_HEADER_BYTES = "exceeded_mime_max_header_bytes";
    public static final String EXCEEDED_MAX_DEPTH = "exceeded_mime_max_depth";
    public static final String BASE64_ILLEGAL_ENCODING = "base64_illegal_encoding";

    private final MimeEntity parent;
    private final int depth;

    private boolean inHeader = true;
    private boolean endOfData;
    private byte[] hdr;
    private int hdrLen;
    private int hdrFolds;
    private int fieldType = FIELD_OTHER;
    private boolean needParams;
    private int contentType = CT_TEXT;
    private int contentEncoding = ENC_OTHER;
    private byte[] boundary;
    private MimeEntity child;
    private MimeBase64 base64;
    private boolean delayCrlf;
    /** Fill of the subclass's data buffer, -1 when this entity holds none. */
    private int dataBufOffset = -1;

    /** A top-level entity ({@code parent} null) or a child, which inherits its parent's transfer encoding. */
    protected MimeEntity(MimeEntity parent) {
        this.parent = parent;
        if (parent != null) {
            contentEncoding = parent.contentEncoding;
            depth = parent.depth + 1;
        } else {
            depth = 0;
        }
    }

    /** Nesting depth: 0 for the top-level entity. */
    public int depth() {
        return depth;
    }

    /** The enclosing entity, null at the top. */
    public MimeEntity parent() {
        return parent;
    }

    /** {@link #CT_MULTIPART}, {@link #CT_MESSAGE}, {@link #CT_TEXT} or {@link #CT_OTHER}. */
    public int contentType() {
        return contentType;
    }

    /** True once the entity ended. */
    public boolean ended() {
        return endOfData;
    }

    /** True while header fields are being read (Zeek's {@code in_header}). */
    protected final boolean inHeader() {
        return inHeader;
    }

    /** The lines that follow are header fields again: HTTP's chunked trailer (Zeek's HTTP_Entity sets in_header). */
    protected final void resumeHeader() {
        inHeader = true;
    }

    /**
     * The entity's next line without its terminator, {@code trailingCrlf} true when a CRLF ended it (Zeek's
     * MIME_Entity::Deliver). Called by the owning message, by the parent entity for the lines of its child, and by a
     * subclass's override (HTTP_Entity::Deliver) with what it has unwrapped.
     */
    protected void deliver(MemorySegment data, long off, int len, boolean trailingCrlf) {
        if (inHeader) {
            if (len == 0 || data.get(ValueLayout.JAVA_BYTE, off) == 0) {
                // The empty line after the header fields (a NUL-led line counts too).
                finishHeader();
                inHeader = false;
                submitAllHeaders();
                // HTTP's chunked trailer ends the entity in submitAllHeaders(); no body follows then.
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

    /**
     * The entity is complete (Zeek's MIME_Entity::EndOfData): an open child ends, buffered content is flushed, then
     * {@link #endEntity}. Idempotent. Called by the owning message, by the parent entity, by the body's closing
     * boundary, and by a subclass that knows the body's length.
     */
    protected void endOfData() {
        if (endOfData) {
            return;
        }
        endOfData = true;
        if (inHeader) {
            finishHeader();
            inHeader = false;
            submitAllHeaders();
            event("illegal format", "entity body missing");
        } else {
            if (child != null) {
                if (contentType == CT_MULTIPART) {
                    event("illegal format", "multipart closing boundary delimiter missing");
                }
                endChildEntity();
            }
            if (contentEncoding == ENC_BASE64) {
                finishDecodeBase64();
            }
            flushData();
        }
        endEntity();
    }

    // ---- what the protocol does with the results (Zeek's virtual methods of MIME_Entity)

    /** The reused header view the fields are parsed into (valid until the next field). */
    protected abstract MimeHeader headerView();

    /** One header field, after Content-Type/Content-Transfer-Encoding took effect (Zeek's SubmitHeader). */
    protected abstract void submitHeader(MimeHeader h);

    /** The header is complete (Zeek's SubmitAllHeaders); may end the entity. */
    protected abstract void submitAllHeaders();

    /**
     * The buffer decoded content is collected in before {@link #submitData}: shared by the entities of one message
     * direction (only the current entity fills it), at least 1 byte long.
     */
    protected abstract byte[] dataBuffer();

    /** {@code len} bytes of decoded content at offset 0 of {@link #dataBuffer} (Zeek's SubmitData). */
    protected abstract void submitData(int len);

    /** Creates the child entity for a part or an encapsulated message and announces it to the message. */
    protected abstract MimeEntity newChildEntity();

    /** This entity ended (Zeek's message-&gt;EndEntity). */
    protected abstract void endEntity();

    /** A weird the MIME code raises ({@link #BASE64_ILLEGAL_ENCODING}). */
    protected abstract void weird(String name, String addl);

    /** Zeek's LimitReachedWeird ({@link #EXCEEDED_MAX_DEPTH}, {@link #EXCEEDED_MAX_HEADER_BYTES}). */
    protected abstract void limitWeird(String name, long value);

    /**
     * Zeek's {@code mime_event}: "illegal format" or "illegal encoding" with a detail. No log; the default drops it
     * (HTTP's entity has no such event).
     */
    protected void event(String category, String detail) {
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
            hdr = new byte[Math.max(128, len)];
        } else if (hdr.length < len) {
            hdr = new byte[len];
        }
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, hdr, 0, len);
        hdrLen = len;
        hdrFolds = 1;
    }

    private void contHeader(MemorySegment data, long off, int len) {
        if (hdrFolds == 0) {
            event("illegal format", "first header line starts with linear whitespace");
            int ws = 0;
            while (ws < len && MimeSyntax.isLws(data.get(ValueLayout.JAVA_BYTE, off + ws))) {
                ws++;
            }
            newHeader(data, off + ws, len - ws);
            return;
        }
        if (hdrLen >= MAX_HEADER_BYTES) {
            limitWeird(EXCEEDED_MAX_HEADER_BYTES, hdrLen);
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
        MimeHeader h = headerView();
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
                contentEncoding = lookup(ENCODINGS, h.data, enc);
                if (needParams) {
                    parseFieldParameters(h.data, MimeSyntax.end(enc), h.valueEnd);
                }
            }
        } else {
            fieldType = FIELD_OTHER;
        }
    }

    private void parseContentType(MimeHeader h) {
        byte[] b = h.data;
        long ty = MimeSyntax.token(b, h.valueStart, h.valueEnd, false);
        if (ty < 0) {
            return; // "media type/subtype not found"
        }
        int p = MimeSyntax.skipLwsComments(b, MimeSyntax.end(ty), h.valueEnd);
        if (p >= h.valueEnd || b[p] != '/') {
            return;
        }
        long sub = MimeSyntax.token(b, p + 1, h.valueEnd, false);
        if (sub < 0) {
            return;
        }
        contentType = lookup(CONTENT_TYPES, b, ty);
        needParams = contentType == CT_MULTIPART || contentType == CT_MESSAGE;
        if (needParams) {
            parseFieldParameters(b, MimeSyntax.end(sub), h.valueEnd);
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

    /** RFC 2046 §5.1.1: "--" boundary, optionally "--" after it for the closing one (trailing text ignored). */
    private int checkBoundary(MemorySegment data, long off, int len) {
        if (boundary == null) {
            return NOT_BOUNDARY;
        }
        if (len >= 2 && data.get(ValueLayout.JAVA_BYTE, off) == '-'
                && data.get(ValueLayout.JAVA_BYTE, off + 1) == '-') {
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
            dataOctet('\r');
            dataOctet('\n');
        }
        dataOctets(data, off, len);
        if (trailingCrlf) {
            if (parent != null && parent.contentType == CT_MULTIPART) {
                // The CRLF before a boundary belongs to the boundary (RFC 2046 §5.1.1): a line's CRLF is added
                // only once more content follows.
                delayCrlf = true;
            } else {
                dataOctet('\r');
                dataOctet('\n');
            }
        }
    }

    /** RFC 2045 §6.7, leniently: a bad escape is kept as it is. */
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
                        event("illegal encoding",
                                "= is not followed by two hexadecimal digits in quoted-printable encoding");
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
    public final void octets(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            dataOctet(b[off + i]);
        }
    }

    @Override
    public final void illegalEncoding(String detail) {
        weird(BASE64_ILLEGAL_ENCODING, detail);
    }

    private void finishDecodeBase64() {
        if (base64 != null) {
            base64.done(this);
            base64 = null;
        }
    }

    private void dataOctet(int c) {
        byte[] buf = dataBuffer();
        if (dataBufOffset < 0) {
            dataBufOffset = 0;
        }
        buf[dataBufOffset++] = (byte) c;
        if (dataBufOffset == buf.length) {
            dataBufOffset = -1;
            submitData(buf.length);
        }
    }

    private void dataOctets(MemorySegment data, long off, int len) {
        byte[] buf = dataBuffer();
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
                submitData(buf.length);
            }
        }
    }

    private void flushData() {
        if (dataBufOffset > 0) {
            int n = dataBufOffset;
            dataBufOffset = -1;
            submitData(n);
        }
    }

    private void beginChildEntity() {
        if (depth >= MAX_DEPTH) {
            limitWeird(EXCEEDED_MAX_DEPTH, depth);
            return;
        }
        child = newChildEntity();
    }

    private void endChildEntity() {
        MimeEntity c = child;
        c.endOfData();
        child = null;
    }
}
