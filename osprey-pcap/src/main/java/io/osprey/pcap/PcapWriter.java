package io.osprey.pcap;

import io.osprey.common.bytes.Bytes;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes classic libpcap files (tcpdump.org/manpages/pcap-savefile.5.html) exactly as {@code tcpdump -w} does on a
 * little-endian host: version 2.4, thiszone 0, sigfigs 0, the input's snaplen (adjusted as libpcap does: 0 or more
 * than the link type's maximum becomes the maximum, 262144), the link type, then one 16-byte record header per
 * packet. Record headers are written in place in the output buffer and the packet bytes copied after them: no
 * allocation per packet.
 *
 * <p>The header is written when the first packet arrives (or at close for an empty output, from
 * {@link CaptureWriter.Options}): its link type, snaplen and precision come from that packet's input, so
 * {@code osprey trace filter -r in.pcap -w out.pcap} gives the bytes {@code tcpdump -r in.pcap -w out.pcap} gives
 * for a microsecond input (tcpdump writes microseconds unless given {@code --nano}; Osprey keeps a nanosecond
 * input's precision unless {@link CaptureWriter.Precision#MICRO} is asked for). A later packet with a larger
 * snaplen raises the header's snaplen at close (libpcap readers would otherwise cut that packet); a packet of
 * another link type is an error: classic pcap holds one, pcapng is the format for several.
 */
public final class PcapWriter extends CaptureWriter {
    private static final int SNAPLEN_OFFSET = 16;

    private boolean headerWritten;
    private int linkType;
    private int snaplen;
    private boolean nanos;
    private long fracDivisor;
    /** Snaplen as written in the file header; {@link #snaplen} may grow past it and is patched in at close. */
    private int headerSnaplen;

    PcapWriter(OutputFile out, Options options) {
        super(out, options);
    }

    @Override
    void writeRecord(PacketRecord r) {
        if (!headerWritten) {
            header(r.linkType, r.snaplen, r.tsResolution);
        } else if (r.linkType != linkType) {
            throw new CaptureWriteException(out.name(), "packet of link type " + LinkTypes.name(r.linkType)
                    + " in a pcap file of link type " + LinkTypes.name(linkType)
                    + "; classic pcap holds one link type (write pcapng instead)");
        } else if (r.snaplen > snaplen) {
            snaplen = adjustSnaplen(linkType, r.snaplen); // patched into the header at close
        }
        final int caplen = r.caplen;
        final OutputFile o = out;
        long ts = r.tsNanos;
        long sec = Math.floorDiv(ts, 1_000_000_000L);
        long frac = Math.floorMod(ts, 1_000_000_000L) / fracDivisor;
        if (!o.room(PcapReader.RECORD_HEADER_LENGTH + caplen)) {
            o.room(PcapReader.RECORD_HEADER_LENGTH);
        }
        ByteBuffer b = o.buf;
        int p = b.position();
        MemorySegment s = o.seg;
        s.set(Bytes.LE32, p, (int) sec);
        s.set(Bytes.LE32, p + 4, (int) frac);
        s.set(Bytes.LE32, p + 8, caplen);
        s.set(Bytes.LE32, p + 12, r.wirelen);
        b.position(p + PcapReader.RECORD_HEADER_LENGTH);
        o.append(r.segment, r.offset, caplen);
    }

    private void header(int lt, int snap, int tsResolution) {
        linkType = lt;
        snaplen = adjustSnaplen(lt, snap);
        nanos = switch (options.precision()) {
            case NANO -> true;
            case MICRO -> false;
            case AUTO -> finerThanMicros(tsResolution);
        };
        fracDivisor = nanos ? 1 : 1000;
        headerSnaplen = snaplen;
        out.room(PcapReader.FILE_HEADER_LENGTH);
        ByteBuffer b = out.buf;
        b.putInt(nanos ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS);
        b.putShort((short) 2);
        b.putShort((short) 4);
        b.putInt(0); // thiszone: always 0 (pcap-savefile(5))
        b.putInt(0); // sigfigs: always 0
        b.putInt(snaplen);
        b.putInt(lt);
        headerWritten = true;
    }

    @Override
    void finish() {
        if (!headerWritten) {
            header(options.defaultLinkType(), options.defaultSnaplen(), options.defaultTsResolution());
        } else if (snaplen != headerSnaplen) {
            ByteBuffer v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, snaplen);
            out.patch(SNAPLEN_OFFSET, v);
        }
    }

    /** The header's link type (after the first packet). */
    public int linkType() {
        return linkType;
    }

    /** Whether timestamps are written in nanoseconds (after the first packet). */
    public boolean nanosecond() {
        return nanos;
    }
}
