package io.osprey.analyzer.smb;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.event.ConnectionRemoved;
import io.osprey.engine.event.EndOfInput;
import io.osprey.files.FileInfo;
import io.osprey.files.FileManager;
import io.osprey.files.FilesConfig;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runs the SMB analyzer over byte streams (the framework's {@link AnalyzerHarness}, as if attached by port 445)
 * with the real files framework (MD5 of every file), and records files.log, smb_files.log and smb_mapping.log
 * content.
 */
final class SmbTestSupport {
    final AnalyzerHarness h;
    final FileManager files;
    final List<FileInfo> fileRows = new ArrayList<>();
    final List<SmbFileRow> smbFiles = new ArrayList<>();
    final List<SmbMappingRow> mappings = new ArrayList<>();

    SmbTestSupport() {
        this(new SmbOptions());
    }

    SmbTestSupport(SmbOptions options) {
        FilesConfig fc = new FilesConfig();
        fc.hashes = EnumSet.of(FilesConfig.Hash.MD5);
        FileManager[] fm = new FileManager[1];
        // The files framework needs the harness's event bus, which exists once the harness does.
        h = new AnalyzerHarness(AnalyzerSpec.TCP, 445, new AnalyzerSpec("SMB", "smb", AnalyzerSpec.TCP,
                new int[] {445}, SmbAnalyzer::probe, SmbAnalyzer::probe,
                ctx -> new SmbAnalyzer(ctx, (c, src, o, d, k) -> fm[0].open(c, src, o, d, k), options), true));
        files = new FileManager(fc, h.events(), 42);
        fm[0] = files;
        h.events().subscribe(FileInfo.class, fileRows::add);
        h.events().subscribe(SmbFileRow.class, smbFiles::add);
        h.events().subscribe(SmbMappingRow.class, mappings::add);
    }

    SmbTestSupport feed(List<SmbMsg.Segment> conv) {
        for (SmbMsg.Segment s : conv) {
            h.stream(s.orig(), s.data());
        }
        return this;
    }

    /** The connection ends and so does the input (files still open time out, as at Zeek's termination). */
    SmbTestSupport done() {
        h.done();
        h.events().publish(new ConnectionRemoved(h, h.networkTime()));
        h.events().publish(new EndOfInput(h.networkTime(), true));
        return this;
    }

    /** files.log rows rendered as "filename orig/resp seen total missing md5 timedout". */
    List<String> fileSummary() {
        List<String> l = new ArrayList<>();
        for (FileInfo f : fileRows) {
            l.add(f.source() + " " + f.filename() + " " + (f.isOrig() ? "orig" : "resp") + " seen=" + f.seenBytes()
                    + " total=" + f.totalBytes() + " missing=" + f.missingBytes() + " md5=" + f.md5()
                    + " timedout=" + f.timedout());
        }
        return l;
    }

    /** smb_files.log rows rendered as "ACTION path name size fuid?". */
    List<String> smbFileSummary() {
        List<String> l = new ArrayList<>();
        for (SmbFileRow r : smbFiles) {
            l.add(r.action().zeekName() + " " + s(r.path()) + " " + s(r.name()) + " " + r.size() + " "
                    + (r.fuid() == null ? "-" : "fuid"));
        }
        return l;
    }

    static String s(byte[] b) {
        return b == null ? "-" : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
