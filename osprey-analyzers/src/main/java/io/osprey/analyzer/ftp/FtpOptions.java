package io.osprey.analyzer.ftp;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of the FTP analyzer and its logging, with the defaults of Zeek's base/protocols/ftp/main.zeek and
 * info.zeek (and {@code FTP::max_command_length} of init-bare.zeek). Set by the CLI from {@code --redef}; read at
 * setup, then shared read-only by the worker's FTP connections.
 */
public final class FtpOptions {
    /** {@code FTP::logged_commands}: commands whose command/reply pairs are logged. */
    public Set<String> loggedCommands = new LinkedHashSet<>(List.of(
            "APPE", "DELE", "RETR", "STOR", "STOU", "ACCT", "PORT", "PASV", "EPRT", "EPSV"));
    /** {@code FTP::guest_ids}: users whose passwords are logged (compared lowercased). */
    public Set<String> guestIds = new LinkedHashSet<>(List.of("anonymous", "ftp", "ftpuser", "guest"));
    /** {@code FTP::max_pending_commands}: commands queued before replies at most. */
    public int maxPendingCommands = 20;
    /** {@code FTP::max_user_length}: user names are cut to this many bytes. */
    public int maxUserLength = 128;
    /** {@code FTP::max_password_length}: passwords are cut to this many bytes. */
    public int maxPasswordLength = 128;
    /** {@code FTP::max_arg_length}: logged arguments are cut to this many bytes. */
    public int maxArgLength = 4096;
    /** {@code FTP::max_reply_msg_length}: logged reply messages are cut to this many bytes. */
    public int maxReplyMsgLength = 4096;
    /** {@code FTP::max_expected_data_channels}: data channels tracked per worker at most (0 = no limit). */
    public int maxExpectedDataChannels = 100_000;
    /** {@code FTP::log_at_least_one_command}: a session with a user but no logged command gets one row. */
    public boolean logAtLeastOneCommand = true;
    /** {@code FTP::default_capture_password}: log every password, not only guests'. */
    public boolean capturePassword;
    /** policy/protocols/ftp/software loaded: a CLNT command reports client software (software.log FTP::CLIENT). */
    public boolean software;
    /** {@code FTP::max_command_length}: longer commands are ignored (with a weird once confirmed); 0 = no limit. */
    public int maxCommandLength = 100;
}
