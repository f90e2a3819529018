package io.osprey.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of the launcher's JDK AOT cache ({@code ./osprey} runs it once per build with
 * {@code -XX:AOTCacheOutput}): the commands users run most, one after another in one JVM, on a small capture, so
 * that the cache holds the classes (loaded and linked) of every one of them, not only of the first (the launcher
 * keeps method profiles out of it: see {@code ./osprey}). A JDK 25 cache comes from exactly one training run, hence one process for all. Not a user command: its
 * output goes nowhere and failures are ignored (the launcher then runs without a cache).
 *
 * <p>Usage: {@code AotTraining CAPTURE WORKDIR}
 */
public final class AotTraining {
    private AotTraining() {
    }

    /** The command lines trained, with {@code {pcap}} and {@code {dir}} substituted. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("-r", "{pcap}", "-o", "{dir}/full", "-q"),
            List.of("-r", "{pcap}", "--conn-only", "-o", "{dir}/conn", "-q"),
            List.of("-r", "{pcap}", "--json", "-o", "{dir}/json", "-q"),
            List.of("trace", "filter", "-r", "{pcap}", "-w", "{dir}/all.pcap"),
            List.of("trace", "filter", "-r", "{pcap}", "-w", "{dir}/host.pcap", "host 10.0.0.1 and tcp port 80"),
            List.of("trace", "filter", "-r", "{pcap}", "-w", "{dir}/expr.pcap",
                    "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0 and ip[2:2] > 60 or udp port 53"),
            List.of("trace", "stats", "{pcap}"),
            List.of("trace", "slice", "-w", "{dir}/slice.pcap", "+1", "+2", "{pcap}"),
            List.of("trace", "split", "-n", "2", "-w", "{dir}/p-%d.pcap", "{pcap}"),
            List.of("trace", "merge", "-w", "{dir}/merged.pcap", "{dir}/p-0.pcap", "{dir}/p-1.pcap"));

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: AotTraining CAPTURE WORKDIR");
            System.exit(2);
        }
        System.exit(run(args[0], Path.of(args[1])).isEmpty() ? 0 : 1);
    }

    /** Runs every training command on {@code pcap}, writing under {@code dir}; returns the ones that failed. */
    static List<String> run(String pcap, Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        List<String> failed = new java.util.ArrayList<>();
        for (List<String> c : COMMANDS) {
            String[] a = c.stream()
                    .map(s -> s.replace("{pcap}", pcap).replace("{dir}", dir.toString()))
                    .toArray(String[]::new);
            if (Osprey.commandLine(sink, sink, a).execute(a) != 0) {
                failed.add(String.join(" ", a));
            }
        }
        return failed;
    }
}
