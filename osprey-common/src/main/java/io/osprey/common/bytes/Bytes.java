package io.osprey.common.bytes;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Unsigned big- and little-endian reads straight out of a {@link MemorySegment}, the only way the hot path touches
 * packet bytes (no copies, no {@code ByteBuffer} views). Offsets are absolute within the segment. Callers check
 * lengths first: an out-of-bounds read here is a bug, never control flow (style.md §6).
 */
public final class Bytes {
    /** Big-endian (network order) 16-bit layout, unaligned. */
    public static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Big-endian 32-bit layout, unaligned. */
    public static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Big-endian 64-bit layout, unaligned. */
    public static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Little-endian 16-bit layout, unaligned. */
    public static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Little-endian 32-bit layout, unaligned. */
    public static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Little-endian 64-bit layout, unaligned. */
    public static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    /** Unsigned byte at {@code off}. */
    public static int u8(MemorySegment s, long off) {
        return Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, off));
    }

    /** Unsigned big-endian 16-bit value at {@code off}. */
    public static int u16(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(BE16, off));
    }

    /** Unsigned big-endian 32-bit value at {@code off}, widened to a long. */
    public static long u32(MemorySegment s, long off) {
        return Integer.toUnsignedLong(s.get(BE32, off));
    }

    /** Big-endian 32-bit value at {@code off} as a (possibly negative) int: for sequence numbers and addresses. */
    public static int i32(MemorySegment s, long off) {
        return s.get(BE32, off);
    }

    /** Big-endian 64-bit value at {@code off}. */
    public static long i64(MemorySegment s, long off) {
        return s.get(BE64, off);
    }

    /** Unsigned little-endian 16-bit value at {@code off}. */
    public static int u16le(MemorySegment s, long off) {
        return Short.toUnsignedInt(s.get(LE16, off));
    }

    /** Unsigned little-endian 32-bit value at {@code off}. */
    public static long u32le(MemorySegment s, long off) {
        return Integer.toUnsignedLong(s.get(LE32, off));
    }

    /** Little-endian 64-bit value at {@code off}. */
    public static long i64le(MemorySegment s, long off) {
        return s.get(LE64, off);
    }
}
