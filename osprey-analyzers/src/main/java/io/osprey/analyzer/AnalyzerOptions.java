package io.osprey.analyzer;

import io.osprey.analyzer.software.SoftwareFramework;
import io.osprey.common.net.NetSet;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Run settings of the analyzers and the frameworks they feed, with Zeek's defaults. Set by the CLI (options,
 * {@code --scripts}, {@code --redef}); read at setup.
 */
public final class AnalyzerOptions {
    /** Hash algorithms computed for every file (Zeek: none by default; {@code frameworks/files/hash-all-files} = all three). */
    public enum Hash { MD5, SHA1, SHA256 }

    /** Hashes computed for every file. */
    public Set<Hash> fileHashes = EnumSet.noneOf(Hash.class);
    /** Writes every TCP connection's streams to contents files ({@code --contents}), or null. */
    public io.osprey.analyzer.contents.ContentsWriter contents;
    /** Directory files are extracted to, or null for no extraction. */
    public Path extractDir;
    /** Zeek's {@code FileExtract::default_limit}: bytes extracted at most per file (0 = no limit); 100 MiB. */
    public long extractLimit = 104_857_600L;
    /** Log HTTP basic-auth passwords (Zeek's {@code HTTP::default_capture_password}, default F). */
    public boolean httpCapturePassword;
    /** Log SOCKS (RFC 1929) passwords (Zeek's {@code SOCKS::default_capture_password}, default F). */
    public boolean socksCapturePassword;
    /** Zeek's {@code SSL::max_ssl_history_length} (default 100): the SSL history's cap, a weird when reached. */
    public int sslMaxHistoryLength = 100;
    /** {@code HTTP::log_server_header_names} (default F): reply header names too. */
    public boolean httpLogServerHeaderNames;

    /** FTP's options (Zeek's {@code FTP::*}: logged commands, guest ids, length limits). */
    public io.osprey.analyzer.ftp.FtpOptions ftp = new io.osprey.analyzer.ftp.FtpOptions();

    /** Raise notices for protocols found on non-standard ports (Bro's backdoor policy); on by default. */
    public boolean nonStandardPortNotices = true;
    /**
     * Zeek policy scripts loaded, in load order, as {@code --scripts} names them (e.g. "protocols/dns/auth-addl"):
     * analyzers read the ones that change their logs.
     */
    public java.util.List<String> scripts = java.util.List.of();
    /** Zeek's {@code dns_max_queries}: more questions in a message is a protocol violation (0 = no limit). */
    public int dnsMaxQueries = 25;
    /** Zeek's {@code dns_skip_all_auth}: do not parse authority sections. */
    public boolean dnsSkipAllAuth = true;
    /** Zeek's {@code dns_skip_all_addl}: do not parse additional sections. */
    public boolean dnsSkipAllAddl = true;
    /** Zeek's {@code dns_max_compression_chain_depth}: compression pointers followed per name. */
    public int dnsMaxCompressionChainDepth = 20;
    /** Zeek's {@code DNS::max_pending_msgs}: unmatched messages kept per transaction id. */
    public int dnsMaxPendingMsgs = 50;
    /** Zeek's {@code DNS::max_pending_query_ids}: transaction ids with unmatched messages kept. */
    public int dnsMaxPendingQueryIds = 50;
    /** Zeek's {@code POP3::max_pending_commands}: client commands awaiting a reply before the oldest is dropped (0 = no limit). */
    public int pop3MaxPendingCommands = 10;
    /** Zeek's {@code POP3::max_unknown_client_commands}: unknown commands before violations (0 = no limit). */
    public int pop3MaxUnknownClientCommands = 10;
    /**
     * Zeek's DHCP options ({@code DHCP::max_tracked_transactions}, {@code max_uids_per_log_entry},
     * {@code max_msg_types_per_log_entry}, {@code max_txid_watch_time}).
     */
    public io.osprey.analyzer.dhcp.DhcpTransactions.Settings dhcp =
            io.osprey.analyzer.dhcp.DhcpTransactions.Settings.DEFAULT;
    /** Zeek's {@code MQTT::max_payload_size}: payload bytes mqtt_publish.log keeps (default 100). */
    public long mqttMaxPayloadSize = 100;
    /** SMB settings (Zeek's {@code SMB::logged_file_actions}, {@code SMB::max_pending_messages}, ...). */
    public io.osprey.analyzer.smb.SmbOptions smb = new io.osprey.analyzer.smb.SmbOptions();
    /** Seed for deterministic file ids (fuids), like conn uids. */
    public long seed;
    /**
     * Zeek's {@code Site::local_nets} (the engine's {@code ConnConfig.localNets}; the CLI passes the same set):
     * files.log {@code local_orig} and the software framework's host selection.
     */
    public NetSet localNets = NetSet.zeekPrivateSpace();
    /** Zeek's {@code Software::asset_tracking}: whose software software.log records (default LOCAL_HOSTS). */
    public SoftwareFramework.AssetTracking softwareTracking = SoftwareFramework.AssetTracking.LOCAL_HOSTS;
}
