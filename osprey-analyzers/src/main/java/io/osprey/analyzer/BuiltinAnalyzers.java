package io.osprey.analyzer;

import io.osprey.analyzer.dns.DnsAnalyzer;
import io.osprey.analyzer.dns.DnsLog;
import io.osprey.analyzer.software.SoftwareFramework;
import io.osprey.analyzer.software.SoftwareLog;
import io.osprey.engine.analyzer.AnalyzerSpec;
import io.osprey.engine.event.EventBus;
import io.osprey.files.FileManager;
import io.osprey.files.FilesConfig;
import io.osprey.files.FilesLog;
import io.osprey.log.LogManager;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every built-in protocol analyzer, listed in one place (Suricata's central registration): the order here is the
 * order analyzers attach in. {@link #install} creates the specs of the enabled ones and subscribes their log streams
 * and frameworks to the worker's event bus. Adding a protocol means adding its package and one line here.
 */
public final class BuiltinAnalyzers {
    private BuiltinAnalyzers() {
    }

    /** The names {@code --analyzers} accepts (lowercase Zeek analyzer names), in attach order. */
    public static final List<String> NAMES = List.of("dns", "http", "ftp", "irc", "smtp", "pop3", "imap", "ssh", "dhcp",
            "ntp", "radius", "mysql", "sip", "smb", "socks", "ssl", "syslog", "modbus", "rfb", "rdp", "rdpeudp", "xmpp",
            "mqtt", "gssapi", "ntlm");

    /**
     * Builds the enabled analyzers for one worker and subscribes their logs.
     *
     * <p>Frameworks: the files framework is always there (Zeek's protocol scripts load it); its files.log has the
     * hash columns when Zeek would have loaded base/files/hash (all base scripts, {@code hash} in the list, or
     * hashing asked for) and the extraction columns likewise for base/files/extract. The software framework
     * (software.log) runs with all base scripts or when {@code software} is in the list; the CLI adds it for
     * Zeek's {@code protocols/.../software} policy scripts.
     *
     * @param enabled lowercase analyzer names to enable, or null for all
     * @param options run settings for analyzers and frameworks
     * @param events  the worker's event bus
     * @param logs    where the logs go
     * @return the specs to register, in attach order
     */
    public static List<AnalyzerSpec> install(Set<String> enabled, AnalyzerOptions options, EventBus events,
                                             LogManager logs) {
        List<AnalyzerSpec> specs = new ArrayList<>();
        // ---- frameworks fed by the analyzers' events
        io.osprey.analyzer.notice.NoticeLog.install(events, logs.stream(io.osprey.analyzer.notice.NoticeLog.SCHEMA));
        if (options.nonStandardPortNotices) {
            io.osprey.analyzer.notice.ProtocolDetector.install(events);
        }
        // Protocol analyzers that carry files (HTTP, FTP, SMTP, POP3) take `files` in their factories.
        FileManager files = installFiles(enabled, options, events, logs);
        // What SMTP's, IRC's, IMAP's and XMPP's STARTTLS, POP3's STLS and FTP's AUTH TLS hand the connection to:
        // Zeek's core instantiates its SSL analyzer there whether or not base/protocols/ssl is loaded, so this does
        // not depend on the enabled set.
        AnalyzerSpec startTls = io.osprey.analyzer.ssl.SslAnalyzer.spec(options.sslMaxHistoryLength);
        installSoftware(enabled, options, events, logs);
        // ---- protocol analyzers, in attach order
        if (on(enabled, "dns")) {
            List<DnsLog.Extra> extras = new ArrayList<>();
            for (String s : options.scripts) {
                switch (s) {
                    case "protocols/dns/auth-addl" -> extras.add(DnsLog.Extra.AUTH_ADDL);
                    case "protocols/dns/log-original-query-case" -> extras.add(DnsLog.Extra.ORIGINAL_QUERY);
                    case "protocols/dns/disable-opcode-log-fields" -> extras.add(DnsLog.Extra.NO_OPCODE);
                    default -> {
                    }
                }
            }
            boolean authAddl = extras.contains(DnsLog.Extra.AUTH_ADDL);
            // auth-addl redefines dns_skip_all_auth and dns_skip_all_addl to F.
            specs.addAll(DnsAnalyzer.specs(new DnsAnalyzer.Config(options.dnsMaxQueries,
                    options.dnsSkipAllAuth && !authAddl, options.dnsSkipAllAddl && !authAddl,
                    options.dnsMaxCompressionChainDepth, options.dnsMaxPendingMsgs, options.dnsMaxPendingQueryIds,
                    authAddl, extras.contains(DnsLog.Extra.ORIGINAL_QUERY))));
            DnsLog.install(events, logs.stream(DnsLog.schema(extras)), extras);
        }
        if (on(enabled, "http")) {
            io.osprey.analyzer.http.HttpOptions http = new io.osprey.analyzer.http.HttpOptions();
            http.capturePassword = options.httpCapturePassword;
            http.headerNames = options.scripts.contains("protocols/http/header-names");
            http.logServerHeaderNames = options.httpLogServerHeaderNames;
            http.uriVars = options.scripts.contains("protocols/http/var-extraction-uri");
            // Osprey's default run (all analyzers) identifies software from HTTP headers, as a site's local.zeek
            // does by loading protocols/http/software; Zeek's bare default scripts do not.
            http.software = enabled == null || options.scripts.contains("protocols/http/software");
            http.browserPlugins = options.scripts.contains("protocols/http/software-browser-plugins");
            http.sqlInjection = options.scripts.contains("protocols/http/detect-sql-injection");
            // Zeek's base/protocols/websocket registers its analyzer for "Upgrade: websocket".
            http.upgradeAnalyzers = on(enabled, "websocket") ? java.util.Set.of("websocket") : java.util.Set.of();
            specs.add(io.osprey.analyzer.http.HttpAnalyzer.spec(files, http));
            io.osprey.analyzer.http.HttpLog.install(events, logs, http);
        }
        if (on(enabled, "ftp")) {
            options.ftp.software = options.scripts.contains("protocols/ftp/software");
            // FTP_DATA is not registered: it only attaches to the data connections FTP schedules.
            specs.add(io.osprey.analyzer.ftp.FtpAnalyzer.spec(files, options.ftp, startTls));
            io.osprey.analyzer.ftp.FtpLog.install(events, logs);
        }
        if (on(enabled, "irc")) {
            // IRC_DATA is not registered: it only attaches to the DCC connections IRC schedules.
            specs.add(io.osprey.analyzer.irc.IrcAnalyzer.spec(files, startTls));
            io.osprey.analyzer.irc.IrcLog.install(events, logs);
        }
        if (on(enabled, "smtp")) {
            specs.add(io.osprey.analyzer.smtp.SmtpAnalyzer.spec(files, startTls));
            io.osprey.analyzer.smtp.SmtpLog.install(events, logs);
        }
        if (on(enabled, "pop3")) {
            // No log: Zeek's base/protocols/pop3 only loads the DPD signatures; the mails' entities go to files.log.
            specs.add(io.osprey.analyzer.pop3.Pop3Analyzer.spec(files, options.pop3MaxPendingCommands,
                    options.pop3MaxUnknownClientCommands, startTls));
        }
        if (on(enabled, "imap")) {
            // Recognition only (Zeek has no imap.log); an accepted STARTTLS hands the connection to SSL.
            specs.add(io.osprey.analyzer.imap.ImapAnalyzer.spec(startTls));
        }
        if (on(enabled, "ssh")) {
            specs.add(io.osprey.analyzer.ssh.SshAnalyzer.SPEC);
        }
        if (on(enabled, "dhcp")) {
            specs.add(io.osprey.analyzer.dhcp.DhcpAnalyzer.spec(
                    new io.osprey.analyzer.dhcp.DhcpTransactions(options.dhcp, events)));
            io.osprey.analyzer.dhcp.DhcpLog.install(events, logs.stream(io.osprey.analyzer.dhcp.DhcpLog.SCHEMA));
        }
        if (on(enabled, "ntp")) {
            specs.add(io.osprey.analyzer.ntp.NtpAnalyzer.SPEC);
            io.osprey.analyzer.ntp.NtpLog.install(events, logs.stream(io.osprey.analyzer.ntp.NtpLog.SCHEMA),
                    logs.stream(io.osprey.analyzer.ntp.NtpLog.CONTROL),
                    logs.stream(io.osprey.analyzer.ntp.NtpLog.PRIVATE));
        }
        if (on(enabled, "radius")) {
            specs.add(io.osprey.analyzer.radius.RadiusAnalyzer.SPEC);
            io.osprey.analyzer.radius.RadiusLog.install(events,
                    logs.stream(io.osprey.analyzer.radius.RadiusLog.SCHEMA));
        }
        if (on(enabled, "mysql")) {
            // Recognition only (mysql.log is not written); CLIENT_SSL hands the connection to SSL.
            specs.add(io.osprey.analyzer.mysql.MysqlAnalyzer.spec(startTls));
        }
        if (on(enabled, "sip")) {
            specs.add(io.osprey.analyzer.sip.SipAnalyzer.SPEC);
            io.osprey.analyzer.sip.SipLog.install(events, logs.stream(io.osprey.analyzer.sip.SipLog.SCHEMA));
        }
        if (on(enabled, "smb")) {
            specs.add(io.osprey.analyzer.smb.SmbAnalyzer.spec(files, options.smb));
            io.osprey.analyzer.smb.SmbLog.install(events, logs.stream(io.osprey.analyzer.smb.SmbLog.FILES),
                    logs.stream(io.osprey.analyzer.smb.SmbLog.MAPPING));
        }
        // GSSAPI and NTLM run inside SMB whatever is loaded (Zeek's SMB analyzer instantiates them itself, so even a
        // bare run with only base/protocols/smb confirms "gssapi" and "ntlm"); base/protocols/ntlm adds ntlm.log.
        // base/protocols/ntlm also puts NTLM in DPD::ignore_violations: the CLI does that (Settings.applyAnalyzers).
        // Zeek has no base/protocols/gssapi: "gssapi" in the list changes nothing.
        if (on(enabled, "ntlm")) {
            io.osprey.analyzer.ntlm.NtlmLog.install(events, logs.stream(io.osprey.analyzer.ntlm.NtlmLog.SCHEMA));
        }
        if (on(enabled, "socks")) {
            specs.addAll(io.osprey.analyzer.socks.SocksAnalyzer.specs(options.socksCapturePassword));
            io.osprey.analyzer.socks.SocksLog.install(events, logs.stream(io.osprey.analyzer.socks.SocksLog.SCHEMA));
        }
        if (on(enabled, "ssl")) {
            // Only recognition for now: ssl.log and x509.log are not written yet (see the ssl package).
            // base/protocols/ssl registers both SSL (TCP) and DTLS (UDP).
            specs.add(startTls);
            specs.add(io.osprey.analyzer.ssl.DtlsAnalyzer.spec(options.sslMaxHistoryLength));
        }
        if (on(enabled, "syslog")) {
            // base/protocols/syslog registers both the UDP analyzer and the TCP one (RFC 6587 framing).
            specs.add(io.osprey.analyzer.syslog.SyslogAnalyzer.UDP_SPEC);
            specs.add(io.osprey.analyzer.syslog.SyslogAnalyzer.TCP_SPEC);
            io.osprey.analyzer.syslog.SyslogLog.install(events,
                    logs.stream(io.osprey.analyzer.syslog.SyslogLog.SCHEMA));
        }
        if (on(enabled, "modbus")) {
            specs.add(io.osprey.analyzer.modbus.ModbusAnalyzer.SPEC);
            io.osprey.analyzer.modbus.ModbusLog.install(events,
                    logs.stream(io.osprey.analyzer.modbus.ModbusLog.SCHEMA));
        }
        if (on(enabled, "rfb")) {
            // Found by payload detection only (dpd.sig): both sides begin with "RFB".
            specs.add(io.osprey.analyzer.rfb.RfbAnalyzer.SPEC);
            io.osprey.analyzer.rfb.RfbLog.install(events, logs.stream(io.osprey.analyzer.rfb.RfbLog.SCHEMA));
        }
        if (on(enabled, "rdp")) {
            // Zeek's RDP analyzer starts its SSL child whether or not base/protocols/ssl is loaded.
            specs.add(io.osprey.analyzer.rdp.RdpAnalyzer.spec(startTls));
            io.osprey.analyzer.rdp.RdpLog.install(events, logs.stream(io.osprey.analyzer.rdp.RdpLog.SCHEMA));
        }
        if (on(enabled, "rdp") || on(enabled, "rdpeudp")) {
            // base/protocols/rdp registers both RDP (TCP) and RDPEUDP (UDP); "rdpeudp" alone selects the latter.
            specs.add(io.osprey.analyzer.rdp.RdpeudpAnalyzer.SPEC);
        }
        if (on(enabled, "xmpp")) {
            // Recognition only (Zeek has no xmpp.log); an accepted STARTTLS hands the connection to SSL.
            specs.add(io.osprey.analyzer.xmpp.XmppAnalyzer.spec(startTls));
        }
        if (on(enabled, "mqtt")) {
            specs.add(io.osprey.analyzer.mqtt.MqttAnalyzer.spec(options.mqttMaxPayloadSize));
            io.osprey.analyzer.mqtt.MqttLog.install(events, logs);
        }
        if (options.contents != null) {
            specs.add(options.contents.spec());
        }
        return specs;
    }

    /** The worker's files framework, with files.log subscribed (part of {@link #install}; tests call it alone). */
    public static FileManager installFiles(Set<String> enabled, AnalyzerOptions options, EventBus events,
                                           LogManager logs) {
        FilesConfig fc = filesConfig(enabled, options);
        FileManager files = new FileManager(fc, events, options.seed);
        FilesLog.install(events, logs.stream(FilesLog.schema(fc)), fc);
        return files;
    }

    /** The software framework with software.log, when enabled (part of {@link #install}). */
    public static void installSoftware(Set<String> enabled, AnalyzerOptions options, EventBus events,
                                       LogManager logs) {
        if (on(enabled, "software")) {
            SoftwareFramework.install(events, options.softwareTracking, options.localNets,
                    logs.stream(SoftwareLog.SCHEMA));
        }
    }

    /** The files framework's settings for this run (see {@link #install}). */
    static FilesConfig filesConfig(Set<String> enabled, AnalyzerOptions options) {
        FilesConfig fc = new FilesConfig();
        EnumSet<FilesConfig.Hash> hashes = EnumSet.noneOf(FilesConfig.Hash.class);
        for (AnalyzerOptions.Hash h : options.fileHashes) {
            hashes.add(FilesConfig.Hash.valueOf(h.name()));
        }
        fc.hashes = hashes;
        fc.extractDir = options.extractDir;
        fc.extractLimit = options.extractLimit;
        fc.localNets = options.localNets;
        fc.hashColumns = enabled == null || enabled.contains("hash") || !hashes.isEmpty();
        fc.extractColumns = enabled == null || enabled.contains("extract") || options.extractDir != null;
        if (enabled == null) {
            fc.mimeAnalyzers = FilesConfig.zeekBaseMimeAnalyzers();
        } else {
            FilesConfig.zeekBaseMimeAnalyzers().forEach((mime, names) -> {
                boolean pe = names.contains("PE") && enabled.contains("pe");
                boolean x509 = names.contains("X509") && enabled.contains("x509");
                if (pe || x509) {
                    fc.mimeAnalyzers.put(mime, names);
                }
            });
        }
        if (options.scripts.contains(ZIP_REGISTER)) {
            // policy/files/zip/register: Files::register_for_mime_type(Files::ANALYZER_ZIP, "application/zip").
            List<String> zip = new ArrayList<>(fc.mimeAnalyzers.getOrDefault("application/zip", List.of()));
            zip.add(io.osprey.files.zip.ZipAnalyzer.NAME);
            fc.mimeAnalyzers.put("application/zip", List.copyOf(zip));
        }
        return fc;
    }

    /** Zeek's policy script that attaches the ZIP file analyzer to application/zip files, as --scripts names it. */
    public static final String ZIP_REGISTER = "files/zip/register";

    static boolean on(Set<String> enabled, String name) {
        return enabled == null || enabled.contains(name.toLowerCase(Locale.ROOT));
    }
}
