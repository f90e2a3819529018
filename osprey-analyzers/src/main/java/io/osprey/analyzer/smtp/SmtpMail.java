package io.osprey.analyzer.smtp;

import io.osprey.analyzer.mime.MimeEntity;
import io.osprey.analyzer.mime.MimeHeader;
import io.osprey.analyzer.mime.MimeMessage;
import io.osprey.files.FileHandle;

import java.lang.foreign.MemorySegment;

/**
 * One mail message in transfer (the body of DATA, or the chunks of BDAT), as Zeek's {@code MIME_Mail} handles it:
 * MIME-parsed by {@link MimeMessage}, each entity's decoded content a file of the files framework (source "SMTP"),
 * the header fields and entity boundaries reported to the {@link SmtpSession} (Zeek's {@code mime_*} events).
 * Created by {@link SmtpParser} per transfer; used on the connection's worker thread.
 */
final class SmtpMail extends MimeMessage {
    private final SmtpSession session;
    private final boolean isOrig;
    /** The file of the entity that began last (Zeek's cur_entity_id), null before its first byte. */
    private FileHandle file;

    SmtpMail(SmtpSession session, boolean isOrig) {
        this.session = session;
        this.isOrig = isOrig;
        start();
    }

    @Override
    protected void beginEntity(MimeEntity entity) {
        file = null;
        session.beginEntity();
    }

    @Override
    protected void endEntity(MimeEntity entity) {
        session.endEntity();
        if (file != null) {
            file.end();
            file = null;
        }
    }

    /**
     * Zeek's MIME_Mail::Done ends the file of the current file handle too: one a gap opened after the last entity
     * ended.
     */
    @Override
    protected void ended() {
        if (file != null) {
            file.end();
            file = null;
        }
    }

    @Override
    protected void header(MimeEntity entity, MimeHeader h) {
        session.mimeHeader(h);
    }

    @Override
    protected void data(MimeEntity entity, MemorySegment data, int len) {
        FileHandle f = file();
        if (f != null) {
            f.deliver(data, 0, len);
        }
    }

    /** Message bytes lost in a content gap: missing bytes of the current entity's file (MIME_Mail::Undelivered). */
    void undelivered(long len) {
        FileHandle f = file();
        if (f != null) {
            f.gap(len);
        }
    }

    private FileHandle file() {
        if (file == null) {
            file = session.openFile(isOrig);
        }
        return file;
    }

    @Override
    protected void weird(String name, String addl) {
        session.weird(name, addl, null);
    }

    @Override
    protected void limitWeird(String name, long value) {
        session.limitWeird(name, value);
    }
}
