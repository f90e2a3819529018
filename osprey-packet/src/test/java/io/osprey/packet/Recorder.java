package io.osprey.packet;

import io.osprey.common.net.Addr;
import io.osprey.pcap.PacketRecord;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** Test sink: records what the decoder delivered and every weird, as strings. */
class Recorder implements PacketSink, WeirdSink {
    /** One delivered datagram. */
    record Ip(int version, String src, String dst, int proto, int ttl, int l4Len, int l4CapLen, int vlan,
              int innerVlan, boolean hasL2, long l2Src, long l2Dst, int depth, String encap) {
    }

    final List<Ip> ips = new ArrayList<>();
    final List<String> weirds = new ArrayList<>();
    final List<String> nonIp = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    int uidCounter;
    final Packet packet = new Packet();
    final PacketRecord rec = new PacketRecord();
    PacketDecoder decoder;

    Recorder() {
        this(DecoderConfig.defaults());
    }

    Recorder(DecoderConfig cfg) {
        decoder = new PacketDecoder(this, this, cfg);
    }

    @Override
    public void ip(Packet p) {
        StringBuilder e = new StringBuilder();
        for (int i = 0; i < p.encap.depth(); i++) {
            EncapStack.Entry x = p.encap.get(i);
            e.append(x.type).append('(').append(Addr.toString(x.srcHi, x.srcLo)).append(':').append(x.srcPort)
                    .append('>').append(Addr.toString(x.dstHi, x.dstLo)).append(':').append(x.dstPort)
                    .append(x.uid != null ? " " + x.uid : "").append(')');
        }
        ips.add(new Ip(p.ipVersion, Addr.toString(p.srcHi, p.srcLo), Addr.toString(p.dstHi, p.dstLo), p.ipProto,
                p.ttl, p.l4Len, p.l4CapLen, p.vlan, p.innerVlan, p.hasL2, p.l2Src, p.l2Dst, p.encap.depth(),
                e.toString()));
        p.connUid = "C" + (++uidCounter);
    }

    @Override
    public void nonIp(Packet p, String layer, int protocol) {
        nonIp.add(layer + ":" + Integer.toHexString(protocol));
    }

    @Override
    public void tunnelViolation(Packet p, String analyzer, String reason, long dataOff, int dataLen) {
        violations.add(analyzer + ":" + reason);
    }

    @Override
    public void netWeird(Packet p, String name, String addl, String source) {
        weirds.add(name + (addl != null ? "(" + addl + ")" : "") + "@" + source);
    }

    @Override
    public void flowWeird(Packet p, String name, String addl, String source) {
        weirds.add(name + (addl != null ? "(" + addl + ")" : "") + "@" + source + " "
                + Addr.toString(p.srcHi, p.srcLo) + ">" + Addr.toString(p.dstHi, p.dstLo));
    }

    @Override
    public void connWeird(Packet p, String name, String addl, String source) {
        weirds.add(name + "@" + source + " " + p.connUid);
    }

    /** Decodes {@code frame} captured whole with {@code linkType}. */
    Recorder decode(int linkType, byte[] frame) {
        return decode(linkType, frame, frame.length);
    }

    Recorder decode(int linkType, byte[] frame, int wirelen) {
        rec.segment = MemorySegment.ofArray(frame);
        rec.offset = 0;
        rec.caplen = frame.length;
        rec.wirelen = wirelen;
        rec.linkType = linkType;
        decoder.decode(rec, packet);
        return this;
    }

    Recorder eth(byte[] frame) {
        return decode(1, frame);
    }

    Recorder raw(byte[] frame) {
        return decode(101, frame);
    }

    Ip only() {
        if (ips.size() != 1) {
            throw new AssertionError("expected one datagram, got " + ips + " weirds " + weirds);
        }
        return ips.getFirst();
    }
}
