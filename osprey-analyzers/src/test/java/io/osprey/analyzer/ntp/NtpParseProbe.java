package io.osprey.analyzer.ntp;

import io.osprey.engine.analyzer.AnalyzerHarness;
import io.osprey.engine.analyzer.AnalyzerSpec;

import java.lang.foreign.MemorySegment;

/**
 * For the allocation test: parses one NTP message with two extension fields (0: it parsed). (With a MAC after them
 * Zeek's grammar would read the MAC as a third field and fail.)
 */
public final class NtpParseProbe {
    private static final byte[] MSG = NtpMessages.cat(NtpMessages.std(3), NtpMessages.ext(28, 2, 2, 28),
            NtpMessages.ext(28, 2, 2, 28));
    private static final MemorySegment SEG = MemorySegment.ofArray(MSG);
    private static final NtpAnalyzer ANALYZER = (NtpAnalyzer) new AnalyzerHarness(AnalyzerSpec.UDP, 123,
            NtpAnalyzer.SPEC).analyzer("NTP");

    private NtpParseProbe() {
    }

    /** 0 when the message parses, 1 when not. */
    public static int parse() {
        return ANALYZER.checkStandard(SEG, 0, MSG.length) == null ? 0 : 1;
    }
}
