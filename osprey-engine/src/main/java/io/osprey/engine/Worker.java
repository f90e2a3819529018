package io.osprey.engine;

import io.osprey.engine.conn.ConnEngine;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.pcap.PacketRecord;
import io.osprey.pcap.PacketSource;

/**
 * One worker's duty cycle over a packet source: for each record, move network time (timers fire first, as in
 * Zeek), then decode it into the worker's one {@link Packet}, which hands each IP layer to the connection engine.
 * The worker owns its decoder, engine and packet outright; running several side by side means one worker per
 * flow-hash shard fed in batches by a reader thread (a later issue), with no change here.
 */
public final class Worker {
    private final PacketDecoder decoder;
    private final ConnEngine engine;
    private final PacketRecord record = new PacketRecord();
    private final Packet packet = new Packet();
    private long packets;
    private long bytes;

    public Worker(PacketDecoder decoder, ConnEngine engine) {
        this.decoder = decoder;
        this.engine = engine;
    }

    /**
     * Processes every packet of {@code source}; {@code progress} is called about every {@code every} packets
     * (from this thread) and may be null.
     */
    public void run(PacketSource source, Runnable progress, int every) {
        int n = 0;
        while (source.next(record)) {
            packets++;
            bytes += record.wirelen;
            engine.advance(record.tsNanos);
            decoder.decode(record, packet);
            if (progress != null && ++n >= every) {
                n = 0;
                progress.run();
            }
        }
    }

    /** End of input: flush every connection. */
    public void finish() {
        engine.finish();
    }

    /** Packets processed. */
    public long packets() {
        return packets;
    }

    /** Wire bytes of the packets processed. */
    public long bytes() {
        return bytes;
    }

    public ConnEngine engine() {
        return engine;
    }

    public PacketDecoder decoder() {
        return decoder;
    }
}
