package io.osprey.packet.transport;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.common.bytes.Bytes;
import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;

/**
 * UDP (Zeek {@code UDP.cc}): the minimum-header check, delivery to the sink, then — like Zeek after the connection
 * has seen the datagram — the UDP tunnel analyzers: by the connection's responder port ({@link Packet#respPort}),
 * else by content (AYIYA, Teredo). A datagram whose UDP checksum is bad (checked here only when a tunnel layer would
 * run, with Zeek's VXLAN exception) is not decapsulated, as in Zeek.
 */
public final class UdpLayer extends TransportLayer {
    public UdpLayer(PacketDecoder d) {
        super(d, Layers.UDP, 8);
    }

    @Override
    public boolean analyze(Packet p, long off, int remaining) {
        if (!checkHeaderTrunc(p, remaining)) {
            return false;
        }
        decoder.sink().ip(p);
        int len = decoder.ipPayloadLenField;
        if (len == 0) {
            len = remaining;
        }
        int inner = Math.min(len, remaining) - 8;
        if (inner < 0) {
            return true;
        }
        int port = p.respPort >= 0 ? p.respPort : u16(p.seg, off + 2);
        int child = decoder.udpTunnelForPort(port);
        if (child < 0) {
            for (int d : decoder.udpDetectors()) {
                if (decoder.detect(d, p, off + 8, inner)) {
                    child = d;
                    break;
                }
            }
        }
        if (child < 0) {
            return true;
        }
        if (!checksumOk(p, off, len, remaining)) {
            return true;
        }
        decoder.run(id, child, p, off + 8, inner);
        return true;
    }

    /** {@code -C} or {@code ignore_checksums_nets} for the IP header's source (not a Mobile IPv6 home address). */
    private boolean ignoredSource(Packet p) {
        if (p.ipVersion == 6) {
            return decoder.config().ignoreChecksumsFor(Bytes.i64(p.seg, p.l3Offset + 8), Bytes.i64(p.seg, p.l3Offset + 16));
        }
        return decoder.config().ignoreChecksumsFor(p.srcHi, p.srcLo);
    }

    private boolean checksumOk(Packet p, long off, int len, int remaining) {
        boolean validate = remaining >= len && decoder.frameWire() <= decoder.frameCap() && !ignoredSource(p);
        if (validate && len > 8 + 8 + 14 && (u8(p.seg, off + 8) & 0x08) == 0x08
                && decoder.udpTunnelForPort(u16(p.seg, off + 2)) == Layers.VXLAN) {
            validate = u16(p.seg, off + 6) != 0 && decoder.config().validateVxlanChecksums();
        }
        if (!validate) {
            return true;
        }
        return Checksums.udpValid(p, len);
    }
}
