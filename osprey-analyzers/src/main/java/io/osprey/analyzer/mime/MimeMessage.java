package io.osprey.analyzer.mime;

import java.lang.foreign.MemorySegment;

/**
 * One MIME message being parsed (Zeek's {@code MIME_Message}/{@code MIME_Mail}): owns the top-level
 * {@link MimeEntity} and the buffer decoded content is collected in, and receives what the entities find through
 * its callbacks. A protocol subclasses it once per message (SMTP: one per DATA or BDAT transfer; POP3/IMAP and HTTP
 * multipart bodies later) and feeds it the message's lines with {@link #deliver}; {@link #done} ends it.
 *
 * <p>Callbacks run synchronously on the thread that calls {@link #deliver}; the {@link MimeHeader} and the data
 * buffer passed to them are only valid during the call. Decoded content is handed out in pieces of at most
 * {@link #SEGMENT_LENGTH} bytes, and at least once per decoded line (Zeek flushes after every line).
 *
 * <p>Steady state allocates nothing per line: the data buffer, the header view and each entity's header buffer are
 * reused; a new {@link MimeEntity} (with its header buffer) is allocated per part. Caps: header bytes per field
 * ({@link MimeEntity#MAX_HEADER_BYTES}), nesting ({@link MimeEntity#MAX_DEPTH}); headers are streamed to
 * {@link #header} and never stored, so their count needs no cap.
 */
public abstract class MimeMessage {
    /**
     * Zeek's {@code mime_segment_length} (init-bare.zeek, default 1024): the size of the pieces decoded content is
     * submitted in.
     */
    public static final int SEGMENT_LENGTH = 1024;

    private final byte[] buffer = new byte[SEGMENT_LENGTH];
    private final MemorySegment bufferSeg = MemorySegment.ofArray(buffer);
    /** The header view handed to {@link #header} (reused). */
    final MimeHeader headerView = new MimeHeader();
    private MimeEntity top;
    private boolean finished;

    /** Creates the top-level entity (Zeek's MIME_Mail constructor); call once, before the first line. */
    protected final void start() {
        top = new MailEntity(this, null);
        beginEntity(top);
    }

    /**
     * The message's next line without its line terminator ({@code trailingCrlf} true when one ended it) or, for
     * BDAT-style transfers, a partial line ({@code trailingCrlf} false).
     */
    public final void deliver(MemorySegment data, long off, int len, boolean trailingCrlf) {
        if (!finished) {
            top.deliver(data, off, len, trailingCrlf);
        }
    }

    /** The message is over: open entities end, innermost first (Zeek's MIME_Mail::Done). Idempotent. */
    public final void done() {
        if (!finished) {
            finished = true;
            top.endOfData();
            ended();
        }
    }

    /** The message is over and every entity ended (after the last {@link #endEntity}). */
    protected void ended() {
    }

    /** The top-level entity (null before {@link #start}). */
    public final MimeEntity top() {
        return top;
    }

    final byte[] buffer() {
        return buffer;
    }

    final MemorySegment bufferSegment() {
        return bufferSeg;
    }

    /** A new entity starts (Zeek's {@code mime_begin_entity}): the top-level one, a part, or an encapsulated message. */
    protected abstract void beginEntity(MimeEntity entity);

    /** An entity is over (Zeek's {@code mime_end_entity}); its content, if any, is complete. */
    protected abstract void endEntity(MimeEntity entity);

    /** One header field of the current entity (Zeek's {@code mime_one_header}); {@code h} is valid during the call. */
    protected abstract void header(MimeEntity entity, MimeHeader h);

    /** The current entity's header is complete (Zeek's {@code mime_all_headers}). */
    protected void allHeaders(MimeEntity entity) {
    }

    /**
     * Decoded content of the current leaf entity (Zeek's MIME_Message::SubmitData): {@code len} bytes at offset 0 of
     * {@code data}, valid during the call.
     */
    protected abstract void data(MimeEntity entity, MemorySegment data, int len);

    /**
     * Zeek's {@code mime_event}: "illegal format" or "illegal encoding" with a detail (no log; for subclasses that
     * want it).
     */
    protected void event(String category, String detail) {
    }

    /** A weird the MIME code raises itself ({@code base64_illegal_encoding}); Zeek gives it no source. */
    protected abstract void weird(String name, String addl);

    /** Zeek's LimitReachedWeird from the MIME code ({@code exceeded_mime_max_depth}/{@code _header_bytes}). */
    protected abstract void limitWeird(String name, long value);
}
