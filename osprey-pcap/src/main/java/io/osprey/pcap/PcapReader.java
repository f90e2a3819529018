package io.osprey.pcap;

import io.osprey.common.bytes.Bytes;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reader for classic libpcap capture files (tcpdump.org/manpages/pcap-savefile.5.html), either byte order,
 * microsecond ({@code 0xa1b2c3d4}) or nanosecond ({@code 0xa1b23c4d}) timestamps, and Alexey Kuznetsov's modified
 * format ({@code 0xa1b2cd34}, 24-byte record headers).
 *
 * <pre>
 *  file header (24 bytes)                     record header (16 bytes), then caplen packet bytes
 *  0      4       6       8        12         0        4          8        12
 *  +------+-------+-------+--------+          +--------+----------+--------+---------+
 *  |magic |major  |minor  |thiszone|          |ts_sec  |ts_usec/ns|caplen  |wirelen  |
 *  +------+-------+-------+--------+          +--------+----------+--------+---------+
 *  |sigfigs       |snaplen|linktype|  (linktype: low 26 bits; upper bits carry the FCS length, masked off)
 *  +--------------+-------+--------+
 * </pre>
 *
 * <p>Parsing is hand-written on purpose: this loop is the top of the packet pipeline, so record headers are read in
 * place from the memory-mapped file (or the streaming buffer, see {@link ByteWindow}) and each {@link PacketRecord}
 * points into those bytes: no copy, no allocation, no {@code ByteBuffer} per packet. The same code serves mapped
 * files and streams (gzip, zstd, stdin).
 *
 * <p>Errors: an unreadable file raises {@link CaptureFormatException} naming the byte offset of the header or
 * record at fault. A file that ends inside its last record is not an error: the packets before it are delivered,
 * one warning line goes to the warning sink, and the source ends.
 */
public final class PcapReader implements PacketSource {
    /**
     * Largest snapshot length libpcap accepts for ordinary link types ({@code MAXIMUM_SNAPLEN} in libpcap's
     * {@code pcap-int.h}). A record whose caplen exceeds both this and the file's snaplen is damage, not data.
     */
    public static final int MAXIMUM_SNAPLEN = 262144;
    /**
     * Upper bound on any record's caplen, whatever the header's snaplen says: libpcap's largest per-link-type limit
     * ({@code max_snaplen_for_dlt}: 128 MiB for {@code DLT_DBUS}). Keeps a hostile snaplen from sizing buffers.
     */
    public static final int MAX_CAPLEN = 128 * 1024 * 1024;
    /** Size of the file header. */
    public static final int FILE_HEADER_LENGTH = 24;
    /** Size of a standard record header. */
    public static final int RECORD_HEADER_LENGTH = 16;
    /** Microsecond magic as written in the file's own byte order. */
    public static final int MAGIC_MICROS = 0xa1b2c3d4;
    /** Nanosecond magic as written in the file's own byte order. */
    public static final int MAGIC_NANOS = 0xa1b23c4d;
    /** Kuznetsov's modified-pcap magic: records carry 8 more bytes (ifindex, protocol, pkt_type, pad). */
    public static final int MAGIC_MODIFIED = 0xa1b2cd34;

    private static final int VERSION_OFFSET = 4;
    private static final int SNAPLEN_OFFSET = 16;
    private static final int LINKTYPE_OFFSET = 20;
    /** libpcap {@code LT_LINKTYPE}: the upper 6 bits hold FCS information (LT_FCS_LENGTH_PRESENT, LT_FCS_LENGTH). */
    static final int LINKTYPE_MASK = 0x03FFFFFF;

    private final ByteWindow win;
    private final String name;
    private final Consumer<String> warnings;
    private final boolean swapped;
    private final long fracToNanos;
    private final int recordHeaderLength;
    private final int linkType;
    private final long snaplen;
    private final int snaplenInt;
    private final int tsResolution;
    private final long maxCaplen;
    private final int majorVersion;
    private final int minorVersion;
    private long pos = FILE_HEADER_LENGTH;
    private boolean done;

    /**
     * Memory-maps {@code file} and reads its header. Files of any size (beyond 2 GiB) are supported.
     *
     * @param warnings receives one line per recoverable problem (a truncated final record); may be null
     * @throws CaptureFormatException when the file cannot be opened or is not a classic pcap file
     */
    public static PcapReader open(Path file, Consumer<String> warnings) {
        PacketSource s = Captures.openMapped(file.toString(), file, warnings, true);
        if (s instanceof PcapReader r) {
            return r;
        }
        s.close();
        throw new CaptureFormatException(file.toString(), 0, "not a classic pcap file (pcapng)");
    }

    /** Parses the file header from {@code win}; on error the caller closes the window. */
    PcapReader(ByteWindow win, Consumer<String> warnings) {
        this.win = win;
        this.name = win.name();
        this.warnings = warnings;
        if (!win.ensure(0, 4)) {
            long n = win.available(0);
            throw new CaptureFormatException(name, 0, n == 0 ? "empty file"
                    : "truncated file header (" + n + " of " + FILE_HEADER_LENGTH + " bytes)");
        }
        int magic = Bytes.i32(win.seg, 0 - win.base);
        int rmagic = Integer.reverseBytes(magic);
        boolean sw;
        long frac;
        int rhl = RECORD_HEADER_LENGTH;
        if (magic == MAGIC_MICROS || rmagic == MAGIC_MICROS) {
            frac = 1000;
        } else if (magic == MAGIC_NANOS || rmagic == MAGIC_NANOS) {
            frac = 1;
        } else if (magic == MAGIC_MODIFIED || rmagic == MAGIC_MODIFIED) {
            frac = 1000;
            rhl = RECORD_HEADER_LENGTH + 8;
        } else {
            throw new CaptureFormatException(name, 0,
                    "not a capture file (unknown magic 0x" + String.format("%08x", magic) + ")");
        }
        // Records are read little-endian and swapped when the file is big-endian.
        sw = rmagic != MAGIC_MICROS && rmagic != MAGIC_NANOS && rmagic != MAGIC_MODIFIED;
        this.swapped = sw;
        this.fracToNanos = frac;
        this.recordHeaderLength = rhl;
        if (!win.ensure(0, FILE_HEADER_LENGTH)) {
            throw new CaptureFormatException(name, 0, "truncated file header (" + win.available(0) + " of "
                    + FILE_HEADER_LENGTH + " bytes)");
        }
        MemorySegment s = win.seg;
        long b = -win.base;
        this.majorVersion = u16(s, b + VERSION_OFFSET);
        this.minorVersion = u16(s, b + VERSION_OFFSET + 2);
        // libpcap sf-pcap.c accepts 2.0 to 2.4, and 543.0 (DG/UX tcpdump).
        if (!((majorVersion == 2 && minorVersion <= 4) || (majorVersion == 543 && minorVersion == 0))) {
            throw new CaptureFormatException(name, VERSION_OFFSET,
                    "unsupported pcap version " + majorVersion + "." + minorVersion);
        }
        this.snaplen = Integer.toUnsignedLong(i32(s, b + SNAPLEN_OFFSET));
        this.linkType = i32(s, b + LINKTYPE_OFFSET) & LINKTYPE_MASK;
        this.maxCaplen = Math.min(MAX_CAPLEN, Math.max(snaplen, MAXIMUM_SNAPLEN));
        this.snaplenInt = (int) Math.min(Integer.MAX_VALUE, snaplen);
        this.tsResolution = frac == 1 ? 9 : 6;
    }

    private int i32(MemorySegment s, long off) {
        int v = s.get(Bytes.LE32, off);
        return swapped ? Integer.reverseBytes(v) : v;
    }

    private int u16(MemorySegment s, long off) {
        int v = Bytes.u16le(s, off);
        return swapped ? Short.toUnsignedInt(Short.reverseBytes((short) v)) : v;
    }

    /**
     * Fills {@code into} with the next record; the bytes are valid until the next call. Allocates nothing. After
     * an error or the end, further calls return false.
     *
     * @throws CaptureFormatException on a record whose caplen is absurd ({@literal >} max(snaplen,
     *                                {@link #MAXIMUM_SNAPLEN}), capped at {@link #MAX_CAPLEN})
     */
    @Override
    public boolean next(PacketRecord into) {
        if (done) {
            return false;
        }
        final ByteWindow w = win;
        final long off = pos;
        final int hl = recordHeaderLength;
        if (!w.ensure(off, hl)) {
            return end(off, hl);
        }
        MemorySegment s = w.seg;
        long p = off - w.base;
        long sec = Integer.toUnsignedLong(i32(s, p));
        long frac = Integer.toUnsignedLong(i32(s, p + 4));
        long caplen = Integer.toUnsignedLong(i32(s, p + 8));
        long wirelen = Integer.toUnsignedLong(i32(s, p + 12));
        if (caplen > maxCaplen) {
            done = true;
            throw new CaptureFormatException(name, off, "record caplen " + caplen + " exceeds the maximum of "
                    + maxCaplen + " (snaplen " + snaplen + ")");
        }
        long total = hl + caplen;
        if (!w.ensure(off, total)) {
            return end(off, total);
        }
        into.segment = w.seg;
        into.offset = off - w.base + hl;
        into.caplen = (int) caplen;
        // PacketRecord promises wirelen >= caplen; some writers leave wirelen short or zero.
        into.wirelen = (int) Math.min(Integer.MAX_VALUE, Math.max(wirelen, caplen));
        into.tsNanos = sec * 1_000_000_000L + frac * fracToNanos;
        into.linkType = linkType;
        into.interfaceId = 0;
        into.sourceIndex = 0;
        into.fileOffset = off;
        into.tsResolution = tsResolution;
        into.snaplen = snaplenInt;
        pos = off + total;
        return true;
    }

    private boolean end(long off, long wanted) {
        done = true;
        long have = win.available(off);
        if (have > 0 && warnings != null) {
            warnings.accept(name + ": offset " + off + ": truncated final record (" + have + " of " + wanted
                    + " bytes), stopped");
        }
        return false;
    }

    /** Records checked one after another before an offset found by {@link #seekBefore} is trusted as a boundary. */
    static final int SEEK_CHAIN = 8;
    /** Bytes scanned forward from a probe offset for a record boundary before the probe is given up. */
    static final int SEEK_SCAN = 2 * (MAXIMUM_SNAPLEN + 24);
    /** Consecutive records in a plausible chain are at most a day apart (in either direction). */
    private static final long SEEK_MAX_STEP_NANOS = 86_400L * 1_000_000_000L;

    /**
     * Timestamp of the first record, without moving; -1 when the file has none or cannot seek (a stream). For
     * {@link #seekBefore} callers that need the file's start first (tcpslice's "first time").
     */
    public long firstTimestamp() {
        if (win.isStreaming() || !win.ensure(FILE_HEADER_LENGTH, recordHeaderLength)) {
            return -1;
        }
        return tsAt(FILE_HEADER_LENGTH);
    }

    /**
     * Moves to a record boundary whose record is earlier than {@code tsNanos}, as late in the file as a binary
     * search over byte offsets finds one, so that reading on from there meets every record at or after
     * {@code tsNanos} that is not more out of order than the records around it (tcpslice's {@code sf_find_packet},
     * written anew). A probe offset is resynchronised by scanning forward for a position where
     * {@link #SEEK_CHAIN} consecutive plausible record headers follow each other (caplen within limits, wirelen not
     * below caplen, sub-second field in range, times within a day of each other). Only memory-mapped files seek
     * ({@link #open}); for a stream, or when nothing earlier is found, the reader goes back to the first record.
     * May be called at any time; reading continues from the new position.
     *
     * @return true when the reader moved past the first record
     */
    public boolean seekBefore(long tsNanos) {
        if (win.isStreaming()) {
            return false;
        }
        done = false;
        pos = FILE_HEADER_LENGTH;
        long size = win.limit;
        if (!chain(FILE_HEADER_LENGTH, size) || tsAt(FILE_HEADER_LENGTH) >= tsNanos) {
            return false;
        }
        long good = FILE_HEADER_LENGTH;
        long lo = FILE_HEADER_LENGTH;
        long hi = size;
        while (hi - lo > SEEK_SCAN) {
            long mid = lo + (hi - lo) / 2;
            long b = resync(mid, hi, size);
            if (b < 0 || tsAt(b) >= tsNanos) {
                hi = mid;
            } else {
                good = b;
                lo = b;
            }
        }
        pos = good;
        return good != FILE_HEADER_LENGTH;
    }

    /** The first offset in {@code [from, limit)} (scanning at most {@link #SEEK_SCAN} bytes) that starts a chain. */
    private long resync(long from, long limit, long size) {
        long end = Math.min(limit, from + SEEK_SCAN);
        for (long p = from; p < end; p++) {
            if (chain(p, size)) {
                return p;
            }
        }
        return -1;
    }

    /** Whether {@link #SEEK_CHAIN} plausible records (or fewer, up to the exact end of the file) start at {@code p}. */
    private boolean chain(long p, long size) {
        long prev = Long.MIN_VALUE;
        long fracLimit = fracToNanos == 1 ? 1_000_000_000L : 1_000_000L;
        MemorySegment s = win.seg;
        for (int k = 0; k < SEEK_CHAIN; k++) {
            if (p == size && k > 0) {
                return true;
            }
            if (p + recordHeaderLength > size) {
                return false;
            }
            long frac = Integer.toUnsignedLong(i32(s, p + 4));
            long caplen = Integer.toUnsignedLong(i32(s, p + 8));
            long wirelen = Integer.toUnsignedLong(i32(s, p + 12));
            if (frac >= fracLimit || caplen > maxCaplen || wirelen < caplen || wirelen > MAX_CAPLEN) {
                return false;
            }
            long ts = tsAt(p);
            if (prev != Long.MIN_VALUE && Math.abs(ts - prev) > SEEK_MAX_STEP_NANOS) {
                return false;
            }
            prev = ts;
            p += recordHeaderLength + caplen;
            if (p > size) {
                return false;
            }
        }
        return true;
    }

    /** Timestamp of the record at file offset {@code p} (mapped files: the window is the whole file). */
    private long tsAt(long p) {
        MemorySegment s = win.seg;
        return Integer.toUnsignedLong(i32(s, p)) * 1_000_000_000L + Integer.toUnsignedLong(i32(s, p + 4)) * fracToNanos;
    }

    /** Link-layer header type from the file header, FCS bits masked off. */
    public int linkType() {
        return linkType;
    }

    /** Snapshot length from the file header (unsigned). */
    public long snaplen() {
        return snaplen;
    }

    /** Whether the file's timestamps are in nanoseconds (magic {@code 0xa1b23c4d}). */
    public boolean nanosecond() {
        return fracToNanos == 1;
    }

    /** Whether the file was written big-endian. */
    public boolean bigEndian() {
        return swapped;
    }

    /** Format version from the file header, as "major.minor". */
    public String version() {
        return majorVersion + "." + minorVersion;
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
