package io.osprey.analyzer.mime;

/**
 * One header field of a MIME entity (a mail message, one of its parts, or an HTTP message) (Zeek's {@code MIME_Header}): a view over the entity's
 * header buffer, with the (possibly folded) lines already joined. The name is the first run of field-name
 * characters; the value starts after the ':' and any white space; the value token is the first RFC 2045 token in the
 * value. Valid only during the call it is passed to; one instance per message parser, reused for every header.
 */
public final class MimeHeader {
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
    public boolean parse(byte[] b, int len, int foldLines) {
        data = b;
        lines = foldLines;
        tokenDone = false;
        long name = MimeSyntax.fieldName(b, 0, len);
        if (name < 0) {
            return false;
        }
        nameStart = MimeSyntax.start(name);
        nameEnd = MimeSyntax.end(name);
        int p = MimeSyntax.skipLwsComments(b, nameEnd, len);
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

    /** The buffer the field lies in (valid during the call the header is passed to). */
    public byte[] data() {
        return data;
    }

    /** Start of the name in {@link #data()}. */
    public int nameStart() {
        return nameStart;
    }

    /** End (exclusive) of the name in {@link #data()}. */
    public int nameEnd() {
        return nameEnd;
    }

    /** Start of the value in {@link #data()}. */
    public int valueStart() {
        return valueStart;
    }

    /** End (exclusive) of the value in {@link #data()}. */
    public int valueEnd() {
        return valueEnd;
    }

    public int valueLength() {
        return valueEnd - valueStart;
    }

    /** True when the name equals {@code n}, ignoring case. */
    public boolean nameIs(String n) {
        return MimeSyntax.equalsIgnoreCase(data, nameStart, nameEnd, n);
    }

    /** The first token of the value, packed ({@link MimeSyntax#range}), or -1 when there is none. */
    public long valueToken() {
        if (!tokenDone) {
            token = MimeSyntax.token(data, valueStart, valueEnd, false);
            tokenDone = true;
        }
        return token;
    }

    /** True when the value's first token equals {@code t}, ignoring case. */
    public boolean tokenIs(String t) {
        return MimeSyntax.equalsIgnoreCase(data, valueToken(), t);
    }

    /** Start of what follows the value token (Zeek's {@code get_value_after_token}); -1 without a token. */
    public int afterTokenStart() {
        long t = valueToken();
        return t < 0 ? -1 : MimeSyntax.end(t);
    }

    /** A copy of the value's bytes. */
    public byte[] value() {
        return java.util.Arrays.copyOfRange(data, valueStart, valueEnd);
    }

    /** A copy of the name's bytes. */
    public byte[] name() {
        return java.util.Arrays.copyOfRange(data, nameStart, nameEnd);
    }

    /** The name in upper case (Zeek's {@code mime_header_rec$name}), as Latin-1 text. */
    public String upperName() {
        char[] c = new char[nameEnd - nameStart];
        for (int i = 0; i < c.length; i++) {
            int x = data[nameStart + i] & 0xFF;
            c[i] = (char) (x >= 'a' && x <= 'z' ? x - 32 : x);
        }
        return new String(c);
    }

    /** Number of physical lines the field was folded over. */
    public int lines() {
        return lines;
    }

}
