package io.osprey.pcap;

import java.lang.foreign.MemorySegment;

/**
 * One captured packet as a reader hands it out: a view of {@code caplen} bytes at {@code offset} in
 * {@code segment} (usually the memory-mapped file itself, never a copy). The reader reuses one instance per call of
 * {@link PacketSource#next}; the bytes stay valid until the next call on the same source (sources that buffer,
 * such as gzip or stdin, may overwrite them then).
 */
public final class PacketRecord {
    /** Memory holding the packet bytes. */
    public MemorySegment segment;
    /** Offset of the first packet byte in {@link #segment}. */
    public long offset;
    /** Number of bytes captured (available in {@link #segment}). */
    public int caplen;
    /** Length of the packet on the wire; {@code >= caplen}. */
    public int wirelen;
    /** Capture time in nanoseconds since the Unix epoch. */
    public long tsNanos;
    /** Link-layer header type (a {@link LinkTypes} value, i.e. LINKTYPE_* / DLT_*). */
    public int linkType;
    /** pcapng interface index within its section (0 for classic pcap). */
    public int interfaceId;
    /** Index of the input this packet came from when several inputs are merged (0 otherwise). */
    public int sourceIndex;
    /** Byte offset of this packet's record header in its input file (for error messages and indexes). */
    public long fileOffset;
    /**
     * Timestamp resolution of the input this packet came from, coded as pcapng's {@code if_tsresol}: 6 for
     * microseconds, 9 for nanoseconds (classic pcap gives one or the other); bit 7 set means 2^-n seconds. Writers
     * use it to keep the input's precision ({@link PcapWriter}, {@link PcapngWriter}).
     */
    public int tsResolution = 6;
    /** Snapshot length of the input (file header or pcapng interface), unsigned, capped at Integer.MAX_VALUE. */
    public int snaplen;

    /** Copies every field of {@code o} into this record (the bytes themselves are not copied). */
    public void set(PacketRecord o) {
        segment = o.segment;
        offset = o.offset;
        caplen = o.caplen;
        wirelen = o.wirelen;
        tsNanos = o.tsNanos;
        linkType = o.linkType;
        interfaceId = o.interfaceId;
        sourceIndex = o.sourceIndex;
        fileOffset = o.fileOffset;
        tsResolution = o.tsResolution;
        snaplen = o.snaplen;
    }
}
