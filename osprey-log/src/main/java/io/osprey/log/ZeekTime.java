package io.osprey.log;

/**
 * Converts Osprey's nanosecond timestamps into the double seconds Zeek computes, so that logs print the same digits.
 * Zeek builds a packet's time as {@code ts.tv_sec + double(ts.tv_usec) / 1e6} (zeek {@code src/iosource/Packet.cc})
 * from libpcap's microsecond timestamps (nanosecond captures are truncated to microseconds when opened with the
 * default precision), and every time or duration it logs derives from those doubles.
 */
public final class ZeekTime {
    private ZeekTime() {
    }

    /** The double Zeek holds for the time {@code epochNanos}: whole seconds plus truncated microseconds / 1e6. */
    public static double seconds(long epochNanos) {
        long sec = Math.floorDiv(epochNanos, 1_000_000_000L);
        long usec = Math.floorMod(epochNanos, 1_000_000_000L) / 1000;
        return sec + usec / 1e6;
    }
}
