package io.osprey.analyzer.pop3;

import io.osprey.analyzer.mime.MimeEntity;
import io.osprey.analyzer.mime.MimeHeader;
import io.osprey.analyzer.mime.MimeMessage;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.files.FileHandle;
import io.osprey.files.Files;

import java.lang.foreign.MemorySegment;

/**
 * The mail of one RETR or TOP reply as Zeek's POP3 analyzer handles it (a {@code MIME_Mail} on the responder's
 * side): MIME-parsed by {@link MimeMessage}, each entity's decoded content one file of the files framework (source
 * "POP3", not from the originator, depth 0). Zeek's base scripts register no file handle for POP3, so Zeek's files
 * framework names each file by its fallback handle ({@code <tag>-fallback-<uid>-<is_orig>-<network time>}, taken
 * when the entity's first content arrives); the same handle gives the same fuid, as there. Nothing is done with the
 * header fields (Zeek's MIME events have no POP3 consumer). Created by {@link Pop3Analyzer} per mail; used on the
 * connection's worker thread.
 */
final class Pop3Mail extends MimeMessage {
    private final AnalyzerContext ctx;
    private final Files files;
    /** The file of the entity that began last (Zeek's cur_entity_id), null before its first byte. */
    private FileHandle file;

    Pop3Mail(AnalyzerContext ctx, Files files) {
        this.ctx = ctx;
        this.files = files;
        start();
    }

    @Override
    protected void beginEntity(MimeEntity entity) {
        file = null;
    }

    @Override
    protected void endEntity(MimeEntity entity) {
        endFile();
    }

    /** Zeek's MIME_Mail::Done ends the current file handle's file too. */
    @Override
    protected void ended() {
        endFile();
    }

    private void endFile() {
        if (file != null) {
            file.end();
            file = null;
        }
    }

    @Override
    protected void header(MimeEntity entity, MimeHeader h) {
    }

    @Override
    protected void data(MimeEntity entity, MemorySegment data, int len) {
        if (file == null && files != null) {
            file = files.open(ctx, "POP3", false, 0, fallbackHandle(ctx.conn().uid(), ctx.networkTime()));
        }
        if (file != null) {
            file.deliver(data, 0, len);
        }
    }

    /**
     * Zeek's {@code get_file_handle} fallback for a protocol without a registration (base/frameworks/files/main.zeek):
     * {@code fmt("%s-fallback-%s-%s-%s", tag, c$uid, is_orig, network_time())}.
     */
    static String fallbackHandle(String uid, long networkTimeNs) {
        long us = Math.floorDiv(networkTimeNs, 1000L);
        return "Analyzer::ANALYZER_POP3-fallback-" + uid + "-F-" + Math.floorDiv(us, 1_000_000L) + "."
                + String.format("%06d", Math.floorMod(us, 1_000_000L));
    }

    @Override
    protected void weird(String name, String addl) {
        ctx.env().weird(ctx.conn(), name, addl, null);
    }

    @Override
    protected void limitWeird(String name, long value) {
        ctx.weird(name, Long.toString(value));
    }
}
