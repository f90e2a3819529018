package io.osprey.analyzer.smtp;

import io.osprey.analyzer.mime.MimeMessage;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The chunks of one BDAT transfer (RFC 3030 §2), cut back into lines for the MIME parser: a port of the behaviour of
 * Zeek's {@code SMTP_BDAT_Analyzer} (src/analyzer/protocol/smtp/BDAT.cc). CRLF ends a line; a bare LF ends one too
 * (delivered with the LF, {@code smtp_bdat_line_lf_only}); a CR not followed by LF is delivered as data
 * ({@code smtp_bdat_line_cr_only}); a line longer than {@link #MAX_LINE_LENGTH} is cut
 * ({@code smtp_bdat_line_too_long}). Its weirds have the source "SMTP_BDAT", as Zeek's child analyzer of that name.
 *
 * <p>Also the argument parser of the BDAT command ({@link #parseArg}). Owned by {@link SmtpParser}, one per BDAT
 * transfer; its line buffer is bounded by {@link #MAX_LINE_LENGTH}.
 */
final class SmtpBdat {
    /** Zeek's {@code SMTP::bdat_max_line_length} (init-bare.zeek, 4096). */
    static final int MAX_LINE_LENGTH = 4096;
    /** Zeek's cap on the argument: {@code strlen("18446744073709551615 LAST")}. */
    static final int MAX_ARG_LENGTH = 25;

    /** Result of {@link #parseArg}: the chunk size (unsigned 64 bits), whether LAST, or an error text. */
    record Cmd(long chunkSize, boolean last, String error) {
    }

    private final SmtpParser parser;
    private final MimeMessage mail;
    /** Bytes of a line not yet ended; at most MAX_LINE_LENGTH + a delivery's tail, see deliver. */
    private byte[] buf = new byte[256];
    private MemorySegment bufSeg = MemorySegment.ofArray(buf);
    private int bufLen;
    private long remaining;
    private boolean lastChunk;

    SmtpBdat(SmtpParser parser, MimeMessage mail) {
        this.parser = parser;
        this.mail = mail;
    }

    /**
     * Zeek's {@code parse_bdat_arg}: {@code chunk-size [" LAST"]} (case-insensitive LAST), chunk-size an unsigned
     * 64-bit decimal.
     */
    static Cmd parseArg(byte[] b, int from, int to) {
        int length = to - from;
        if (length <= 0 || length > MAX_ARG_LENGTH) {
            return new Cmd(0, false, "BDAT argument bad length");
        }
        if (b[from] < '0' || b[from] > '9') {
            return new Cmd(0, false, "BDAT not followed by a valid chunk-size");
        }
        int i = from;
        long v = 0;
        boolean overflow = false;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            int d = b[i] - '0';
            // unsigned v * 10 + d overflow check
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                overflow = true;
            }
            v = v * 10 + d;
            i++;
        }
        if (i < to && b[i] != ' ' && b[i] != 0) {
            return new Cmd(0, false, "BDAT chunk-size not valid");
        }
        if (overflow) {
            return new Cmd(0, false, "BDAT chunk-size too large");
        }
        boolean last = false;
        String error = null;
        if (i != to) {
            last = to - i >= 5 && b[i] == ' ' && (b[i + 1] | 0x20) == 'l' && (b[i + 2] | 0x20) == 'a'
                    && (b[i + 3] | 0x20) == 's' && (b[i + 4] | 0x20) == 't';
            if (!last || i + 5 != to) {
                error = "BDAT chunk-size followed by junk";
            }
        }
        return new Cmd(v, last, error);
    }

    /** The next chunk announced (Zeek's NextChunk). */
    void nextChunk(boolean last, long size) {
        lastChunk = last;
        remaining = size;
    }

    long remaining() {
        return remaining;
    }

    boolean isLastChunk() {
        return lastChunk;
    }

    /** Chunk bytes (at most {@link #remaining()}); lines go to the mail. */
    void deliver(MemorySegment data, long off, int len) {
        if (Long.compareUnsigned(len, remaining) > 0) {
            parser.bdatWeird("smtp_bdat_chunk_overflow", null);
            len = (int) remaining;
        }
        if (bufLen > 0 && buf[bufLen - 1] == '\r') {
            if (len == 0 || data.get(ValueLayout.JAVA_BYTE, off) != '\n') {
                parser.bdatWeird("smtp_bdat_line_cr_only", null);
                mail.deliver(bufSeg, 0, bufLen, false);
                bufLen = 0;
            }
        }
        int i = bufLen > 0 ? bufLen - 1 : 0;
        append(data, off, len);
        int lineStart = 0;
        for (; i < bufLen; i++) {
            if (i < bufLen - 1 && buf[i] == '\r' && buf[i + 1] == '\n') {
                mail.deliver(bufSeg, lineStart, i - lineStart, true);
                lineStart = i + 2;
                i++;
            } else if (buf[i] == '\n') {
                parser.bdatWeird("smtp_bdat_line_lf_only", null);
                mail.deliver(bufSeg, lineStart, i - lineStart + 1, false);
                lineStart = i + 1;
            } else if (i - lineStart >= MAX_LINE_LENGTH) {
                parser.bdatWeird("smtp_bdat_line_too_long", Integer.toString(bufLen));
                mail.deliver(bufSeg, lineStart, i - lineStart, false);
                lineStart = i;
            }
        }
        if (lineStart > 0) {
            System.arraycopy(buf, lineStart, buf, 0, bufLen - lineStart);
            bufLen -= lineStart;
        }
        remaining -= len;
        if (lastChunk && remaining == 0 && bufLen > 0) {
            mail.deliver(bufSeg, 0, bufLen, false);
            bufLen = 0;
        }
    }

    private void append(MemorySegment data, long off, int len) {
        if (bufLen + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(bufLen + len, buf.length * 2));
            bufSeg = MemorySegment.ofArray(buf);
        }
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, buf, bufLen, len);
        bufLen += len;
    }

    /** The transfer ends: a partial line left over is delivered (Zeek's Done). */
    void done() {
        if (bufLen > 0) {
            parser.bdatWeird("smtp_bdat_undelivered_at_done", null);
            mail.deliver(bufSeg, 0, bufLen, false);
            bufLen = 0;
        }
    }
}
