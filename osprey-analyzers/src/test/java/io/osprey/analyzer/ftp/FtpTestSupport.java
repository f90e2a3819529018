package io.osprey.analyzer.ftp;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.files.Files;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the FTP analyzer over byte streams without packets (the framework's {@link AnalyzerHarness}: a connection
 * 10.0.0.1:40000 → 10.0.0.2:21 with FTP attached as if by port) and records the ftp.log rows it publishes.
 */
final class FtpTestSupport {
    final AnalyzerHarness h;
    final List<FtpCommand> rows = new ArrayList<>();

    FtpTestSupport() {
        this(new FtpOptions(), null);
    }

    FtpTestSupport(FtpOptions options, Files files) {
        h = new AnalyzerHarness(AnalyzerSpec.TCP, 21, FtpAnalyzer.spec(files, options));
        h.events().subscribe(FtpCommand.class, rows::add);
    }

    FtpTestSupport orig(String s) {
        h.stream(true, s);
        return this;
    }

    FtpTestSupport resp(String s) {
        h.stream(false, s);
        return this;
    }

    FtpTestSupport done() {
        h.done();
        return this;
    }

    /** The rows as "command arg reply_code reply_msg user password [data channel] [mime size fuid]" lines. */
    List<String> render() {
        List<String> out = new ArrayList<>();
        for (FtpCommand c : rows) {
            StringBuilder sb = new StringBuilder();
            sb.append(c.command()).append('|').append(c.arg()).append('|').append(c.replyCode()).append('|')
                    .append(c.replyMsg()).append('|').append(c.user()).append('|').append(c.password());
            if (c.dataChannel() != null) {
                FtpCommand.DataChannel d = c.dataChannel();
                sb.append("|dc=").append(d.passive() ? "P" : "A").append(' ')
                        .append(io.osprey.common.net.Addr.toString(d.origHi(), d.origLo())).append("->")
                        .append(io.osprey.common.net.Addr.toString(d.respHi(), d.respLo())).append(':')
                        .append(d.respPort());
            }
            if (c.mimeType() != null || c.fileSize() >= 0 || c.fuid() != null) {
                sb.append("|file=").append(c.mimeType()).append(' ').append(c.fileSize()).append(' ')
                        .append(c.fuid() != null);
            }
            out.add(sb.toString());
        }
        return out;
    }
}
