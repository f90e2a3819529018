package io.osprey.packet.link;

import static io.osprey.common.bytes.Bytes.u16;
import static io.osprey.common.bytes.Bytes.u8;

import io.osprey.packet.Layers;
import io.osprey.packet.Packet;
import io.osprey.packet.PacketDecoder;
import io.osprey.packet.PacketLayer;
import io.osprey.packet.PacketWeirds;
import java.lang.foreign.MemorySegment;

/**
 * BSD loopback DLT_NULL (Zeek {@code Null.cc}): a 4-byte address family read little-endian, as Zeek reads it
 * (AF_INET 2; AF_INET6 24, 28 or 30 depending on the BSD); and OpenBSD's DLT_LOOP, the same header in network
 * byte order ({@link Layers#LOOP}, which Zeek does not decode).
 */
public final class NullLayer extends PacketLayer {
    private final boolean networkOrder;

    /** The DLT_NULL layer. */
    public NullLayer(PacketDecoder d) {
        this(d, Layers.NULL, false);
    }

    /** DLT_NULL ({@code networkOrder} false) or DLT_LOOP (true) under the given layer id. */
    public NullLayer(PacketDecoder d, int id, boolean networkOrder) {
        super(d, id);
        this.networkOrder = networkOrder;
    }

    @Override
    public boolean analyze(Packet p, long off, int len) {
        if (len <= 4) {
            weird(p, PacketWeirds.NULL_ANALYZER_FAILED);
            return false;
        }
        long af = networkOrder ? io.osprey.common.bytes.Bytes.u32(p.seg, off)
                : io.osprey.common.bytes.Bytes.u32le(p.seg, off);
        return forward(p, off + 4, len - 4, af);
    }
}
