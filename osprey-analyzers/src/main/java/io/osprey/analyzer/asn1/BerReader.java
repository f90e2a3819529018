package io.osprey.analyzer.asn1;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A cursor over BER/DER encoded bytes (ITU-T X.690 §8.1) as Zeek's binpac ASN.1 types read them
 * ({@code src/analyzer/protocol/asn1/asn1.pac}: {@code ASN1EncodingMeta}, {@code ASN1Encoding}): one identifier
 * octet taken as the whole tag (high tag numbers, X.690 §8.1.2.4, are not followed, as in Zeek), one length octet,
 * and in the long form (§8.1.3.5) as many further length octets as its low seven bits say. Indefinite lengths
 * (§8.1.3.6, {@code 0x80}) read as a long form of zero octets, i.e. length 0, as Zeek reads them.
 *
 * <p>It never allocates and never throws on malformed input: each read returns false when the bytes do not hold
 * what it needs, and the caller reports that as its protocol's violation. The reader keeps a position and an end
 * over a {@link MemorySegment} (heap or native); {@link #limit} narrows the end to the content of the element just
 * read, {@link #restore} widens it again. One reader is reused for many messages ({@link #reset}); not thread-safe.
 * Used by the GSSAPI (SPNEGO) analyzer; meant for SNMP and Kerberos too.
 */
public final class BerReader {
    private MemorySegment seg = MemorySegment.NULL;
    private long pos;
    private long end;

    /** The identifier octet of the element last read by {@link #header}. */
    private int tag;
    /** Its first length octet (Zeek's {@code ASN1EncodingMeta.len}). */
    private int lenByte;
    /**
     * Its content length. A long form of more than 8 octets keeps the low 64 bits (Zeek's {@code binary_to_int64});
     * values past what the input can hold fail {@link #skip} and {@link #limit}, never earlier: Zeek checks a length
     * only where it uses it.
     */
    private long length;

    /**
     * Points the reader at {@code len} bytes of {@code data} from {@code offset}.
     *
     * @return this reader
     */
    public BerReader reset(MemorySegment data, long offset, long len) {
        this.seg = data;
        this.pos = offset;
        this.end = offset + len;
        this.tag = 0;
        this.lenByte = 0;
        this.length = 0;
        return this;
    }

    /** Position of the next byte to read (an offset into the segment). */
    public long pos() {
        return pos;
    }

    /** Moves the position (to skip or re-read); the caller keeps it within the current end. */
    public void pos(long p) {
        this.pos = p;
    }

    /** End of the bytes the reader may read (exclusive offset into the segment). */
    public long end() {
        return end;
    }

    /** Bytes left before the end. */
    public long remaining() {
        return end - pos;
    }

    /** The segment read. */
    public MemorySegment segment() {
        return seg;
    }

    /** The last element's identifier octet. */
    public int tag() {
        return tag;
    }

    /** The last element's first length octet. */
    public int lenByte() {
        return lenByte;
    }

    /** The last element's content length (see the field note: possibly larger than the input). */
    public long length() {
        return length;
    }

    /** The last element's tag as a context-specific index (Zeek's {@code index = tag - 0xa0}, modulo 256). */
    public int index() {
        return (tag - 0xA0) & 0xFF;
    }

    /**
     * Reads an element's identifier and length octets (Zeek's {@code ASN1EncodingMeta}); the position is then at
     * its content.
     *
     * @return false when the input ends inside them (the position is then unspecified)
     */
    public boolean header() {
        if (end - pos < 2) {
            return false;
        }
        tag = u8(pos);
        lenByte = u8(pos + 1);
        pos += 2;
        if ((lenByte & 0x80) == 0) {
            length = lenByte;
            return true;
        }
        int n = lenByte & 0x7F;
        if (end - pos < n) {
            return false;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | u8(pos + i);
        }
        pos += n;
        length = v;
        return true;
    }

    /** True when the last element's content lies within the input. */
    public boolean contentFits() {
        return length >= 0 && length <= end - pos;
    }

    /**
     * Skips the last element's content (Zeek's {@code ASN1Encoding} content bytestring).
     *
     * @return false when it does not fit in the input
     */
    public boolean skip() {
        if (!contentFits()) {
            return false;
        }
        pos += length;
        return true;
    }

    /** Reads a whole element (header and content): Zeek's {@code ASN1Encoding}. */
    public boolean element() {
        return header() && skip();
    }

    /**
     * Narrows the end to the last element's content (binpac's {@code &length=meta.length}).
     *
     * @return the previous end, for {@link #restore}, or -1 when the content does not fit (nothing changed)
     */
    public long limit() {
        if (!contentFits()) {
            return -1;
        }
        long old = end;
        end = pos + length;
        return old;
    }

    /** Sets the end back to {@code oldEnd} (a value {@link #limit} returned). */
    public void restore(long oldEnd) {
        this.end = oldEnd;
    }

    /**
     * The last element's content as a big-endian signed integer folded into 64 bits (Zeek's
     * {@code binary_to_int64}: longer contents keep their low bytes), read without moving the position.
     * Requires {@link #contentFits()}.
     */
    public long contentAsLong() {
        long v = 0;
        for (long i = 0; i < length; i++) {
            v = (v << 8) | u8(pos + i);
        }
        return v;
    }

    /** The byte at {@code at} (an offset into the segment, which the caller keeps within the input), unsigned. */
    public int u8(long at) {
        return seg.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }
}
