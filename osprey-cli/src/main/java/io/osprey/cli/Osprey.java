package io.osprey.cli;

import io.osprey.engine.Analysis;
import io.osprey.engine.Worker;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.filter.FilterException;
import io.osprey.filter.FilterSyntaxException;
import io.osprey.filter.FilteringSource;
import io.osprey.log.LogFormat;
import io.osprey.log.LogManager;
import io.osprey.log.LogOutputs;
import io.osprey.packet.DecoderConfig;
import io.osprey.pcap.CaptureFormatException;
import io.osprey.pcap.Captures;
import io.osprey.pcap.PacketSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code osprey}: reads captures and writes Zeek-compatible logs. The only class that decides exit codes: 0 on
 * success, 1 on bad usage, 2 when an input cannot be read (one line: file, offset, reason).
 */
@Command(name = "osprey", mixinStandardHelpOptions = true, versionProvider = Osprey.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Reads packet captures (pcap, pcapng; gzip/zstd compressed; '-' for stdin) and writes "
                + "Zeek-compatible logs to the output directory: conn.log for every connection, weird.log for "
                + "malformed or unexpected traffic, tunnel.log for tunnels. Several -r files are merged into one "
                + "time-ordered stream, so a connection that spans files is one connection.",
            ""},
        footer = {"",
            "Exit status: 0 success; 1 bad usage; 2 an input could not be read.",
            "",
            "Examples:",
            "  osprey -r samples/sample.pcap           logs in the current directory",
            "  osprey -r a.pcap -r b.pcap.gz --both    one stream from two files, TSV+JSON",
            "  tcpdump -i eth0 -w - | osprey -r -      analyze a capture piped in",
            "  osprey trace --help                     capture tools: filter, slice, merge, split, stats"})
public final class Osprey implements Callable<Integer> {

    // Required, but checked in call(): the trace subcommands run without it.
    @Option(names = {"-r", "--read"}, paramLabel = "FILE",
            description = "Capture to read (pcap or pcapng, optionally .gz/.zst; '-' = stdin). Repeat for several "
                    + "files: they are merged by timestamp.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Directory for the logs (created if missing). Default: the current directory.")
    Path outDir;

    @Option(names = "-C", description = "Ignore bad IP/TCP/UDP/ICMP checksums (analyze such packets anyway), "
            + "like zeek -C. Use it for captures taken with checksum offloading.")
    boolean ignoreChecksums;

    @Option(names = {"-f", "--filter"}, paramLabel = "EXPR",
            description = "Capture filter in tcpdump's language (pcap-filter(7)), e.g. \"host 10.0.0.1 and tcp port "
                    + "80\": only the packets it selects are analyzed, the same packets tcpdump -r selects.")
    String filter;

    @CommandLine.ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--tsv", description = "Zeek ASCII logs (<name>.log), the default.")
        boolean tsv;
        @Option(names = "--json", description = "JSON lines instead, in <name>.log, as Zeek's LogAscii::use_json does.")
        boolean json;
        @Option(names = "--both", description = "Both at once: <name>.log (TSV) and <name>.json (JSON lines).")
        boolean both;
    }

    @Option(names = "--local-nets", paramLabel = "CIDR", split = ",",
            description = "Networks that are local (sets conn.log's local_orig/local_resp; Zeek's Site::local_nets). "
                    + "Default: the private and reserved address space, as Zeek's default. Give 'none' for no local "
                    + "networks (then the columns are unset).")
    List<String> localNets;

    @Option(names = "--analyzers", paramLabel = "LIST", defaultValue = "all",
            description = "Which protocol analyzers run: 'all' (default), 'none', or a comma-separated list of Zeek "
                    + "protocol names (conn,dns,http,...), as loading Zeek's base scripts does: it also decides "
                    + "which ports count as likely server ports. Names Osprey has no analyzer for only affect the "
                    + "ports.")
    String analyzers;

    @Option(names = "--scripts", paramLabel = "LIST", defaultValue = "none",
            description = "Optional Zeek policy features, comma-separated: protocols/conn/mac-logging "
                    + "(orig_l2_addr/resp_l2_addr), protocols/conn/vlan-logging (vlan/inner_vlan), "
                    + "protocols/conn/community-id-logging (community_id), protocols/conn/pppoe-session-id-logging "
                    + "(pppoe_session_id); the columns follow in the order given. frameworks/conn_key/vlan_fivetuple "
                    + "keys connections by VLAN too. protocols/dns/auth-addl (auth/addl), protocols/dns/log-original-query-case "
                    + "(original_query), protocols/dns/disable-opcode-log-fields (no opcode columns). "
                    + "frameworks/files/hash-all-files (md5/sha1/sha256 of every file), frameworks/files/extract-all-files "
                    + "(see --extract-dir), protocols/http/software (software.log from HTTP User-Agent and Server "
                    + "headers), files/zip/register (files inside ZIP archives become files of their own). "
                    + "Unknown names are reported and ignored.")
    String scripts;

    @Option(names = "--redef", paramLabel = "REDEF",
            description = "A Zeek-style setting, e.g. \"redef Site::local_nets = { 10.0.0.0/8 };\", "
                    + "\"redef likely_server_ports += { 40190/udp };\", \"redef Tunnel::max_depth = 2;\". Repeatable. "
                    + "Supported: Site::local_nets, likely_server_ports, ignore_checksums_nets, Analyzer::disable_all, "
                    + "Tunnel::max_depth, tcp_inactivity_timeout, udp_inactivity_timeout, icmp_inactivity_timeout, "
                    + "dns_session_timeout, dns_skip_all_auth, dns_skip_all_addl, dns_max_queries, "
                    + "dns_max_compression_chain_depth, DNS::max_pending_msgs, DNS::max_pending_query_ids, "
                    + "FileExtract::default_limit, Software::asset_tracking, DHCP::max_tracked_transactions, "
                    + "DHCP::max_uids_per_log_entry, DHCP::max_msg_types_per_log_entry, DHCP::max_txid_watch_time. "
                    + "Others are reported and ignored.")
    List<String> redefs = new ArrayList<>();

    @Option(names = "--extract-dir", paramLabel = "DIR",
            description = "Extract every transferred file into DIR (created if missing), named "
                    + "extract-<time>-<protocol>-<fuid> as Zeek's frameworks/files/extract-all-files does; files.log's "
                    + "'extracted' column names them. --scripts frameworks/files/extract-all-files extracts into "
                    + "<output>/extract_files.")
    Path extractDir;

    @Option(names = "--contents",
            description = "Also write each TCP connection's reassembled streams into the output directory, as Bro's "
                    + "contents did: contents.H1.P1.H2.P2 holds what the originator H1:P1 sent, contents.H2.P2.H1.P1 "
                    + "the responder's reply; content gaps are marked '<<gap N>>' on a line of their own. Honors -f.")
    boolean contents;

    @Option(names = "--conn-only", description = "Only conn.log: no application analyzers, no weird.log or tunnel.log "
            + "(for benchmarks).")
    boolean connOnly;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "99831",
            description = "Seed for connection uids. The same input and seed always give the same uids. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "2000000",
            description = "Bound on tracked connections; beyond it the one due first is logged early. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary line.")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces of internal errors.")
    boolean debug;

    private final PrintStream err;

    Osprey(PrintStream err) {
        this.err = err;
    }

    /** Version from the jar manifest, else "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Osprey.class.getPackage().getImplementationVersion();
            return new String[] {"osprey " + (v == null ? "0.1.0-dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }

    @Override
    public Integer call() throws Exception {
        if (inputs.isEmpty()) {
            err.println("osprey: Missing required option: '--read=FILE'");
            err.println("Try 'osprey --help' for the options.");
            return 1;
        }
        ConnConfig cfg = new ConnConfig();
        cfg.uidSeed = seed;
        cfg.maxConnections = maxConnections;
        String analyzerList = Settings.withImpliedAnalyzers(analyzers, scripts);
        Settings.applyAnalyzers(cfg, analyzerList);
        analyzerList = Settings.runningAnalyzers(cfg, analyzerList, redefs);
        Settings.applyScripts(cfg, scripts, err);
        DecoderConfig dcfg = DecoderConfig.defaults().withIgnoreChecksums(ignoreChecksums);
        if (localNets != null) {
            cfg.localNets = io.osprey.common.net.NetSet.empty();
            for (String n : localNets) {
                if (!n.equalsIgnoreCase("none")) {
                    cfg.localNets.add(n);
                }
            }
        }
        for (String r : redefs) {
            dcfg = Settings.applyRedef(cfg, dcfg, r, err);
        }
        cfg.checksums = dcfg;
        if (filter != null) {
            try {
                FilteringSource.checkSyntax(filter);
            } catch (FilterSyntaxException e) {
                err.println("osprey: -f \"" + filter + "\": " + e.getMessage());
                return 1;
            }
        }
        if (connOnly) {
            cfg.weirdLog = false;
            cfg.tunnelLog = false;
        }

        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            err.println("osprey: cannot create output directory " + outDir + ": " + e.getMessage());
            return 2;
        }
        boolean json = format.json || Settings.asciiUsesJson(redefs);
        Path extract = extractDir != null ? extractDir
                : Settings.extractAll(scripts) ? outDir.resolve("extract_files") : null;
        if (extract != null) {
            try {
                Files.createDirectories(extract);
            } catch (IOException e) {
                err.println("osprey: cannot create extraction directory " + extract + ": " + e.getMessage());
                return 2;
            }
        }
        LogFormat[] formats = format.both ? new LogFormat[] {LogFormat.TSV, LogFormat.JSON}
                : json ? new LogFormat[] {LogFormat.JSON} : new LogFormat[] {LogFormat.TSV};

        io.osprey.analyzer.contents.ContentsWriter contentsWriter =
                contents ? new io.osprey.analyzer.contents.ContentsWriter(outDir) : null;
        long start = System.nanoTime();
        Progress progress = null;
        Worker worker;
        try (LogManager logs = new LogManager(LogOutputs.files(outDir, formats));
             PacketSource source = FilteringSource.wrap(
                     Captures.openAll(inputs, w -> err.println("osprey: warning: " + w)), filter)) {
            Analysis analysis = Settings.analysis(cfg, logs, connOnly ? "none" : analyzerList, scripts, redefs,
                    extract, contentsWriter, seed);
            worker = analysis.worker();
            if (!quiet && Progress.stderrIsTerminal()) {
                progress = new Progress(err, source, worker, start);
            }
            worker.run(source, progress, 65536);
            worker.finish();
            if (progress != null) {
                progress.clear();
            }
            String offload = analysis.checksumOffloadingWarning();
            if (offload != null) {
                err.println("osprey: warning: " + offload);
            }
        } catch (CaptureFormatException e) {
            if (progress != null) {
                progress.clear();
            }
            err.println("osprey: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return 2;
        } catch (UncheckedIOException e) {
            err.println("osprey: " + e.getCause().getMessage());
            return 2;
        } catch (FilterException e) {
            if (progress != null) {
                progress.clear();
            }
            err.println("osprey: -f \"" + filter + "\": " + e.getMessage());
            return 1;
        }
        if (contentsWriter != null) {
            contentsWriter.closeAll();
            if (contentsWriter.failure() != null) {
                err.println("osprey: --contents: " + contentsWriter.failure());
                return 2;
            }
        }
        if (progress != null) {
            progress.summary(worker);
        }
        return 0;
    }

    /** The configured command line, writing messages to {@code err} (tests call it without exiting). */
    static CommandLine commandLine(PrintStream err) {
        return commandLine(System.out, err);
    }

    /** As {@link #commandLine(PrintStream)}, with {@code out} for what the trace tools print (stats). */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, new String[0]);
    }

    /** As above; for {@code osprey trace X ...} only subcommand X is registered (start-up time). */
    static CommandLine commandLine(PrintStream out, PrintStream err, String[] args) {
        CommandLine cl = new CommandLine(new Osprey(err));
        String tool = args.length > 1 && "trace".equals(args[0]) ? args[1] : null;
        // An analysis run does not build the trace tools' command model (picocli reflects over each subcommand's
        // annotations, ~30 ms on a cold JVM); any command line that names `trace`, asks for help, or has no
        // arguments at all gets it, so `osprey --help` lists it and `osprey trace ...` works from any position.
        if (tool != null || args.length == 0 || java.util.Arrays.stream(args).anyMatch(
                a -> a.equals("trace") || a.equals("help") || a.equals("-h") || a.equals("--help"))) {
            cl.addSubcommand("trace", io.osprey.cli.trace.TraceCommand.commandLine(out, err, tool));
        }
        cl.setOut(new java.io.PrintWriter(out, true)); // --help text, for every command
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                err.println("osprey: " + ex.getMessage());
                err.println("Try 'osprey --help' for the options.");
                return 1;
            }
            err.println("osprey: internal error: " + ex);
            if (cmd.getCommand() instanceof Osprey o && o.debug) {
                ex.printStackTrace(err);
            } else {
                err.println("osprey: run again with --debug for details");
            }
            return 3;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("osprey: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err, args).execute(args));
    }
}
