package io.osprey.engine;

import io.osprey.engine.conn.ConnConfig;
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

    /** A pipeline whose decoder settings are {@code config.checksums}. */
    public Analysis(ConnConfig config, LogManager logs) {
        weirds = new WeirdLog(config.weirdLog ? logs.stream(WeirdLog.SCHEMA) : null);
        TunnelLog tunnels = new TunnelLog(config.tunnelLog ? logs.stream(TunnelLog.SCHEMA) : null);
        ConnEngine engine = new ConnEngine(config, logs.stream(ConnEngine.connSchema(config)), weirds, tunnels);
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
}
