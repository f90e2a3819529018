package io.osprey.analyzer.ftp;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.files.FileHandle;
import io.osprey.files.Files;
import io.osprey.files.mime.MimeSniffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The FTP_DATA analyzer of one data connection (Zeek's {@code File_Analyzer} "FTP_DATA" with the handlers of
 * base/protocols/ftp/main.zeek and files.zeek): attached only to connections an FTP control connection announced
 * ({@link io.osprey.engine.analyzer.AnalyzerContext#expectConnection}); each direction's stream is one file (files.log
 * source "FTP_DATA"), linked to the announcing session's ftp.log row by fuid and mime type.
 *
 * <p>While the channel is in the worker's table ({@link FtpDataChannels}) the connection is labelled "ftp-data"
 * (Zeek's {@code scheduled_analyzer_applied} handler) and its streams become files ({@code get_file_handle}); when
 * the connection ends its entry is removed ({@code finalize_ftp_data}). Memory: a 1 KiB identification buffer (Zeek's
 * {@code File_Analyzer::BUFFER_SIZE}); content goes straight to the files framework.
 */
final class FtpDataAnalyzer extends Analyzer {
    /** Zeek's {@code File_Analyzer} buffer: the first bytes identified for {@code file_transferred}. */
    static final int BUFFER_SIZE = 1024;

    private final Files files;
    private final FtpDataChannels channels;
    private final MimeSniffer sniffer;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int bufferLen;
    private boolean identified;
    private FileHandle origFile;
    private FileHandle respFile;
    /** The channel was gone when a direction's first content came: no file for it (and no lookup per chunk). */
    private boolean origUntracked;
    private boolean respUntracked;
    private boolean finished;

    private FtpDataAnalyzer(AnalyzerContext ctx, Files files, FtpDataChannels channels, MimeSniffer sniffer) {
        super(ctx);
        this.files = files;
        this.channels = channels;
        this.sniffer = sniffer;
        if (session() != null) {
            ctx.confirmService("ftp-data");
        }
    }

    /**
     * The FTP_DATA declaration: no ports and no signature (it only attaches where FTP scheduled it).
     *
     * @param files    where the transferred files go, or null
     * @param channels the worker's data-channel table
     */
    static AnalyzerSpec spec(Files files, FtpDataChannels channels) {
        MimeSniffer sniffer = MimeSniffer.zeekDefault();
        return new AnalyzerSpec("FTP_DATA", null, AnalyzerSpec.TCP, new int[0], null, null,
                ctx -> new FtpDataAnalyzer(ctx, files, channels, sniffer));
    }

    private FtpSession session() {
        ConnInfo c = ctx.conn();
        return channels.get(c.respHi(), c.respLo(), c.respPort(), ctx.networkTime());
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (finished) {
            return;
        }
        int n = Math.min(len, BUFFER_SIZE - bufferLen);
        if (n > 0 && !identified) {
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, buffer, bufferLen, n);
            bufferLen += n;
            if (bufferLen == BUFFER_SIZE) {
                identify();
            }
        }
        FileHandle f = file(orig);
        if (f != null) {
            f.deliver(data, offset, len);
        }
    }

    @Override
    public void gap(boolean orig, long seq, long len) {
        if (finished) {
            return;
        }
        FileHandle f = file(orig);
        if (f != null) {
            f.gap(len);
        }
    }

    @Override
    public void done() {
        if (finished) {
            return;
        }
        finished = true;
        if (bufferLen > 0 && !identified) {
            identify();
        }
        if (origFile != null) {
            origFile.end();
        }
        if (respFile != null) {
            respFile.end();
        }
        ConnInfo c = ctx.conn();
        channels.remove(c.respHi(), c.respLo(), c.respPort());
    }

    /**
     * The direction's file: opened on its first content while the channel is known (Zeek asks
     * {@code get_file_handle} until it gives a handle), linked to the session ({@code file_over_new_connection},
     * {@code file_sniff}).
     */
    private FileHandle file(boolean orig) {
        FileHandle f = orig ? origFile : respFile;
        if (f != null || files == null || (orig ? origUntracked : respUntracked)) {
            return f;
        }
        FtpSession s = session();
        if (s == null) {
            // Zeek asks get_file_handle again on each chunk; the table does not regain a removed entry for this
            // connection's key while it lives, except through a new announcement, which we do not wait for.
            if (orig) {
                origUntracked = true;
            } else {
                respUntracked = true;
            }
            return null;
        }
        // Zeek's ftp/files.zeek: cat(ANALYZER_FTP_DATA, c$start_time, c$id, is_orig).
        f = files.open(ctx, "FTP_DATA", orig, 0,
                "FTP_DATA|" + ctx.conn().startTime() + "|" + ctx.conn().idString() + "|" + (orig ? "T" : "F"));
        s.fuid = f.fuid();
        f.onMimeType(m -> {
            if (m != null) {
                s.mimeType = m;
            }
        });
        if (orig) {
            origFile = f;
        } else {
            respFile = f;
        }
        return f;
    }

    /** {@code File_Analyzer::Identify} and main.zeek's {@code file_transferred} handler. */
    private void identify() {
        identified = true;
        FtpSession s = session();
        if (s == null) {
            return;
        }
        String m = sniffer.sniff(buffer, 0, bufferLen);
        if (m == null) {
            m = "<unknown>";
        }
        int semi = m.indexOf(';');
        s.mimeType = semi >= 0 ? m.substring(0, semi) : m;
    }
}
