package io.osprey.cli;

import io.osprey.analyzer.AnalyzerOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Zeek's FTP redefs as the conformance runs pass them reach the FTP options; malformed ones are reported. */
class FtpRedefTest {
    @Test
    void loggedCommandsAndLimits() {
        AnalyzerOptions o = new AnalyzerOptions();
        Settings.applyAnalyzerRedef(o, "redef FTP::logged_commands += { \"<init>\", \"AUTH\" };");
        assertThat(o.ftp.loggedCommands).contains("<init>", "AUTH", "RETR", "PASV");
        Settings.applyAnalyzerRedef(o, "redef FTP::logged_commands = { \"USER\" };");
        assertThat(o.ftp.loggedCommands).containsExactly("USER");
        Settings.applyAnalyzerRedef(o, "redef FTP::max_arg_length = 13;");
        Settings.applyAnalyzerRedef(o, "redef FTP::max_pending_commands = 5;");
        Settings.applyAnalyzerRedef(o, "redef FTP::default_capture_password = T;");
        assertThat(o.ftp.maxArgLength).isEqualTo(13);
        assertThat(o.ftp.maxPendingCommands).isEqualTo(5);
        assertThat(o.ftp.capturePassword).isTrue();
    }

    @Test
    void badValuesAreReportedNotThrown() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Settings.applyRedef(new io.osprey.engine.conn.ConnConfig(), io.osprey.packet.DecoderConfig.defaults(),
                "redef FTP::max_arg_length = lots;", new java.io.PrintStream(err));
        assertThat(err.toString()).contains("cannot apply redef");
        AnalyzerOptions o = new AnalyzerOptions();
        Settings.applyAnalyzerRedef(o, "redef FTP::max_arg_length = lots;");
        assertThat(o.ftp.maxArgLength).isEqualTo(4096);
    }
}
