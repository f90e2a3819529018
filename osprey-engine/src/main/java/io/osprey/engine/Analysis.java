package io.osprey.engine;

import io.osprey.engine.analyzer.AnalyzerLog;
import io.osprey.engine.analyzer.AnalyzerRegistry;
import io.osprey.engine.conn.ConnConfig;
import io.osprey.engine.event.EventBus;
import io.osprey.engine.conn.ConnEngine;
import io.osprey.engine.tunnel.TunnelLog;
import io.osprey.engine.weird.WeirdLog;
import io.osprey.log.LogManager;
import io.osprey.packet.PacketDecoder;

/**
 * Wires one worker's pipeline for a run: decoder → connection engine → conn/weird/tunnel log streams of the given
 * {@link LogManager}. The CLI and the tests build runs through here, so they run the same pipeline.
 */
public final class Analysis {
    private final Worker worker;
    private final WeirdLog weirds;

    /** A conn-only pipeline (no application analyzers) whose decoder settings are {@code config.checksums}. */
    public Analysis(ConnConfig config, LogManager logs) {
        this(config, logs, AnalyzerRegistry.empty(), new EventBus());
    }

    /**
     * A pipeline with application analyzers: {@code analyzers} attach to connections and publish on
     * {@code events}, where their log streams are already subscribed; analyzer.log is subscribed here.
     */
    public Analysis(ConnConfig config, LogManager logs, AnalyzerRegistry analyzers, EventBus events) {
        weirds = new WeirdLog(config.weirdLog ? logs.stream(WeirdLog.SCHEMA) : null);
        TunnelLog tunnels = new TunnelLog(config.tunnelLog ? logs.stream(TunnelLog.SCHEMA) : null);
        events.subscribe(io.osprey.engine.tunnel.TunnelRegistration.class, tunnels::register);
        if (!analyzers.isEmpty()) {
            AnalyzerLog.install(events, logs.stream(AnalyzerLog.SCHEMA));
        }
        ConnEngine engine = new ConnEngine(config, logs.stream(ConnEngine.connSchema(config)), weirds, tunnels,
                analyzers, events);
        PacketDecoder decoder = new PacketDecoder(engine, engine.decoderWeirds(), config.checksums);
        worker = new Worker(decoder, engine);
    }

    /** The worker running this pipeline. */
    public Worker worker() {
        return worker;
    }

    /** Weirds raised so far (before Zeek's log filtering). */
    public long weirdCount() {
        return weirds.count();
    }

    /**
     * Zeek's checksum-offloading check (base/misc/find-checksum-offloading.zeek): when more than 5% of the packets
     * had a bad IP, TCP or UDP checksum, the capture was most likely taken on a NIC that offloads checksums, and
     * without {@code -C} those packets were not analyzed. Returns the warning to show, or null.
     */
    public String checksumOffloadingWarning() {
        long packets = worker.packets();
        if (packets == 0) {
            return null;
        }
        String[] names = {"bad_IP_checksum", "bad_TCP_checksum", "bad_UDP_checksum"};
        String[] labels = {"IP", "TCP", "UDP"};
        boolean over = false;
        StringBuilder which = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            long n = weirds.count(names[i]);
            over |= n / (double) packets > 0.05;
            if (n > 0) {
                which.append(which.isEmpty() ? "" : " and ").append(labels[i]);
            }
        }
        if (!over) {
            return null;
        }
        return "the trace file likely has invalid " + which + " checksums, most likely from NIC checksum offloading; "
                + "packets with invalid checksums are not analyzed unless -C is given (or capture with offloading "
                + "turned off)";
    }
}
