package io.osprey.packet.ip;

import io.osprey.common.bytes.Bytes;
import io.osprey.packet.Packet;
import io.osprey.packet.WeirdSink;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * IPv4 and IPv6 fragment reassembly, bounded in memory: Zeek 9.1's {@code FragmentManager} /
 * {@code FragReassembler} ({@code src/Frag.cc}, over the block list of {@code src/Reassem.cc}). One instance per
 * worker; not thread-safe; nothing allocates after the first fragment (the pools are created lazily, once).
 *
 * <h2>Contract with the IP layers</h2>
 * The IP layer validates the header as Zeek's {@code IPAnalyzer} does (truncated_IP, invalid_IP_header_size,
 * bad_IP_checksum...), fills the {@link Packet}'s IP fields (addresses, {@code l3Offset}, {@code ipCapLen},
 * {@code tsNanos}) and then, for a fragment:
 * <ul>
 * <li>raises {@code incompletely_captured_fragment} itself when the datagram is not fully captured
 * ({@code ipCapLen < ipTotalLen}) and does not call here (Zeek then drops a non-first fragment and analyses a first
 * one as it is). If called anyway, such a fragment is ignored: false, no state, no weird;</li>
 * <li>IPv4 (MF set or offset != 0, RFC 791): calls {@link #reassembleV4(Packet)};</li>
 * <li>IPv6 (the header chain ends in a Fragment header, RFC 8200 §4.5, atomic fragments included): calls
 * {@link #reassembleV6(Packet, long, long)}.</li>
 * </ul>
 * False means the fragment was taken (or ignored) and the packet ends here. True means the fragment completed a
 * datagram and the packet now describes it:
 * <ul>
 * <li>{@code p.seg} is one of this reassembler's two output buffers, valid until the next call into this
 * reassembler (a datagram completed while decoding one already in an output buffer, e.g. IP-in-IP with fragments at
 * both levels, goes to the other buffer, so the outer one stays intact);
 * {@code p.base = p.l3Offset = 0}; {@code p.caplen = p.wirelen = n}, the number of bytes of the datagram
 * (unfragmentable part + reassembled payload); {@code p.reassembled = true}. The link-layer fields of the packet and
 * {@code tsNanos} (the completing fragment's) are kept. Other IP fields are stale: the caller re-decodes the IP layer
 * from {@code p.l3Offset}.</li>
 * <li>IPv4: the header (options included) is the one of the <em>first fragment to arrive</em> (Zeek copies it in the
 * {@code FragReassembler} constructor), with MF and the offset cleared (DF and the reserved bit kept), total length
 * set to {@code (header + payload) & 0xFFFF} and the header checksum recomputed, so a re-check passes (Zeek checks
 * only the fragments, so the layer may skip it when {@code p.reassembled}).</li>
 * <li>IPv6: the unfragmentable part (IPv6 header + extension headers before the Fragment header) of the first
 * fragment to arrive, the Fragment header removed, the Next Header byte that pointed at it rewritten to the Fragment
 * header's Next Header (the offset-0 fragment's; else the first fragment's), and Payload Length set to
 * {@code (n - 40) & 0xFFFF}.</li>
 * </ul>
 * As in Zeek, a datagram longer than 65535 bytes (fragments may reach offset 65528 + 65535) keeps its n bytes while
 * its length field wraps to 16 bits; the re-decode then sees what Zeek sees (for {@code
 * core.ipv6-reassembly-state-leak}: a payload length of 0 and {@code invalid_IP_header_size}).
 *
 * <h2>What Zeek does, and so this</h2>
 * <ul>
 * <li>Key: (src, dst, id) with Zeek's addresses (the packet's, as the IP layer filled them) and the 16-bit IPv4 or
 * 32-bit IPv6 identification. Osprey also keys on the IP version, so an IPv6 datagram between IPv4-mapped
 * addresses never merges with an IPv4 one (Zeek's key would merge them; nothing legitimate does that).</li>
 * <li>Per fragment, in Zeek's order: {@code fragment_protocol_inconsistency} (IPv4 protocol or IHL differs from the
 * first fragment's; IPv6 Next Header differs from the offset-0 fragment's, else the first one's, or the
 * unfragmentable part's length differs), {@code fragment_with_DF} (IPv4), {@code fragment_protocol_inconsistency} when the total
 * length is below the header length (the fragment's data is then dropped), {@code fragment_size_inconsistency} (a
 * last fragment disagrees with the known end; the larger wins), {@code excessively_small_fragment} (MF set and
 * total length &lt; 64), {@code excessively_large_fragment} (ends beyond offset 64000),
 * {@code fragment_size_inconsistency} (a fragment ends beyond the known end, which grows); then, for each block of
 * held data the fragment overlaps, {@code fragment_inconsistency} if the bytes differ else {@code fragment_overlap}
 * (first data wins; only the new bytes are stored); then the completion check, which may raise
 * {@code fragment_size_inconsistency} once more when the contiguous data from offset 0 reaches or passes the
 * known end while more data lies beyond a hole (the contiguous part is delivered) or the data runs past the end
 * (all of it is delivered). All of these are {@link WeirdSink#flowWeird} with a null {@code source} (Zeek passes
 * none) and none drops the datagram.</li>
 * <li>A zero-length fragment payload stores nothing and does not trigger the completion check.</li>
 * <li>A completed datagram is delivered once and its state freed; later copies of its fragments start a new
 * reassembly.</li>
 * <li>Timeout: Zeek's {@code frag_timeout} (init-bare.zeek, default 5 min), counted from the first fragment of the
 * datagram in network time and not extended by later ones; 0 means never. Expiry is silent (no weird). Zeek's timer
 * manager advances before each packet, so {@link #reassembleV4}/{@link #reassembleV6} first expire against
 * {@code p.tsNanos}; {@link #expire(long)} does the same for callers that drive time otherwise. Expiry runs in
 * creation order, so with out-of-order timestamps a younger datagram may outlive its deadline until the older ones
 * expire.</li>
 * </ul>
 *
 * <h2>Limits (Osprey's; Zeek has none)</h2>
 * <ul>
 * <li>{@link #maxReassemblies()}: concurrent datagrams, default {@link #DEFAULT_MAX_REASSEMBLIES}.</li>
 * <li>{@link #maxBytes()}: bytes of buffer pages for held headers and data, default {@link #DEFAULT_MAX_BYTES}
 * (at least {@link #MIN_MAX_BYTES}, enough for one datagram of the largest possible size).</li>
 * </ul>
 * Reaching either evicts the oldest pending reassembly (never the one being fed) with the Osprey weird
 * {@code fragment_reassembly_evicted} (a net weird, addl {@code max_reassemblies} or {@code max_bytes}).
 * Fixed memory on top of the byte cap: per slot a 97-entry page table and a few scalars (~500 bytes); per 2 KiB page
 * 512 bytes of bitmaps; two 192 KiB output buffers. All of it is allocated on the first fragment a worker sees
 * (with the defaults: 16 MiB pages + 4 MiB bitmaps + 1.6 MiB page tables + 384 KiB), never per fragment.
 *
 * <h2>Storage</h2>
 * Each reassembly has a private space of positions: payload bytes at [0, 131072) (offset up to 65528 plus a payload
 * up to 65535) and the copied header at [131072, 131072 + 67584). Positions map through the slot's page table to
 * 2 KiB pages of a shared pool. Per payload byte two bits are kept: "covered" (held) and "block start". Together they
 * encode exactly Zeek's block list (blocks never merge; each insert adds one block per uncovered run), so overlap
 * weirds fire once per overlapped block as in Zeek.
 */
public final class FragmentReassembler {
    /** Zeek's {@code frag_timeout} default (init-bare.zeek: {@code const frag_timeout = 5 min &redef;}). */
    public static final long DEFAULT_TIMEOUT_NANOS = 300_000_000_000L;
    /**
     * Default cap on concurrent reassemblies per worker. Osprey's choice (Zeek is unbounded): far above what benign
     * traffic keeps open within {@code frag_timeout}, small enough that the index and page tables stay ~2 MiB.
     */
    public static final int DEFAULT_MAX_REASSEMBLIES = 4096;
    /**
     * Default cap on buffered bytes per worker (16 MiB of 2 KiB pages). Osprey's choice: 256 maximum-size (64 KiB)
     * datagrams, or thousands of ordinary ones (a 3 KB datagram takes 3 pages with its header).
     */
    public static final long DEFAULT_MAX_BYTES = 16L << 20;

    static final int PAGE_SHIFT = 11;
    static final int PAGE = 1 << PAGE_SHIFT;
    static final int PAGE_MASK = PAGE - 1;
    static final int WORDS_PER_PAGE = PAGE / 64;
    /** Payload positions: offsets reach 8191 * 8 = 65528 and a fragment's payload stays under 65536. */
    static final int MAX_SPAN = 1 << 17;
    /** Header positions start here. */
    static final int HDR_BASE = MAX_SPAN;
    /** Largest unfragmentable part: IPv6 total length 65535 + 40 minus the 8-byte fragment header. */
    static final int MAX_HDR = 65_567;
    static final int HDR_PAGES = (MAX_HDR + PAGE - 1) / PAGE;
    /** Page-table entries per slot. */
    static final int PT = MAX_SPAN / PAGE + HDR_PAGES;
    /** Smallest byte cap: one datagram of the largest possible size always fits. */
    public static final long MIN_MAX_BYTES = (long) PT * PAGE;

    /** Zeek's {@code MIN_ACCEPTABLE_FRAG_SIZE}. */
    static final int MIN_ACCEPTABLE_FRAG_SIZE = 64;
    /** Zeek's {@code MAX_ACCEPTABLE_FRAG_SIZE}. */
    static final int MAX_ACCEPTABLE_FRAG_SIZE = 64_000;

    private static final int IPPROTO_FRAGMENT = 44;

    private final WeirdSink weirds;
    private final long timeoutNanos;
    private final int maxSlots;
    private final int numPages;

    // ---- per-slot state (index = slot)
    private final long[] kSrcHi;
    private final long[] kSrcLo;
    private final long[] kDstHi;
    private final long[] kDstLo;
    /** id | version << 32. */
    private final long[] kId;
    private final long[] created;
    /** Zeek's frag_size: the datagram's payload length once known, 0 = unknown. */
    private final int[] fragSize;
    /** Zeek's proto_hdr_len. */
    private final int[] hdrLen;
    /** v4: ip_p of the first fragment; v6: Zeek's next_proto. */
    private final int[] nextProto;
    /** v4: IHL*4 of the first fragment; v6: position (relative to the header) of the Next Header to rewrite. */
    private final int[] aux;
    /** One past the highest held payload position. */
    private final int[] lastUpper;
    private final int[] pagesUsed;
    private final int[] prev;
    private final int[] next;
    private final int[] freeSlots;
    private int freeSlotTop;
    private int head = -1;
    private int tail = -1;
    private int active;
    private int maxActive;
    private long evictions;
    private final FragIndex index;

    // ---- page pool (created on the first fragment)
    private int[] pageTable;
    private byte[] data;
    private MemorySegment dataSeg;
    private long[] cover;
    private long[] starts;
    private int[] freePages;
    private int freePageTop;
    /** The output buffer of the delivery in progress: one of {@link #outSegs}. */
    private MemorySegment out;
    /**
     * Two output buffers, so a datagram completed while decoding one held in the other leaves it intact. Native, as
     * the capture readers' buffers are: every packet the decoder sees is then in one segment class, which keeps the
     * JIT's per-packet code monomorphic (a heap segment here deoptimized it; BENCHMARKS.md, "JIT warm-up").
     */
    private final MemorySegment[] outSegs = new MemorySegment[2];

    /** A reassembler with Zeek's timeout and Osprey's default caps. */
    public FragmentReassembler(WeirdSink weirds) {
        this(weirds, DEFAULT_TIMEOUT_NANOS, DEFAULT_MAX_REASSEMBLIES, DEFAULT_MAX_BYTES);
    }

    /**
     * @param weirds receives the weirds
     * @param timeoutNanos Zeek's {@code frag_timeout} in nanoseconds; 0 (or less) keeps fragments until completed or
     *                     evicted
     * @param maxReassemblies cap on concurrent reassemblies (at least 1)
     * @param maxBytes cap on buffered bytes, rounded down to 2 KiB pages and raised to {@link #MIN_MAX_BYTES}
     */
    public FragmentReassembler(WeirdSink weirds, long timeoutNanos, int maxReassemblies, long maxBytes) {
        this.weirds = weirds;
        this.timeoutNanos = Math.max(0, timeoutNanos);
        this.maxSlots = Math.max(1, Math.min(maxReassemblies, 1 << 24));
        long bytes = Math.max(MIN_MAX_BYTES, Math.min(maxBytes, (long) Integer.MAX_VALUE - PAGE));
        this.numPages = (int) (bytes >>> PAGE_SHIFT);
        int n = maxSlots;
        kSrcHi = new long[n];
        kSrcLo = new long[n];
        kDstHi = new long[n];
        kDstLo = new long[n];
        kId = new long[n];
        created = new long[n];
        fragSize = new int[n];
        hdrLen = new int[n];
        nextProto = new int[n];
        aux = new int[n];
        lastUpper = new int[n];
        pagesUsed = new int[n];
        prev = new int[n];
        next = new int[n];
        freeSlots = new int[n];
        for (int i = 0; i < n; i++) {
            freeSlots[i] = n - 1 - i;
        }
        freeSlotTop = n;
        index = new FragIndex(n, kSrcHi, kSrcLo, kDstHi, kDstLo, kId);
    }

    private void ensurePool() {
        if (data != null) {
            return;
        }
        pageTable = new int[maxSlots * PT];
        Arrays.fill(pageTable, -1);
        data = new byte[numPages * PAGE];
        dataSeg = MemorySegment.ofArray(data);
        cover = new long[numPages * WORDS_PER_PAGE];
        starts = new long[numPages * WORDS_PER_PAGE];
        freePages = new int[numPages];
        for (int i = 0; i < numPages; i++) {
            freePages[i] = numPages - 1 - i;
        }
        freePageTop = numPages;
        for (int i = 0; i < 2; i++) {
            outSegs[i] = Arena.ofAuto().allocate(MAX_HDR + MAX_SPAN, 8);
        }
    }

    // ------------------------------------------------------------------ public API

    /**
     * Feeds an IPv4 fragment (MF set or offset != 0) whose header starts at {@code p.l3Offset}. Reads the header
     * fields from the bytes; uses {@code p.ipCapLen}, the addresses and {@code p.tsNanos} from the packet.
     *
     * @return true when {@code p} now describes the completed datagram (see the class doc)
     */
    public boolean reassembleV4(Packet p) {
        if (p == null) {
            return false;
        }
        expire(p.tsNanos);
        MemorySegment seg = p.seg;
        long l3 = p.l3Offset;
        if (seg == null || l3 < 0 || l3 > seg.byteSize() - 20) {
            return false;
        }
        long room = seg.byteSize() - l3;
        int b0 = Bytes.u8(seg, l3);
        int ihl = (b0 & 0x0F) * 4;
        int totalLen = Bytes.u16(seg, l3 + 2);
        if ((b0 >>> 4) != 4 || ihl < 20 || ihl > room || ihl > p.ipCapLen) {
            return false; // the IP layer raises the header weirds before calling
        }
        int id = Bytes.u16(seg, l3 + 4);
        int offFlags = Bytes.u16(seg, l3 + 6);
        int proto = Bytes.u8(seg, l3 + 9);
        boolean df = (offFlags & 0x4000) != 0;
        boolean mf = (offFlags & 0x2000) != 0;
        int offset = (offFlags & 0x1FFF) * 8; // RFC 791: fragment offset in 8-octet units
        if (totalLen >= ihl && (totalLen > p.ipCapLen || totalLen > room)) {
            return false; // incompletely captured: the IP layer's incompletely_captured_fragment
        }
        ensurePool();
        long kid = (4L << 32) | id;
        int slot = index.find(p.srcHi, p.srcLo, p.dstHi, p.dstLo, kid);
        if (slot < 0) {
            slot = create(p, kid, ihl);
            if (slot < 0) {
                return false;
            }
            copyIn(slot, HDR_BASE, seg, l3, ihl);
            nextProto[slot] = proto;
            aux[slot] = ihl;
        }
        // Zeek's AddFragment. TOS is deliberately not compared (a stack is known to vary it).
        if (proto != nextProto[slot] || ihl != aux[slot]) {
            weird(p, FragWeirds.PROTOCOL_INCONSISTENCY);
        }
        if (df) {
            weird(p, FragWeirds.WITH_DF);
        }
        return addFragment(p, slot, seg, l3, offset, totalLen, ihl, mf, -1);
    }

    /**
     * Feeds an IPv6 fragment (RFC 8200 §4.5): the IPv6 header at {@code p.l3Offset}, the Fragment header at
     * {@code fragHeaderOffset}.
     *
     * @param fragHeaderOffset offset of the Fragment extension header in {@code p.seg}
     * @param prevNextHeaderOffset offset of the byte that holds the Next Header value pointing at the fragment
     *                             header (in the IPv6 header or the previous extension header)
     * @return true when {@code p} now describes the completed datagram (see the class doc)
     */
    public boolean reassembleV6(Packet p, long fragHeaderOffset, long prevNextHeaderOffset) {
        if (p == null) {
            return false;
        }
        expire(p.tsNanos);
        MemorySegment seg = p.seg;
        long l3 = p.l3Offset;
        if (seg == null || l3 < 0 || l3 > seg.byteSize() - 48 || fragHeaderOffset < l3 + 40
                || fragHeaderOffset > seg.byteSize() - 8 || fragHeaderOffset - l3 > MAX_HDR
                || prevNextHeaderOffset < l3 + 6 || prevNextHeaderOffset >= fragHeaderOffset) {
            return false;
        }
        long room = seg.byteSize() - l3;
        int unfrag = (int) (fragHeaderOffset - l3);
        int hdr = unfrag + 8; // Zeek's HdrLen(): the chain up to and including the Fragment header
        if (hdr > p.ipCapLen) {
            return false;
        }
        int totalLen = Bytes.u16(seg, l3 + 4) + 40;
        int nh = Bytes.u8(seg, fragHeaderOffset);
        int offlg = Bytes.u16(seg, fragHeaderOffset + 2);
        long id = Bytes.u32(seg, fragHeaderOffset + 4);
        int offset = offlg & 0xFFF8; // 13-bit offset in 8-octet units, already shifted
        boolean mf = (offlg & 1) != 0;
        if (totalLen >= hdr && (totalLen > p.ipCapLen || totalLen > room)) {
            return false;
        }
        ensurePool();
        long kid = (6L << 32) | id;
        int slot = index.find(p.srcHi, p.srcLo, p.dstHi, p.dstLo, kid);
        if (slot < 0) {
            slot = create(p, kid, unfrag);
            if (slot < 0) {
                return false;
            }
            copyIn(slot, HDR_BASE, seg, l3, unfrag);
            nextProto[slot] = nh;
            aux[slot] = (int) (prevNextHeaderOffset - l3);
        }
        if (nh != nextProto[slot] || unfrag != hdrLen[slot]) {
            weird(p, FragWeirds.PROTOCOL_INCONSISTENCY);
        }
        return addFragment(p, slot, seg, l3, offset, totalLen, hdr, mf, nh);
    }

    /**
     * Drops, silently as Zeek's {@code FragTimer}, every reassembly whose first fragment is at least the timeout
     * older than network time {@code nowNanos}. Called by the reassemble methods with the packet's time.
     */
    public void expire(long nowNanos) {
        if (timeoutNanos <= 0) {
            return;
        }
        long limit = nowNanos - timeoutNanos;
        if (limit > nowNanos) {
            return; // underflow: nothing is that old
        }
        while (head >= 0 && created[head] <= limit) {
            release(head);
        }
    }

    /** Reassemblies in progress (Zeek's {@code FragmentManager::Size()}, {@code get_conn_stats()$num_fragments}). */
    public int size() {
        return active;
    }

    /** The most reassemblies ever in progress at once (Zeek's {@code max_fragments}). */
    public int maxSize() {
        return maxActive;
    }

    /** Bytes of buffer pages currently held. */
    public long bytesHeld() {
        return data == null ? 0 : (long) (numPages - freePageTop) * PAGE;
    }

    /** Reassemblies dropped to honour the caps since construction. */
    public long evictions() {
        return evictions;
    }

    /** The cap on concurrent reassemblies. */
    public int maxReassemblies() {
        return maxSlots;
    }

    /** The cap on buffered bytes (a multiple of the 2 KiB page). */
    public long maxBytes() {
        return (long) numPages * PAGE;
    }

    /** The timeout in nanoseconds (0 = none). */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** Drops all state (no weirds). */
    public void clear() {
        while (head >= 0) {
            release(head);
        }
    }

    // ------------------------------------------------------------------ Zeek's AddFragment / NewBlock / BlockInserted

    private boolean addFragment(Packet p, int slot, MemorySegment seg, long l3, int offset, int len, int hdr,
                                boolean mf, int v6NextHeader) {
        if (len < hdr) {
            weird(p, FragWeirds.PROTOCOL_INCONSISTENCY);
            return false;
        }
        int upper = offset + len - hdr;
        if (offset == 0 && v6NextHeader >= 0) {
            nextProto[slot] = v6NextHeader; // the first fragment's Next Header is the one that counts
        }
        int fs = fragSize[slot];
        if (!mf) {
            if (fs == 0) {
                fs = upper;
            } else if (upper != fs) {
                weird(p, FragWeirds.SIZE_INCONSISTENCY);
                if (upper > fs) {
                    fs = upper;
                }
            }
        } else if (len < MIN_ACCEPTABLE_FRAG_SIZE) {
            weird(p, FragWeirds.EXCESSIVELY_SMALL);
        }
        if (upper > MAX_ACCEPTABLE_FRAG_SIZE) {
            weird(p, FragWeirds.EXCESSIVELY_LARGE);
        }
        if (fs != 0 && upper > fs) {
            weird(p, FragWeirds.SIZE_INCONSISTENCY);
            fs = upper;
        }
        fragSize[slot] = fs;

        int plen = len - hdr;
        if (plen == 0) {
            return false; // Reassembler::NewBlock ignores empty blocks: no completion check either
        }
        long src = l3 + hdr;
        if (!ensurePages(p, slot, offset, upper)) {
            return false;
        }
        if (lastUpper[slot] > offset) {
            checkOverlap(p, slot, offset, upper, seg, src);
        }
        insert(slot, offset, upper, seg, src);
        return blockInserted(p, slot);
    }

    /** Zeek's CheckOverlap: one Overlap() per held block the new data intersects. */
    private void checkOverlap(Packet p, int slot, int seq, int upper, MemorySegment seg, long src) {
        int end = Math.min(upper, lastUpper[slot]);
        int x = seq;
        while (x < end) {
            int a = nextBit(cover, slot, x, end, true);
            if (a >= end) {
                break;
            }
            int b = nextBit(cover, slot, a, end, false);
            int piece = a;
            while (piece < b) {
                int s = nextBit(starts, slot, piece + 1, b, true);
                boolean same = equal(slot, piece, seg, src + (piece - seq), s - piece);
                weird(p, same ? FragWeirds.OVERLAP : FragWeirds.INCONSISTENCY);
                piece = s;
            }
            x = b;
        }
    }

    /** DataBlockList::Insert: each uncovered run of [seq, upper) becomes a new block; held bytes win. */
    private void insert(int slot, int seq, int upper, MemorySegment seg, long src) {
        int x = seq;
        while (x < upper) {
            int a = nextBit(cover, slot, x, upper, false);
            if (a >= upper) {
                break;
            }
            int b = nextBit(cover, slot, a, upper, true);
            setBit(starts, slot, a);
            setBits(cover, slot, a, b);
            copyIn(slot, a, seg, src + (a - seq), b - a);
            x = b;
        }
        if (upper > lastUpper[slot]) {
            lastUpper[slot] = upper;
        }
    }

    /** FragReassembler::BlockInserted: deliver once the data from 0 is contiguous up to the datagram's end. */
    private boolean blockInserted(Packet p, int slot) {
        int fs = fragSize[slot];
        if (fs == 0 || !testBit(cover, slot, 0)) {
            return false;
        }
        int last = lastUpper[slot];
        int contig = nextBit(cover, slot, 0, last, false);
        if (contig < last) {
            // A hole. If the contiguous part already reaches the end, fragments of two datagrams were likely
            // intermingled: deliver the contiguous part.
            if (contig >= fs) {
                weird(p, FragWeirds.SIZE_INCONSISTENCY);
                fs = contig;
            } else {
                return false;
            }
        } else if (last > fs) {
            weird(p, FragWeirds.SIZE_INCONSISTENCY);
            fs = last;
        } else if (last < fs) {
            return false; // missing the tail
        }
        deliver(p, slot, fs);
        return true;
    }

    private void deliver(Packet p, int slot, int fs) {
        // Never overwrite the buffer the caller is decoding (an inner fragment inside a reassembled datagram).
        int which = p.seg == outSegs[0] ? 1 : 0;
        out = outSegs[which];
        int h = hdrLen[slot];
        int n = h + fs;
        copyOut(slot, HDR_BASE, 0, h);
        copyOut(slot, 0, h, fs);
        boolean v4 = (kId[slot] >>> 32) == 4;
        int proto = nextProto[slot];
        int nhPos = aux[slot];
        release(slot);
        if (v4) {
            // RFC 791: a reassembled datagram has MF = 0 and offset 0; the length wraps like Zeek's htons().
            putU16(2, n & 0xFFFF);
            putU16(6, getU16(6) & 0xC000);
            putU16(10, 0);
            putU16(10, ipv4Checksum(h));
        } else {
            // RFC 8200 §4.5: the unfragmentable part's last Next Header takes the Fragment header's value.
            putU16(4, (n - 40) & 0xFFFF);
            out.set(ValueLayout.JAVA_BYTE, nhPos, (byte) proto);
        }
        p.seg = outSegs[which];
        p.base = 0;
        p.l3Offset = 0;
        p.caplen = n;
        p.wirelen = n;
        p.reassembled = true;
    }

    // ------------------------------------------------------------------ slots

    /** A new slot for the packet's key (evicting the oldest if all are in use), or -1. */
    private int create(Packet p, long kid, int hdr) {
        if (freeSlotTop == 0) {
            if (head < 0) {
                return -1;
            }
            evict(p, head, FragWeirds.EVICTED_SLOTS);
        }
        int slot = freeSlots[--freeSlotTop];
        kSrcHi[slot] = p.srcHi;
        kSrcLo[slot] = p.srcLo;
        kDstHi[slot] = p.dstHi;
        kDstLo[slot] = p.dstLo;
        kId[slot] = kid;
        created[slot] = p.tsNanos;
        fragSize[slot] = 0;
        hdrLen[slot] = hdr;
        lastUpper[slot] = 0;
        pagesUsed[slot] = 0;
        // link at the tail (creation order = expiry order)
        prev[slot] = tail;
        next[slot] = -1;
        if (tail >= 0) {
            next[tail] = slot;
        } else {
            head = slot;
        }
        tail = slot;
        index.insert(slot);
        if (++active > maxActive) {
            maxActive = active;
        }
        if (!ensurePages(p, slot, HDR_BASE, HDR_BASE + hdr)) {
            release(slot);
            return -1;
        }
        return slot;
    }

    private void evict(Packet p, int slot, String why) {
        evictions++;
        release(slot);
        if (weirds != null) {
            weirds.netWeird(p, FragWeirds.EVICTED, why, null);
        }
    }

    private void release(int slot) {
        int base = slot * PT;
        for (int i = 0; i < PT && pagesUsed[slot] > 0; i++) {
            int page = pageTable[base + i];
            if (page >= 0) {
                Arrays.fill(cover, page * WORDS_PER_PAGE, (page + 1) * WORDS_PER_PAGE, 0L);
                Arrays.fill(starts, page * WORDS_PER_PAGE, (page + 1) * WORDS_PER_PAGE, 0L);
                freePages[freePageTop++] = page;
                pageTable[base + i] = -1;
                pagesUsed[slot]--;
            }
        }
        index.remove(slot);
        int pv = prev[slot];
        int nx = next[slot];
        if (pv >= 0) {
            next[pv] = nx;
        } else {
            head = nx;
        }
        if (nx >= 0) {
            prev[nx] = pv;
        } else {
            tail = pv;
        }
        prev[slot] = next[slot] = -1;
        freeSlots[freeSlotTop++] = slot;
        active--;
    }

    /**
     * Makes sure every page of positions [from, to) of {@code slot} exists, evicting the oldest other reassemblies
     * when the pool runs dry. False only if that cannot help (cannot happen: the pool holds a full slot).
     */
    private boolean ensurePages(Packet p, int slot, int from, int to) {
        if (to <= from) {
            return true;
        }
        int base = slot * PT;
        int first = from >>> PAGE_SHIFT;
        int last = (to - 1) >>> PAGE_SHIFT;
        int missing = 0;
        for (int i = first; i <= last; i++) {
            if (pageTable[base + i] < 0) {
                missing++;
            }
        }
        while (freePageTop < missing) {
            int victim = head == slot ? next[head] : head;
            if (victim < 0) {
                return false;
            }
            evict(p, victim, FragWeirds.EVICTED_BYTES);
        }
        for (int i = first; i <= last; i++) {
            if (pageTable[base + i] < 0) {
                pageTable[base + i] = freePages[--freePageTop];
                pagesUsed[slot]++;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ paged bytes and bitmaps

    private int pageOf(int slot, int pos) {
        return pageTable[slot * PT + (pos >>> PAGE_SHIFT)];
    }

    /** First position in [from, to) whose bit equals {@code want}, else {@code to}. A missing page reads as 0. */
    private int nextBit(long[] bits, int slot, int from, int to, boolean want) {
        int x = from;
        while (x < to) {
            int page = pageOf(slot, x);
            if (page < 0) {
                if (!want) {
                    return x;
                }
                x = ((x >>> PAGE_SHIFT) + 1) << PAGE_SHIFT;
                continue;
            }
            long w = bits[page * WORDS_PER_PAGE + ((x & PAGE_MASK) >>> 6)];
            if (!want) {
                w = ~w;
            }
            w &= -1L << (x & 63);
            if (w != 0) {
                int r = (x & ~63) + Long.numberOfTrailingZeros(w);
                return Math.min(r, to);
            }
            x = (x & ~63) + 64;
        }
        return to;
    }

    private boolean testBit(long[] bits, int slot, int pos) {
        int page = pageOf(slot, pos);
        return page >= 0 && (bits[page * WORDS_PER_PAGE + ((pos & PAGE_MASK) >>> 6)] & (1L << (pos & 63))) != 0;
    }

    private void setBit(long[] bits, int slot, int pos) {
        int page = pageOf(slot, pos);
        bits[page * WORDS_PER_PAGE + ((pos & PAGE_MASK) >>> 6)] |= 1L << (pos & 63);
    }

    private void setBits(long[] bits, int slot, int from, int to) {
        int x = from;
        while (x < to) {
            int page = pageOf(slot, x);
            int wordEnd = (x & ~63) + 64;
            int e = Math.min(to, wordEnd);
            int lo = x & 63;
            int n = e - x;
            long mask = n == 64 ? -1L : ((1L << n) - 1) << lo;
            bits[page * WORDS_PER_PAGE + ((x & PAGE_MASK) >>> 6)] |= mask;
            x = e;
        }
    }

    private void copyIn(int slot, int pos, MemorySegment src, long srcOff, int len) {
        while (len > 0) {
            int page = pageOf(slot, pos);
            int in = pos & PAGE_MASK;
            int n = Math.min(len, PAGE - in);
            MemorySegment.copy(src, srcOff, dataSeg, (long) page * PAGE + in, n);
            pos += n;
            srcOff += n;
            len -= n;
        }
    }

    private void copyOut(int slot, int pos, int outOff, int len) {
        while (len > 0) {
            int page = pageOf(slot, pos);
            int in = pos & PAGE_MASK;
            int n = Math.min(len, PAGE - in);
            MemorySegment.copy(dataSeg, (long) page * PAGE + in, out, outOff, n);
            pos += n;
            outOff += n;
            len -= n;
        }
    }

    private boolean equal(int slot, int pos, MemorySegment src, long srcOff, int len) {
        while (len > 0) {
            int page = pageOf(slot, pos);
            int in = pos & PAGE_MASK;
            int n = Math.min(len, PAGE - in);
            long a = (long) page * PAGE + in;
            if (MemorySegment.mismatch(dataSeg, a, a + n, src, srcOff, srcOff + n) != -1) {
                return false;
            }
            pos += n;
            srcOff += n;
            len -= n;
        }
        return true;
    }

    // ------------------------------------------------------------------ output header helpers

    private int getU16(int off) {
        return ((out.get(ValueLayout.JAVA_BYTE, off) & 0xFF) << 8) | (out.get(ValueLayout.JAVA_BYTE, off + 1) & 0xFF);
    }

    private void putU16(int off, int v) {
        out.set(ValueLayout.JAVA_BYTE, off, (byte) (v >>> 8));
        out.set(ValueLayout.JAVA_BYTE, off + 1, (byte) v);
    }

    /** RFC 791 header checksum over {@code len} bytes of {@code out} (the checksum field must be 0). */
    private int ipv4Checksum(int len) {
        int sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += getU16(i);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    private void weird(Packet p, String name) {
        if (weirds != null) {
            weirds.flowWeird(p, name, null, null);
        }
    }
}
