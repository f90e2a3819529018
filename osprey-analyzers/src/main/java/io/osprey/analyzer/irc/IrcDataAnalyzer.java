package io.osprey.analyzer.irc;

import io.osprey.engine.analyzer.Analyzer;
import io.osprey.engine.analyzer.AnalyzerContext;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.analyzer.ConnInfo;
import io.osprey.files.FileHandle;
import io.osprey.files.Files;
import java.lang.foreign.MemorySegment;

/**
 * The IRC_DATA analyzer of one DCC SEND data connection (Zeek's {@code IRC_Data} file analyzer with the handlers of
 * base/protocols/irc/dcc-send.zeek and files.zeek): attached only to connections an IRC connection announced
 * ({@link AnalyzerContext#expectConnection}). The responder's stream is the file (files.log source "IRC_DATA"); the
 * originator's 4-byte acknowledgements are checked only for their framing ({@code irc_invalid_dcc_send_ack}).
 *
 * <p>While the transfer is in the worker's table ({@link IrcDccTable}) the connection is labelled "irc-dcc-data"
 * ({@code scheduled_analyzer_applied}); the file takes the offered name ({@code file_over_new_connection}) and, once
 * sniffed, the announcing session writes its DCC row to irc.log ({@code file_sniff}, {@code log_dcc}). The entry is
 * removed then or when the connection ends ({@code finalize_irc_data}). Memory: none beyond the file handle.
 */
final class IrcDataAnalyzer extends Analyzer {
    private final Files files;
    private final IrcDccTable table;
    private FileHandle file;
    private boolean untracked;
    private boolean sniffed;
    private boolean finished;

    private IrcDataAnalyzer(AnalyzerContext ctx, Files files, IrcDccTable table) {
        super(ctx);
        this.files = files;
        this.table = table;
        if (session() != null) {
            ctx.confirmService("irc-dcc-data");
        }
    }

    /** The IRC_DATA declaration: no ports and no signature (it only attaches where IRC scheduled it). */
    static AnalyzerSpec spec(Files files, IrcDccTable table) {
        return new AnalyzerSpec("IRC_DATA", null, AnalyzerSpec.TCP, new int[0], null, null,
                ctx -> new IrcDataAnalyzer(ctx, files, table));
    }

    private IrcSession session() {
        ConnInfo c = ctx.conn();
        return table.get(c.respHi(), c.respLo(), c.respPort(), ctx.networkTime());
    }

    @Override
    public void deliverStream(boolean orig, MemorySegment data, long offset, int len) {
        if (finished) {
            return;
        }
        if (orig) {
            if (len % 4 != 0) {
                ctx.weird("irc_invalid_dcc_send_ack", null);
            }
            return;
        }
        FileHandle f = file();
        if (f != null) {
            f.deliver(data, offset, len);
        }
    }

    @Override
    public void gap(boolean orig, long seq, long len) {
        if (!finished && !orig && file != null) {
            file.gap(len);
        }
    }

    @Override
    public void done() {
        if (finished) {
            return;
        }
        finished = true;
        if (file != null) {
            file.end();
            if (!sniffed) {
                // Not sniffed (e.g. the files framework is off for this file): log as file_sniff would at its end.
                logDcc(null);
            }
        }
        ConnInfo c = ctx.conn();
        table.remove(c.respHi(), c.respLo(), c.respPort());
    }

    /** The responder's file, opened on its first content ({@code get_file_handle} always gives one). */
    private FileHandle file() {
        if (file != null || files == null || untracked) {
            return file;
        }
        // Zeek's irc/files.zeek: cat(ANALYZER_IRC_DATA, c$start_time, c$id, is_orig).
        file = files.open(ctx, "IRC_DATA", false, 0,
                "IRC_DATA|" + ctx.conn().startTime() + "|" + ctx.conn().idString() + "|F");
        IrcSession s = session();
        if (s == null) {
            untracked = true;
            return file;
        }
        s.fuid = file.fuid();
        if (s.dccFileName != null) {
            file.setFilename(s.dccFileName);
        }
        file.onSniff(m -> {
            if (m != null) {
                s.dccMimeType = m;
            }
            logDcc(s);
        });
        return file;
    }

    /** dcc-send.zeek's {@code log_dcc} at {@code file_sniff}: the session's DCC row, then the offer is forgotten. */
    private void logDcc(IrcSession known) {
        if (sniffed) {
            return;
        }
        sniffed = true;
        IrcSession s = known != null ? known : session();
        if (s == null) {
            return;
        }
        String cmd = s.command;
        s.command = "DCC";
        ctx.events().publish(s.snapshot());
        if (cmd != null && !cmd.isEmpty()) {
            s.command = cmd;
        }
        s.dccFileName = null;
        s.dccFileSize = -1;
        s.dccMimeType = null;
        ConnInfo c = ctx.conn();
        table.remove(c.respHi(), c.respLo(), c.respPort());
    }
}
