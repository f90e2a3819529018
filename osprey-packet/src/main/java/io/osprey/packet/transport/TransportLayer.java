package io.osprey.packet.transport;

import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;

/**
 * The hand-off to connection analysis for TCP, ICMP and any other IP protocol (Zeek's {@code IPBasedAnalyzer}):
 * Zeek's {@code CheckHeaderTrunc} for the transport's minimum header (20 TCP, 8 UDP and ICMP, 0 for unknown
 * protocols), then {@link io.osprey.packet.PacketSink#ip}. Everything after (TCP data offset, checksums, flags) is
 * the connection engine's, because Zeek records it per connection.
 */
public class TransportLayer extends PacketLayer {
    private final int minHeader;

    public TransportLayer(PacketDecoder d, int id, int minHeader) {
        super(d, id);
        this.minHeader = minHeader;
    }

    /** Zeek's {@code IPBasedAnalyzer::CheckHeaderTrunc}. */
    protected final boolean checkHeaderTrunc(Packet p, int len) {
        int field = decoder.ipPayloadLenField;
        if (field != 0 && field < minHeader) {
            weird(p, PacketWeirds.TRUNCATED_HEADER);
            return false;
        }
        if (len < minHeader) {
            weird(p, PacketWeirds.INTERNALLY_TRUNCATED_HEADER);
            return false;
        }
        return true;
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (!checkHeaderTrunc(p, len)) {
            return false;
        }
        decoder.sink().ip(p);
        return true;
    }
}
