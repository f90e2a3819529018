package io.osprey.cli;

import io.osprey.engine.conn.ConnConfig;
import io.osprey.packet.DecoderConfig;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Zeek-style run settings (the analyzers a case loaded, the policy scripts, {@code redef}s) onto Osprey's
 * configuration, so that one command line serves both users and the Zeek conformance runs.
 */
final class Settings {
    private Settings() {
    }

    /**
     * Well-known server ports each Zeek base protocol script registers (and so adds to likely_server_ports), for
     * the protocols whose scripts a bare run may load. Format: "tcp:80,81/udp:53".
     */
    private static final Map<String, String> PORTS = Map.ofEntries(
            Map.entry("dns", "tcp:53/udp:53,137,5353,5355"),
            Map.entry("http", "tcp:80,81,631,1080,3128,8000,8080,8888"),
            Map.entry("ssl", "tcp:443,563,585,614,636,989,990,992,993,995,5223"),
            Map.entry("ssh", "tcp:22"),
            Map.entry("ftp", "tcp:21,2811"),
            Map.entry("smtp", "tcp:25,587"),
            Map.entry("pop3", "tcp:110,995"),
            Map.entry("irc", "tcp:6666,6667,6668,6669"),
            Map.entry("dhcp", "udp:67"),
            Map.entry("ntp", "udp:123"),
            Map.entry("snmp", "udp:161,162"),
            Map.entry("syslog", "tcp:514/udp:514"),
            Map.entry("sip", "udp:5060"),
            Map.entry("radius", "udp:1812"),
            Map.entry("krb", "tcp:88/udp:88"),
            Map.entry("smb", "tcp:139,445"),
            Map.entry("dce-rpc", "tcp:135"),
            Map.entry("rdp", "tcp:3389/udp:3389"),
            Map.entry("mysql", "tcp:1434,3306"),
            Map.entry("modbus", "tcp:502"),
            Map.entry("dnp3", "tcp:20000/udp:20000"),
            Map.entry("mqtt", "tcp:1883"),
            Map.entry("xmpp", "tcp:5222,5269"),
            Map.entry("socks", "tcp:1080"),
            Map.entry("finger", "tcp:79"),
            Map.entry("imap", "tcp:143,993"),
            Map.entry("ldap", "tcp:389,3268"),
            Map.entry("quic", "udp:443"));

    /**
     * The run's pipeline: the application analyzers named by {@code analyzerList} ('all', 'none' or names) with
     * the options {@code scripts} implies, subscribed to a fresh event bus, then the engine.
     */
    static io.osprey.engine.Analysis analysis(ConnConfig cfg, io.osprey.log.LogManager logs, String analyzerList,
                                              String scripts, long seed) {
        return analysis(cfg, logs, analyzerList, scripts, java.util.List.of(), seed);
    }

    /** As above, with the {@code --redef}s that set analyzer options (see {@link #applyAnalyzerRedef}). */
    static io.osprey.engine.Analysis analysis(ConnConfig cfg, io.osprey.log.LogManager logs, String analyzerList,
                                              String scripts, java.util.List<String> redefs, long seed) {
        return analysis(cfg, logs, analyzerList, scripts, redefs, null, seed);
    }

    /** As above, with every transferred file extracted to {@code extractDir} (null: none). */
    static io.osprey.engine.Analysis analysis(ConnConfig cfg, io.osprey.log.LogManager logs, String analyzerList,
                                              String scripts, java.util.List<String> redefs,
                                              java.nio.file.Path extractDir, long seed) {
        return analysis(cfg, logs, analyzerList, scripts, redefs, extractDir, null, seed);
    }

    /** As above, with TCP streams written out by {@code contents} (null: none). */
    static io.osprey.engine.Analysis analysis(ConnConfig cfg, io.osprey.log.LogManager logs, String analyzerList,
                                              String scripts, java.util.List<String> redefs,
                                              java.nio.file.Path extractDir,
                                              io.osprey.analyzer.contents.ContentsWriter contents, long seed) {
        io.osprey.analyzer.AnalyzerOptions opts = new io.osprey.analyzer.AnalyzerOptions();
        opts.contents = contents;
        opts.seed = seed;
        // One Site::local_nets for conn.log, files.log's local_orig and the software framework's hosts.
        opts.localNets = cfg.localNets;
        opts.extractDir = extractDir;
        java.util.List<String> loaded = new java.util.ArrayList<>();
        for (String s : scripts.split(",")) {
            String n = s.trim();
            if (n.equals("frameworks/files/hash-all-files")) {
                opts.fileHashes = java.util.EnumSet.allOf(io.osprey.analyzer.AnalyzerOptions.Hash.class);
            }
            if (!n.isEmpty() && !n.equals("none")) {
                loaded.add(n);
            }
        }
        opts.scripts = java.util.List.copyOf(loaded);
        for (String r : redefs) {
            applyAnalyzerRedef(opts, r);
        }
        String l = analyzerList.trim().toLowerCase(Locale.ROOT);
        java.util.Set<String> enabled = null;
        if (!l.equals("all")) {
            enabled = new java.util.HashSet<>();
            for (String a : l.split(",")) {
                if (!a.isBlank() && !a.equals("none")) {
                    enabled.add(a.trim());
                }
            }
        }
        io.osprey.engine.event.EventBus events = new io.osprey.engine.event.EventBus();
        io.osprey.engine.analyzer.AnalyzerRegistry registry = new io.osprey.engine.analyzer.AnalyzerRegistry(
                io.osprey.analyzer.BuiltinAnalyzers.install(enabled, opts, events, logs));
        return new io.osprey.engine.Analysis(cfg, logs, registry, events);
    }

    /**
     * The analyzer list plus the protocols that the policy scripts in {@code scripts} load on their own (Zeek's
     * {@code @load base/protocols/dns/main} in {@code protocols/dns/*}), as loading them in Zeek does.
     */
    static String withImpliedAnalyzers(String list, String scripts) {
        String l = list.trim().toLowerCase(Locale.ROOT);
        if (l.equals("all")) {
            return list;
        }
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (String a : l.split(",")) {
            if (!a.isBlank() && !a.trim().equals("none")) {
                names.add(a.trim());
            }
        }
        for (String s : scripts.split(",")) {
            String n = s.trim();
            if (n.startsWith("protocols/dns/")) {
                names.add("dns");
            }
            if (n.startsWith("protocols/ftp/")) {
                names.add("ftp"); // policy/protocols/ftp/* load base/protocols/ftp
            }
            // Zeek's protocols/<proto>/software* policy scripts load the software framework and their protocol.
            Matcher sw = SOFTWARE_SCRIPT.matcher(n);
            if (sw.matches()) {
                names.add("software");
                names.add(sw.group(1));
            }
        }
        return names.isEmpty() ? "none" : String.join(",", names);
    }

    /** Zeek's per-protocol software detection scripts (policy/protocols/http/software.zeek and the like). */
    private static final Pattern SOFTWARE_SCRIPT = Pattern.compile("^protocols/([a-z0-9-]+)/software(-.*)?$");

    /** True when {@code scripts} asks for Zeek's extract-all-files policy. */
    static boolean extractAll(String scripts) {
        for (String s : scripts.split(",")) {
            if (s.trim().equals("frameworks/files/extract-all-files")) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern ANALYZER_TAG = Pattern.compile("ANALYZER_([A-Za-z0-9_]+)");

    /**
     * The analyzers that actually run: {@code list}, unless a redef sets {@code Analyzer::disable_all = T}, in which
     * case only those of {@code Analyzer::requested_analyzers} (Zeek's {@code base/frameworks/analyzer}). When that
     * leaves DNS out, its UDP expire timer goes too ({@code cfg.dnsUdpPorts}).
     */
    static String runningAnalyzers(ConnConfig cfg, String list, java.util.List<String> redefs) {
        boolean disableAll = false;
        java.util.LinkedHashSet<String> requested = new java.util.LinkedHashSet<>();
        for (String r : redefs) {
            Matcher m = REDEF.matcher(r);
            if (!m.matches()) {
                continue;
            }
            if (m.group(1).equals("Analyzer::disable_all")) {
                disableAll = m.group(3).trim().equals("T");
            } else if (m.group(1).equals("Analyzer::requested_analyzers")) {
                Matcher t = ANALYZER_TAG.matcher(m.group(3));
                while (t.find()) {
                    requested.add(t.group(1).toLowerCase(Locale.ROOT).replace('_', '-'));
                }
            }
        }
        if (!disableAll) {
            return list;
        }
        String l = list.trim().toLowerCase(Locale.ROOT);
        java.util.List<String> running = new java.util.ArrayList<>();
        for (String a : requested) {
            if (l.equals("all") || java.util.Arrays.asList(l.split(",")).contains(a)) {
                running.add(a);
            }
        }
        if (!running.contains("dns")) {
            cfg.dnsUdpPorts = new int[0];
        }
        return running.isEmpty() ? "none" : String.join(",", running);
    }

    static void applyAnalyzers(ConnConfig cfg, String list) {
        String l = list.trim().toLowerCase(Locale.ROOT);
        if (l.equals("all") || java.util.Arrays.asList(l.split(",")).contains("ntlm")) {
            // base/protocols/ntlm: redef DPD::ignore_violations += { Analyzer::ANALYZER_NTLM } (a later --redef of
            // DPD::ignore_violations can still clear it)
            cfg.ignoreViolations.add("NTLM");
        }
        if (l.equals("all")) {
            cfg.likelyServerPorts = ConnConfig.PortSet.zeekDefault();
            return;
        }
        cfg.likelyServerPorts = ConnConfig.PortSet.zeekBare();
        if (!java.util.Arrays.asList(l.split(",")).contains("dns")) {
            cfg.dnsUdpPorts = new int[0];
        }
        if (l.equals("none") || l.isEmpty()) {
            return;
        }
        for (String a : l.split(",")) {
            String spec = PORTS.get(a.trim());
            if (spec == null) {
                continue;
            }
            for (String part : spec.split("/")) {
                int proto = part.startsWith("tcp") ? 6 : 17;
                for (String p : part.substring(4).split(",")) {
                    cfg.likelyServerPorts.add(proto, Integer.parseInt(p));
                }
            }
        }
    }

    /** Redefs of analyzer options: Zeek's DNS globals and options. Others are left to {@link #applyRedef}. */
    static void applyAnalyzerRedef(io.osprey.analyzer.AnalyzerOptions opts, String redef) {
        Matcher m = REDEF.matcher(redef);
        if (!m.matches()) {
            return;
        }
        String value = m.group(3).trim();
        if (m.group(1).equals("SMB::logged_file_actions")) {
            smbLoggedFileActions(opts.smb, m.group(2).equals("+="), value);
            return;
        }
        try {
            if (applyFtpRedef(opts.ftp, m.group(1), m.group(2).equals("+="), value)) {
                return;
            }
        } catch (IllegalArgumentException e) {
            return; // reported by applyRedef
        }
        if (!m.group(2).equals("=")) {
            return;
        }
        try {
            switch (m.group(1)) {
                case "dns_skip_all_auth" -> opts.dnsSkipAllAuth = value.equals("T");
                case "dns_skip_all_addl" -> opts.dnsSkipAllAddl = value.equals("T");
                case "dns_max_queries" -> opts.dnsMaxQueries = Integer.parseInt(value);
                case "dns_max_compression_chain_depth" -> opts.dnsMaxCompressionChainDepth = Integer.parseInt(value);
                case "DNS::max_pending_msgs" -> opts.dnsMaxPendingMsgs = Integer.parseInt(value);
                case "DNS::max_pending_query_ids" -> opts.dnsMaxPendingQueryIds = Integer.parseInt(value);
                case "POP3::max_pending_commands" -> opts.pop3MaxPendingCommands = Integer.parseInt(value);
                case "POP3::max_unknown_client_commands" ->
                        opts.pop3MaxUnknownClientCommands = Integer.parseInt(value);
                case "SSL::max_ssl_history_length" -> opts.sslMaxHistoryLength = Integer.parseInt(value);
                case "FileExtract::default_limit" -> opts.extractLimit = Long.parseLong(value);
                case "MQTT::max_payload_size" -> opts.mqttMaxPayloadSize = Long.parseLong(value);
                case "Software::asset_tracking" -> opts.softwareTracking =
                        io.osprey.analyzer.software.SoftwareFramework.AssetTracking.valueOf(value);
                case "HTTP::default_capture_password" -> opts.httpCapturePassword = value.equals("T");
                case "HTTP::log_server_header_names" -> opts.httpLogServerHeaderNames = value.equals("T");
                case "SOCKS::default_capture_password" -> opts.socksCapturePassword = value.equals("T");
                case "DHCP::max_tracked_transactions", "DHCP::max_uids_per_log_entry",
                     "DHCP::max_msg_types_per_log_entry", "DHCP::max_txid_watch_time" -> opts.dhcp = dhcpRedef(
                        opts.dhcp, m.group(1), value);
                default -> {
                }
            }
        } catch (IllegalArgumentException e) {
            // reported by applyRedef
        }
    }

    /** {@code opts} with the DHCP option {@code name} set to {@code value} (a count, or an interval for the watch time). */
    static io.osprey.analyzer.dhcp.DhcpTransactions.Settings dhcpRedef(
            io.osprey.analyzer.dhcp.DhcpTransactions.Settings opts, String name, String value) {
        return switch (name) {
            case "DHCP::max_tracked_transactions" -> new io.osprey.analyzer.dhcp.DhcpTransactions.Settings(
                    Integer.parseInt(value), opts.maxUidsPerLogEntry(), opts.maxMsgTypesPerLogEntry(),
                    opts.maxTxidWatchTime());
            case "DHCP::max_uids_per_log_entry" -> new io.osprey.analyzer.dhcp.DhcpTransactions.Settings(
                    opts.maxTrackedTransactions(), Integer.parseInt(value), opts.maxMsgTypesPerLogEntry(),
                    opts.maxTxidWatchTime());
            case "DHCP::max_msg_types_per_log_entry" -> new io.osprey.analyzer.dhcp.DhcpTransactions.Settings(
                    opts.maxTrackedTransactions(), opts.maxUidsPerLogEntry(), Integer.parseInt(value),
                    opts.maxTxidWatchTime());
            default -> new io.osprey.analyzer.dhcp.DhcpTransactions.Settings(opts.maxTrackedTransactions(),
                    opts.maxUidsPerLogEntry(), opts.maxMsgTypesPerLogEntry(), interval(value));
        };
    }

    /** {@code SMB::logged_file_actions = / += { SMB::FILE_READ, ... }}; unknown actions are ignored. */
    static void smbLoggedFileActions(io.osprey.analyzer.smb.SmbOptions smb, boolean add, String value) {
        String inner = value.startsWith("{") && value.endsWith("}") ? value.substring(1, value.length() - 1) : value;
        java.util.EnumSet<io.osprey.analyzer.smb.SmbAction> set = add
                ? java.util.EnumSet.copyOf(smb.loggedFileActions)
                : java.util.EnumSet.noneOf(io.osprey.analyzer.smb.SmbAction.class);
        for (String a : inner.split(",")) {
            String n = a.trim();
            if (n.startsWith("SMB::")) {
                n = n.substring(5);
            }
            for (io.osprey.analyzer.smb.SmbAction x : io.osprey.analyzer.smb.SmbAction.values()) {
                if (x.name().equals(n)) {
                    set.add(x);
                }
            }
        }
        smb.loggedFileActions = set;
    }

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Zeek's FTP options ({@code FTP::logged_commands += { "USER" }}, {@code FTP::max_arg_length = 13}). */
    static boolean applyFtpRedef(io.osprey.analyzer.ftp.FtpOptions ftp, String name, boolean add, String value) {
        try {
            switch (name) {
                case "FTP::logged_commands", "FTP::guest_ids" -> {
                    java.util.Set<String> set = new java.util.LinkedHashSet<>();
                    if (add) {
                        set.addAll(name.equals("FTP::logged_commands") ? ftp.loggedCommands : ftp.guestIds);
                    }
                    Matcher q = QUOTED.matcher(value);
                    while (q.find()) {
                        set.add(q.group(1));
                    }
                    if (name.equals("FTP::logged_commands")) {
                        ftp.loggedCommands = set;
                    } else {
                        ftp.guestIds = set;
                    }
                }
                case "FTP::max_pending_commands" -> ftp.maxPendingCommands = Integer.parseInt(value);
                case "FTP::max_user_length" -> ftp.maxUserLength = Integer.parseInt(value);
                case "FTP::max_password_length" -> ftp.maxPasswordLength = Integer.parseInt(value);
                case "FTP::max_arg_length" -> ftp.maxArgLength = Integer.parseInt(value);
                case "FTP::max_reply_msg_length" -> ftp.maxReplyMsgLength = Integer.parseInt(value);
                case "FTP::max_expected_data_channels" -> ftp.maxExpectedDataChannels = Integer.parseInt(value);
                case "FTP::max_command_length" -> ftp.maxCommandLength = Integer.parseInt(value);
                case "FTP::log_at_least_one_command" -> ftp.logAtLeastOneCommand = value.equals("T");
                case "FTP::default_capture_password" -> ftp.capturePassword = value.equals("T");
                default -> {
                    return false;
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a count: " + value);
        }
        return true;
    }

    static void applyScripts(ConnConfig cfg, String list, PrintStream err) {
        for (String s : list.split(",")) {
            String n = s.trim();
            switch (n) {
                case "", "none" -> {
                }
                case "protocols/conn/mac-logging" -> cfg.extras.add(ConnConfig.Extra.MAC);
                case "protocols/conn/vlan-logging" -> cfg.extras.add(ConnConfig.Extra.VLAN);
                case "protocols/conn/community-id-logging" -> cfg.extras.add(ConnConfig.Extra.COMMUNITY_ID);
                case "protocols/conn/pppoe-session-id-logging" -> cfg.extras.add(ConnConfig.Extra.PPPOE_SESSION_ID);
                case "protocols/conn/speculative-service" -> cfg.extras.add(ConnConfig.Extra.SPECULATIVE_SERVICE);
                case "frameworks/conn_key/vlan_fivetuple" -> cfg.vlanConnKey = true;
                case "frameworks/files/hash-all-files" -> {
                    // read by analysis(): every file gets MD5, SHA1 and SHA256
                }
                case "protocols/http/header-names", "protocols/http/var-extraction-uri",
                     "protocols/http/detect-sql-injection" -> {
                    // read by BuiltinAnalyzers: extra http.log columns
                }
                case "files/zip/register" -> {
                    // read by BuiltinAnalyzers: the ZIP file analyzer runs on application/zip files
                }
                case "frameworks/files/extract-all-files" -> {
                    // read by the caller: every file is extracted (to <output>/extract_files unless --extract-dir)
                }
                case "protocols/http/software", "protocols/http/software-browser-plugins", "protocols/ftp/software" -> {
                    // read by withImpliedAnalyzers(): the software framework and HTTP run (software.log)
                }
                case "protocols/dns/auth-addl", "protocols/dns/log-original-query-case",
                     "protocols/dns/disable-opcode-log-fields" -> {
                    // read by analysis(): extra dns.log columns
                }
                default -> err.println("osprey: note: policy feature '" + n + "' is not supported yet; ignored");
            }
        }
    }

    /** True when a redef sets Zeek's {@code LogAscii::use_json=T} (the ASCII writer writes JSON). */
    static boolean asciiUsesJson(java.util.List<String> redefs) {
        boolean json = false;
        for (String r : redefs) {
            Matcher m = REDEF.matcher(r);
            if (m.matches() && m.group(1).equals("LogAscii::use_json")) {
                json = m.group(3).trim().equals("T");
            }
        }
        return json;
    }

    private static final Pattern REDEF = Pattern.compile(
            "^\\s*(?:redef\\s+)?([A-Za-z_:][A-Za-z0-9_:]*)\\s*(\\+?=)\\s*(.*?)\\s*;?\\s*$", Pattern.DOTALL);

    static DecoderConfig applyRedef(ConnConfig cfg, DecoderConfig dcfg, String redef, PrintStream err) {
        Matcher m = REDEF.matcher(redef);
        if (!m.matches()) {
            err.println("osprey: note: cannot parse redef '" + redef + "'; ignored");
            return dcfg;
        }
        String name = m.group(1);
        boolean add = m.group(2).equals("+=");
        String value = m.group(3).trim();
        String inner = value.startsWith("{") && value.endsWith("}") ? value.substring(1, value.length() - 1) : value;
        try {
            switch (name) {
                case "Site::local_nets" -> {
                    if (!add) {
                        cfg.localNets = io.osprey.common.net.NetSet.empty();
                    }
                    for (String n : inner.split(",")) {
                        if (!n.isBlank()) {
                            cfg.localNets.add(n.trim());
                        }
                    }
                }
                case "likely_server_ports" -> {
                    for (String p : inner.split(",")) {
                        String t = p.trim();
                        if (t.isEmpty()) {
                            continue;
                        }
                        String[] pp = t.split("/");
                        cfg.likelyServerPorts.add(pp[1].equals("tcp") ? 6 : 17, Integer.parseInt(pp[0]));
                    }
                }
                case "ignore_checksums_nets" -> {
                    java.util.List<String> nets = new java.util.ArrayList<>();
                    for (String n : inner.split(",")) {
                        if (!n.isBlank()) {
                            nets.add(n.trim());
                        }
                    }
                    dcfg = dcfg.withIgnoreChecksumsNets(nets);
                }
                case "HTTP::default_capture_password", "HTTP::log_server_header_names", "LogAscii::use_json",
                     "SOCKS::default_capture_password" -> {
                    // read by analysis(): analyzer options
                }
                case "Analyzer::disable_all" -> cfg.connSize = !value.equals("T");
                case "max_analyzer_violations" -> cfg.maxAnalyzerViolations = Long.parseLong(value);
                case "DPD::ignore_violations" -> {
                    if (!add) {
                        cfg.ignoreViolations.clear();
                    }
                    for (String n : inner.split(",")) {
                        String tag = n.trim();
                        if (!tag.isEmpty()) {
                            // Analyzer::ANALYZER_POP3 -> POP3
                            int at = tag.indexOf("ANALYZER_");
                            cfg.ignoreViolations.add(at >= 0 ? tag.substring(at + "ANALYZER_".length()) : tag);
                        }
                    }
                }
                case "Tunnel::max_depth" -> dcfg = dcfg.withTunnelMaxDepth(Integer.parseInt(value));
                case "Tunnel::delay_teredo_confirmation" -> delayConfirmation(cfg, "TEREDO", value);
                case "Tunnel::delay_gtp_confirmation" -> delayConfirmation(cfg, "GTPV1", value);
                case "dns_skip_all_auth", "dns_skip_all_addl", "dns_max_queries", "dns_max_compression_chain_depth",
                     "DNS::max_pending_msgs", "DNS::max_pending_query_ids" -> {
                    if (!add && !value.equals("T") && !value.equals("F")) {
                        Integer.parseInt(value);
                    }
                    // applied to the analyzer options by applyAnalyzerRedef
                }
                case "FileExtract::default_limit", "MQTT::max_payload_size" ->
                        Long.parseLong(value); // applied by applyAnalyzerRedef
                case "DHCP::max_tracked_transactions", "DHCP::max_uids_per_log_entry",
                     "DHCP::max_msg_types_per_log_entry", "DHCP::max_txid_watch_time" -> // applied by applyAnalyzerRedef
                        dhcpRedef(io.osprey.analyzer.dhcp.DhcpTransactions.Settings.DEFAULT, name, value);
                case "POP3::max_pending_commands", "POP3::max_unknown_client_commands",
                     "SSL::max_ssl_history_length" -> Integer.parseInt(value); // applied by applyAnalyzerRedef
                case "SMB::logged_file_actions" -> {
                    // applied to the analyzer options by applyAnalyzerRedef
                }
                case "FTP::logged_commands", "FTP::guest_ids", "FTP::max_pending_commands", "FTP::max_user_length",
                     "FTP::max_password_length", "FTP::max_arg_length", "FTP::max_reply_msg_length",
                     "FTP::max_expected_data_channels", "FTP::max_command_length", "FTP::log_at_least_one_command",
                     "FTP::default_capture_password" -> // checked here, applied by applyAnalyzerRedef
                        applyFtpRedef(new io.osprey.analyzer.ftp.FtpOptions(), name, add, value);
                case "Software::asset_tracking" -> // applied by applyAnalyzerRedef
                        io.osprey.analyzer.software.SoftwareFramework.AssetTracking.valueOf(value);
                case "dns_session_timeout" -> cfg.dnsSessionTimeout = interval(value);
                case "tcp_inactivity_timeout" -> cfg.tcpInactivityTimeout = interval(value);
                case "udp_inactivity_timeout" -> cfg.udpInactivityTimeout = interval(value);
                case "icmp_inactivity_timeout" -> cfg.icmpInactivityTimeout = interval(value);
                default -> err.println("osprey: note: redef of '" + name + "' is not supported yet; ignored");
            }
        } catch (RuntimeException e) {
            err.println("osprey: note: cannot apply redef '" + redef + "': " + e.getMessage() + "; ignored");
        }
        return dcfg;
    }

    /** {@code Tunnel::delay_*_confirmation}: whether {@code analyzer}'s confirmation waits for both endpoints. */
    private static void delayConfirmation(ConnConfig cfg, String analyzer, String value) {
        if (value.equals("T")) {
            cfg.delayedTunnelConfirmation.add(analyzer);
        } else if (value.equals("F")) {
            cfg.delayedTunnelConfirmation.remove(analyzer);
        } else {
            throw new IllegalArgumentException("expected T or F, got " + value);
        }
    }

    /** Parses a Zeek interval ("5 min", "30 secs", "1hr") into nanoseconds. */
    static long interval(String v) {
        Matcher m = Pattern.compile("^\\s*([0-9.]+)\\s*([a-z]+)\\s*$").matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not an interval: " + v);
        }
        double n = Double.parseDouble(m.group(1));
        double unit = switch (m.group(2)) {
            case "usec", "usecs" -> 1e3;
            case "msec", "msecs" -> 1e6;
            case "sec", "secs" -> 1e9;
            case "min", "mins" -> 60e9;
            case "hr", "hrs" -> 3600e9;
            case "day", "days" -> 86400e9;
            default -> throw new IllegalArgumentException("unknown unit: " + m.group(2));
        };
        return (long) (n * unit);
    }
}
