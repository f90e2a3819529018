package io.osprey.analyzer.http;

import io.osprey.analyzer.mime.MimeHeader;

import java.lang.foreign.MemorySegment;

/**
 * One HTTP request or reply after its first line: the header block and body as its top-level {@link HttpEntity}, and
 * the totals reported when it is done (Zeek's {@code HTTP_Message}: {@code http_message_done} with the body length).
 * Created per message by {@link HttpParser}; finished exactly once, normally or interrupted.
 */
final class HttpMessage {
    static final int BODY_NOT_EXPECTED = 0;
    static final int BODY_EXPECTED = 1;
    static final int BODY_MAYBE = 2;

    final HttpParser parser;
    final HttpLines lines;
    final boolean isOrig;
    final HttpEntity top;
    /** The entity receiving data now (a part while inside a multipart body). */
    private HttpEntity current;
    boolean finished;
    /** Total body length of the top-level entity (uncompressed), set when it ends. */
    long bodyLength;
    long headerLength;

    HttpMessage(HttpParser parser, HttpLines lines, boolean isOrig, int expectBody, long initHeaderLength) {
        this.parser = parser;
        this.lines = lines;
        this.isOrig = isOrig;
        this.top = new HttpEntity(this, null, expectBody);
        beginEntity(top);
        this.headerLength = initHeaderLength;
    }

    /** The next line ({@code trailingCrlf}) or plain run of the message. */
    void deliver(MemorySegment data, long off, int len, boolean trailingCrlf) {
        top.deliver(data, off, len, trailingCrlf);
    }

    /** The message ends (HTTP_Message::Done): entity, file, {@code http_message_done}, then the parser moves on. */
    void done(boolean interrupted) {
        if (finished) {
            return;
        }
        finished = true;
        top.endOfData();
        if (isOrig || parser.replyCode() != 206) {
            // A 206 part may continue on another connection (multipart/byteranges): its file stays open.
            parser.state.fileEnd(top, isOrig);
        }
        parser.state.messageDone(isOrig, bodyLength, interrupted);
        parser.messageDone(isOrig);
    }

    /** A content gap; true when it falls within the current entity's body (HTTP_Message::Undelivered). */
    boolean undelivered(long len) {
        HttpEntity e = current != null ? current : top;
        return e.undelivered(len);
    }

    void beginEntity(HttpEntity e) {
        current = e;
        parser.state.beginEntity(isOrig);
    }

    void endEntity(HttpEntity e) {
        if (e == top) {
            bodyLength += e.bodyLength;
            headerLength += e.headerLength;
        }
        parser.state.endEntity(isOrig);
        current = e.parent();
        if (e.parent() != null && e.parent().contentType() == HttpEntity.CT_MULTIPART) {
            lines.suppressWeirds(false);
            lines.setCrlfAsEol(HttpLines.CR_AS_EOL | HttpLines.LF_AS_EOL);
        }
        if (e == top) {
            // Reached from submitAllHeaders()/the body's end: the message is complete.
            done(false);
        } else if (isOrig || parser.replyCode() != 206) {
            parser.state.fileEnd(e, isOrig);
        }
    }

    void submitHeader(MimeHeader h) {
        parser.httpHeader(isOrig, h);
    }

    void setPlainDelivery(long length) {
        lines.setPlainDelivery(length);
    }

    void setDeliverySize(long length) {
        lines.setDeliverySize(length);
    }
}
