package io.osprey.packet.tunnel;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import io.osprey.packet.TunnelType;
import java.lang.foreign.MemorySegment;

/**
 * Shared steps of the UDP tunnel layers (VXLAN, Geneve, Teredo, AYIYA, GTPv1): the already-violated check, the depth
 * limit, and entering the inner packet with an {@link io.osprey.packet.EncapStack.Entry} naming the outer connection.
 * The outer UDP header sits 8 bytes before the payload the layer is given.
 */
public abstract class UdpTunnelLayer extends PacketLayer {
    private final TunnelType type;

    protected UdpTunnelLayer(PacketDecoder d, int id, TunnelType type) {
        super(d, id);
        this.type = type;
    }

    /** Zeek's {@code AnalyzerViolated} and {@code Tunnel::max_depth} checks; false = stop. */
    protected final boolean precheck(Packet p) {
        if (decoder.sink().tunnelViolated(p, name)) {
            return false;
        }
        if (p.encap.depth() >= decoder.config().tunnelMaxDepth()) {
            decoder.sink().analyzerLimitReached(p);
            weird(p, PacketWeirds.EXCEEDED_TUNNEL_MAX_DEPTH);
            return false;
        }
        return true;
    }

    protected final void violation(Packet p, String reason) {
        decoder.sink().tunnelViolation(p, name, reason);
    }

    /** A violation with the analyzer's input {@code [off, off + len)} as its data (analyzer.log's failure_data). */
    protected final void violation(Packet p, String reason, long off, int len) {
        decoder.sink().tunnelViolation(p, name, reason, off, len);
    }

    protected final void confirmation(Packet p) {
        decoder.sink().tunnelConfirmation(p, name);
    }

    /** Pushes the tunnel entry and resets {@code p} for the inner packet at {@code off}; false if the stack is full. */
    protected final boolean enter(Packet p, long off, int len, long udpOff) {
        int sport = u16(p.seg, udpOff);
        int dport = u16(p.seg, udpOff + 2);
        if (!decoder.pushUdpTunnel(p, type, sport, dport)) {
            return false;
        }
        decoder.enterInnerUdp(p, off, len);
        return true;
    }
}
