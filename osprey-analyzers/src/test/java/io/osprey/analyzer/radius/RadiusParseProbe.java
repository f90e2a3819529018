package io.osprey.analyzer.radius;

import java.lang.foreign.MemorySegment;

/** For the allocation test: checks one RADIUS Access-Request and finds its attributes (0: it parsed). */
public final class RadiusParseProbe {
    private static final byte[] MSG = RadiusExchangeTest.msg(1, 1, "steve", 31, "00-14-22-E9-54-5E", 77, "CONNECT");
    private static final MemorySegment SEG = MemorySegment.ofArray(MSG);

    private RadiusParseProbe() {
    }

    /** 0 when the message parses and has its attributes, 1 when not. */
    public static int parse() {
        if (RadiusAnalyzer.check(SEG, 0, MSG.length) != null) {
            return 1;
        }
        return RadiusAnalyzer.find(SEG, 0, MSG.length, RadiusAnalyzer.CALLING_STATION_ID) > 0 ? 0 : 1;
    }
}
