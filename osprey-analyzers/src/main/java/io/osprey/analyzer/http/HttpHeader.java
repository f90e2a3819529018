package io.osprey.analyzer.http;

/**
 * One header field as an HTTP message or MIME part carried it (Zeek's {@code MIME_Header}): a view over the entity's
 * header buffer, with the (possibly folded) lines already joined. The name is the first run of field-name
 * characters; the value starts after the ':' and any white space; the value token is the first RFC 2045 token in the
 * value. Valid only during the call it is passed to; one instance per parser, reused for every header.
 */
final class HttpHeader {
    byte[] data;
    int nameStart;
    int nameEnd;
    int valueStart;
    int valueEnd;
    /** Number of physical lines the field was folded over. */
    int lines;
    private long token;
    private boolean tokenDone;

    /** Parses {@code [0, len)} of {@code b}; false when the line has no field name and ':' (malformed, ignored). */
    boolean parse(byte[] b, int len, int foldLines) {
        data = b;
        lines = foldLines;
        tokenDone = false;
        long name = HttpMime.fieldName(b, 0, len);
        if (name < 0) {
            return false;
        }
        nameStart = HttpMime.start(name);
        nameEnd = HttpMime.end(name);
        int p = HttpMime.skipLwsComments(b, nameEnd, len);
        if (p >= len || b[p] != ':') {
            return false;
        }
        p++;
        // isspace(): SP, HT, LF, VT, FF, CR
        while (p < len && (b[p] == ' ' || (b[p] >= 9 && b[p] <= 13))) {
            p++;
        }
        valueStart = p;
        valueEnd = len;
        return true;
    }

    int valueLength() {
        return valueEnd - valueStart;
    }

    /** True when the name equals {@code n}, ignoring case. */
    boolean nameIs(String n) {
        return HttpMime.equalsIgnoreCase(data, nameStart, nameEnd, n);
    }

    /** The first token of the value, packed ({@link HttpMime#range}), or -1 when there is none. */
    long valueToken() {
        if (!tokenDone) {
            token = HttpMime.token(data, valueStart, valueEnd, false);
            tokenDone = true;
        }
        return token;
    }

    /** True when the value's first token equals {@code t}, ignoring case. */
    boolean tokenIs(String t) {
        return HttpMime.equalsIgnoreCase(data, valueToken(), t);
    }

    /** Start of what follows the value token (Zeek's {@code get_value_after_token}); -1 without a token. */
    int afterTokenStart() {
        long t = valueToken();
        return t < 0 ? -1 : HttpMime.end(t);
    }

    /** A copy of the value's bytes. */
    byte[] value() {
        return java.util.Arrays.copyOfRange(data, valueStart, valueEnd);
    }

}
