package io.osprey.pcap;

import io.osprey.common.bytes.Bytes;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes pcapng files (draft-ietf-opsawg-pcapng) in the host's little-endian byte order: one Section Header Block
 * (version 1.0, section length unknown), one Interface Description Block per distinct (link type, timestamp
 * resolution, snaplen) among the packets written, each emitted just before its first packet, and one Enhanced
 * Packet Block per packet, without options.
 *
 * <pre>
 *  EPB: type 6 | total length | interface id | ts high | ts low | caplen | origlen | data, padded to 4 | total length
 * </pre>
 *
 * <p>Each interface keeps its input's resolution ({@code if_tsresol}, written when it is not the default 6):
 * microsecond and nanosecond inputs round-trip exactly. Resolutions finer than a nanosecond or binary ones are
 * written as nanoseconds, the precision Osprey reads them with. The interface table is a small array searched
 * linearly with the last hit first: inputs have a handful of interfaces.
 */
public final class PcapngWriter extends CaptureWriter {
    /** Most interface descriptions in one output; pcapng has no limit, this bounds the table. */
    public static final int MAX_INTERFACES = 1 << 16;
    private static final int SHB_LENGTH = 28;
    private static final int EPB_OVERHEAD = 32;
    private static final int OPT_IF_TSRESOL = 9;
    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L, 1_000_000_000L};

    private boolean started;
    private int ifCount;
    private long[] ifKeys = new long[4];
    private long[] ifDivisor = new long[4];
    private int lastIf = -1;

    PcapngWriter(OutputFile out, Options options) {
        super(out, options);
    }

    private void sectionHeader() {
        out.room(SHB_LENGTH);
        ByteBuffer b = out.buf;
        b.putInt(PcapngReader.SHB);
        b.putInt(SHB_LENGTH);
        b.putInt(PcapngReader.BYTE_ORDER_MAGIC);
        b.putShort((short) 1);
        b.putShort((short) 0);
        b.putLong(-1L); // section length not given (the draft's "unspecified")
        b.putInt(SHB_LENGTH);
        started = true;
    }

    /** Resolution written for an input resolution: decimal 0..9 as is, anything finer or binary as 9. */
    static int outputResolution(int tsResolution) {
        return (tsResolution & 0x80) == 0 && tsResolution <= 9 ? tsResolution : 9;
    }

    private int iface(int linkType, int tsResolution, int snaplen) {
        int resol = outputResolution(tsResolution);
        long key = ((long) (linkType & 0xffff) << 40) | ((long) resol << 32) | (snaplen & 0xffffffffL);
        if (lastIf >= 0 && ifKeys[lastIf] == key) {
            return lastIf;
        }
        for (int i = 0; i < ifCount; i++) {
            if (ifKeys[i] == key) {
                lastIf = i;
                return i;
            }
        }
        if (ifCount == MAX_INTERFACES) {
            throw new CaptureWriteException(out.name(), "more than " + MAX_INTERFACES + " interfaces");
        }
        if (ifCount == ifKeys.length) {
            ifKeys = Arrays.copyOf(ifKeys, ifCount * 2);
            ifDivisor = Arrays.copyOf(ifDivisor, ifCount * 2);
        }
        int i = ifCount++;
        ifKeys[i] = key;
        ifDivisor[i] = POW10[9 - resol];
        interfaceBlock(linkType, resol, snaplen);
        lastIf = i;
        return i;
    }

    private void interfaceBlock(int linkType, int resol, int snaplen) {
        int len = resol == 6 ? 20 : 32;
        out.room(len);
        ByteBuffer b = out.buf;
        b.putInt(PcapngReader.IDB);
        b.putInt(len);
        b.putShort((short) linkType);
        b.putShort((short) 0);
        b.putInt(snaplen);
        if (resol != 6) {
            b.putShort((short) OPT_IF_TSRESOL);
            b.putShort((short) 1);
            b.put((byte) resol).put((byte) 0).put((byte) 0).put((byte) 0);
            b.putInt(0); // opt_endofopt
        }
        b.putInt(len);
    }

    @Override
    void writeRecord(PacketRecord r) {
        if (!started) {
            sectionHeader();
        }
        int i = iface(r.linkType, r.tsResolution, r.snaplen);
        final int caplen = r.caplen;
        int pad = -caplen & 3;
        long total = (long) EPB_OVERHEAD + caplen + pad;
        if (total > PcapngReader.MAX_BLOCK_LENGTH) {
            throw new CaptureWriteException(out.name(), "packet of " + caplen + " bytes is too large for a block");
        }
        long ts = Long.divideUnsigned(r.tsNanos, ifDivisor[i]);
        final OutputFile o = out;
        if (!o.room((int) total)) {
            o.room(28);
        }
        ByteBuffer b = o.buf;
        int p = b.position();
        MemorySegment s = o.seg;
        s.set(Bytes.LE32, p, PcapngReader.EPB);
        s.set(Bytes.LE32, p + 4, (int) total);
        s.set(Bytes.LE32, p + 8, i);
        s.set(Bytes.LE32, p + 12, (int) (ts >>> 32));
        s.set(Bytes.LE32, p + 16, (int) ts);
        s.set(Bytes.LE32, p + 20, caplen);
        s.set(Bytes.LE32, p + 24, r.wirelen);
        b.position(p + 28);
        o.append(r.segment, r.offset, caplen);
        o.room(pad + 4);
        b = o.buf;
        p = b.position();
        s = o.seg;
        for (int k = 0; k < pad; k++) {
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, p + k, (byte) 0);
        }
        s.set(Bytes.LE32, p + pad, (int) total);
        b.position(p + pad + 4);
    }

    @Override
    void finish() {
        if (!started) {
            sectionHeader();
            iface(options.defaultLinkType(), options.defaultTsResolution(), options.defaultSnaplen());
        }
    }

    /** Interface description blocks written so far. */
    public int interfaceCount() {
        return ifCount;
    }
}
