package io.osprey.pcap;

import io.osprey.common.bytes.Bytes;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reader for pcapng files (draft-ietf-opsawg-pcapng): any number of sections, each in its own byte order; Interface
 * Description Blocks with link type, snaplen, {@code if_tsresol} and {@code if_tsoffset}; Enhanced Packet Blocks,
 * Simple Packet Blocks and the obsolete Packet Block. Every other block type is skipped by its length.
 *
 * <pre>
 *  every block                                   EPB body (type 6)
 *  0           4              8                  8        12       16       20       24       28
 *  +-----------+--------------+-- ... --+------+ +--------+--------+--------+--------+--------+------ ...
 *  |block type |total length  |  body   |total | |if id   |ts high |ts low  |caplen  |origlen |data, pad, options
 *  +-----------+--------------+-- ... --+------+ +--------+--------+--------+--------+--------+------ ...
 * </pre>
 *
 * <p>Parsing is hand-written on purpose (performance-critical, no copy): blocks are read in place from the mapping
 * or the streaming buffer ({@link ByteWindow}), and each {@link PacketRecord} points into them.
 *
 * <p>Timestamps are converted exactly, in integer arithmetic: units coarser than a nanosecond are multiplied,
 * finer ones divided (truncating), binary resolutions ({@code 2^-n}) go through a 128-bit product. Simple Packet
 * Blocks carry no timestamp; like libpcap, they get time 0. Block lengths are validated (at least 12, a multiple of
 * 4, at most {@link #MAX_BLOCK_LENGTH}, trailing copy equal); a broken block raises {@link CaptureFormatException}.
 * A file that ends inside its last block is reported as a warning and ends the stream, as for classic pcap.
 */
public final class PcapngReader implements PacketSource {
    /** Section Header Block type; the same in both byte orders. */
    public static final int SHB = 0x0A0D0D0A;
    /** Interface Description Block type. */
    public static final int IDB = 1;
    /** Obsolete Packet Block type. */
    public static final int PB = 2;
    /** Simple Packet Block type. */
    public static final int SPB = 3;
    /** Enhanced Packet Block type. */
    public static final int EPB = 6;
    /** Byte-order magic in the SHB. */
    public static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /**
     * Largest block accepted: libpcap's {@code INITIAL_MAX_BLOCKSIZE} (16 MiB, pcap-ng.c). Bounds the streaming
     * buffer; a larger length is taken as damage.
     */
    public static final int MAX_BLOCK_LENGTH = 16 * 1024 * 1024;
    /**
     * Most interfaces per section. pcapng sets no limit; this keeps a hostile file from growing tables without
     * bound (each IDB is at least 20 bytes, so a real file would need 20 MiB of IDBs to reach it).
     */
    public static final int MAX_INTERFACES = 1 << 20;

    private static final int OPT_ENDOFOPT = 0;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_IF_TSOFFSET = 14;

    private static final int TS_MUL = 0;
    private static final int TS_DIV = 1;
    private static final int TS_ZERO = 2;
    private static final int TS_SHIFT = 3;
    /** 10^0 .. 10^19 as unsigned 64-bit values (10^19 is negative as a signed long). */
    private static final long[] POW10 = new long[20];

    static {
        long v = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = v;
            v *= 10;
        }
    }

    private final ByteWindow win;
    private final String name;
    private final Consumer<String> warnings;
    private boolean swapped;
    private long pos;
    private boolean done;
    private int sections;

    private int ifCount;
    private int[] ifLinkType = new int[4];
    private long[] ifSnaplen = new long[4];
    private long[] ifMaxCaplen = new long[4];
    private int[] ifTsMode = new int[4];
    private long[] ifTsArg = new long[4];
    private long[] ifTsOffsetNanos = new long[4];
    private int[] ifTsResol = new int[4];

    /**
     * Memory-maps {@code file} and reads its first section header.
     *
     * @param warnings receives one line per recoverable problem (a truncated final block); may be null
     * @throws CaptureFormatException when the file cannot be opened or is not a pcapng file
     */
    public static PcapngReader open(Path file, Consumer<String> warnings) {
        PacketSource s = Captures.openMapped(file.toString(), file, warnings, true);
        if (s instanceof PcapngReader r) {
            return r;
        }
        s.close();
        throw new CaptureFormatException(file.toString(), 0, "not a pcapng file (classic pcap)");
    }

    /** Checks the first block is a section header; on error the caller closes the window. */
    PcapngReader(ByteWindow win, Consumer<String> warnings) {
        this.win = win;
        this.name = win.name();
        this.warnings = warnings;
        if (!win.ensure(0, 4) || Bytes.i32(win.seg, -win.base) != SHB) {
            throw new CaptureFormatException(name, 0, "not a pcapng file (no section header block)");
        }
        if (!win.ensure(0, 28)) {
            throw new CaptureFormatException(name, 0, "truncated section header block (" + win.available(0)
                    + " of 28 bytes)");
        }
        step(null); // the first section header: byte order, length and version are checked at open
    }

    private int i32(MemorySegment s, long off) {
        int v = s.get(Bytes.LE32, off);
        return swapped ? Integer.reverseBytes(v) : v;
    }

    private long u32(MemorySegment s, long off) {
        return Integer.toUnsignedLong(i32(s, off));
    }

    private int u16(MemorySegment s, long off) {
        int v = Bytes.u16le(s, off);
        return swapped ? Short.toUnsignedInt(Short.reverseBytes((short) v)) : v;
    }

    private long i64(MemorySegment s, long off) {
        long v = s.get(Bytes.LE64, off);
        return swapped ? Long.reverseBytes(v) : v;
    }

    private CaptureFormatException error(long off, String reason) {
        done = true;
        return new CaptureFormatException(name, off, reason);
    }

    /**
     * Fills {@code into} with the next packet, stepping over non-packet blocks; the bytes are valid until the next
     * call. Allocates nothing except when an IDB needs the interface tables to grow.
     */
    @Override
    public boolean next(PacketRecord into) {
        while (!done) {
            int r = step(into);
            if (r != 0) {
                return r > 0;
            }
        }
        return false;
    }

    /** Reads one block: 1 when it was a packet (into is filled), 0 for another block, -1 at the end. */
    private int step(PacketRecord into) {
        final ByteWindow w = win;
        final long off = pos;
        if (!w.ensure(off, 8)) {
            return end(off, 8);
        }
        MemorySegment s = w.seg;
        long p = off - w.base;
        int type = s.get(Bytes.LE32, p);
        if (type == SHB) {
            if (!w.ensure(off, 12)) {
                return end(off, 12);
            }
            s = w.seg;
            p = off - w.base;
            int bom = s.get(Bytes.LE32, p + 8);
            if (bom == BYTE_ORDER_MAGIC) {
                swapped = false;
            } else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
                swapped = true;
            } else {
                throw error(off + 8, "bad byte-order magic 0x" + String.format("%08x", Bytes.i32(s, p + 8))
                        + " in section header block");
            }
        } else {
            type = swapped ? Integer.reverseBytes(type) : type;
            if (sections == 0) {
                throw error(off, "block before the first section header block");
            }
        }
        long len = u32(s, p + 4);
        if (len < 12) {
            throw error(off + 4, "block total length " + len + " is less than 12");
        }
        if ((len & 3) != 0) {
            throw error(off + 4, "block total length " + len + " is not a multiple of 4");
        }
        if (len > MAX_BLOCK_LENGTH) {
            throw error(off + 4, "block total length " + len + " exceeds the maximum of " + MAX_BLOCK_LENGTH);
        }
        if (!w.ensure(off, len)) {
            return end(off, len);
        }
        s = w.seg;
        p = off - w.base;
        long trailer = u32(s, p + len - 4);
        if (trailer != len) {
            throw error(off + len - 4, "block total length " + len + " does not match trailing length "
                    + trailer);
        }
        pos = off + len;
        switch (type) {
            case EPB -> {
                if (len < 32) {
                    throw error(off + 4, "enhanced packet block too short (" + len + " bytes)");
                }
                long ifId = u32(s, p + 8);
                int iface = iface(off + 8, ifId);
                long caplen = u32(s, p + 20);
                long wirelen = u32(s, p + 24);
                packet(into, off, off + 20, iface, caplen, wirelen, len - 32, s, p + 28, true,
                        (u32(s, p + 12) << 32) | u32(s, p + 16));
                return 1;
            }
            case SPB -> {
                if (len < 16) {
                    throw error(off + 4, "simple packet block too short (" + len + " bytes)");
                }
                int iface = iface(off, 0);
                long wirelen = u32(s, p + 8);
                long caplen = Math.min(wirelen, len - 16);
                long snap = ifSnaplen[iface];
                if (snap != 0 && caplen > snap) {
                    caplen = snap;
                }
                packet(into, off, off + 8, iface, caplen, wirelen, len - 16, s, p + 12, false, 0);
                return 1;
            }
            case PB -> {
                if (len < 32) {
                    throw error(off + 4, "packet block too short (" + len + " bytes)");
                }
                int iface = iface(off + 8, u16(s, p + 8));
                long caplen = u32(s, p + 20);
                long wirelen = u32(s, p + 24);
                packet(into, off, off + 20, iface, caplen, wirelen, len - 32, s, p + 28, true,
                        (u32(s, p + 12) << 32) | u32(s, p + 16));
                return 1;
            }
            case IDB -> interfaceBlock(s, p, off, len);
            case SHB -> sectionBlock(s, p, off, len);
            default -> {
                // Statistics, name resolution, decryption secrets, custom blocks: not needed here.
            }
        }
        return 0;
    }

    private int iface(long off, long ifId) {
        if (ifId >= ifCount) {
            throw error(off, "packet for interface " + ifId + ", but the section has " + ifCount
                    + (ifCount == 1 ? " interface" : " interfaces"));
        }
        return (int) ifId;
    }

    /**
     * Fills {@code r} from a packet block at {@code off} whose length field is at {@code capOff} and whose
     * {@code caplen} bytes start at segment offset {@code data}; SPBs have no timestamp ({@code hasTs} false).
     */
    private void packet(PacketRecord r, long off, long capOff, int iface, long caplen, long wirelen, long room,
            MemorySegment s, long data, boolean hasTs, long ts) {
        if (caplen > room) {
            throw error(capOff, "caplen " + caplen + " exceeds the block's " + room + " bytes of packet data");
        }
        if (caplen > ifMaxCaplen[iface]) {
            throw error(capOff, "caplen " + caplen + " exceeds the maximum of " + ifMaxCaplen[iface]
                    + " (snaplen " + ifSnaplen[iface] + ")");
        }
        r.segment = s;
        r.offset = data;
        r.caplen = (int) caplen;
        r.wirelen = (int) Math.min(Integer.MAX_VALUE, Math.max(wirelen, caplen));
        r.tsNanos = hasTs ? toNanos(iface, ts) : 0;
        r.linkType = ifLinkType[iface];
        r.interfaceId = iface;
        r.sourceIndex = 0;
        r.fileOffset = off;
        r.tsResolution = ifTsResol[iface];
        r.snaplen = (int) Math.min(Integer.MAX_VALUE, ifSnaplen[iface]);
    }

    private long toNanos(int iface, long ts) {
        long arg = ifTsArg[iface];
        long ns = switch (ifTsMode[iface]) {
            case TS_MUL -> ts * arg;
            case TS_DIV -> Long.divideUnsigned(ts, arg);
            case TS_SHIFT -> shiftNanos(ts, (int) arg);
            default -> 0;
        };
        return ns + ifTsOffsetNanos[iface];
    }

    /** floor(ts * 10^9 / 2^shift) for unsigned ts, exactly, via a 128-bit product. */
    static long shiftNanos(long ts, int shift) {
        long lo = ts * 1_000_000_000L;
        long hi = Math.unsignedMultiplyHigh(ts, 1_000_000_000L);
        if (shift == 0) {
            return lo;
        }
        if (shift < 64) {
            return (lo >>> shift) | (hi << (64 - shift));
        }
        return shift < 128 ? hi >>> (shift - 64) : 0;
    }

    private void sectionBlock(MemorySegment s, long p, long off, long len) {
        if (len < 28) {
            throw error(off + 4, "section header block too short (" + len + " bytes)");
        }
        int major = u16(s, p + 12);
        int minor = u16(s, p + 14);
        // libpcap pcap-ng.c accepts 1.0, and 1.2 (written by some tools in error).
        if (major != 1 || (minor != 0 && minor != 2)) {
            throw error(off + 12, "unsupported pcapng version " + major + "." + minor);
        }
        sections++;
        ifCount = 0;
    }

    private void interfaceBlock(MemorySegment s, long p, long off, long len) {
        if (len < 20) {
            throw error(off + 4, "interface description block too short (" + len + " bytes)");
        }
        if (ifCount == MAX_INTERFACES) {
            throw error(off, "more than " + MAX_INTERFACES + " interfaces in one section");
        }
        int linkType = u16(s, p + 8);
        long snaplen = u32(s, p + 12);
        int tsresol = 6;
        long tsoffset = 0;
        long o = p + 16;
        long end = p + len - 4;
        while (o + 4 <= end) {
            int code = u16(s, o);
            int olen = u16(s, o + 2);
            if (code == OPT_ENDOFOPT) {
                break;
            }
            if (o + 4 + olen > end) {
                throw error(off + (o - p), "interface option " + code + " of " + olen + " bytes overruns its block");
            }
            if (code == OPT_IF_TSRESOL && olen >= 1) {
                tsresol = Bytes.u8(s, o + 4);
            } else if (code == OPT_IF_TSOFFSET && olen >= 8) {
                tsoffset = i64(s, o + 4);
            }
            o += 4 + ((olen + 3) & ~3);
        }
        int i = ifCount;
        if (i == ifLinkType.length) {
            int n = i * 2;
            ifLinkType = Arrays.copyOf(ifLinkType, n);
            ifSnaplen = Arrays.copyOf(ifSnaplen, n);
            ifMaxCaplen = Arrays.copyOf(ifMaxCaplen, n);
            ifTsMode = Arrays.copyOf(ifTsMode, n);
            ifTsArg = Arrays.copyOf(ifTsArg, n);
            ifTsOffsetNanos = Arrays.copyOf(ifTsOffsetNanos, n);
            ifTsResol = Arrays.copyOf(ifTsResol, n);
        }
        ifLinkType[i] = linkType;
        ifSnaplen[i] = snaplen;
        ifMaxCaplen[i] = Math.min(PcapReader.MAX_CAPLEN, Math.max(snaplen, PcapReader.MAXIMUM_SNAPLEN));
        if ((tsresol & 0x80) != 0) {
            ifTsMode[i] = TS_SHIFT;
            ifTsArg[i] = tsresol & 0x7f;
        } else if (tsresol <= 9) {
            ifTsMode[i] = TS_MUL;
            ifTsArg[i] = POW10[9 - tsresol];
        } else if (tsresol - 9 < POW10.length) {
            ifTsMode[i] = TS_DIV;
            ifTsArg[i] = POW10[tsresol - 9];
        } else {
            ifTsMode[i] = TS_ZERO;
            ifTsArg[i] = 0;
        }
        ifTsOffsetNanos[i] = tsoffset * 1_000_000_000L;
        ifTsResol[i] = tsresol;
        ifCount = i + 1;
    }

    private int end(long off, long wanted) {
        done = true;
        long have = win.available(off);
        if (sections == 0) {
            throw error(off, "truncated section header block (" + have + " of " + wanted + " bytes)");
        }
        if (have > 0 && warnings != null) {
            warnings.accept(name + ": offset " + off + ": truncated final record (" + have + " of " + wanted
                    + " bytes), stopped");
        }
        return -1;
    }

    /** Number of sections seen so far. */
    public int sections() {
        return sections;
    }

    /** Number of interfaces described so far in the current section. */
    public int interfaceCount() {
        return ifCount;
    }

    /** Link type of interface {@code id} in the current section. */
    public int linkType(int id) {
        if (id < 0 || id >= ifCount) {
            throw new IndexOutOfBoundsException(id);
        }
        return ifLinkType[id];
    }

    /** Timestamp resolution ({@code if_tsresol} code, 6 when absent) of interface {@code id} in the current section. */
    public int tsResolution(int id) {
        if (id < 0 || id >= ifCount) {
            throw new IndexOutOfBoundsException(id);
        }
        return ifTsResol[id];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long position() {
        return win.position(pos);
    }

    @Override
    public long size() {
        return win.size();
    }

    @Override
    public void close() {
        done = true;
        win.close();
    }
}
